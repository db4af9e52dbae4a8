"""A class on `make classroom`, simulated over Streamlit's websocket: a teacher, N students, follow me, votes, sliders.
(The websocket client is bench/student.py, the servers deploy/serving.py; the training limit across two
launchers is bench/load_training_limit.py.)

    .venv/bin/python -m bench.load_class --students 80                  # the class (about 3 minutes)
    .venv/bin/python -m bench.load_class --students 10 --rounds 2      # a quick look

Starts ``python -m deploy.classroom`` (``--replicas`` Streamlit processes, one per core, HAProxy in front, the
SQLite store in its runtime folder) through :mod:`deploy.serving`. Everyone is a :class:`bench.student.Student`,
a browser tab as the server sees it; its class poll (``class_poll.js``) ticks as the browser's does.

- **The teacher** starts the class the way a person does: opens the landing page and presses "Start a class",
  so the secret stays in that session as in a browser, and reads the code from the sidebar. Then opens
  /softmax, where the worked example's Next and the projector's question box are. (Calling
  ``explainer.class_session.start_class`` and opening the teacher link would skip the landing page's own path
  and put the secret in a URL; the bench wants what a teacher's clicks cost the server.)
- **N students** open ``/?class=CODE`` over ``--ramp`` seconds (new websockets: HAProxy spreads them over the
  replicas by least connections) and follow the teacher to /softmax.
- **Idle**: the replicas' CPU over ``--idle`` seconds with only the teacher (who does not poll between votes),
  then with every student joined and following (each polls once a second): the difference per student per
  second is what an idle joined student costs.
- **Rounds** (``--rounds``): the teacher presses Next (or Previous at the last step): timed from that click
  to each student's page showing "Step k of n" (its poll notices, the page reruns); then the teacher asks a
  question (the softmax page's choice and number questions in turn), every student answers after a random
  0-``--answer-spread`` seconds (a button, or the number form), and the projector's "First vote: **N** answered"
  is timed from the last answer's click; then the teacher closes the question. Meanwhile ``--sliders``
  students move the true class's logit slider every 2 s (±50 %), timed to the new loss as in
  ``bench/load_students.py`` and checked against the cross-entropy computed here.
- ``--training-limit`` runs :mod:`bench.load_training_limit` instead, with its flags (``--limit``,
  ``--trainings``, ``--epochs``).

Bounded: every wait times out (30 s), everything runs on 127.0.0.1, and the servers, PostgreSQL and their
temporary folders go when the run ends. Reports /proc/loadavg beside the figures: the machine is shared.
"""

from __future__ import annotations

import argparse
import asyncio
import functools
import os
import random
import re
import shutil
import statistics
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench import load_training_limit  # noqa: E402
from bench.load_students import LOSS, PAGE, SLIDER, WATCH, Tally, expected_loss, percentile, show  # noqa: E402
from bench.student import Student, stream_url  # noqa: E402
from bench.wording import template_regex  # noqa: E402
from deploy.serving import app_processes, classroom, cpu_seconds, loadavg  # noqa: E402
from explainer.class_session.questions import QUESTIONS  # noqa: E402
from explainer.figures.class_votes import ROUND_NAMES  # noqa: E402
from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET  # noqa: E402
from explainer.ui.class_room import phone, presence, projector  # noqa: E402
from explainer.ui.class_room.joining import START_CLASS  # noqa: E402
from explainer.ui.sections.worked_example import STEP_OF  # noqa: E402
from explainer.ui.shell.session_keys import session_key  # noqa: E402

CODE = template_regex(projector.TEACHING, code=r"([A-Z]{6})")
STEP = template_regex(f"**{STEP_OF}", number=r"(\d+)", count=r"(?:\d+)")
STEPS = template_regex(f"**{STEP_OF}", number=r"\d+", count=r"(\d+)")
ANSWERED = template_regex(projector.ANSWERED, vote=re.escape(ROUND_NAMES[1]), count=r"(\d+)")  # the projector's count
HERE = template_regex(presence.HERE, count=r"(\d+)")  # the projector's count of the phones here
WATCHES = {**WATCH, "step": STEP, "steps": STEPS, "code": CODE, "answered": ANSWERED, "here": HERE}
ASKED = {"largest_bar": None, "largest_p": "0.45"}  # the softmax page's questions, in turn: a button, a number
SLIDER_PERIOD = 2.0


@dataclass
class Room:
    """The students, and what the rounds measured."""

    students: list[Student] = field(default_factory=list)
    locks: list[asyncio.Lock] = field(default_factory=list)  # one action at a time per tab, as a person
    follow_s: list[float] = field(default_factory=list)  # Next -> a student shows the step
    follow_all_s: list[float] = field(default_factory=list)  # Next -> the last student shows it
    follow_cpu_s: list[float] = field(default_factory=list)  # the replicas' CPU from Next until all show it
    answer_s: list[float] = field(default_factory=list)  # a click -> its run done
    count_s: list[float] = field(default_factory=list)  # the last answer's click -> the projector shows N
    sliders: Tally = field(default_factory=Tally)
    here_s: float | None = None  # the last student's page drawn -> the projector counts everyone here
    idle_alone: float = 0.0  # the replicas' cores busy with only the teacher
    idle_joined: float = 0.0  # ... with every student joined and following
    polls_per_second: float = 0.0  # per student, while idle
    rounds_cores: tuple[float, float] = (0.0, 0.0)  # the replicas' and this bench's cores during the rounds
    errors: list[str] = field(default_factory=list)


async def teacher_starts(ws_url: str) -> Student:
    teacher = Student(ws_url, "", "", WATCHES)
    await teacher.open()
    await teacher.rerun([teacher.press_label(START_CLASS)])
    await teacher.goto(PAGE)
    teacher.class_poll()  # the projector polls while a vote is open
    return teacher


async def join(ws_url: str, code: str, at: float, room: Room, index: int) -> None:
    await asyncio.sleep(max(0.0, at - time.monotonic()))
    student = Student(ws_url, "", f"class={code}", WATCHES)
    room.students[index] = student
    await student.open()
    student.class_poll()
    await student.wait(lambda: student.path == PAGE and "step" in student.metrics, "the teacher's page")


async def next_step(teacher: Student, room: Room, pids: list[int]) -> None:
    """The teacher's Next (Previous at the last step); every student's page showing that step, timed, and what
    the replicas spent meanwhile."""
    step, steps = int(teacher.metrics["step"]), int(teacher.metrics["steps"])
    move, target = ("step_next", step + 1) if step < steps else ("step_back", step - 1)
    button = session_key(PAGE, move)  # the worked example's Next / Previous
    clicked, cpu = time.perf_counter(), cpu_seconds(pids)
    await teacher.rerun([teacher.press(button)])

    async def shown(student: Student) -> float:
        seen: list[float] = []

        def showing() -> bool:
            if student.metrics.get("step") == str(target) and not seen:
                seen.append(student.arrived["step"])
            return bool(seen)

        await student.wait(showing, f"step {target}")
        return seen[0] - clicked

    latencies = await asyncio.gather(*(shown(s) for s in room.students))
    room.follow_cpu_s.append(cpu_seconds(pids) - cpu)
    room.follow_s += latencies
    room.follow_all_s.append(max(latencies))


async def question(teacher: Student, room: Room, key: str, spread: float, rng: random.Random) -> None:
    """The teacher asks; everyone answers within ``spread`` s; the projector's count timed from the last click."""
    prompt = QUESTIONS[key].prompt.replace("**", "")
    await teacher.rerun([teacher.select(projector.QUESTION_KEY, prompt)])
    teacher.metrics.pop("answered", None)  # the last question's count
    await teacher.rerun([teacher.press_label(projector.ASK)])
    clicks: list[float] = []

    async def answer(student: Student, lock: asyncio.Lock) -> None:
        number = ASKED[key]
        ready = phone.NUMBER_KEY if number else phone.CHOICE_KEY
        await student.wait(lambda: any(k.startswith(ready) for k in student.ids), "the question's answers")
        await asyncio.sleep(rng.uniform(0, spread))
        async with lock:
            if number:
                changed = [student.text(phone.NUMBER_KEY, number), student.press_label(phone.SEND)]
            else:
                choice = rng.choice([k for k in student.ids if k.startswith(phone.CHOICE_KEY)])
                changed = [student.press(choice)]
            clicks.append(time.perf_counter())
            room.answer_s.append(await student.rerun(changed))

    await asyncio.gather(*(answer(s, lock) for s, lock in zip(room.students, room.locks, strict=True)))
    everyone = str(len(room.students))
    counted: list[float] = []

    def count_shown() -> bool:
        if teacher.metrics.get("answered") == everyone and not counted:
            counted.append(teacher.arrived["answered"])
        return bool(counted)

    await teacher.wait(count_shown, f"{everyone} answered on the projector")
    room.count_s.append(counted[0] - max(clicks))
    await teacher.rerun([teacher.press_label(projector.CLOSE_QUESTION)])
    for student in room.students:  # forget this question's buttons: the next one draws its own
        for key_ in [k for k in student.ids if k.startswith((phone.CHOICE_KEY, phone.NUMBER_FORM))]:
            del student.ids[key_]


def shows_loss(expected: float, shown: str) -> bool:
    return abs(float(shown) - expected) <= 6e-5  # the page prints 4 decimals


async def move_sliders(student: Student, lock: asyncio.Lock, until: asyncio.Event, tally: Tally, seed: int) -> None:
    """A student moving the true class's logit while the class goes on, as bench/load_students.py times it."""
    rng = random.Random(seed)
    logits = list(LECTURE_LOGITS)
    while not until.is_set():
        await asyncio.sleep(SLIDER_PERIOD * rng.uniform(0.5, 1.5))
        moving = logits[LECTURE_TARGET]
        logits[LECTURE_TARGET] = round(moving + (0.1 if moving < 0.25 else -0.1), 2)
        expected = expected_loss(logits, LECTURE_TARGET)
        try:
            async with lock:
                changed = [student.slider(SLIDER, logits[LECTURE_TARGET])]
                right = functools.partial(shows_loss, expected)
                tally.latencies.append(await student.rerun(changed, awaited=LOSS, shows=right))
        except TimeoutError:
            tally.errors.append(f"the loss for logits {logits} never showed (last: {student.metrics.get(LOSS)})")


async def idle_cpu(pids: list[int], seconds: float) -> float:
    """The replicas' CPU seconds per second over ``seconds``."""
    start = cpu_seconds(pids)
    await asyncio.sleep(seconds)
    return (cpu_seconds(pids) - start) / seconds


@dataclass
class ClassFigures:
    students: int
    replicas: int
    rounds: int
    follow_p90_s: float | None
    follow_max_s: float | None  # the slowest student of the slowest round
    count_p90_s: float | None
    count_max_s: float | None
    here_s: float | None  # the last student's page drawn -> the projector counts everyone here
    follow_median_s: float | None
    follow_cpu_ms_per_student: float | None  # the replicas' CPU from a Next until every student shows it, per student
    answer_p90_s: float | None
    slider_moves: int
    slider_median_ms: float | None
    slider_p90_ms: float | None
    idle_cores_teacher_only: float
    idle_cores_joined: float
    idle_ms_per_student_second: float
    polls_per_student_second: float
    rounds_server_cores: float  # the replicas while the rounds ran
    rounds_client_cores: float  # this bench's own students, on the same cores
    errors: int
    loadavg_before: str
    loadavg_after: str
    first_errors: list[str]


async def warm_up(ws_url: str, replicas: int) -> None:
    """Every replica imports torch and friends before anything is timed."""
    for _ in range(2 * replicas):
        warm = Student(ws_url, PAGE)
        await warm.open()
        await warm.close()


async def everyone_joins(ws_url: str, teacher: Student, room: Room, pids: list[int], args: argparse.Namespace) -> None:
    """The replicas' CPU with the teacher alone, the students joining (until the projector counts them all), then
    the CPU with all of them following."""
    code = teacher.metrics["code"]
    room.idle_alone = await idle_cpu(pids, args.idle)
    now = time.monotonic()
    arrivals = [now + args.ramp * i / args.students for i in range(args.students)]
    await asyncio.gather(*(join(ws_url, code, at, room, i) for i, at in enumerate(arrivals)))
    last = time.perf_counter()
    await teacher.wait(lambda: teacher.metrics.get("here") == str(args.students), "everyone counted here")
    room.here_s = teacher.arrived["here"] - last
    await asyncio.sleep(3.0)  # the last arrivals' pages settle
    ticks = sum(s.ticks for s in room.students)
    room.idle_joined = await idle_cpu(pids, args.idle)
    room.polls_per_second = (sum(s.ticks for s in room.students) - ticks) / args.idle / args.students


async def play_rounds(teacher: Student, room: Room, pids: list[int], args: argparse.Namespace) -> None:
    """Next and a question each round while ``--sliders`` students move a slider; the cores the rounds used."""
    rng = random.Random(7)
    stop_sliders = asyncio.Event()
    movers = [
        asyncio.create_task(move_sliders(s, lock, stop_sliders, room.sliders, i))
        for i, (s, lock) in enumerate(zip(room.students[: args.sliders], room.locks, strict=False))
    ]
    keys = list(ASKED)
    began, server, client = time.perf_counter(), cpu_seconds(pids), cpu_seconds([os.getpid()])
    for round_ in range(args.rounds):
        await next_step(teacher, room, pids)
        await question(teacher, room, keys[round_ % len(keys)], args.answer_spread, rng)
    stop_sliders.set()
    await asyncio.gather(*movers)
    wall = time.perf_counter() - began
    room.rounds_cores = ((cpu_seconds(pids) - server) / wall, (cpu_seconds([os.getpid()]) - client) / wall)


async def everyone_leaves(teacher: Student, room: Room) -> None:
    for student in [teacher, *room.students]:
        if student is not None:
            room.errors += student.errors[:1]  # what a tab saw: an exception on its page, a dropped connection
            await student.close()


async def run_class(url: str, root: int, args: argparse.Namespace) -> ClassFigures:
    ws_url = stream_url(url)
    pids = app_processes(root)["streamlit"]
    load_before = loadavg()
    await warm_up(ws_url, len(pids))
    teacher = await teacher_starts(ws_url)
    room = Room([None] * args.students, [asyncio.Lock() for _ in range(args.students)])  # type: ignore[list-item]
    try:
        await everyone_joins(ws_url, teacher, room, pids, args)
        await play_rounds(teacher, room, pids, args)
    except Exception as error:  # a timeout, a dropped connection, an exception on a page
        room.errors.append(f"{type(error).__name__}: {error}")
    finally:
        await everyone_leaves(teacher, room)
    return class_figures(room, args, len(pids), load_before)


def class_figures(room: Room, args: argparse.Namespace, replicas: int, load_before: str) -> ClassFigures:
    errors = room.errors + room.sliders.errors

    def p90(values: list[float]) -> float | None:
        return percentile(values, 90) / 1000 if len(values) > 1 else None

    return ClassFigures(
        students=args.students,
        replicas=replicas,
        rounds=args.rounds,
        follow_p90_s=p90(room.follow_s),
        follow_max_s=max(room.follow_all_s, default=None),
        follow_median_s=statistics.median(room.follow_s) if room.follow_s else None,
        follow_cpu_ms_per_student=(
            statistics.median(room.follow_cpu_s) / args.students * 1000 if room.follow_cpu_s else None
        ),
        count_p90_s=p90(room.count_s),
        count_max_s=max(room.count_s, default=None),
        here_s=room.here_s,
        answer_p90_s=p90(room.answer_s),
        slider_moves=len(room.sliders.latencies),
        slider_median_ms=statistics.median(room.sliders.latencies) * 1000 if room.sliders.latencies else None,
        slider_p90_ms=percentile(room.sliders.latencies, 90),
        idle_cores_teacher_only=room.idle_alone,
        idle_cores_joined=room.idle_joined,
        idle_ms_per_student_second=(room.idle_joined - room.idle_alone) / args.students * 1000,
        polls_per_student_second=room.polls_per_second,
        rounds_server_cores=room.rounds_cores[0],
        rounds_client_cores=room.rounds_cores[1],
        errors=len(errors),
        loadavg_before=load_before,
        loadavg_after=loadavg(),
        first_errors=errors[:3],
    )


def run(args: argparse.Namespace) -> ClassFigures:
    with classroom(args.replicas) as served:
        try:
            return asyncio.run(asyncio.wait_for(run_class(served.url, served.launcher.pid, args), args.deadline))
        finally:
            shutil.rmtree(served.runtime, ignore_errors=True)


def report(f: ClassFigures) -> str:
    def number(value: float | None, scale: float = 1.0, digits: int = 2) -> str:
        return "–" if value is None else f"{value * scale:.{digits}f}"

    return "\n".join(
        [
            "| students | replicas | rounds | Next → a student's step median / p90 / max s | server CPU ms per "
            "student per Next | last answer → projector's count p90 / max s | all joined → counted here s "
            "| answer click → done p90 s | slider moves | slider median / p90 ms "
            "| idle cores: teacher only / all joined | idle student: server CPU ms per s | polls per student s "
            "| cores in the rounds: server / bench client | errors | loadavg before → after |",
            "|" + "---|" * 16,
            f"| {f.students} | {f.replicas} | {f.rounds} | {number(f.follow_median_s)} / {number(f.follow_p90_s)} / "
            f"{number(f.follow_max_s)} | {number(f.follow_cpu_ms_per_student, digits=0)} | "
            f"{number(f.count_p90_s)} / {number(f.count_max_s)} | {number(f.here_s)} | {number(f.answer_p90_s)} | "
            f"{f.slider_moves} | "
            f"{number(f.slider_median_ms, digits=0)} / {number(f.slider_p90_ms, digits=0)} | "
            f"{f.idle_cores_teacher_only:.2f} / {f.idle_cores_joined:.2f} | {f.idle_ms_per_student_second:.1f} | "
            f"{f.polls_per_student_second:.2f} | {f.rounds_server_cores:.2f} / {f.rounds_client_cores:.2f} | "
            f"{f.errors} | {f.loadavg_before} → {f.loadavg_after} |",
        ]
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=80, help="joined by code")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="Streamlit processes")
    parser.add_argument("--rounds", type=int, default=4, help="Next, then a question, each round")
    parser.add_argument("--sliders", type=int, default=10, help="students also moving a slider")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the students join")
    parser.add_argument("--idle", type=float, default=20.0, help="seconds of each idle CPU window")
    parser.add_argument("--answer-spread", type=float, default=5.0, help="answers come within this many seconds")
    parser.add_argument("--deadline", type=float, default=480.0, help="the whole run stops after this many seconds")
    parser.add_argument(
        "--training-limit", action="store_true", help="the limit across two launchers instead (load_training_limit)"
    )
    load_training_limit.add_arguments(parser)
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    args = parser.parse_args()
    if args.training_limit:
        load_training_limit.measure_and_report(args)
        return
    figures = run(args)
    show(figures, args.json)
    print(report(figures))
    if figures.errors:
        sys.exit(1)


if __name__ == "__main__":
    main()
