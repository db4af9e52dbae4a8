"""Latency from the end of a stroke on the drawing pad to new softmax bars on screen, in headless Chromium.

    .venv/bin/python bench/bench_draw_digit.py [--strokes 30]

Starts the app on a free port, opens /draw_digit and draws a "1". Then per stroke: adds a short tick
at a different place and times, inside the page, from the pointerup to the first change of the
probability bars' SVG; then presses Undo (not timed) and lets the page settle, so each stroke is timed
on its own against the same "1". Prints each stroke and the
median; figures are recorded in bench/README.md.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from deploy.browser import ONE, draw, expect_reading, launch, open_pad, wait_for_charts, wait_for_script  # noqa: E402
from deploy.serving import streamlit_server  # noqa: E402

ARM = """() => {
  const bars = document.querySelector('.st-key-draw-bars [data-testid=stPlotlyChart]');
  window.__latency = new Promise(resolve => {
    let start = null;
    document.addEventListener('pointerup', () => { start = performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(bars, {subtree: true, childList: true, attributes: true, characterData: true});
  });
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--strokes", type=int, default=30)
    args = parser.parse_args()
    with streamlit_server() as server, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        open_pad(page, server.url)
        draw(page, ONE)
        expect_reading(page, "1")
        latencies = []
        for stroke in range(args.strokes):
            x = 0.3 + 0.4 * (stroke % 8) / 7
            page.evaluate(ARM)
            draw(page, [(x, 0.9), (x + 0.05, 0.95)])
            latencies.append(page.evaluate("window.__latency"))
            wait_for_script(page)
            page.get_by_role("button", name="Undo").click()
            page.wait_for_timeout(400)
            wait_for_script(page)
            wait_for_charts(page)
        browser.close()
    print("latencies ms:", " ".join(f"{ms:.0f}" for ms in latencies))
    print(f"median {statistics.median(latencies):.0f} ms, p90 {statistics.quantiles(latencies, n=10)[-1]:.0f} ms")


if __name__ == "__main__":
    main()
