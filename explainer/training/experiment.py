"""What a training page's controls describe, to and from the URL: a teacher's link opens a prepared experiment."""

from __future__ import annotations

import dataclasses
from collections.abc import Mapping
from dataclasses import dataclass

from explainer.links import TRAINING_LINKS, read_query, write_query
from explainer.training.config import TrainConfig


@dataclass(frozen=True)
class Experiment:
    """A config and the data to train it on."""

    config: TrainConfig = TrainConfig()
    data: str = "auto"

    def values(self) -> dict[str, object]:
        """Every setting by field name, as :func:`explainer.links.read_query` reads and writes them."""
        return {**dataclasses.asdict(self.config), "data": self.data}


def experiment_from_query(
    query: Mapping[str, str], default: Experiment, names: tuple[str, ...] = TRAINING_LINKS
) -> tuple[Experiment, list[str]]:
    """Read an experiment from URL parameters; each bad one keeps its default and gets a message.

    >>> experiment, errors = experiment_from_query({"lr": "0.1", "batch": "x"}, Experiment())
    >>> experiment.config.lr, errors
    (0.1, ["Link parameter 'batch' ignored: Batch size must be a number, got 'x'."])
    """
    values, errors = read_query(names, query, default.values())
    data = values.pop("data")
    return Experiment(default.config.replace(**values), data), errors


def experiment_to_query(experiment: Experiment, names: tuple[str, ...] = TRAINING_LINKS) -> dict[str, str]:
    """The URL query of the named settings (inverse of :func:`experiment_from_query`)."""
    return write_query(names, experiment.values())
