"""Start and watch the app's servers: one Streamlit process, or a classroom of replicas behind HAProxy.

The one place that knows how the app is served, used alike by the launcher (:mod:`deploy.classroom`),
the tests and the benches: free ports, the ``streamlit run`` command, health waits, and what a running
server costs (its processes' CPU time and memory, read from /proc).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
CLOCK_TICKS = os.sysconf("SC_CLK_TCK")
SERVING = "Serving"  # the first word of the launcher's line once every replica and HAProxy answer


def free_port() -> int:
    """A TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def haproxy_path() -> str | None:
    """Debian's HAProxy (in /usr/sbin, which a non-root PATH may lack), or None when not installed."""
    return shutil.which("haproxy") or next((p for p in ("/usr/sbin/haproxy",) if Path(p).exists()), None)


def streamlit_command(port: int, address: str, script: str = "explainer/Home.py") -> list[str]:
    """`streamlit run explainer/Home.py` (or another ``script``) on ``address``:``port``, run from the repo root."""
    return [
        sys.executable,
        "-m",
        "streamlit",
        "run",
        script,
        "--server.port",
        str(port),
        "--server.address",
        address,
        "--server.headless",
        "true",
    ]


def healthy(url: str) -> bool:
    """Whether ``url``/_stcore/health answers ok now."""
    with contextlib.suppress(OSError), urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as answer:
        return answer.read() == b"ok"
    return False


def wait_healthy(url: str, process: subprocess.Popen | None, timeout: float = 90.0) -> bool:
    """Wait until ``url``/_stcore/health answers ok (False if ``process`` dies or time runs out)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline and process is not None and process.poll() is None:
        if healthy(url):
            return True
        time.sleep(0.3)
    return False


def stop(process: subprocess.Popen, grace: float = 10.0, how: int = signal.SIGTERM) -> None:
    """Ask a child to stop (``how``), and kill it if it has not within ``grace`` seconds."""
    if process.poll() is None:
        process.send_signal(how)
        try:
            process.wait(grace)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@dataclass(frozen=True)
class Server:
    """One `streamlit run` of the app: its base URL and its process (the Streamlit server itself)."""

    url: str
    process: subprocess.Popen

    @property
    def pid(self) -> int:
        return self.process.pid


@contextlib.contextmanager
def streamlit_server(
    env: dict[str, str] | None = None, timeout: float = 60.0, root: Path = ROOT, script: str = "explainer/Home.py"
) -> Iterator[Server]:
    """`streamlit run` of ``script`` in the checkout at ``root`` on a free localhost port, until the block ends."""
    port = free_port()
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1", script),
        cwd=root,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    server = Server(f"http://127.0.0.1:{port}", process)
    try:
        if not wait_healthy(server.url, process, timeout):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{process.stdout.read().decode()}")
            raise RuntimeError(f"streamlit did not answer /_stcore/health within {timeout:.0f} s")
        yield server
    finally:
        stop(process)


@dataclass(frozen=True)
class Classroom:
    """`python -m deploy.classroom` running: HAProxy's URL, the launcher, and its runtime folder."""

    url: str
    launcher: subprocess.Popen
    runtime: Path

    def replica_pid(self, port: int) -> int:
        """The Streamlit replica serving ``port``, a child of the launcher."""
        for pid in children(self.launcher.pid):
            if str(port) in command_line(pid).split() and "streamlit" in command_line(pid):
                return pid
        raise LookupError(f"no replica on port {port} among {children(self.launcher.pid)}")


@contextlib.contextmanager
def classroom(
    replicas: int, env: dict[str, str] | None = None, runtime: Path | None = None, extra: list[str] | None = None
) -> Iterator[Classroom]:
    """The classroom launcher with ``replicas`` replicas on free ports and HAProxy on another, on 127.0.0.1.

    Waits for its ``Serving`` line (every replica and HAProxy answer); stops it all when the block ends.
    """
    if haproxy_path() is None:
        raise FileNotFoundError("no haproxy: apt-get install -y haproxy")
    owned = runtime is None  # a folder made here is removed here; a caller's folder is the caller's
    runtime = Path(runtime or tempfile.mkdtemp(prefix="explainer-classroom-"))
    port = free_port()
    command = [sys.executable, "-m", "deploy.classroom", "--replicas", str(replicas), "--port", str(port)]
    command += ["--bind", "127.0.0.1", "--first-replica-port", "0", "--runtime-dir", str(runtime), *(extra or [])]
    launcher = subprocess.Popen(
        command,
        cwd=ROOT,
        env={**os.environ, **(env or {})},
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        text=True,
    )
    try:
        line = launcher.stdout.readline()
        if not line.startswith(SERVING):
            raise RuntimeError(f"the classroom did not start: {line}{launcher.stdout.read()}")
        yield Classroom(f"http://127.0.0.1:{port}", launcher, runtime)
    finally:
        stop(launcher, grace=30)
        if owned:
            shutil.rmtree(runtime, ignore_errors=True)


# --- what a running server costs, from /proc ----------------------------------------------------------


def command_line(pid: int) -> str:
    """A process's command line, its arguments joined by spaces ('' once it has gone)."""
    with contextlib.suppress(OSError):
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode().strip()
    return ""


def children(pid: int) -> list[int]:
    """The direct children of ``pid`` (of every one of its threads)."""
    found = []
    with contextlib.suppress(OSError):
        for task in Path(f"/proc/{pid}/task").iterdir():
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def descendants(pid: int) -> list[int]:
    """``pid`` and every process below it."""
    found, todo = [], [pid]
    while todo:
        current = todo.pop()
        found.append(current)
        todo += children(current)
    return found


def app_processes(root: int) -> dict[str, list[int]]:
    """The Streamlit servers and HAProxy processes at or under ``root`` (a launcher or a single server)."""
    pids: dict[str, list[int]] = {"streamlit": [], "haproxy": []}
    for pid in descendants(root):
        command = command_line(pid)
        if "streamlit run" in command:
            pids["streamlit"].append(pid)
        elif "haproxy" in command:
            pids["haproxy"].append(pid)
    return pids


def cpu_seconds(pids: list[int]) -> float:
    """User + system CPU time the processes have used so far (fields 14 and 15 of /proc/PID/stat)."""
    ticks = 0
    for pid in pids:
        with contextlib.suppress(OSError):
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            ticks += int(fields[11]) + int(fields[12])
    return ticks / CLOCK_TICKS


def rss_mb(pids: list[int]) -> float:
    """The processes' resident memory together, in MB."""
    total = 0.0
    for pid in pids:
        with contextlib.suppress(OSError):
            match = re.search(r"VmRSS:\s+(\d+) kB", Path(f"/proc/{pid}/status").read_text())
            total += int(match.group(1)) / 1024 if match else 0
    return total


def open_files(pid: int) -> int:
    """How many file descriptors the process holds open."""
    return len(os.listdir(f"/proc/{pid}/fd"))


def loadavg() -> str:
    """The machine's 1, 5 and 15 minute load averages: other work slows every measurement down."""
    return " ".join(Path("/proc/loadavg").read_text().split()[:3])
