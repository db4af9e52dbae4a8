"""Workers take a sweep's trials and train them: in the app's threads, or ``python -m explainer.sweep``.

A worker, in a loop (Optuna's ask-and-tell): give back the trials of workers that died, take one slot of the
training limit (students' own runs queue in the same line, so a sweep never starves them), ask the study for up to
:data:`POPULATION` trials (8 on a GPU, 1 on a CPU), train them with the lecture's loop (at once, as one population,
where they differ only in learning rate and momentum), report each epoch's test accuracy (the pruner may stop a
trial), tell the results. While trials train, a heartbeat moves their ``alive_until`` forward; a trial whose
heartbeat stopped (its process was killed) is marked failed by the next worker to look and queued again with the same
cell, so a dead replica loses only its running trials, and every cell still runs.
"""

from __future__ import annotations

import contextlib
import math
import os
import socket
import threading
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field

import optuna
import torch
from optuna.distributions import BaseDistribution, CategoricalDistribution, FloatDistribution
from optuna.exceptions import UpdateFinishedTrialError
from optuna.trial import Trial, TrialState

from explainer.links import NETS
from explainer.store.database import Store
from explainer.sweep.plan import SweepPlan
from explainer.sweep.study import ALIVE_UNTIL, CURVES, DIVERGENCE, RETRY_OF, STOPPED, SURPLUS, WORKER, open_study
from explainer.training.config import TrainConfig
from explainer.training.divergence import Divergence
from explainer.training.engine import EpochResult, TrainingRun
from explainer.training.jobs import Limiter, threads_per_job
from explainer.training.population import Population, can_train_together
from explainer.training.tensors import Tensors

ALIVE_SECONDS = 30.0  # a trial not heard from for this long lost its worker
# Trials a worker takes at once, trained as one population where they may be. On 2 CPU cores a population of 8 has
# 1.2-1.4x the throughput of the same trials one at a time (bench/population.py), yet the preset sweep took 1.6x as
# long with populations (fewer trials pruned early, one thread per worker): one at a time on a CPU. A GPU, which one
# small trial leaves mostly idle, takes 8 (not measured yet: no GPU was lent).
POPULATION = {"cpu": 1, "cuda": 8}
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


@dataclass
class Outcome:
    """How one trial's training went: its per-epoch curves, why it stopped itself ('' if it did not, in English: a
    worker reads no language; ``divergence`` keeps its numbers, for the page to word it), pruned."""

    curves: list[dict[str, float]] = field(default_factory=list)
    stopped: str = ""
    pruned: bool = False
    divergence: Divergence | None = None

    def add(self, event: EpochResult) -> None:
        self.curves.append(
            {
                "epoch": event.epoch,
                "train_loss": event.train_loss,
                "test_loss": event.test_loss,
                "test_accuracy": event.test_accuracy,
            }
        )


Report = Callable[[int, int, float], bool]  # (trial's index, epoch, test accuracy) -> stop it (pruned)


def train_trials(configs: list[TrainConfig], data: Tensors, report: Report) -> list[Outcome]:
    """Train ``configs``: as one population when they may train together, else one after another. ``report`` is
    told each epoch's test accuracy and may stop a trial (pruned)."""
    outcomes = [Outcome() for _config in configs]
    if len(configs) > 1 and can_train_together(configs):
        population = Population(configs, data)
        for index, event in population.events():
            if _heard(outcomes[index], configs[index], index, event, report):
                population.drop(index)
        return outcomes
    for index, config in enumerate(configs):
        for event in TrainingRun(config, data).events():
            if _heard(outcomes[index], config, index, event, report):
                break
    return outcomes


def _heard(outcome: Outcome, config: TrainConfig, index: int, event: object, report: Report) -> bool:
    """Record trial ``index``'s ``event`` in its ``outcome``; True when the trial is to stop here (pruned)."""
    if isinstance(event, Divergence):
        outcome.stopped, outcome.divergence = event.message, event
    elif isinstance(event, EpochResult):
        outcome.add(event)
        outcome.pruned = event.epoch < config.epochs and report(index, event.epoch, event.test_accuracy)
    return outcome.pruned


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


def work_left(study: optuna.Study, plan: SweepPlan) -> int:
    """Cells still waiting (a grid), or trials the plan asks for that no one has taken yet (random, TPE)."""
    if plan.method == "grid":
        return len(study.get_trials(deepcopy=False, states=(TrialState.WAITING,)))
    taken = (TrialState.COMPLETE, TrialState.PRUNED, TrialState.RUNNING)
    return max(0, plan.trials - len(study.get_trials(deepcopy=False, states=taken)))


@contextlib.contextmanager
def heartbeat(trials: list[Trial]):
    """Keep ``trials`` known alive (their ``alive_until`` ahead of the clock) while the block runs."""
    stopped = threading.Event()

    def beat() -> None:
        while True:
            with contextlib.suppress(Exception):  # a store outage: the next beat tries again
                for trial in trials:
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
            if not work_left(study, self.plan) or not self.limiter.acquire(self, stop):
                break
            try:
                trials = self._ask(study)
                if not trials:
                    break
                self._run(study, trials)
            finally:
                self.limiter.release(self)
        return self.trials_run

    def _ask(self, study: optuna.Study) -> list[Trial]:
        """Up to :data:`POPULATION` trials for this device, and no more than a fair share of the work left among as
        many workers as the training limit lets run (a small grid's last cells are not all taken by one worker)."""
        most = POPULATION.get(self.data.device.type, 1)
        share = min(most, math.ceil(work_left(study, self.plan) / self.limiter.limit))
        trials: list[Trial] = []
        while len(trials) < max(1, share):
            trial = study.ask(distributions(self.plan))
            if self.plan.method == "grid" and trial.params not in self.plan.grid():
                trial.set_user_attr(SURPLUS, True)  # the grid emptied between looking and asking
                study.tell(trial, state=TrialState.FAIL)
                break
            trial.set_user_attr(WORKER, self.name)
            trials.append(trial)
        return trials

    def _run(self, study: optuna.Study, trials: list[Trial]) -> None:
        configs = [trial_config(self.plan, trial.params) for trial in trials]
        references = [is_the_lectures(config) for config in configs]  # trained fully: the map's reference curve

        def report(index: int, epoch: int, accuracy: float) -> bool:
            trials[index].report(accuracy, epoch)
            return not references[index] and trials[index].should_prune()

        with heartbeat(trials):
            outcomes = train_trials(configs, self.data, report)
        for trial, outcome in zip(trials, outcomes, strict=True):
            trial.set_user_attr(CURVES, outcome.curves)
            if outcome.stopped:
                trial.set_user_attr(STOPPED, outcome.stopped)
            if outcome.divergence is not None:  # its numbers: each reader's page words them in its language
                trial.set_user_attr(DIVERGENCE, asdict(outcome.divergence))
            if outcome.pruned:
                study.tell(trial, state=TrialState.PRUNED)
            else:  # a diverged run counts with the accuracy it had (or none): the search learns to avoid it
                study.tell(trial, outcome.curves[-1]["test_accuracy"] if outcome.curves else 0.0)
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
