"""Latency from moving a logit slider to the new loss on screen, in headless Chromium.

    .venv/bin/python bench/bench_slider.py [--moves 40]

Starts the app on a free port, opens /softmax, then per move: presses ArrowRight (or Left) on the
true class's slider and times, inside the page, from the keydown to the moment the loss metric's text
changes; between moves it lets the page finish drawing, so each move is timed on its own.
Prints each move and the median; figures are recorded in bench/README.md.
"""

import argparse
import statistics
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import sync_playwright  # noqa: E402

from tests.browser import launch, streamlit_server, wait_for_charts, wait_for_script  # noqa: E402

# torch's loss as the page's LaTeX formula shows it (the metric row it used to watch gave way to the logit lab).
ARM = """() => {
  const loss = () => [...document.querySelectorAll('.katex-mathml')].map(e => e.textContent)
      .find(t => t.startsWith('Loss'));
  const before = loss();
  window.__latency = new Promise(resolve => {
    let start = null;
    document.addEventListener('keydown', () => { start = performance.now(); }, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && loss() !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=40)
    args = parser.parse_args()
    with streamlit_server() as url, sync_playwright() as playwright:
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{url}/softmax?logits=0.2,0.1,-0.1&target=0")
        wait_for_script(page)
        wait_for_charts(page)
        slider = page.get_by_role("slider", name="z0 (true class)")
        latencies = []
        for move in range(args.moves):
            page.evaluate(ARM)
            slider.focus()
            slider.press("ArrowRight" if move % 2 == 0 else "ArrowLeft")
            latencies.append(page.evaluate("window.__latency"))
            wait_for_script(page)
            page.wait_for_timeout(300)  # let the charts finish drawing: each move is timed on its own
        browser.close()
    print("latencies ms:", " ".join(f"{ms:.0f}" for ms in latencies))
    print(f"median {statistics.median(latencies):.0f} ms, p90 {statistics.quantiles(latencies, n=10)[-1]:.0f} ms")


if __name__ == "__main__":
    main()
