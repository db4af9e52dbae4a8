"""A sweep's study in the store: every cell runs once, pruning keeps the best, a dead worker's trial runs again, and
two worker processes on one PostgreSQL study give what one worker gives."""

import subprocess
import sys
import threading
import time

import numpy as np
import optuna
import pytest
import torch
from optuna.trial import TrialState

from deploy.serving import ROOT
from explainer.data.mnist import load_mnist
from explainer.store.database import Store
from explainer.store.settings import STORE_ENV
from explainer.sweep import study as sweep_study
from explainer.sweep.plan import SweepPlan
from explainer.sweep.study import ALIVE_UNTIL, RETRY_OF, load_trials, open_study, progress
from explainer.sweep.worker import Worker, distributions, recover_lost_trials, train_trials, trial_config
from explainer.training.jobs import Limiter
from explainer.training.population import can_train_together
from explainer.training.tensors import Tensors
from tests.support.waiting import wait_until

# A small grid on a small problem: 3 learning rates x 2 momenta, softmax regression (no hidden layer).
SMALL = SweepPlan(lr_range=(0.01, 1.0), per_decade=1, momenta=(0.0, 0.9), nets=("none",), trial_epochs=3)


@pytest.fixture(scope="module")
def data() -> Tensors:
    rng = np.random.default_rng(0)
    centres = rng.normal(size=(4, 20)) * 2
    y = rng.integers(0, 4, size=600)
    x = (centres[y] + rng.normal(size=(600, 20))).astype(np.float32)
    return Tensors.from_arrays(x[:400], y[:400], x[400:], y[400:], 4)


def work(plan: SweepPlan, store: Store, data: Tensors, limiter: Limiter | None = None) -> int:
    worker = Worker(plan, store, data, limiter or Limiter(1, store), "test")
    return worker.work(threading.Event())


def by_cell(views) -> dict[tuple, float]:
    return {(v.params["lr"], v.params["momentum"]): v.accuracy for v in views if v.state != "lost"}


def test_one_worker_runs_every_cell_once_and_keeps_each_curve(store, data):
    assert work(SMALL, store, data) == 6
    views = load_trials(SMALL, store)
    assert sorted((v.params["lr"], v.params["momentum"]) for v in views) == sorted(
        (cell["lr"], cell["momentum"]) for cell in SMALL.grid()
    )
    assert all(v.state == "finished" and len(v.curves) == 3 for v in views)
    assert all(v.accuracy == v.curves[-1]["test_accuracy"] for v in views)
    assert progress(views, SMALL).complete
    assert work(SMALL, store, data) == 0  # nothing left: a second worker finds the grid empty


def test_trials_trained_as_one_population_end_as_each_alone_pruned_and_diverged_included(data):
    plan = SweepPlan(lr_range=(0.01, 100.0), per_decade=1, momenta=(0.5,), nets=("one",), trial_epochs=3)
    configs = [trial_config(plan, cell) for cell in plan.grid()]  # lr 0.01 ... 100: the largest diverge
    assert can_train_together(configs)

    def report(index: int, epoch: int, accuracy: float) -> bool:
        return index == 1 and epoch == 1  # the pruner stops the second trial after its first epoch

    together = train_trials(configs, data, report)
    alone = [
        train_trials([config], data, lambda _, epoch, a, i=i: report(i, epoch, a))[0]
        for i, config in enumerate(configs)
    ]
    assert [(o.pruned, o.stopped, len(o.curves)) for o in together] == [
        (o.pruned, o.stopped, len(o.curves)) for o in alone
    ]
    assert together[1].pruned and len(together[1].curves) == 1 and any(o.stopped for o in together)
    for a, b in zip(together, alone, strict=True):
        assert [c["test_accuracy"] for c in a.curves] == pytest.approx([c["test_accuracy"] for c in b.curves], abs=1e-3)


def test_a_diverging_cell_stops_at_once_and_says_where(store, data):
    plan = SweepPlan(lr_range=(20.0, 50.0), per_decade=3, momenta=(0.99,), nets=("one",), trial_epochs=3)
    work(plan, store, data)
    views = load_trials(plan, store)
    assert {v.state for v in views} == {"diverged"}
    assert all(len(v.curves) < 3 and "at epoch" in v.stopped for v in views)
    assert progress(views, plan).epochs_saved == sum(3 - len(v.curves) for v in views) > 0


def test_pruning_keeps_the_same_top_three_as_training_every_cell_fully(tmp_path, data, monkeypatch):
    plan = SweepPlan(lr_range=(1e-3, 3.0), per_decade=2, momenta=(0.0, 0.9), nets=("none",), trial_epochs=4)
    full_store, pruned_store = Store(f"sqlite:///{tmp_path}/a/s.sqlite3"), Store(f"sqlite:///{tmp_path}/b/s.sqlite3")
    with monkeypatch.context() as patch:
        patch.setattr(sweep_study, "pruner_for", lambda plan: optuna.pruners.NopPruner())
        work(plan, full_store, data)
    work(plan, pruned_store, data)
    full, pruned = load_trials(plan, full_store), load_trials(plan, pruned_store)
    assert progress(pruned, plan).pruned > 0, "the pruner stopped some hopeless cells"

    def top3(views):
        return sorted(by_cell(views), key=lambda cell: -by_cell(views)[cell])[:3]

    assert top3(pruned) == top3(full)


def test_a_trial_whose_worker_died_is_failed_and_its_cell_queued_again(store, data):
    study = open_study(SMALL, store)
    trial = study.ask(distributions(SMALL))  # as a worker asks
    trial.set_user_attr(ALIVE_UNTIL, time.time() - 1)  # its heartbeat stopped a while ago
    cell = trial.params
    assert recover_lost_trials(study) == 1
    assert recover_lost_trials(study) == 0  # once
    assert study.get_trials(deepcopy=False)[trial.number].state == TrialState.FAIL
    retry = [t for t in study.get_trials(deepcopy=False) if t.user_attrs.get(RETRY_OF) == trial.number]
    assert len(retry) == 1 and retry[0].state == TrialState.WAITING
    assert retry[0].system_attrs["fixed_params"] == cell
    work(SMALL, store, data)
    views = load_trials(SMALL, store)
    assert [v.state for v in views].count("lost") == 1
    assert len(by_cell(views)) == 6 and progress(views, SMALL).complete


def test_two_worker_processes_on_one_postgresql_study_run_every_cell_once_as_one_worker_does(postgres):
    plan = SweepPlan(lr_range=(0.01, 0.1), per_decade=2, momenta=(0.0, 0.9), nets=("one",), trial_epochs=1)
    shared = postgres.new_database()
    query = "&".join(f"{name}={value}" for name, value in plan.to_query().items())
    command = [sys.executable, "-m", "explainer.sweep", "worker", "--plan", query, "--data", "bundled"]
    env = {STORE_ENV: shared, "EXPLAINER_MAX_TRAININGS": "2", "PATH": "/usr/bin:/bin"}
    gate, never = Limiter(2, Store(shared)), threading.Event()
    for holder in ("gate-1", "gate-2"):  # both slots held until both processes queue for one: they start together
        gate.acquire(holder, never)
    workers = [subprocess.Popen([*command, "--workers", "1"], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)
               for _ in range(2)]  # fmt: skip
    wait_until(lambda: gate.waiting == 2, timeout=120, what="both worker processes queued for a training slot")
    for holder in ("gate-1", "gate-2"):
        gate.release(holder)
    for process in workers:
        _, err = process.communicate(timeout=300)
        assert process.returncode == 0, err
    together = load_trials(plan, Store(shared))
    assert len(together) == len(plan.grid()) == 6, "every cell ran once"
    study = optuna.load_study(study_name=plan.study_name, storage=sweep_study.storage_for(shared))
    assert len({study.trials[v.number].user_attrs["worker"].split(":")[1] for v in together}) == 2, "each took a share"
    alone = Store(postgres.new_database())  # one worker, here, on the same digits with the same seeds
    bundled = Tensors.from_mnist(load_mnist(source="bundled"))
    torch.set_num_threads(1)  # as each worker process's one slot of two on this machine's cores
    work(plan, alone, bundled, Limiter(2, alone))
    assert by_cell(together) == pytest.approx(by_cell(load_trials(plan, alone)), abs=1e-6)


def test_no_trial_is_pruned_before_five_have_finished(store, data):
    plan = SweepPlan(lr_range=(1e-3, 10.0), per_decade=1, momenta=(0.0,), nets=("none",), trial_epochs=3)
    assert len(plan.grid()) <= sweep_study.STARTUP_TRIALS  # 5 learning rates: the last sees 4 finished
    work(plan, store, data)
    assert progress(load_trials(plan, store), plan).pruned == 0  # successive halving alone pruned from the 2nd trial
