"""What a sweep varies and how it searches: one dataclass, its checks against the server's budget, its grid.

A sweep trains the lecture's network once per setting (a *trial*) and maps the results. The page opens on
:data:`PRESET`: learning rate 1e-4, 3e-4, 1e-3, ... 3, 10 (11 half-decades) x momentum 0, 0.5, 0.9, 0.99, five
epochs each: 44 trials, the lecture's (0.01, 0.5) among them. Every field round-trips through the page's link
(:data:`explainer.links.SWEEP_LINKS`), so a link names a sweep, and the same link on any machine names the same
study (:attr:`SweepPlan.study_name`).
"""

from __future__ import annotations

import dataclasses
import hashlib
import itertools
import math
import os
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from explainer.i18n import _
from explainer.links import LINKS, SWEEP_LINKS, read_query
from explainer.training.config import TrainConfig

# Learning rates per decade on the grid: 2 gives the half-decades 1, 3, 10, 30 ...
MANTISSAS = {1: (1.0,), 2: (1.0, 3.0), 3: (1.0, 2.0, 5.0)}
# SGD with momentum m settles to a step of lr / (1 - m); the lecture's network learns best in 5 epochs where that is
# about 0.2 (the preset's best cells: 0.03 x 0.9, 0.1 x 0.5, 0.3 x 0.5). A grid trains those first: they are the
# references against which the pruner stops the rest (bench/README.md, "Promising cells first").
PROMISING_STEP = 0.2


def promising_first(cells: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """``cells`` reordered by how far their steady step lr / (1 − momentum) is from :data:`PROMISING_STEP` (a stable
    sort: ties keep their order).

    >>> [(c["lr"], c["momentum"]) for c in promising_first([{"lr": 1e-4, "momentum": 0.0},
    ...     {"lr": 0.1, "momentum": 0.5}, {"lr": 0.03, "momentum": 0.9}])]
    [(0.1, 0.5), (0.03, 0.9), (0.0001, 0.0)]
    """
    return sorted(cells, key=lambda c: abs(math.log10(c["lr"] / (1 - c["momentum"]) / PROMISING_STEP)))


BUDGET_ENV = "EXPLAINER_SWEEP_BUDGET"  # trial-epochs one sweep may ask of this server
DEFAULT_BUDGET = 600  # the preset needs 220: about a minute or two of both cores on the bundled digits


class PlanError(ValueError):
    """A sweep that cannot run; the message lists every problem, fit to show to a student."""


@dataclass(frozen=True)
class SweepPlan:
    """Everything that decides a sweep; two equal plans on the same data give equal trials.

    >>> len(PRESET.grid()), PRESET.cost()
    (44, 220)
    >>> {"lr": 0.01, "momentum": 0.5, "batch_size": 64, "optimizer": "sgd", "net": "lecture"} in PRESET.grid()
    True
    """

    lr_range: tuple[float, float] = (1e-4, 10.0)  # lowest and highest learning rate, searched on a log axis
    per_decade: int = 2  # grid points per decade of learning rate (MANTISSAS)
    momenta: tuple[float, ...] = (0.0, 0.5, 0.9, 0.99)
    batch_sizes: tuple[int, ...] = (64,)
    optimizers: tuple[str, ...] = ("sgd",)
    nets: tuple[str, ...] = ("lecture",)
    trial_epochs: int = 5
    method: str = "grid"  # "grid": every cell once; "random" or "tpe" (Optuna's model-based search): `trials` of them
    trials: int = 44
    seed: int = 0  # every trial's initial weights and shuffles: cells differ by their hyperparameters only

    def learning_rates(self) -> tuple[float, ...]:
        """The grid's learning rates: each decade's mantissas within the range, lowest first.

        >>> SweepPlan(lr_range=(0.001, 0.1), per_decade=3).learning_rates()
        (0.001, 0.002, 0.005, 0.01, 0.02, 0.05, 0.1)
        """
        low, high = self.lr_range
        rates = []
        for exponent in range(math.floor(math.log10(low)) - 1, math.ceil(math.log10(high)) + 1):
            for mantissa in MANTISSAS[self.per_decade]:
                rate = float(f"{mantissa * 10.0**exponent:.6g}")
                if low * (1 - 1e-9) <= rate <= high * (1 + 1e-9):
                    rates.append(rate)
        return tuple(rates)

    def grid(self) -> list[dict[str, Any]]:
        """Every cell of the grid (Adam has no momentum: its cells take momentum 0 only)."""
        cells = []
        for optimizer, net, batch, lr in itertools.product(
            self.optimizers, self.nets, self.batch_sizes, self.learning_rates()
        ):
            for momentum in self.momenta if optimizer == "sgd" else (0.0,):
                cells.append({"lr": lr, "momentum": momentum, "batch_size": batch, "optimizer": optimizer, "net": net})
        return cells

    def varied(self) -> list[str]:
        """The parameters that take more than one value, in the order the figures show them."""
        counts = {
            "lr": len(self.learning_rates()) if self.method == "grid" else math.inf,  # searched in the range
            "momentum": len(self.momenta),
            "batch_size": len(self.batch_sizes),
            "optimizer": len(self.optimizers),
            "net": len(self.nets),
        }
        return [name for name, count in counts.items() if count > 1]

    def trial_count(self) -> int:
        return len(self.grid()) if self.method == "grid" else self.trials

    def cost(self) -> int:
        """What the sweep costs at most, in trial-epochs: trials x epochs (pruning and divergence save some)."""
        return self.trial_count() * self.trial_epochs

    def problems(self, budget: int | None = None) -> list[str]:
        """One sentence per problem (the link table's words for each field, then the ranges and the budget)."""
        found = [problem for name, field in FIELDS.items() if (problem := LINKS[name].problem(getattr(self, field)))]
        found += [
            _("{label} lists {value:g} twice.").format(label=_(LINKS[name].label), value=value)
            if isinstance(value, float)
            else _("{label} lists {value} twice.").format(label=_(LINKS[name].label), value=value)
            for name, field in FIELDS.items()
            if isinstance(items := getattr(self, field), tuple) and name != "lrs"
            for value in sorted({item for item in items if items.count(item) > 1})
        ]
        if found:
            return found
        low, high = self.lr_range
        if low >= high:
            found.append(
                _(
                    "The learning-rate range is empty or inverted: {low:g} to {high:g}. Give the lower one first."
                ).format(low=low, high=high)
            )
        elif self.method == "grid" and not self.learning_rates():
            found.append(
                _("No grid point lies between {low:g} and {high:g}: widen the range or add points per decade.").format(
                    low=low, high=high
                )
            )
        budget = sweep_budget() if budget is None else budget
        if not found and self.cost() > budget:
            found.append(
                _(
                    "This sweep asks for {trials} trials x {epochs} epochs = {cost:,} trial-epochs; this server's "
                    "budget is {budget:,}. Narrow a range, vary fewer things, or train fewer epochs."
                ).format(trials=self.trial_count(), epochs=self.trial_epochs, cost=self.cost(), budget=budget)
            )
        return found

    def validate(self, budget: int | None = None) -> SweepPlan:
        """Return self, or raise :class:`PlanError` listing every problem."""
        if found := self.problems(budget):
            raise PlanError(" ".join(found))
        return self

    def replace(self, **changes: Any) -> SweepPlan:
        return dataclasses.replace(self, **changes)

    def to_query(self) -> dict[str, str]:
        """The page's link for this plan (every sweep parameter, in SWEEP_LINKS's order)."""
        return {name: LINKS[name].format(getattr(self, field)) for name, field in FIELDS.items()}

    @property
    def study_name(self) -> str:
        """The study's name in the store: the same plan gives the same name on every machine.

        >>> PRESET.study_name == SweepPlan().study_name != PRESET.replace(trial_epochs=3).study_name
        True
        """
        text = "&".join(f"{name}={value}" for name, value in self.to_query().items())
        return "sweep-" + hashlib.sha1(text.encode()).hexdigest()[:12]


# The lecture's own cell (SGD lr 0.01, momentum 0.5): outlined on the map, never pruned.
LECTURE_CELL = (TrainConfig().lr, TrainConfig().momentum)
# Link parameter -> SweepPlan field.
FIELDS = {name: LINKS[name].field for name in SWEEP_LINKS}
PRESET = SweepPlan()


def plan_from_query(query: Mapping[str, str], start: SweepPlan = PRESET) -> tuple[SweepPlan, list[str]]:
    """The plan a link names (``start``'s values where it names none) and a message per ignored parameter.

    >>> plan, errors = plan_from_query({"momenta": "0.9", "trial_epochs": "0"})
    >>> plan.momenta, plan.trial_epochs, errors
    ((0.9,), 5, ["Link parameter 'trial_epochs' ignored: Epochs per trial must be in [1, 50], got 0."])
    """
    values, errors = read_query(SWEEP_LINKS, query, dataclasses.asdict(start))
    return start.replace(**{field: values[field] for field in FIELDS.values()}), errors


def sweep_budget() -> int:
    """Trial-epochs one sweep may ask of this server: $EXPLAINER_SWEEP_BUDGET, else DEFAULT_BUDGET."""
    try:
        return max(1, int(os.environ.get(BUDGET_ENV, DEFAULT_BUDGET)))
    except ValueError:
        return DEFAULT_BUDGET
