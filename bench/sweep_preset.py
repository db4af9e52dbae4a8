"""The sweep page's preset (44 cells x 5 epochs) as the page runs it, against every cell trained fully one after
another with the training engine: wall time, and whether both find the same top 3 cells.

    .venv/bin/python -m bench.sweep_preset --rounds 2

Interleaved (baseline, sweep, baseline, sweep ...) on the same machine and the same digits (the Training page's:
full MNIST where present, else the bundled 4,000), each sweep in a fresh store. The sweep uses every core (one worker
per core, each holding a slot of the training limit) and the page's pruner (explainer.sweep.study.pruner_for); the
baseline trains each cell with the engine as the Training page does (a run that blows up stops itself there too).
Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

import torch

from explainer.data.mnist import load_mnist
from explainer.store.database import Store
from explainer.store.settings import sqlite_url
from explainer.sweep.plan import PRESET, SweepPlan
from explainer.sweep.study import load_trials, progress
from explainer.sweep.worker import Crew, trial_config
from explainer.training.engine import EpochResult, TrainingRun
from explainer.training.jobs import Limiter
from explainer.training.tensors import Tensors


def every_cell_fully(plan: SweepPlan, data: Tensors) -> dict[tuple[float, float], float]:
    """Each cell's final test accuracy, trained one after another (a diverged run keeps its last epoch's, or 0)."""
    torch.set_num_threads(os.cpu_count() or 1)
    results = {}
    for cell in plan.grid():
        accuracy = 0.0
        for event in TrainingRun(trial_config(plan, cell), data).events():
            if isinstance(event, EpochResult):
                accuracy = event.test_accuracy
        results[(cell["lr"], cell["momentum"])] = accuracy
    return results


def swept(plan: SweepPlan, data: Tensors) -> tuple[dict[tuple[float, float], float], int, int]:
    """Each cell's accuracy as the sweep left it, the trials pruned and the trial-epochs saved."""
    with tempfile.TemporaryDirectory() as folder:
        store = Store(sqlite_url(folder))
        workers = os.cpu_count() or 1
        crew = Crew(plan, store, data, Limiter(workers, store))
        crew.start(workers)
        crew.wait()
        views = load_trials(plan, store)
        done = progress(views, plan)
        store.dispose()
    finished = {(v.params["lr"], v.params["momentum"]): v.accuracy or 0.0 for v in views if v.state != "lost"}
    return finished, done.pruned, done.epochs_saved


def top3(results: dict[tuple[float, float], float]) -> list[tuple[float, float]]:
    return sorted(results, key=lambda cell: -results[cell])[:3]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=2)
    parser.add_argument("--data", default="auto", choices=["auto", "bundled"])
    args = parser.parse_args()
    data = Tensors.from_mnist(load_mnist(source=args.data))
    print(f"{len(data.y_train)} training digits, {os.cpu_count()} cores, {PRESET.trial_count()} cells")
    ratios = []
    for round_ in range(1, args.rounds + 1):
        start = time.perf_counter()
        full = every_cell_fully(PRESET, data)
        baseline_s = time.perf_counter() - start
        start = time.perf_counter()
        sweep, pruned, saved = swept(PRESET, data)
        sweep_s = time.perf_counter() - start
        ratios.append(sweep_s / baseline_s)
        print(
            f"round {round_}: every cell fully {baseline_s:.1f} s · the sweep {sweep_s:.1f} s "
            f"(ratio {ratios[-1]:.2f}; {pruned} pruned, {saved} trial-epochs saved) · "
            f"top 3 {top3(full)} vs {top3(sweep)}: {'same' if top3(full) == top3(sweep) else 'DIFFERENT'}"
        )
    print(f"median ratio {statistics.median(ratios):.2f} (target <= 0.35)")


if __name__ == "__main__":
    main()
