"""Workers take a sweep's trials one at a time and train them: in the app's threads, or ``python -m explainer.sweep``.

A worker, in a loop (Optuna's ask-and-tell): give back the trials of workers that died, take one slot of the
training limit (students' own runs queue in the same line, so a sweep never starves them), ask the study for a
trial, train it with the lecture's loop, report each epoch's test accuracy (the pruner may stop it), tell the result.
While a trial trains, a heartbeat moves its ``alive_until`` forward; a trial whose heartbeat stopped (its process was
killed) is marked failed by the next worker to look and queued again with the same cell, so a dead replica loses
only its running trials, and every cell still runs.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import threading
import time
from collections.abc import Callable

import optuna
import torch
from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution
from optuna.exceptions import UpdateFinishedTrialError
from optuna.trial import Trial, TrialState

from explainer.links import NETS
from explainer.store.database import Store
from explainer.sweep.plan import SweepPlan
from explainer.sweep.study import ALIVE_UNTIL, CURVES, RETRY_OF, STOPPED, SURPLUS, WORKER, open_study
from explainer.training.config import TrainConfig
from explainer.training.divergence import Divergence
from explainer.training.engine import EpochResult, TrainingRun
from explainer.training.jobs import Limiter, threads_per_job
from explainer.training.tensors import Tensors

ALIVE_SECONDS = 30.0  # a trial not heard from for this long lost its worker
BEAT_SECONDS = 5.0


def distributions(plan: SweepPlan) -> dict[str, BaseDistribution]:
    """What each trial is asked for: the learning rate on a log axis, the rest from the plan's lists."""
    momenta = tuple(sorted(set(plan.momenta) | ({0.0} if "adam" in plan.optimizers else set())))
    return {
        "lr": FloatDistribution(*plan.lr_range, log=True),
        "momentum": CategoricalDistribution(momenta),
        "batch_size": CategoricalDistribution(plan.batch_sizes),
        "optimizer": CategoricalDistribution(plan.optimizers),
        "net": CategoricalDistribution(plan.nets),
    }


def trial_config(plan: SweepPlan, params: dict) -> TrainConfig:
    """One trial's training run: the lecture's loop with this cell's hyperparameters (one loss line per epoch)."""
    return TrainConfig(
        epochs=plan.trial_epochs,
        batch_size=int(params["batch_size"]),
        lr=float(params["lr"]),
        momentum=float(params["momentum"]) if params["optimizer"] == "sgd" else 0.0,
        optimizer=params["optimizer"],
        hidden=NETS[params["net"]],
        seed=plan.seed,
        log_every=10**9,
    )


def is_the_lectures(config: TrainConfig) -> bool:
    """The lecture's own settings (lr 0.01, momentum 0.5, batch 64, SGD, 784-512-256-128-64-10)."""
    lecture = TrainConfig()
    fields = ("lr", "momentum", "batch_size", "optimizer", "hidden")
    return all(getattr(config, name) == getattr(lecture, name) for name in fields)


def train_trial(
    config: TrainConfig, data: Tensors, report: Callable[[int, float], bool]
) -> tuple[list[dict[str, float]], str, bool]:
    """Train ``config``; ``report(epoch, test_accuracy)`` returns True to stop (pruned).

    Returns the per-epoch curves, why the run stopped itself ('' if it did not) and whether it was pruned.
    """
    curves: list[dict[str, float]] = []
    for event in TrainingRun(config, data).events():
        if isinstance(event, Divergence):
            return curves, event.message, False
        if isinstance(event, EpochResult):
            curves.append(
                {
                    "epoch": event.epoch,
                    "train_loss": event.train_loss,
                    "test_loss": event.test_loss,
                    "test_accuracy": event.test_accuracy,
                }
            )
            if event.epoch < config.epochs and report(event.epoch, event.test_accuracy):
                return curves, "", True
    return curves, "", False


def recover_lost_trials(study: optuna.Study, now: float | None = None) -> int:
    """Mark failed every running trial whose heartbeat stopped, and queue its cell again; return how many."""
    now = time.time() if now is None else now
    recovered = 0
    for trial in study.get_trials(deepcopy=False, states=(TrialState.RUNNING,)):
        if trial.user_attrs.get(ALIVE_UNTIL, math.inf) >= now:
            continue
        try:  # another worker may recover it first: only one marks it failed
            study._storage.set_trial_state_values(trial._trial_id, TrialState.FAIL)
        except (UpdateFinishedTrialError, RuntimeError):
            continue
        cell = trial.params or trial.system_attrs.get("fixed_params", {})  # asked, or killed before it asked
        study.enqueue_trial(cell, user_attrs={RETRY_OF: trial.number})
        recovered += 1
    return recovered


def has_work(study: optuna.Study, plan: SweepPlan) -> bool:
    """Cells still waiting (a grid), or fewer trials taken than the plan asks for (random, TPE)."""
    if plan.method == "grid":
        return bool(study.get_trials(deepcopy=False, states=(TrialState.WAITING,)))
    taken = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
    return len(study.get_trials(deepcopy=False, states=taken)) < plan.trials


@contextlib.contextmanager
def heartbeat(trial: Trial):
    """Keep ``trial`` known alive (its ``alive_until`` ahead of the clock) while the block runs."""
    stopped = threading.Event()

    def beat() -> None:
        while True:
            with contextlib.suppress(Exception):  # a store outage: the next beat tries again
                trial.set_user_attr(ALIVE_UNTIL, time.time() + ALIVE_SECONDS)
            if stopped.wait(BEAT_SECONDS):
                return

    thread = threading.Thread(target=beat, name="sweep-heartbeat", daemon=True)
    thread.start()
    try:
        yield
    finally:
        stopped.set()
        thread.join()


class Worker:
    """One worker on one plan's study; :meth:`work` returns when the study has no more work or ``stop`` is set."""

    def __init__(self, plan: SweepPlan, store: Store, data: Tensors, limiter: Limiter, name: str) -> None:
        self.plan, self.store, self.data, self.limiter, self.name = plan, store, data, limiter, name
        self.trials_run = 0

    def work(self, stop: threading.Event) -> int:
        torch.set_num_threads(threads_per_job(self.limiter))  # per thread: a slot's share of the cores
        study = open_study(self.plan, self.store)
        while not stop.is_set():
            recover_lost_trials(study)
            if not has_work(study, self.plan) or not self.limiter.acquire(self, stop):
                break
            try:
                trial = study.ask(distributions(self.plan))
                if self.plan.method == "grid" and trial.params not in self.plan.grid():
                    trial.set_user_attr(SURPLUS, True)  # the grid emptied between looking and asking
                    study.tell(trial, state=TrialState.FAIL)
                    break
                self._run(study, trial)
            finally:
                self.limiter.release(self)
        return self.trials_run

    def _run(self, study: optuna.Study, trial: Trial) -> None:
        trial.set_user_attr(WORKER, self.name)
        config = trial_config(self.plan, trial.params)
        reference = is_the_lectures(config)  # trained fully, whatever the pruner says: the map's reference curve

        def report(epoch: int, accuracy: float) -> bool:
            trial.report(accuracy, epoch)
            return not reference and trial.should_prune()

        with heartbeat(trial):
            curves, stopped, pruned = train_trial(config, self.data, report)
        trial.set_user_attr(CURVES, curves)
        if stopped:
            trial.set_user_attr(STOPPED, stopped)
        accuracy = curves[-1]["test_accuracy"] if curves else 0.0
        if pruned:
            study.tell(trial, state=TrialState.PRUNED)
        else:  # a diverged run counts with the accuracy it had (or none): the search learns to avoid it
            study.tell(trial, accuracy)
        self.trials_run += 1


class Crew:
    """This process's worker threads on one plan's study: the app starts one per training slot it may use."""

    def __init__(self, plan: SweepPlan, store: Store, data: Tensors, limiter: Limiter) -> None:
        self.plan, self.store, self.data, self.limiter = plan, store, data, limiter
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self.errors: list[str] = []
        self.exhausted = False  # a worker found no more work: the page's reruns start none again

    @property
    def working(self) -> int:
        return sum(thread.is_alive() for thread in self._threads)

    def start(self, count: int) -> None:
        """Have ``count`` workers working (more start if fewer are alive), unless the study has no more work."""
        if self.exhausted:
            return
        self._stop.clear()
        self._threads = [thread for thread in self._threads if thread.is_alive()]
        for n in range(len(self._threads), count):
            name = f"{socket.gethostname()}:{os.getpid()}:{self.plan.study_name}:{n}"
            worker = Worker(self.plan, self.store, self.data, self.limiter, name)
            thread = threading.Thread(target=self._work, args=(worker,), name=f"sweep-{n}", daemon=True)
            self._threads.append(thread)
            thread.start()

    def _work(self, worker: Worker) -> None:
        try:
            worker.work(self._stop)
            self.exhausted = self.exhausted or not self._stop.is_set()
        except Exception as error:  # the page says so; the study keeps what was told
            self.errors.append(f"A sweep worker stopped: {type(error).__name__}: {error}")

    def wait(self) -> None:
        """Until every worker has ended (no more work, or stopped)."""
        for thread in list(self._threads):
            thread.join()

    def stop(self, timeout: float | None = None) -> None:
        """Stop taking trials: each worker ends after its current trial."""
        self._stop.set()
        for thread in self._threads:
            thread.join(timeout)
