"""A class maps the learning rate x momentum grid together on `make classroom`, simulated over Streamlit's websocket.

    EXPLAINER_OFFLINE=1 .venv/bin/python -m bench.room_map --students 80 --sliders 20     # about 5 minutes
    EXPLAINER_OFFLINE=1 .venv/bin/python -m bench.room_map --students 6 --sliders 2       # a quick look

- **The teacher** starts a class from the landing page, opens the sweep page (/explore) and presses "Map it
  together"; the projector's room map (a fragment on a 2 s timer) is played as the browser plays it, and its
  sentence read: "N of 44 cells mapped".
- **N students** join by the class link over ``--ramp`` seconds; each follows the teacher, which while the room maps
  sends it to its Training page with its own cell; it presses "Train my cell" once it is drawn, and its run's live
  fragment is played until the page says the run is on the map (or diverged).
- **``--sliders`` other students**, alone on /softmax, move the true class's logit every 2 s meanwhile, timed to the
  new loss as in bench/load_students.py.

Reports: the time from the first student's join until the projector shows every cell mapped, and until every
student's run is on the map; how long a run waited for a training slot (median, p90); the sliders' p90; errors.
The training limit is the classroom's (one slot per core by default, shared by its replicas through the store).
"""

from __future__ import annotations

import argparse
import asyncio
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

from bench.load_class import CODE, move_sliders  # noqa: E402
from bench.load_students import PAGE as SLIDER_PAGE  # noqa: E402
from bench.load_students import WATCH, Tally, percentile  # noqa: E402
from bench.student import Student, stream_url  # noqa: E402
from deploy.serving import app_processes, classroom, cpu_seconds, loadavg  # noqa: E402
from explainer.ui.class_room.joining import START_CLASS  # noqa: E402
from explainer.ui.sections.room_map import MAP_TOGETHER, preset_grid  # noqa: E402
from explainer.ui.shell.session_keys import session_key  # noqa: E402

CELLS = len(preset_grid().cells)
MAPPED = re.compile(rf"(\d+) of {CELLS} cells mapped")
ON_MAP = re.compile(r"(on the projector's map|Your cell diverged)")
STATUS = re.compile(r"\*\*Run #\d+\*\* — (\w+)")  # waiting (for a slot), training, finished, stopped
TRAIN = session_key("training", "train_cell")
TIMEOUT = 600.0  # a run waits its turn behind the whole room's


@dataclass
class Mapping:
    joined_at: float = 0.0  # the first student's join
    full_at: float | None = None  # the projector shows every cell mapped
    done_at: list[float] = field(default_factory=list)  # each student's run on the map
    waited: list[float] = field(default_factory=list)  # a press of Train my cell -> its run training (slot taken)
    sliders: Tally = field(default_factory=Tally)
    errors: list[str] = field(default_factory=list)


async def projector(ws_url: str) -> Student:
    teacher = Student(ws_url, "", "", {"mapped": MAPPED, "code": CODE})
    await teacher.open()
    await teacher.rerun([teacher.press_label(START_CLASS)])
    await teacher.goto("explore")
    await teacher.rerun([teacher.press_label(MAP_TOGETHER)])
    teacher.poll()  # the room map's timer
    return teacher


async def phone(ws_url: str, code: str, at: float, room: Mapping) -> None:
    await asyncio.sleep(max(0.0, at - time.perf_counter()))
    student = Student(ws_url, "", f"class={code}", {"done": ON_MAP, "status": STATUS})
    try:
        await student.open()
        student.class_poll()
        await student.wait(lambda: student.path == "training" and TRAIN in student.ids, "its cell", timeout=60)
        pressed = time.perf_counter()
        await student.rerun([student.press(TRAIN)])
        await student.wait(lambda: bool(student.fragments), "the run's live view", timeout=60)
        student.poll()  # the live run's timer, as the browser plays it
        await student.wait(lambda: student.metrics.get("status", "waiting") != "waiting", "its slot", TIMEOUT)
        room.waited.append(time.perf_counter() - pressed)
        await student.wait(lambda: "done" in student.metrics, "its run on the map", TIMEOUT)
        room.done_at.append(time.perf_counter())
    except Exception as error:  # a timeout, a dropped connection, an exception on the page
        last = time.perf_counter() - student.arrived.get("status", time.perf_counter())
        seen = f"on /{student.path}, run {student.metrics.get('status', 'never shown')} {last:.0f} s ago"
        room.errors.append(f"{type(error).__name__}: {error} ({seen}, {student._finished} runs, {student.running})")
    finally:
        await student.close()


async def watch_the_map(teacher: Student, room: Mapping) -> None:
    await teacher.wait(lambda: teacher.metrics.get("mapped") == str(CELLS), "every cell mapped", TIMEOUT)
    room.full_at = teacher.arrived["mapped"]


async def slider_student(ws_url: str, index: int, until: asyncio.Event, room: Mapping) -> None:
    student = Student(ws_url, SLIDER_PAGE, "", WATCH)
    try:
        await student.open()
        await move_sliders(student, asyncio.Lock(), until, room.sliders, index)
    except Exception as error:
        room.errors.append(f"slider: {type(error).__name__}: {error}")
    finally:
        await student.close()


async def map_together(url: str, args: argparse.Namespace) -> Mapping:
    ws_url = stream_url(url)
    room = Mapping()
    teacher = await projector(ws_url)
    stop = asyncio.Event()
    sliders = [asyncio.create_task(slider_student(ws_url, i, stop, room)) for i in range(args.sliders)]
    try:
        room.joined_at = time.perf_counter()
        arrivals = [room.joined_at + args.ramp * i / args.students for i in range(args.students)]
        watcher = asyncio.create_task(watch_the_map(teacher, room))
        await asyncio.gather(*(phone(ws_url, teacher.metrics["code"], at, room) for at in arrivals))
        if args.students >= CELLS:  # the projector's map full within its polls
            await asyncio.wait_for(watcher, 30)
        watcher.cancel()
    except Exception as error:
        room.errors.append(f"{type(error).__name__}: {error}")
    finally:
        stop.set()
        await asyncio.gather(*sliders)
        await teacher.close()
    return room


def report(room: Mapping, args: argparse.Namespace, replicas: int, cores: float, load: tuple[str, str]) -> str:
    def seconds(value: float | None) -> str:
        return "-" if value is None else f"{value:.0f} s"

    full = None if room.full_at is None else room.full_at - room.joined_at
    last = max(room.done_at, default=None)
    lines = [
        f"students {args.students} (joining over {args.ramp:g} s) · replicas {replicas} · cells {CELLS}",
        f"every cell mapped after {seconds(full)} · every run on the map after "
        f"{seconds(None if last is None else last - room.joined_at)} ({len(room.done_at)} of {args.students})",
        f"waited for a slot: median {seconds(statistics.median(room.waited) if room.waited else None)}, "
        f"p90 {seconds(percentile(room.waited, 90) / 1000 if len(room.waited) > 1 else None)}",
        f"sliders ({args.sliders} students on /{SLIDER_PAGE}): {len(room.sliders.latencies)} moves, p90 "
        f"{percentile(room.sliders.latencies, 90) or 0:.0f} ms",
        f"replicas' cores busy {cores:.2f} · errors {len(room.errors) + len(room.sliders.errors)} · loadavg {load}",
    ]
    lines += [f"  {error}" for error in (room.errors + room.sliders.errors)[:3]]
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--students", type=int, default=80)
    parser.add_argument("--sliders", type=int, default=20)
    parser.add_argument("--ramp", type=float, default=10.0)
    parser.add_argument("--replicas", type=int, default=2)
    args = parser.parse_args()
    random.seed(0)
    with classroom(args.replicas) as served:
        try:
            pids = app_processes(served.launcher.pid)["streamlit"]
            before, cpu, began = loadavg(), cpu_seconds(pids), time.perf_counter()
            room = asyncio.run(map_together(served.url, args))
            cores = (cpu_seconds(pids) - cpu) / (time.perf_counter() - began)
            print(report(room, args, len(pids), cores, (before, loadavg())))
        finally:
            shutil.rmtree(served.runtime, ignore_errors=True)


if __name__ == "__main__":
    main()
