"""Does drawing a run live slow it down? The training page's run against the same run headless.

    .venv/bin/python bench/bench_live.py [--rounds 3] [--epochs 2]

Builds an MNIST-shaped 60k/10k data set from the bundled digits (so the server's "auto" source reads
it through torchvision), starts the app with one training slot, then interleaves, round by round:
  headless: the engine in this process, same config, same torch thread count as the server's job;
  live:     the same run started from the training page in headless Chromium, the page polling it.
Compares each contender's fastest epoch (this machine's speed drifts; see bench/README.md).
"""

import argparse
import sys
import tempfile
import threading
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

import torch  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from bench.mnist_sized import full_size_from_bundled, write_mnist_raw  # noqa: E402
from deploy.browser import click, launch, wait_for_script  # noqa: E402
from deploy.serving import streamlit_server  # noqa: E402
from explainer.data.mnist import load_mnist  # noqa: E402
from explainer.training.config import TrainConfig  # noqa: E402
from explainer.training.engine import EpochResult, Tensors, TrainingRun  # noqa: E402
from explainer.training.jobs import Limiter, threads_per_job  # noqa: E402
from explainer.training.workbench import log_every_for  # noqa: E402


def headless_epochs(config: TrainConfig, tensors: Tensors, threads: int) -> list[float]:
    """Train in a fresh thread, as the server's job does (torch thread settings are per thread)."""
    seconds: list[float] = []

    def work() -> None:
        torch.set_num_threads(threads)
        run = TrainingRun(config, tensors)
        seconds.extend(e.seconds for e in run.events() if isinstance(e, EpochResult))

    thread = threading.Thread(target=work)
    thread.start()
    thread.join()
    return seconds


def live_epochs(page, url: str, epochs: int, timeout_s: float) -> list[float]:
    page.goto(f"{url}/training?data=auto&epochs={epochs}")
    wait_for_script(page)
    click(page, "Start")
    try:
        page.wait_for_selector(f"text=finished {epochs} epochs", timeout=timeout_s * 1000)
    except Exception:
        page.screenshot(path="/tmp/bench_live_failure.png")
        raise
    with page.expect_download() as download:
        page.locator('[data-testid="stMain"]').get_by_role("button", name="History (CSV)").click()
    rows = Path(download.value.path()).read_text().splitlines()[1:]
    return [float(row.split(",")[6]) for row in rows]  # the "seconds" column


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        write_mnist_raw(Path(folder), full_size_from_bundled())
        mnist = load_mnist(folder, source="torchvision", download=False)
        tensors = Tensors.from_mnist(mnist)
        config = TrainConfig(epochs=args.epochs, log_every=log_every_for(mnist.n_train, 64))
        threads = threads_per_job(Limiter(1))
        env = {"EXPLAINER_DATA_DIR": folder, "EXPLAINER_MAX_TRAININGS": "1"}
        headless, live = [], []
        with streamlit_server(env) as server, sync_playwright() as playwright:
            browser = launch(playwright)
            for round_number in range(1, args.rounds + 1):
                headless += headless_epochs(config, tensors, threads)
                page = browser.new_page(viewport={"width": 1600, "height": 1200})  # a new session each round
                live += live_epochs(page, server.url, args.epochs, timeout_s=60 * args.epochs)
                page.close()
                print(f"round {round_number}: headless {headless[-args.epochs :]}  live {live[-args.epochs :]}")
            browser.close()
    print(f"{mnist.n_train:,} digits, batch 64, {threads} torch threads, fastest epoch:")
    print(f"  headless {min(headless):.2f} s   live page {min(live):.2f} s   ratio {min(live) / min(headless):.3f}")


if __name__ == "__main__":
    main()
