"""A sweep's study in the shared store, through Optuna: where it lives, how it is created once, what it holds.

Where: on PostgreSQL (several machines), Optuna's RDB storage in the store's own database; on SQLite (one machine),
Optuna's journal storage in a file beside the store's SQLite file, because Optuna's maintainers warn that SQLite
breaks under parallel writers (optuna#4002) and the journal's file lock holds for every process of one machine.

Once: the first process to open a plan's study (under the store's "sweeps" lock) creates it and, for a grid, queues
every cell as a waiting trial in a seeded random order, so that the map fills evenly; Optuna hands each waiting
trial to exactly one worker (its storage pops them atomically).
"""

from __future__ import annotations

import functools
import random
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import optuna
from optuna.trial import FrozenTrial, TrialState

from explainer.store.database import Store
from explainer.sweep.plan import SweepPlan, promising_first

optuna.logging.set_verbosity(optuna.logging.WARNING)  # a line per trial would drown the server's log
JOURNAL_FILE = "explainer-sweeps.journal"
PLAN_ATTR = "plan"  # the study's plan, as its link query
# A trial's user attributes: its curves, why it stopped early (in English, and the divergence's numbers, which the
# page words in its reader's language), who runs it and until when it is known alive.
CURVES, STOPPED, DIVERGENCE, WORKER, ALIVE_UNTIL, RETRY_OF, SURPLUS = (
    "curves", "stopped", "divergence", "worker", "alive_until", "retry_of", "surplus"
)  # fmt: skip


@functools.cache
def storage_for(url: str) -> optuna.storages.BaseStorage:
    """Optuna's storage for the store at ``url``: RDB on PostgreSQL, a journal file beside a SQLite store."""
    if url.startswith("postgresql"):
        store = Store(url)
        try:  # Optuna creates its tables and types on first use: two processes at once collide (CREATE TYPE)
            with store.begin() as db:
                Store.serialized(db, "sweeps")
                return optuna.storages.RDBStorage(url, engine_kwargs={"pool_pre_ping": True})
        finally:
            store.dispose()
    database = Path(url.removeprefix("sqlite:///"))
    backend = optuna.storages.journal.JournalFileBackend(str(database.with_name(JOURNAL_FILE)))
    return optuna.storages.JournalStorage(backend)


def sampler_for(plan: SweepPlan) -> optuna.samplers.BaseSampler:
    """Grid cells are queued (the sampler only fills a gap); random and TPE draw from the plan's ranges."""
    if plan.method == "tpe":
        return optuna.samplers.TPESampler(seed=plan.seed, n_startup_trials=min(10, plan.trials // 3 + 1))
    return optuna.samplers.RandomSampler(seed=plan.seed)


STARTUP_TRIALS = 5  # trials finished before any is pruned: a small sweep's first results decide nothing


class AfterStartup(optuna.pruners.BasePruner):
    """``pruner``, once :data:`STARTUP_TRIALS` trials have finished (Optuna's successive halving has no such patience:
    its ``bootstrap_count`` prunes the first trials instead of sparing them)."""

    def __init__(self, pruner: optuna.pruners.BasePruner, startup: int = STARTUP_TRIALS) -> None:
        self._pruner, self._startup = pruner, startup

    def prune(self, study: optuna.Study, trial: FrozenTrial) -> bool:
        finished = study.get_trials(deepcopy=False, states=(TrialState.COMPLETE, TrialState.PRUNED))
        return len(finished) >= self._startup and self._pruner.prune(study, trial)


def pruner_for(plan: SweepPlan) -> optuna.pruners.BasePruner:
    """Asynchronous successive halving once 5 trials have finished (a grid's most promising cells, which set the
    bar): after epochs 1 and 3 a trial goes on only if its test accuracy is among the best third of those that reached
    that epoch, so the hopeless cells of a map stop early. On the preset it saves more trial-epochs than the median
    pruner, with the same top 3 (bench/README.md)."""
    return AfterStartup(optuna.pruners.SuccessiveHalvingPruner(min_resource=1, reduction_factor=3))


def open_study(plan: SweepPlan, store: Store) -> optuna.Study:
    """The plan's study, created (and its grid queued) by the first process to ask for it."""
    storage = storage_for(store.url)
    with store.begin() as db:
        Store.serialized(db, "sweeps")  # one creator: the others find the study and its queue made
        study = optuna.create_study(
            study_name=plan.study_name,
            storage=storage,
            direction="maximize",
            sampler=sampler_for(plan),
            pruner=pruner_for(plan),
            load_if_exists=True,
        )
        if PLAN_ATTR not in study.user_attrs:
            if plan.method == "grid":
                cells = plan.grid()
                random.Random(plan.seed).shuffle(cells)  # equally promising cells in no particular order
                for cell in promising_first(cells):
                    study.enqueue_trial(cell)
            study.set_user_attr(PLAN_ATTR, plan.to_query())
    return study


@dataclass(frozen=True)
class TrialView:
    """One trial as the page shows it."""

    number: int
    params: dict[str, Any]
    state: str  # "running", "finished", "pruned", "diverged", "waiting" or "lost" (its worker died; retried)
    accuracy: float | None  # final test accuracy (the last epoch it ran)
    curves: list[dict[str, float]]  # per epoch: epoch, train_loss, test_loss, test_accuracy
    stopped: str  # why it stopped early, in words ('' if it did not), in English
    divergence: dict[str, Any] | None = None  # a diverged trial's Divergence, as its fields (the page words it)


def trial_view(trial: FrozenTrial) -> TrialView:
    """The page's view of one of Optuna's trials (a waiting one's cell is in its fixed parameters)."""
    attrs = trial.user_attrs
    stopped = attrs.get(STOPPED, "")
    if trial.state == TrialState.COMPLETE:
        state = "diverged" if stopped else "finished"
    else:
        state = {
            TrialState.RUNNING: "running",
            TrialState.PRUNED: "pruned",
            TrialState.WAITING: "waiting",
            TrialState.FAIL: "lost",
        }[trial.state]
    curves = attrs.get(CURVES, [])
    accuracy = trial.value if trial.value is not None else (curves[-1]["test_accuracy"] if curves else None)
    params = dict(trial.params) or dict(trial.system_attrs.get("fixed_params", {}))
    return TrialView(trial.number, params, state, accuracy, curves, stopped, attrs.get(DIVERGENCE))


def trials(study: optuna.Study) -> list[TrialView]:
    """Every trial of the study but the surplus ones (a worker that found the grid empty), in order."""
    return [trial_view(trial) for trial in study.get_trials(deepcopy=False) if not trial.user_attrs.get(SURPLUS)]


def load_study(plan: SweepPlan, store: Store) -> optuna.Study:
    """The plan's study, to read (KeyError if no one has opened it yet)."""
    return optuna.load_study(study_name=plan.study_name, storage=storage_for(store.url))


def importances(study: optuna.Study) -> dict[str, float] | None:
    """Each varied parameter's share of the finished trials' accuracy spread (fANOVA: it fits a random forest, a
    second or more); None while the finished trials do not vary enough to tell."""
    try:
        return optuna.importance.get_param_importances(study)
    except (RuntimeError, ValueError):
        return None


def load_trials(plan: SweepPlan, store: Store) -> list[TrialView]:
    """The plan's trials as the store holds them now (none if no one has opened the study yet)."""
    try:
        return trials(load_study(plan, store))
    except KeyError:
        return []


@dataclass(frozen=True)
class Progress:
    """How far a sweep has come, in the numbers the page says."""

    total: int  # trials the plan asks for
    done: int  # finished, pruned or diverged
    running: int
    pruned: int
    diverged: int
    lost: int  # given back by a dead worker and queued again
    epochs_saved: int  # trial-epochs not trained because a trial was pruned or diverged

    @property
    def complete(self) -> bool:
        return self.done >= self.total


def progress(views: list[TrialView], plan: SweepPlan) -> Progress:
    """The sweep's progress from its trials.

    >>> view = TrialView(0, {}, "pruned", 0.5, [{"epoch": 1}, {"epoch": 2}], "")
    >>> progress([view], SweepPlan(trial_epochs=5)).epochs_saved
    3
    """
    states = [view.state for view in views]
    stopped = [view for view in views if view.state in ("pruned", "diverged")]
    return Progress(
        total=plan.trial_count(),
        done=sum(state in ("finished", "pruned", "diverged") for state in states),
        running=states.count("running"),
        pruned=states.count("pruned"),
        diverged=states.count("diverged"),
        lost=states.count("lost"),
        epochs_saved=sum(plan.trial_epochs - len(view.curves) for view in stopped),
    )
