"""A real Streamlit server and headless Debian Chromium, for the browser tests and bench/.

Never `playwright install`: the browser is Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterator
from pathlib import Path
from urllib.parse import urlparse

from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.classroom import streamlit_command, wait_healthy

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium hammers this offline machine's closed network.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# Browser tests save screenshots here (ignored by git) for a person to open and judge; `make screenshots`
# points this at docs/screenshots, the pictures the README shows.
SCREENSHOTS = Path(os.environ.get("EXPLAINER_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit draws each element kind as a grey skeleton until its code chunk has loaded, which can be after the
# script has finished: a page measured then has its title 63 px lower and no charts yet. Text measured before
# the web fonts arrive is wider too.
ELEMENTS_DRAWN = "!document.querySelector('[data-testid=\"stSkeleton\"]') && document.fonts.status === 'loaded'"
EXCEPTION = '[data-testid="stException"]'
PROJECTOR = {"width": 1280, "height": 720}  # a common projector: each page's first screen must hold at this size
_BUTTONS = (
    '[data-testid="stButton"] button, [data-testid="stButtonGroup"] button, [data-testid="stDownloadButton"] button'
)
# JavaScript for page.evaluate: the labels of visible buttons too narrow for them (cut, or ending in "…").
CUT_LABELS = f"""() => [...document.querySelectorAll('{_BUTTONS}')]
  .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
  .map((b) => b.innerText)"""


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def server_pid(url: str) -> int:
    """The Streamlit process serving ``url`` (found by its --server.port argument)."""
    port = str(urlparse(url).port)
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                args = (entry / "cmdline").read_bytes().split(b"\0")
            except OSError:
                continue
            if b"streamlit" in b" ".join(args) and port.encode() in args:
                return int(entry.name)
    raise RuntimeError(f"no streamlit process on port {port}")


@contextlib.contextmanager
def streamlit_server(extra_env: dict[str, str] | None = None) -> Iterator[str]:
    """Start `streamlit run explainer/Home.py` on a free localhost port; yield its base URL."""
    port = free_port()
    env = {**os.environ, **(extra_env or {})}
    process = subprocess.Popen(
        streamlit_command(port, "127.0.0.1"), cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )
    url = f"http://127.0.0.1:{port}"
    try:
        if not wait_healthy(url, process, timeout=60):
            if process.poll() is not None:
                raise RuntimeError(f"streamlit exited early:\n{process.stdout.read().decode()}")
            raise RuntimeError("streamlit did not answer /_stcore/health within 60 s")
        yield url
    finally:
        process.terminate()
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()


def launch(playwright):
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def wait_for_script(page, timeout_ms: int = 60_000) -> None:
    """The script run has finished and the browser has drawn every element it sent."""
    page.wait_for_selector(SCRIPT_DONE, timeout=timeout_ms)
    page.wait_for_function(ELEMENTS_DRAWN, timeout=timeout_ms)


def _parsed(message_type: type, payload: bytes | str):
    message = message_type()
    if isinstance(payload, bytes):  # Streamlit's messages are binary; a text frame parses as an empty message
        message.ParseFromString(payload)
    return message


RUN_DONE = (ForwardMsg.FINISHED_SUCCESSFULLY, ForwardMsg.FINISHED_FRAGMENT_RUN_SUCCESSFULLY)


class ServerLink:
    """What a page sends its Streamlit server over the websocket, and a wait for the server's answer to an action.

    Make it before the page opens the app: a websocket opened earlier goes unseen.
    """

    def __init__(self, page) -> None:
        self.page = page
        self.sent: list[BackMsg] = []  # every frame the page sent, in order (a rerun request is one)
        self._sockets: list = []
        page.on("websocket", self._follow)

    def _follow(self, socket) -> None:
        self._sockets.append(socket)
        socket.on("framesent", lambda payload: self.sent.append(_parsed(BackMsg, payload)))

    def rerun(self, action: Callable[[], object], timeout_ms: int = 60_000) -> None:
        """Do ``action`` (a click, a key), wait until the server has finished the rerun it asked for (of the page or
        of a fragment), then until the browser has drawn it.

        wait_for_script alone can return at once after an action: until the server has heard the request the page
        still reads "not running". So this waits on the server's word, the first finished run after the request.
        """
        asked = len(self.sent)

        def finished_after_the_request(payload: bytes | str) -> bool:
            requested = any(m.WhichOneof("type") == "rerun_script" for m in self.sent[asked:])
            message = _parsed(ForwardMsg, payload)
            return requested and message.WhichOneof("type") == "script_finished" and message.script_finished in RUN_DONE

        with self._sockets[-1].expect_event("framereceived", finished_after_the_request, timeout=timeout_ms):
            action()
        wait_for_script(self.page, timeout_ms)


def wait_for_charts(page, timeout_ms: int = 30_000) -> None:
    if page.locator('[data-testid="stPlotlyChart"]').count():
        page.wait_for_selector('[data-testid="stPlotlyChart"] .main-svg', timeout=timeout_ms)


def on_first_screen(locator, whole: bool = True) -> dict:
    """Assert that ``locator`` starts on the page's first PROJECTOR-high screen (and ends there if ``whole``)."""
    box = locator.bounding_box()
    assert box is not None and 0 <= box["y"] < PROJECTOR["height"], box
    if whole:
        assert box["y"] + box["height"] <= PROJECTOR["height"], box
    return box


def screenshot(page, name: str, height: int = 1400, width: int = 1600) -> Path:
    """The page at ``width`` x ``height`` once its script and charts are done, saved as SCREENSHOTS/name.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.set_viewport_size({"width": width, "height": height})
    wait_for_script(page)
    wait_for_charts(page)
    page.wait_for_timeout(1000)  # let plotly finish its transitions
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=path)
    return path
