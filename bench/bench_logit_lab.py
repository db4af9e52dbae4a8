"""The logit lab in headless Chromium: frames while dragging, release to formulas, server CPU per release.

    .venv/bin/python bench/bench_logit_lab.py [--moves 150] [--releases 20]

Starts the app on a free port, opens /softmax with the lecture's logits at 1600 x 1000 and measures:

- drag: per pointer move (Playwright's mouse, the button held on z0's bar), inside the page, from the
  event's timestamp to the end of the lab's redraw (its requestAnimationFrame callback, before paint);
- release: from pointerup to the moment torch's loss formula (LaTeX) shows its new value;
- slider: the old way in, for comparison in the same run: ArrowRight/Left on the z0 slider to the same formula;
- server CPU: the Streamlit process's user + system CPU time (/proc/PID/stat) over the releases and over the
  slider moves, divided by their count (each one waits for the rerun to finish and the page to settle); also
  net of what the idle server (one tab open, measured for 5 s first) spends over the same wall time.

Releases and slider moves alternate, so both see the same machine load. Figures go to bench/README.md.
"""

import argparse
import contextlib
import statistics
import sys
import time
from collections.abc import Iterator
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from playwright.sync_api import TimeoutError as PlaywrightTimeout  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.load_students import PAGE, SOFTMAX_QUERY  # noqa: E402
from deploy.browser import launch, wait_for_script  # noqa: E402
from deploy.serving import cpu_seconds, streamlit_server  # noqa: E402
from explainer.ui.sections.logit_controls import TRUE_CLASS  # noqa: E402

LAB_ROOT = """() => {
  const hosts = [...document.querySelectorAll('*')].filter(e => e.shadowRoot?.querySelector('.logit-lab'));
  return hosts[0].shadowRoot.querySelector('.logit-lab');
}"""

# Each pointer move's timestamp waits for the lab's next redraw (it stamps data-rendered when done).
ARM_DRAG = f"""() => {{
  const lab = ({LAB_ROOT})();
  window.__frames = [];
  const pending = [];
  window.addEventListener('pointermove', e => pending.push(e.timeStamp), {{capture: true}});
  new MutationObserver(() => {{
    const now = performance.now();
    while (pending.length) window.__frames.push(now - pending.shift());
  }}).observe(lab, {{attributes: true, attributeFilter: ['data-rendered']}});
}}"""

# What the server recomputes on each page after a release: the LaTeX loss formula; the loss-side metrics.
PAGES = {
    PAGE: (
        f"{PAGE}?{SOFTMAX_QUERY}",
        "[...document.querySelectorAll('.katex-mathml')].map(e => e.textContent).find(t => t.startsWith('Loss'))",
    ),
    "sigmoid_vs_softmax": (
        "sigmoid_vs_softmax?logits=2,1,0&target=0",
        "[...document.querySelectorAll('[data-testid=stMetric]')].map(e => e.innerText).join('|')",
    ),
}

# From the next pointerup or keydown to the moment the page's torch numbers change.
ARM_FORMULA = """formula => {
  const loss = () => eval(formula);
  const before = loss();
  window.__latency = new Promise(resolve => {
    let start = null;
    const begin = () => { start = performance.now(); };
    document.addEventListener('pointerup', begin, {capture: true, once: true});
    document.addEventListener('keydown', begin, {capture: true, once: true});
    const observer = new MutationObserver(() => {
      if (start !== null && loss() !== before) {
        observer.disconnect();
        resolve(performance.now() - start);
      }
    });
    observer.observe(document.body, {subtree: true, childList: true, characterData: true});
  });
}"""


def idle_cpu_rate(pid: int, seconds: float = 5.0) -> float:
    """CPU seconds per second an idle server with one open tab spends anyway (its event loop wakes up often)."""
    start_cpu, start_wall = cpu_seconds([pid]), time.monotonic()
    time.sleep(seconds)
    return (cpu_seconds([pid]) - start_cpu) / (time.monotonic() - start_wall)


class ServerCpu:
    """CPU time the server spends on measured actions, less its idle rate over each action's window."""

    def __init__(self, pid: int, idle_rate: float) -> None:
        self.pid, self.idle_rate = pid, idle_rate
        self.raw = self.wall = 0.0
        self.count = 0

    @contextlib.contextmanager
    def measure(self) -> Iterator[None]:
        start_cpu, start_wall = cpu_seconds([self.pid]), time.monotonic()
        yield
        self.raw += cpu_seconds([self.pid]) - start_cpu
        self.wall += time.monotonic() - start_wall
        self.count += 1

    def report(self, name: str) -> str:
        raw, net = self.raw / self.count, (self.raw - self.idle_rate * self.wall) / self.count
        return f"server CPU per {name}: {1000 * net:.1f} ms net of idle ({1000 * raw:.1f} ms raw)"


def percentile(values: list[float], q: int) -> float:
    return statistics.quantiles(values, n=100)[q - 1]


def summary(name: str, values: list[float]) -> str:
    return f"{name}: n={len(values)} median {statistics.median(values):.1f} ms, p90 {percentile(values, 90):.1f} ms"


def bar_top(page) -> tuple[float, float]:
    box = page.locator(".logit-lab [role=slider]").first.locator(".bar").bounding_box()
    return box["x"] + box["width"] / 2, box["y"] + 1


def drag_frames(page, moves: int) -> list[float]:
    """Hold z0's bar and move up and down a few pixels at a time, at a person's pace (every 10-30 ms)."""
    page.evaluate(ARM_DRAG)
    x, y = bar_top(page)
    page.mouse.move(x, y)
    page.mouse.down()
    for move in range(moves):
        page.mouse.move(x, y - 3 * (move % 40 if move % 80 < 40 else 40 - move % 40))
        page.wait_for_timeout(10 + 20 * (move % 2))
    page.mouse.up()
    frames = page.evaluate("window.__frames")
    settle(page)
    return frames


def settle(page) -> None:
    wait_for_script(page)
    page.wait_for_timeout(300)  # let the page finish drawing: each release is timed and costed on its own


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--moves", type=int, default=150)
    parser.add_argument("--releases", type=int, default=20)
    parser.add_argument("--page", choices=PAGES, default="softmax")
    args = parser.parse_args()
    path, formula = PAGES[args.page]
    with streamlit_server() as server, sync_playwright() as playwright:
        url, pid = server.url, server.pid
        browser = launch(playwright)
        page = browser.new_page(viewport={"width": 1600, "height": 1000})
        page.goto(f"{url}/{path}")
        settle(page)
        # Without the lab (the app before it, checked out elsewhere) only the slider is measured: a baseline.
        try:
            page.locator(".logit-lab [role=slider]").first.wait_for(timeout=5_000)
            has_lab = True
        except PlaywrightTimeout:
            has_lab = False
        frames = drag_frames(page, args.moves) if has_lab else []

        releases, slider_moves = [], []
        idle_rate = idle_cpu_rate(pid)
        release_cpu, slider_cpu = ServerCpu(pid, idle_rate), ServerCpu(pid, idle_rate)
        slider = page.get_by_role("slider", name=f"z0{TRUE_CLASS}")  # the true class of both pages' links
        for i in range(args.releases):
            if has_lab:
                x, y = bar_top(page)
                page.evaluate(ARM_FORMULA, formula)
                with release_cpu.measure():
                    page.mouse.move(x, y)
                    page.mouse.down()
                    page.mouse.move(x, y + (-30 if i % 2 == 0 else 30), steps=5)
                    page.mouse.up()
                    releases.append(page.evaluate("window.__latency"))
                    settle(page)

            page.evaluate(ARM_FORMULA, formula)
            with slider_cpu.measure():
                slider.focus()
                slider.press("ArrowRight" if i % 2 == 0 else "ArrowLeft")
                slider_moves.append(page.evaluate("window.__latency"))
                settle(page)
        browser.close()
    print(f"page: {path}" + ("" if has_lab else " (no logit lab: slider only)"))
    if has_lab:
        print(summary("pointer move -> bars redrawn", frames))
        print(summary("release -> torch's numbers on screen", releases))
        print(release_cpu.report("release"))
    print(summary("slider key -> torch's numbers on screen", slider_moves))
    print(slider_cpu.report("slider move"))
    print(f"idle server CPU: {1000 * idle_rate:.1f} ms per second")
    print(f"load average: {Path('/proc/loadavg').read_text().strip()}")


if __name__ == "__main__":
    main()
