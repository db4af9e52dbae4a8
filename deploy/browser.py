"""The app in headless Chromium, for the browser tests and the benches: Debian's browser, Streamlit's waits, the pad.

Never `playwright install` (it downloads, and fails offline): the browser is Debian's /usr/bin/chromium.
"""

from __future__ import annotations

import math
import re
import shutil
from pathlib import Path

from playwright.sync_api import expect

CHROMIUM = "/usr/bin/chromium"
# Without the background-networking flags Chromium hammers this offline machine's closed network. One renderer
# process for a context's pages of the app: a new page then costs a quarter less CPU and wall time than one that
# starts its own process and compiles Streamlit's scripts again (measured over 8 pages, twice, 2026-12-05).
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--process-per-site",
]
SCRIPT_DONE = '[data-testid="stApp"][data-test-script-state="notRunning"]'
# Streamlit draws each element kind as a grey skeleton until its code chunk has loaded, which can be after the
# script has finished: a page measured then has its title 63 px lower and no charts yet. Text measured before
# the web fonts arrive is wider too.
ELEMENTS_DRAWN = "!document.querySelector('[data-testid=\"stSkeleton\"]') && document.fonts.status === 'loaded'"
EXCEPTION = '[data-testid="stException"]'
CHART = '[data-testid="stPlotlyChart"]'
WAIT_MS = 60_000  # a loaded 2-core machine can take seconds to redraw a page


def chromium_available() -> bool:
    return Path(CHROMIUM).exists() or shutil.which("chromium") is not None


def launch(playwright):
    """Headless Debian Chromium, with the flags that keep it off this offline machine's network."""
    return playwright.chromium.launch(executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS)


def wait_for_script(page, timeout_ms: int = WAIT_MS) -> None:
    """The script run has finished and the browser has drawn every element it sent."""
    page.wait_for_selector(SCRIPT_DONE, timeout=timeout_ms)
    page.wait_for_function(ELEMENTS_DRAWN, timeout=timeout_ms)


# Every plotly chart shown has drawn its SVG (one hidden by CSS, a phone's or a projector's version, is not drawn).
CHARTS_DRAWN = f"""() => [...document.querySelectorAll('{CHART}')]
  .filter((chart) => chart.offsetParent !== null)
  .every((chart) => chart.querySelector('.main-svg'))"""


def wait_for_charts(page, timeout_ms: int = 30_000) -> None:
    """Every plotly chart shown on the page has drawn its SVG."""
    page.wait_for_function(CHARTS_DRAWN, timeout=timeout_ms)


# Resolves once every chart's SVG has stayed the same for a few animation frames: plotly's transitions are over.
CHARTS_STILL = """async (frames) => {
  const charts = '[data-testid="stPlotlyChart"] .main-svg';
  const markup = () => [...document.querySelectorAll(charts)].map(s => s.outerHTML).join();
  for (let last = markup(), same = 0; same < frames; ) {
    await new Promise(requestAnimationFrame);
    const now = markup();
    same = now === last ? same + 1 : 0;
    last = now;
  }
}"""


def wait_for_still_charts(page, frames: int = 5) -> None:
    """Every plotly chart has drawn its SVG and finished moving (its markup unchanged for ``frames`` frames)."""
    wait_for_charts(page)
    page.evaluate(CHARTS_STILL, frames)


def click(page, name: str) -> None:
    """Click the app's own button (the toolbar has a Stop button of its own while a script runs)."""
    page.locator('[data-testid="stMain"]').get_by_role("button", name=name, exact=True).click()


# --- the drawing pad (draw_digit): strokes as fractions of the pad's width and height ----------------------

ONE = [(0.52, 0.12), (0.50, 0.88)]
ZERO = [(0.5 + 0.23 * math.sin(2 * math.pi * t / 32), 0.5 - 0.36 * math.cos(2 * math.pi * t / 32)) for t in range(33)]
PREDICTION = '[data-testid="stMetricValue"]'  # the pad page's first metric is the prediction


def open_pad(page, app_url: str) -> None:
    """Open the drawing page and wait for its pad (the server's first visit trains the default model)."""
    page.goto(f"{app_url}/draw_digit")
    wait_for_script(page, timeout_ms=120_000)
    expect(page.get_by_text("Draw one digit, 0 to 9")).to_be_visible(timeout=WAIT_MS)


def draw(page, points: list[tuple[float, float]]) -> None:
    """One stroke on the pad through ``points``, given as fractions of the pad's width and height."""
    pad = page.locator("canvas").bounding_box()
    xy = [(pad["x"] + fx * pad["width"], pad["y"] + fy * pad["height"]) for fx, fy in points]
    page.mouse.move(*xy[0])
    page.mouse.down()
    for x, y in xy[1:]:
        page.mouse.move(x, y, steps=6)
    page.mouse.up()


def expect_reading(page, digit: str | re.Pattern) -> None:
    """Wait until the page reads the drawing as ``digit`` and has drawn every stage of it, with no exception."""
    expect(page.locator(PREDICTION).first).to_have_text(digit, timeout=WAIT_MS)
    expect(page.get_by_text("Placed in 28 × 28")).to_be_visible(timeout=WAIT_MS)  # the 28 x 28 preview's caption
    # drawing, 20 x 20, 28 x 28, 784-strip; then the bars and the layers
    expect(page.locator('[data-testid="stImage"]')).to_have_count(4, timeout=WAIT_MS)
    expect(page.locator(CHART)).to_have_count(2, timeout=WAIT_MS)
    wait_for_script(page)
    wait_for_charts(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()
