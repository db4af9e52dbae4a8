"""What the browser tests share: screenshots to look at, the projector's first screen, and drivers of the app's
pages (the logit lab's bars, the numbers table, uploads, a training on the evaluation page).

Launching Chromium and waiting for Streamlit live in :mod:`deploy.browser`, which the benches use too.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect
from streamlit.proto.BackMsg_pb2 import BackMsg
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg

from deploy.browser import CHART, EXCEPTION, click, wait_for_script, wait_for_still_charts
from deploy.serving import ROOT
from explainer.figures import style

# Browser tests save screenshots here (ignored by git) for a person to open and judge; `make screenshots`
# points this at docs/screenshots, the pictures the README shows.
SCREENSHOTS = Path(os.environ.get("EXPLAINER_SCREENSHOTS", ROOT / "artifacts" / "screenshots"))
# Each theme's background as the browser computes it (the theme's own colours live in style.BACKGROUNDS).
THEMES = {scheme: f"rgb{tuple(bytes.fromhex(colour[1:]))}" for scheme, colour in style.BACKGROUNDS.items()}
THEME_DRAWN = "(colour) => getComputedStyle(document.querySelector('.stApp')).backgroundColor === colour"
# Resolves after the browser has drawn two more frames: what a theme change restyled is painted.
TWO_FRAMES = "() => new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())))"
# Resolves once the CSS transitions and animations running now are over (at most a second: a page that reruns while
# it trains keeps starting new ones): a theme switch fades colours over ~200 ms, and axe had measured a button's
# contrast halfway (3.41:1 on a grey between the two themes' buttons).
TRANSITIONS_OVER = """async () => {
  const running = document.getAnimations().filter(
    (a) => a.playState === "running" && a.effect?.getTiming().iterations !== Infinity,
  );
  const over = Promise.all(running.map((a) => a.finished.catch(() => null)));
  await Promise.race([over, new Promise((done) => setTimeout(done, 1000))]);
  await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(() => done())));
}"""
PROJECTOR = {"width": 1280, "height": 720}  # a common projector: each page's first screen must hold at this size
_BUTTONS = (
    '[data-testid="stButton"] button, [data-testid="stButtonGroup"] button, [data-testid="stDownloadButton"] button'
)
# JavaScript for page.evaluate: the labels of visible buttons too narrow for them (cut, or ending in "…").
CUT_LABELS = f"""() => [...document.querySelectorAll('{_BUTTONS}')]
  .filter((b) => b.offsetParent !== null && b.scrollWidth > b.clientWidth + 1)
  .map((b) => b.innerText)"""


def no_exception(page) -> None:
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()


def open_page(page, url: str) -> None:
    """Go to ``url`` (a new session), wait until it is drawn, and check that it raised nothing."""
    page.goto(url)
    wait_for_script(page)
    no_exception(page)


def query(page) -> dict[str, str]:
    """The page's URL query, one value per parameter."""
    return {name: values[0] for name, values in parse_qs(urlparse(page.url).query).items()}


def on_first_screen(locator, whole: bool = True) -> dict:
    """Assert that ``locator`` starts on the page's first PROJECTOR-high screen (and ends there if ``whole``)."""
    box = locator.bounding_box()
    assert box is not None and 0 <= box["y"] < PROJECTOR["height"], box
    if whole:
        assert box["y"] + box["height"] <= PROJECTOR["height"], box
    return box


def screenshot(page, name: str, height: int = 1400, width: int = 1600) -> Path:
    """The page at ``width`` x ``height`` once its script and charts are done, saved as SCREENSHOTS/name.png (under
    CI=true only the resize and the waits, unless $EXPLAINER_SCREENSHOTS names a folder: the pictures are for a person
    to open, and CI's fresh clone has nobody to open them; each was a large PNG encoded on the suite's two cores)."""
    page.set_viewport_size({"width": width, "height": height})
    wait_for_script(page)
    wait_for_still_charts(page)
    path = SCREENSHOTS / f"{name}.png"
    if pictures_wanted():
        SCREENSHOTS.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=path)
    return path


def pictures_wanted() -> bool:
    """Whether screenshots are saved: not under CI=true unless $EXPLAINER_SCREENSHOTS names a folder."""
    return os.environ.get("CI") != "true" or bool(os.environ.get("EXPLAINER_SCREENSHOTS"))


def in_theme(page, scheme: str) -> None:
    """Switch the system's theme to ``scheme`` and wait until the page is drawn in it (Streamlit follows the system's
    theme as it changes, so one session serves both)."""
    page.emulate_media(color_scheme=scheme)
    page.wait_for_function(THEME_DRAWN, arg=THEMES[scheme])
    page.evaluate(TRANSITIONS_OVER)


def assert_drawn_in(page, scheme: str, timeout_ms: int = 10_000) -> None:
    """Assert that the page is drawn in ``scheme``'s theme: its background is that theme's (style.BACKGROUNDS), once
    a theme's fade is over."""
    try:
        page.wait_for_function(THEME_DRAWN, arg=THEMES[scheme], timeout=timeout_ms)
    except PlaywrightTimeout:
        drawn = page.evaluate("() => getComputedStyle(document.querySelector('.stApp')).backgroundColor")
        raise AssertionError(f"the page's background is {drawn}, not the {scheme} theme's {THEMES[scheme]}") from None


def screenshots_in_both_themes(page, name: str, height: int = 1400, width: int = 1600) -> None:
    """:func:`screenshot` in the light theme, then the dark: SCREENSHOTS/name_light.png and name_dark.png (under CI,
    only the light one's resize and waits: two theme switches a call were the slowest part of drawing nothing)."""
    for scheme in THEMES if pictures_wanted() else ("light",):
        in_theme(page, scheme)
        screenshot(page, f"{name}_{scheme}", height, width)
    in_theme(page, "light")


def upload(page, index: int, name: str, content: bytes) -> None:
    """Put a file into the page's index-th st.file_uploader, as a user's file picker would."""
    dropzone = page.locator('[data-testid="stFileUploaderDropzoneInput"]').nth(index)
    dropzone.set_input_files(files=[{"name": name, "mimeType": "text/csv", "buffer": content}])


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


# The page's one polite live region (explainer/ui/shell/accessibility.js): what a screen reader hears as things
# change.
LIVE_REGION = '[role="status"].announcements'


# --- the logit lab and the numbers table (softmax, sigmoid vs softmax) --------------------------------------

LAB = ".logit-lab"
TABLE = "table.numbers"


def open_lab(page, app_url: str, path: str) -> None:
    """Open a logit page and scroll its lab to the middle of the window, as a teacher would."""
    open_page(page, f"{app_url}/{path}")
    page.locator(f"{LAB} [role=slider]").first.wait_for()
    page.locator(LAB).evaluate("lab => lab.scrollIntoView({block: 'center'})")


def lab_number(page, label: str) -> str:
    """A number the logit lab shows above its bars (computed in the browser), by the start of its label."""
    return page.locator(f"{LAB} .readout .metric").filter(has_text=label).locator("b").first.inner_text()


def loss_text(page) -> str:
    return lab_number(page, "loss")


def bar(page, index: int):
    """The lab's bar of logit ``index`` (a keyboard slider named 'Bar of logit 0 (true class)' and so on)."""
    return page.locator(f"{LAB} [role=slider]").nth(index)


def bar_end(page, index: int) -> tuple[float, float]:
    """Pixel position of the free end of a logit bar (its top if z > 0, its bottom if z < 0), in view."""
    rect = bar(page, index).locator(".bar")
    rect.scroll_into_view_if_needed()
    box = rect.bounding_box()
    below = float(bar(page, index).get_attribute("aria-valuenow")) < 0
    return box["x"] + box["width"] / 2, box["y"] + (box["height"] - 1 if below else 1)


# Resolves once the browser has drawn its next frame: after every requestAnimationFrame callback asked for so far.
NEXT_FRAME = "() => new Promise((drawn) => requestAnimationFrame(() => drawn()))"


def drag_up(page, index: int, moves: int, pixels: int, read: Callable):
    """Press on bar ``index``'s free end and move the pointer up ``pixels`` at a time, ``moves`` times, the button
    still held at the end; what ``read(page)`` found after each move, frame by frame."""
    x, y = bar_end(page, index)
    page.mouse.move(x, y)
    page.mouse.down()
    seen = []
    for step in range(1, moves + 1):
        page.mouse.move(x, y - pixels * step)
        page.evaluate(NEXT_FRAME)  # the lab draws a move on the next animation frame (and tells the table)
        seen.append(read(page))
    return seen


def framed_columns(page) -> list[str]:
    """The classes whose column of the numbers table is framed: all of it, its header and its six cells."""
    classes = page.locator(f"{TABLE} .pointed").evaluate_all("cells => cells.map((cell) => cell.dataset.class)")
    assert len(classes) == 7 * len(set(classes)), classes
    return sorted(set(classes))


def point_at_column(page, panel: int, k: int) -> None:
    """The pointer on class k's column of a lab panel (0 logits, 1 p, 2 ∂L/∂z), whatever its bar's height."""
    band = page.locator(f"{LAB} .panel").nth(panel).locator(".slot").nth(k).locator(".band")
    band.scroll_into_view_if_needed()
    box = band.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


# --- a run to evaluate ---------------------------------------------------------------------------------------


def train_here(page, app_url: str, epochs: int = 10, query: str = "") -> None:
    """Open /evaluation?query in a fresh session and train the lecture's network on the bundled digits there."""
    open_page(page, f"{app_url}/evaluation?{query}")
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Data").click()
    page.get_by_role("option", name="5,000 digits (fast)").click()
    wait_for_script(page)
    epochs_box = page.get_by_label("Epochs")
    for _attempt in range(3):  # a rerun under way on a loaded machine may put the old value back: type it again
        epochs_box.fill(str(epochs))
        expect(epochs_box).to_have_value(str(epochs))  # typed before it is sent: once, on a loaded machine, Start
        epochs_box.press("Enter")  # trained the default 10 epochs
        wait_for_script(page)
        if epochs_box.input_value() == str(epochs):
            break
    click(page, "Start")
    # expect(), not wait_for_selector: a timeout then shows what the page says instead (its aria snapshot)
    expect(page.get_by_text(re.compile(f"{epochs}/{epochs} epochs")).first).to_be_visible(timeout=120_000)
    page.wait_for_selector("text=Every class: precision, recall, F1 and support", timeout=30_000)
    wait_for_script(page)
    page.wait_for_selector(f"{CHART} .main-svg", timeout=30_000)
    no_exception(page)


# What a page shows, for a failure's message: the address, whether a script runs, the headings, alerts and buttons.
_SHOWN = """() => {
  const app = document.querySelector('[data-testid="stApp"]');
  const texts = (selector) => [...document.querySelectorAll(selector)]
    .filter((e) => e.offsetParent !== null).map((e) => e.innerText.trim().slice(0, 80));
  return {url: location.href, script: app ? app.dataset.testScriptState : null, headings: texts('h1, h2, h3'),
          alerts: texts('[data-testid="stAlert"]'), buttons: texts('button')};
}"""


@contextmanager
def described_on_failure(**pages) -> Iterator[None]:
    """On a failure inside, add what each named page shows to the error (CI keeps only the test's output)."""
    try:
        yield
    except Exception as error:
        for name, page in pages.items():
            try:
                error.add_note(f"{name}: {page.evaluate(_SHOWN)}")
            except Exception as unreadable:  # a closed or crashed page: say so, keep the first error
                error.add_note(f"{name}: unreadable ({unreadable})")
        raise
