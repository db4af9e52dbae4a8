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
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import asdict, dataclass, field
from pathlib import Path

import websockets
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.proto.WidgetStates_pb2 import WidgetState

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.browser import free_port, streamlit_server  # noqa: E402

SOFTMAX_QUERY = "logits=0.2,0.1,-0.1&target=0"
LOSS = "Cross-entropy loss"  # read from the LaTeX formula torch's numbers fill in (st.latex)
LATEX_LOSS = re.compile(r"\\text\{Loss\}.*= (-?\d+\.\d+)\\end\{aligned\}", re.S)
EPOCHS_DONE = "Epochs done"
SESSION_TTL = 10  # seconds a closed session is kept for a reconnect (Streamlit's default: 120)
SETTLE = 3.0  # seconds between the last arrival and the first move
TIMEOUT = 30.0  # a move or page that takes longer counts as an error
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")


def widget_state(kind: str, element) -> WidgetState | None:
    """The state a browser sends back for a drawn widget (None for buttons and non-widgets)."""
    state = WidgetState(id=element.id)
    if kind == "slider" and element.type == element.SELECT_SLIDER:
        state.string_array_value.data.extend(element.raw_value)
    elif kind == "slider":
        state.double_array_value.data.extend(element.value if element.set_value else element.default)
    elif kind in ("radio", "selectbox"):
        state.string_value = element.raw_value
    elif kind in ("text_input", "text_area"):
        state.string_value = element.value if element.set_value else element.default
    elif kind == "number_input":
        value = element.value if element.set_value else element.default
        if element.data_type == element.INT:
            state.int_value = int(value)
        else:
            state.double_value = value
    elif kind == "checkbox":
        state.bool_value = element.value if element.set_value else element.default
    elif kind in ("button_group", "multiselect"):
        chosen = element.raw_values if element.set_value else [element.options[i].content for i in element.default]
        state.string_array_value.data.extend(chosen)
    else:
        return None
    return state


def expected_loss(logits: list[float], target: int) -> float:
    """Cross-entropy of one sample, computed here independently of the app."""
    top = max(logits)
    return top + math.log(sum(math.exp(z - top) for z in logits)) - logits[target]


class Student:
    """One browser tab, as the server sees it: a websocket, the widgets drawn, the metrics shown."""

    def __init__(self, ws_url: str, page: str, query: str) -> None:
        self.ws_url, self.page, self.query = ws_url, page, query
        self.page_hash = ""
        self.states: dict[str, WidgetState] = {}  # widget id -> state, as drawn in the last run
        self.ids: dict[str, str] = {}  # widget key -> id
        self.fragment_of: dict[str, str] = {}  # widget id -> the fragment that draws it, as the browser keeps it
        self.metrics: dict[str, str] = {}
        self.errors: list[str] = []
        self.fragment: tuple[str, float] | None = None  # (id, seconds) of a polling fragment
        self._arrived: dict[str, float] = {}
        self._changed = asyncio.Condition()
        self._ws = None
        self._reader: asyncio.Task | None = None
        self._finished = 0

    async def open(self) -> float:
        """Load the page from its link; seconds until the script finished."""
        self._ws = await websockets.connect(
            self.ws_url, subprotocols=["streamlit"], max_size=None, open_timeout=TIMEOUT
        )
        self._reader = asyncio.create_task(self._read())
        start = time.perf_counter()
        await self._send()
        await self._wait(lambda: self._finished > 0, f"the {self.page} page loaded")
        return time.perf_counter() - start

    async def rerun(self, changed: list[WidgetState], awaited: str | None = None, fragment: str = "") -> float:
        """Send the widgets' states (``changed`` replacing theirs); seconds until metric ``awaited`` arrives
        (or the run finishes)."""
        self.states.update({state.id: state for state in changed if not state.HasField("trigger_value")})
        states = {**self.states, **{state.id: state for state in changed}}
        self._arrived.pop(awaited, None)
        finished, start = self._finished, time.perf_counter()
        # Like the browser: a widget drawn inside a fragment reruns only that fragment.
        drawn_in = {self.fragment_of.get(state.id, "") for state in changed}
        if not fragment and len(drawn_in) == 1 and (own := drawn_in.pop()):
            await self._send(list(states.values()), own, auto=False)
        else:
            await self._send(list(states.values()), fragment)
        if awaited:
            await self._wait(lambda: awaited in self._arrived, f"new {awaited!r}")
            latency = self._arrived[awaited] - start
        await self._wait(lambda: self._finished > finished, "the end of the run")
        return latency if awaited else time.perf_counter() - start

    async def close(self) -> None:
        if self._ws is not None:
            await self._ws.close()
        if self._reader is not None:
            self._reader.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await self._reader

    def slider(self, key: str, value: float) -> WidgetState:
        return WidgetState(id=self.ids[key], double_array_value={"data": [value]})

    def press(self, key: str) -> WidgetState:
        return WidgetState(id=self.ids[key], trigger_value=True)

    async def _send(self, states: list[WidgetState] | None = None, fragment: str = "", auto: bool = True) -> None:
        message = BackMsg()
        rerun = message.rerun_script
        rerun.query_string = self.query
        if self.page_hash:
            rerun.page_script_hash = self.page_hash
        else:
            rerun.page_name = self.page
        rerun.widget_states.widgets.extend(states or [])
        if fragment:
            rerun.fragment_id, rerun.is_auto_rerun = fragment, auto
        await self._ws.send(message.SerializeToString())

    async def _wait(self, condition, what: str) -> None:
        async with self._changed:
            try:
                await asyncio.wait_for(self._changed.wait_for(lambda: condition() or self.errors), TIMEOUT)
            except TimeoutError:
                raise TimeoutError(f"no {what} within {TIMEOUT:.0f} s") from None
        if self.errors:
            raise RuntimeError(self.errors[-1])

    async def _read(self) -> None:
        try:
            async for raw in self._ws:
                message = ForwardMsg()
                message.ParseFromString(raw)
                async with self._changed:
                    self._handle(message)
                    self._changed.notify_all()
        except websockets.ConnectionClosed as closed:
            error = f"connection closed: {closed}"
        else:
            error = "connection closed by the server"
        async with self._changed:
            self.errors.append(error)
            self._changed.notify_all()

    def _handle(self, message: ForwardMsg) -> None:
        kind = message.WhichOneof("type")
        if kind == "navigation":  # with st.navigation the page's hash is here, not in new_session
            self.page_hash = message.navigation.page_script_hash
        elif kind == "page_info_changed":
            self.query = message.page_info_changed.query_string
        elif kind == "auto_rerun":
            self.fragment = (message.auto_rerun.fragment_id, message.auto_rerun.interval)
        elif kind == "script_finished":
            self._finished += 1
        elif kind == "delta" and message.delta.WhichOneof("type") == "new_element":
            element = message.delta.new_element
            element_kind = element.WhichOneof("type")
            widget = getattr(element, element_kind)
            if element_kind == "metric":
                self.metrics[widget.label] = widget.body
                self._arrived[widget.label] = time.perf_counter()
            elif element_kind == "markdown" and (loss := LATEX_LOSS.search(widget.body)):
                self.metrics[LOSS] = loss.group(1)
                self._arrived[LOSS] = time.perf_counter()
            elif element_kind == "exception":
                where = " | ".join(widget.stack_trace[-2:])
                self.errors.append(f"exception on the page: {widget.type}: {widget.message} at {where}")
            elif getattr(widget, "id", ""):
                self.ids[widget.id.split("-", 2)[-1]] = widget.id
                self.fragment_of[widget.id] = message.delta.fragment_id
                # Like the browser, keep the value it holds unless the script set a new one (set_value).
                known = widget.id in self.states and not getattr(widget, "set_value", False)
                if not known and (state := widget_state(element_kind, widget)) is not None:
                    self.states[widget.id] = state


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
    student = Student(ws_url, "softmax", SOFTMAX_QUERY)
    try:
        await window.sleep_until(arrive)
        tally.opens.append(await student.open())
        await window.sleep_until(window.start + rng.uniform(0, window.period))
        logits = [0.2, 0.1, -0.1]
        while time.monotonic() < window.end:
            moved = time.monotonic()
            logits[0] = round(logits[0] + (0.1 if logits[0] < 0.25 else -0.1), 2)
            latency = await student.rerun([student.slider("softmax:z0", logits[0])], awaited=LOSS)
            shown = float(student.metrics[LOSS])
            if abs(shown - expected_loss(logits, 0)) > 6e-5:
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
        await student.rerun([student.press("training:start")])
        while student.metrics.get(EPOCHS_DONE) != f"{epochs}/{epochs}":
            if student.fragment is None:
                raise RuntimeError(f"the training page stopped polling at {student.metrics.get(EPOCHS_DONE)}")
            fragment, interval = student.fragment
            await asyncio.sleep(interval)
            await student.rerun([], fragment=fragment)
        tally.training_seconds.append(time.perf_counter() - start)
    except Exception as error:
        tally.errors.append(f"training: {type(error).__name__}: {error}")
    finally:
        await student.close()


# --- the server side: processes, CPU, memory ---------------------------------------------------------


def descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        with contextlib.suppress(OSError):
            for task in Path(f"/proc/{current}/task").iterdir():
                todo += [int(child) for child in (task / "children").read_text().split()]
    return found


def server_pids(root: int) -> dict[str, list[int]]:
    """The streamlit replicas and haproxy under ``root`` (the launcher or the single server)."""
    pids: dict[str, list[int]] = {"streamlit": [], "haproxy": []}
    for pid in descendants(root):
        with contextlib.suppress(OSError):
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
            if "streamlit run" in command:
                pids["streamlit"].append(pid)
            elif "haproxy" in command:
                pids["haproxy"].append(pid)
    return pids


def cpu_seconds(pids: list[int]) -> float:
    total = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / CLOCK_TICKS


def rss_mb(pids: list[int]) -> float:
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            total += int(match.group(1)) / 1024 if match else 0
    return total


def loadavg() -> str:
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])


@contextlib.contextmanager
def classroom(replicas: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    """`deploy/classroom.py` on free ports; yields (url, launcher pid)."""
    port = free_port()
    runtime = tempfile.mkdtemp(prefix="explainer-load-")
    command = [sys.executable, "deploy/classroom.py", "--replicas", str(replicas), "--port", str(port)]
    command += ["--bind", "127.0.0.1", "--first-replica-port", "0", "--runtime-dir", runtime]
    launcher = subprocess.Popen(command, cwd=ROOT, env={**os.environ, **env}, stdout=subprocess.PIPE, text=True)
    try:
        line = launcher.stdout.readline()
        if not line.startswith("Serving"):
            raise RuntimeError(f"classroom did not start: {line}{launcher.stdout.read()}")
        yield f"http://127.0.0.1:{port}", launcher.pid
    finally:
        launcher.send_signal(signal.SIGTERM)
        launcher.wait(30)


@contextlib.contextmanager
def serve(mode: str, replicas: int, env: dict[str, str]) -> Iterator[tuple[str, int]]:
    if mode == "classroom":
        with classroom(replicas, env) as served:
            yield served
        return
    before = {int(p) for p in os.listdir("/proc") if p.isdigit()}
    with streamlit_server(env) as url:
        started = [pid for pid in descendants(os.getpid()) if pid not in before]
        yield url, min(started)


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


async def measure(url: str, root: int, args: argparse.Namespace) -> Figures:
    ws_url = url.replace("http://", "ws://") + "/_stcore/stream"
    pids = server_pids(root)
    alone, tally, peak = Tally(), Tally(), [0.0]
    load_before = loadavg()
    for _ in pids["streamlit"]:  # warm up: the first page of each replica loads torch and friends
        warm = Student(ws_url, "softmax", SOFTMAX_QUERY)
        await warm.open()
        await warm.close()
    if args.trainings:  # warm up (loads torch and the digits once), then time the trainings alone
        await training_student(ws_url, 1, 99, Tally())
        await asyncio.gather(*(training_student(ws_url, args.epochs, i, alone) for i in range(args.trainings)))
    memory_start = rss_mb(pids["streamlit"])

    async def sample_memory() -> None:
        while True:
            peak[0] = max(peak[0], rss_mb(pids["streamlit"]))
            await asyncio.sleep(0.5)

    sampler = asyncio.create_task(sample_memory())
    used: dict[str, float] = {}
    memory_after = []

    async def everyone_left() -> None:
        await asyncio.sleep(SESSION_TTL + 3)  # the closed sessions expire...
        probe = Student(ws_url, "softmax", SOFTMAX_QUERY)  # ...and are dropped at the next session's save
        await probe.open()
        await probe.close()
        await asyncio.sleep(3)
        memory_after.append(rss_mb(pids["streamlit"]))

    now = time.monotonic()
    window = Window(now + args.ramp + SETTLE, now + args.ramp + SETTLE + args.seconds, args.period)

    async def measure_cpu() -> None:  # the server's CPU while the students move, not while they arrive
        await window.sleep_until(window.start)
        used["streamlit"], used["haproxy"] = -cpu_seconds(pids["streamlit"]), -cpu_seconds(pids["haproxy"])
        used["client"] = -cpu_seconds([os.getpid()])
        await window.sleep_until(window.end)
        used["streamlit"] += cpu_seconds(pids["streamlit"])
        used["haproxy"] += cpu_seconds(pids["haproxy"])
        used["client"] += cpu_seconds([os.getpid()])

    arrivals = [now + args.ramp * i / max(args.students, 1) for i in range(args.students)]
    await asyncio.gather(
        measure_cpu(),
        *(slider_student(ws_url, window, tally, seed, at) for seed, at in enumerate(arrivals)),
        *(training_student(ws_url, args.epochs, i, tally, window.start) for i in range(args.trainings)),
    )
    cpu, haproxy, wall = used["streamlit"], used["haproxy"], args.seconds
    await everyone_left()
    for _ in range(args.classes - 1):  # more classes come and go: does what they leave behind add up?
        now = time.monotonic()
        later = Window(now + args.ramp + SETTLE, now + args.ramp + SETTLE + args.seconds, args.period)
        arrivals = [now + args.ramp * i / max(args.students, 1) for i in range(args.students)]
        await asyncio.gather(*(slider_student(ws_url, later, Tally(), seed, at) for seed, at in enumerate(arrivals)))
        await everyone_left()
    sampler.cancel()
    moves = len(tally.latencies)
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
        haproxy_cores=haproxy / wall,
        client_cores=used["client"] / wall,
        training_s_alone=alone.training_seconds,
        training_s_loaded=tally.training_seconds,
        memory_mb_start=memory_start,
        memory_mb_peak=peak[0],
        memory_mb_after=memory_after,
        loadavg_before=load_before,
        loadavg_after=loadavg(),
        first_errors=(alone.errors + tally.errors)[:3],
    )


def run(args: argparse.Namespace) -> Figures:
    env = {"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(SESSION_TTL)}
    with serve(args.serve, args.replicas, env) as (url, root):
        return asyncio.run(measure(url, root, args))


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
README = ROOT / "bench" / "README.md"
BEGIN, END = "<!-- load_students: begin -->", "<!-- load_students: end -->"


def write_readme(rows: list[Figures]) -> None:
    text = README.read_text()
    stamp = time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime())
    block = f"{BEGIN}\nMeasured {stamp}, {os.cpu_count()} cores:\n\n{table(rows)}\n{END}"
    if BEGIN in text:
        text = re.sub(re.escape(BEGIN) + ".*?" + re.escape(END), lambda _: block, text, flags=re.S)
    else:
        text += "\n" + block + "\n"
    README.write_text(text)


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
        if args.json:
            print(json.dumps(asdict(rows[-1])), flush=True)
        for error in rows[-1].first_errors:
            print("error:", error, file=sys.stderr)
    print(table(rows))
    if args.write_readme:
        write_readme(rows)


if __name__ == "__main__":
    main()
