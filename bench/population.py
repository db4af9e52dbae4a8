"""Trials trained at once as a population against the same trials trained one at a time: throughput.

    .venv/bin/python -m bench.population --sizes 8 16 --rounds 3 --epochs 2

The trials are cells of the sweep page's preset that train every epoch (the lecture's network and batch, learning
rates and momenta in turn), on the Training page's data (full MNIST where present, else the bundled 4,000) and on
its device (a GPU where one is usable). Interleaved: for each size, alone then together, ``--rounds`` times; the
figure is the median of (time alone / time together). Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import itertools
import statistics
import time

import torch

from explainer.data.mnist import load_mnist
from explainer.sweep.plan import PRESET
from explainer.sweep.worker import trial_config
from explainer.training.config import choose_device
from explainer.training.engine import TrainingRun
from explainer.training.population import Population
from explainer.training.tensors import Tensors

STEADY_STEP = 0.1  # lr / (1 - momentum): the cells below it train every epoch (none stops itself early)


def trials(size: int, epochs: int):
    """``size`` configs of the preset's grid that train every epoch, over its learning rates and momenta in turn
    (a cell that diverges stops within a few batches, alone or in a population: it would only blur the figure)."""
    plan = PRESET.replace(trial_epochs=epochs)
    steady = [cell for cell in plan.grid() if cell["lr"] / (1 - cell["momentum"]) <= STEADY_STEP]
    return [trial_config(plan, cell) for cell in itertools.islice(itertools.cycle(steady), size)]


def seconds(train) -> float:
    started = time.perf_counter()
    train()
    if torch.cuda.is_available():
        torch.cuda.synchronize()
    return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[8, 16])
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--epochs", type=int, default=2)
    args = parser.parse_args()
    device = choose_device()
    data = Tensors.from_mnist(load_mnist(), device=device)
    print(f"{len(data.y_train)} training digits on {device}, {torch.get_num_threads()} torch threads")
    for size in args.sizes:
        configs = trials(size, args.epochs)
        ratios = []
        for _ in range(args.rounds):
            alone = seconds(lambda configs=configs: [list(TrainingRun(c, data).events()) for c in configs])
            together = seconds(lambda configs=configs: list(Population(configs, data).events()))
            ratios.append(alone / together)
            print(f"  {size} trials: alone {alone:.1f} s, together {together:.1f} s, {alone / together:.2f}x")
        print(f"population of {size}: {statistics.median(ratios):.2f}x the throughput of one at a time (median)")


if __name__ == "__main__":
    main()
