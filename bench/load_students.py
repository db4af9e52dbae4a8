"""A class of simulated students on one server (or on `make classroom`), without a browser each.

    .venv/bin/python bench/load_students.py --serve classroom --students 80           # 80 move a slider
    .venv/bin/python bench/load_students.py --serve single --students 40 --trainings 2
    .venv/bin/python bench/load_students.py --suite --write-readme                    # every figure

Each student speaks Streamlit's own websocket protocol, as the browser does (``/_stcore/stream``,
``BackMsg``/``ForwardMsg`` from ``streamlit.proto``): it opens ``/softmax`` from a shared link, then
every ``--period`` seconds (jittered ±50 %) moves the true class's logit slider by 0.1, resending the
state of every widget of the last run, and times the move until the new cross-entropy loss in the page's LaTeX formula
arrives; the value shown must be the cross-entropy of the new logits. ``--trainings`` students open
``/training`` and press Start; their pages poll as a browser does (the fragment's auto-reruns) until
every epoch is done. Trainings are first timed alone, then beside the slider students.

Reported: move latency median/p90/max, errors (timeouts, wrong values, exceptions, dropped
connections), the server's CPU per move and its share of the cores, its memory (every replica
summed: before anyone comes, the peak, and after everyone has left and the sessions have expired),
and /proc/loadavg, since other work on the machine slows everything down.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import json
import math
import os
import random
import re
import statistics
import sys
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from bench.readme import write_block  # noqa: E402
from bench.student import Student, stream_url  # noqa: E402
from deploy.serving import app_processes, classroom, cpu_seconds, loadavg, rss_mb, streamlit_server  # noqa: E402
from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET  # noqa: E402
from explainer.links import Example, example_to_query  # noqa: E402
from explainer.ui.shell.session_keys import session_key  # noqa: E402

PAGE = "softmax"  # the lecture's page (its url_path in explainer.lesson.LESSON)
SOFTMAX_QUERY = "&".join(f"{k}={v}" for k, v in example_to_query(Example(), ("logits", "target")).items())
SLIDER = session_key(PAGE, f"z{LECTURE_TARGET}")  # the true class's logit slider (explainer.ui.sections.logit_controls)
TRAINING_START = session_key("training", "start")  # the training page's Start (explainer.ui.sections.training)
LOSS = "Cross-entropy loss"  # read from the LaTeX formula torch's numbers fill in (st.latex)
WATCH = {LOSS: re.compile(r"\\text\{Loss\}.*?= (-?\d+\.\d+)\\end\{aligned\}", re.S)}
EPOCHS_DONE = "Epochs done"
SESSION_TTL = 10  # seconds a closed session is kept for a reconnect (Streamlit's default: 120)
SETTLE = 3.0  # seconds between the last arrival and the first move


def expected_loss(logits: list[float], target: int) -> float:
    """Cross-entropy of one sample, computed here independently of the app."""
    top = max(logits)
    return top + math.log(sum(math.exp(z - top) for z in logits)) - logits[target]


@dataclass
class Window:
    """When the students move: after everyone has arrived, for a fixed time (monotonic seconds)."""

    start: float
    end: float
    period: float

    @staticmethod
    async def sleep_until(moment: float) -> None:
        await asyncio.sleep(max(0.0, moment - time.monotonic()))


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    opens: list[float] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    training_seconds: list[float] = field(default_factory=list)


async def slider_student(ws_url: str, window: Window, tally: Tally, seed: int, arrive: float) -> None:
    """Arrive at ``arrive``, open the page, then move the slider every period (jittered) in the window."""
    rng = random.Random(seed)
    student = Student(ws_url, PAGE, SOFTMAX_QUERY, WATCH)
    try:
        await window.sleep_until(arrive)
        tally.opens.append(await student.open())
        await window.sleep_until(window.start + rng.uniform(0, window.period))
        logits = list(LECTURE_LOGITS)
        while time.monotonic() < window.end:
            moved = time.monotonic()
            moving = logits[LECTURE_TARGET]
            logits[LECTURE_TARGET] = round(moving + (0.1 if moving < 0.25 else -0.1), 2)
            latency = await student.rerun([student.slider(SLIDER, logits[LECTURE_TARGET])], awaited=LOSS)
            shown = float(student.metrics[LOSS])
            if abs(shown - expected_loss(logits, LECTURE_TARGET)) > 6e-5:
                tally.errors.append(f"wrong loss: {shown} for logits {logits}")
            else:
                tally.latencies.append(latency)
            await window.sleep_until(moved + window.period * rng.uniform(0.5, 1.5))
    except Exception as error:  # a timeout, a dropped connection, an exception on the page
        tally.errors.append(f"{type(error).__name__}: {error}")
    finally:
        await student.close()


async def training_student(ws_url: str, epochs: int, seed: int, tally: Tally, at: float = 0.0) -> None:
    """Open /training, press Start at ``at`` and poll as the browser does until every epoch is done."""
    student = Student(ws_url, "training", f"epochs={epochs}&data=auto&seed={seed}")
    try:
        await student.open()
        await asyncio.sleep(max(0.0, at - time.monotonic()))
        start = time.perf_counter()
        await student.rerun([student.press(TRAINING_START)])
        while student.metrics.get(EPOCHS_DONE) != f"{epochs}/{epochs}":
            if not student.fragments:
                raise RuntimeError(f"the training page stopped polling at {student.metrics.get(EPOCHS_DONE)}")
            fragment, interval = next(iter(student.fragments.items()))
            await asyncio.sleep(interval)
            await student.rerun([], fragment=fragment)
        tally.training_seconds.append(time.perf_counter() - start)
    except Exception as error:
        tally.errors.append(f"training: {type(error).__name__}: {error}")
    finally:
        await student.close()


@contextlib.contextmanager
def serve(mode: str, replicas: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """(the URL students open, the root process whose descendants serve them)."""
    if mode == "classroom":
        with classroom(replicas, env) as served:
            yield served.url, served.launcher.pid
    else:
        with streamlit_server(env) as server:
            yield server.url, server.pid


@dataclass
class Figures:
    setup: str
    students: int
    trainings: int
    moves: int
    errors: int
    open_median_s: float | None
    median_ms: float | None
    p90_ms: float | None
    max_ms: float | None
    cpu_ms_per_move: float | None
    server_cores: float
    haproxy_cores: float
    client_cores: float  # this bench's own students
    training_s_alone: list[float]
    training_s_loaded: list[float]
    memory_mb_start: float
    memory_mb_peak: float
    memory_mb_after: list[float]  # once the students (of each class) have left
    loadavg_before: str
    loadavg_after: str
    first_errors: list[str]


def percentile(values: list[float], q: float) -> float | None:
    return statistics.quantiles(values, n=100, method="inclusive")[q - 1] * 1000 if len(values) > 1 else None


@dataclass
class Memory:
    """The replicas' resident memory, summed: before anyone comes, the peak, and once each class has left."""

    start: float
    peak: float = 0.0
    after: list[float] = field(default_factory=list)

    async def sample_peak(self, pids: list[int]) -> None:
        while True:
            self.peak = max(self.peak, rss_mb(pids))
            await asyncio.sleep(0.5)

    async def after_everyone_left(self, ws_url: str, pids: list[int]) -> None:
        await asyncio.sleep(SESSION_TTL + 3)  # the closed sessions expire...
        probe = Student(ws_url, PAGE, SOFTMAX_QUERY, WATCH)  # ...and are dropped at the next session's save
        await probe.open()
        await probe.close()
        await asyncio.sleep(3)
        self.after.append(rss_mb(pids))


async def warm_up(ws_url: str, replicas: int, args: argparse.Namespace) -> Tally:
    """Every replica's first page loads torch and friends; the trainings, if any, are then timed alone."""
    alone = Tally()
    for _ in range(replicas):
        warm = Student(ws_url, PAGE, SOFTMAX_QUERY, WATCH)
        await warm.open()
        await warm.close()
    if args.trainings:  # warm up (loads torch and the digits once), then time the trainings alone
        await training_student(ws_url, 1, 99, Tally())
        await asyncio.gather(*(training_student(ws_url, args.epochs, i, alone) for i in range(args.trainings)))
    return alone


def schedule(args: argparse.Namespace) -> tuple[Window, list[float]]:
    """From now: when a class's students move, and when each arrives."""
    now = time.monotonic()
    window = Window(now + args.ramp + SETTLE, now + args.ramp + SETTLE + args.seconds, args.period)
    return window, [now + args.ramp * i / max(args.students, 1) for i in range(args.students)]


async def cpu_while_moving(window: Window, pids: dict[str, list[int]]) -> dict[str, float]:
    """CPU seconds of the replicas, HAProxy and this bench while the students move, not while they arrive."""
    processes = {**pids, "client": [os.getpid()]}
    await window.sleep_until(window.start)
    start = {name: cpu_seconds(processes[name]) for name in ("streamlit", "haproxy", "client")}
    await window.sleep_until(window.end)
    return {name: cpu_seconds(processes[name]) - used for name, used in start.items()}


async def measured_class(
    ws_url: str, pids: dict[str, list[int]], args: argparse.Namespace, tally: Tally
) -> dict[str, float]:
    """The class whose moves and trainings are timed into ``tally``; the CPU it cost (:func:`cpu_while_moving`)."""
    window, arrivals = schedule(args)
    used, *_ = await asyncio.gather(
        cpu_while_moving(window, pids),
        *(slider_student(ws_url, window, tally, seed, at) for seed, at in enumerate(arrivals)),
        *(training_student(ws_url, args.epochs, i, tally, window.start) for i in range(args.trainings)),
    )
    return used


async def measure(url: str, root: int, args: argparse.Namespace) -> Figures:
    ws_url = stream_url(url)
    pids = app_processes(root)
    load_before = loadavg()
    alone, tally = await warm_up(ws_url, len(pids["streamlit"]), args), Tally()
    memory = Memory(rss_mb(pids["streamlit"]))
    sampler = asyncio.create_task(memory.sample_peak(pids["streamlit"]))
    used = await measured_class(ws_url, pids, args, tally)
    await memory.after_everyone_left(ws_url, pids["streamlit"])
    for _ in range(args.classes - 1):  # more classes come and go: does what they leave behind add up?
        later, arrivals = schedule(args)
        await asyncio.gather(*(slider_student(ws_url, later, Tally(), seed, at) for seed, at in enumerate(arrivals)))
        await memory.after_everyone_left(ws_url, pids["streamlit"])
    sampler.cancel()
    return figures(args, alone, tally, used, memory, load_before)


def figures(
    args: argparse.Namespace, alone: Tally, tally: Tally, used: dict[str, float], memory: Memory, load_before: str
) -> Figures:
    moves, cpu, wall = len(tally.latencies), used["streamlit"], args.seconds
    return Figures(
        setup=f"{args.serve}" + (f" x{args.replicas}" if args.serve == "classroom" else ""),
        students=args.students,
        trainings=args.trainings,
        moves=moves,
        errors=len(tally.errors),
        open_median_s=statistics.median(tally.opens) if tally.opens else None,
        median_ms=statistics.median(tally.latencies) * 1000 if moves else None,
        p90_ms=percentile(tally.latencies, 90),
        max_ms=max(tally.latencies) * 1000 if moves else None,
        cpu_ms_per_move=cpu / moves * 1000 if moves and not args.trainings else None,
        server_cores=cpu / wall,
        haproxy_cores=used["haproxy"] / wall,
        client_cores=used["client"] / wall,
        training_s_alone=alone.training_seconds,
        training_s_loaded=tally.training_seconds,
        memory_mb_start=memory.start,
        memory_mb_peak=memory.peak,
        memory_mb_after=memory.after,
        loadavg_before=load_before,
        loadavg_after=loadavg(),
        first_errors=(alone.errors + tally.errors)[:3],
    )


def run(args: argparse.Namespace) -> Figures:
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL)}
    with serve(args.serve, args.replicas, env) as (url, root):
        return asyncio.run(measure(url, root, args))


def show(figures: Any, as_json: bool) -> None:
    """A run's figures (any of the benches' dataclasses) as JSON if asked, and its first errors on stderr."""
    if as_json:
        print(json.dumps(asdict(figures)), flush=True)
    for error in figures.first_errors:
        print("error:", error, file=sys.stderr)


def table(rows: list[Figures]) -> str:
    def ms(value: float | None) -> str:
        return "–" if value is None else f"{value:.0f}"

    def seconds(values: list[float]) -> str:
        return ", ".join(f"{v:.1f}" for v in values) or "–"

    lines = [
        "| setup | students | trainings | moves | errors | page open s (median) | median ms | p90 ms | max ms "
        "| server CPU ms/move | server cores busy | haproxy cores | bench client cores | training s alone "
        "| training s beside students "
        "| memory MB start / peak / after each class | loadavg before → after |",
        "|" + "---|" * 17,
    ]
    for f in rows:
        opened = "–" if f.open_median_s is None else f"{f.open_median_s:.1f}"
        lines.append(
            f"| {f.setup} | {f.students} | {f.trainings} | {f.moves} | {f.errors} | {opened} | {ms(f.median_ms)} | "
            f"{ms(f.p90_ms)} | {ms(f.max_ms)} | {ms(f.cpu_ms_per_move)} | {f.server_cores:.2f} | "
            f"{f.haproxy_cores:.2f} | {f.client_cores:.2f} | "
            f"{seconds(f.training_s_alone)} | {seconds(f.training_s_loaded)} | "
            f"{f.memory_mb_start:.0f} / {f.memory_mb_peak:.0f} / {', '.join(f'{m:.0f}' for m in f.memory_mb_after)} | "
            f"{f.loadavg_before} → {f.loadavg_after} |"
        )
    return "\n".join(lines)


SUITE = (  # (serve, students, trainings, classes): the figures bench/README.md records
    ("single", 80, 0, 1),
    ("classroom", 80, 0, 2),
    ("classroom", 40, 2, 1),
)


def write_readme(rows: list[Figures]) -> None:
    write_block("load_students", f"{os.cpu_count()} cores:\n\n{table(rows)}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--serve", choices=("single", "classroom"), default="classroom")
    parser.add_argument("--replicas", type=int, default=os.cpu_count() or 1, help="for --serve classroom")
    parser.add_argument("--students", type=int, default=40, help="moving the softmax slider")
    parser.add_argument("--trainings", type=int, default=0, help="students pressing Start on /training")
    parser.add_argument("--epochs", type=int, default=20, help="per training (the 4,000-digit subset offline)")
    parser.add_argument("--period", type=float, default=2.0, help="seconds between a student's moves (±50 %%)")
    parser.add_argument("--seconds", type=float, default=40.0, help="moving time, once all are in")
    parser.add_argument("--ramp", type=float, default=20.0, help="seconds over which the students arrive")
    parser.add_argument("--classes", type=int, default=1, help="classes that come and go, one after the other")
    parser.add_argument("--suite", action="store_true", help="the recorded figures: " + str(SUITE))
    parser.add_argument("--write-readme", action="store_true", help="replace the figures in bench/README.md")
    parser.add_argument("--json", action="store_true", help="also print each run's figures as JSON")
    args = parser.parse_args()
    runs = SUITE if args.suite else [(args.serve, args.students, args.trainings, args.classes)]
    rows = []
    for serve_mode, students, trainings, classes in runs:
        settings = {**vars(args), "serve": serve_mode, "students": students, "trainings": trainings, "classes": classes}
        rows.append(run(argparse.Namespace(**settings)))
        show(rows[-1], args.json)
    print(table(rows))
    if args.write_readme:
        write_readme(rows)


if __name__ == "__main__":
    main()
