"""Training settings to and from the URL query, so a teacher's link opens a prepared experiment."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from explainer.links import InputError, parse_number
from explainer.training.config import OPTIMIZERS, TrainConfig

DATA_SOURCES = {
    "auto": "Full MNIST if present, else the 5,000-digit subset",
    "bundled": "The 5,000-digit subset (fast)",
}
MAX_EPOCHS = 100
MAX_WIDTH = 4096
MAX_LAYERS = 8


@dataclass(frozen=True)
class Experiment:
    """What the training page's controls describe: a config and the data to train it on."""

    config: TrainConfig = TrainConfig()
    data: str = "auto"


def parse_hidden(text: str) -> tuple[int, ...]:
    """Hidden layer widths such as ``512,256,128,64``; empty means no hidden layer (softmax regression).

    >>> parse_hidden("512, 256,128 ,64")
    (512, 256, 128, 64)
    """
    parts = [part.strip() for part in str(text).split(",") if part.strip()]
    if len(parts) > MAX_LAYERS:
        raise InputError(f"At most {MAX_LAYERS} hidden layers, got {len(parts)}.")
    widths = []
    for part in parts:
        if not part.isdigit() or not 1 <= int(part) <= MAX_WIDTH:
            raise InputError(f"Hidden widths must be whole numbers from 1 to {MAX_WIDTH}, got {part!r}.")
        widths.append(int(part))
    return tuple(widths)


def _whole(text: str, name: str, low: int, high: int) -> int:
    value = parse_number(text, name, low, high)
    if value != int(value):
        raise InputError(f"{name} must be a whole number, got {text!r}.")
    return int(value)


def _choice(text: str, name: str, options: tuple[str, ...]) -> str:
    if text not in options:
        raise InputError(f"{name} must be one of {', '.join(options)}, got {text!r}.")
    return text


PARSERS = {
    "epochs": ("epochs", lambda t: _whole(t, "Epochs", 1, MAX_EPOCHS)),
    "batch": ("batch_size", lambda t: _whole(t, "Batch size", 1, 4096)),
    "lr": ("lr", lambda t: parse_number(t, "Learning rate", 0, 100, low_open=True)),
    "momentum": ("momentum", lambda t: parse_number(t, "Momentum", 0, 0.999)),
    "optimizer": ("optimizer", lambda t: _choice(t, "Optimizer", OPTIMIZERS)),
    "hidden": ("hidden", parse_hidden),
    "seed": ("seed", lambda t: _whole(t, "Seed", 0, 2**31 - 1)),
}


def experiment_from_query(query: Mapping[str, str], default: Experiment) -> tuple[Experiment, list[str]]:
    """Read an experiment from URL parameters; each bad one keeps its default and gets a message.

    >>> experiment, errors = experiment_from_query({"lr": "0.1", "batch": "x"}, Experiment())
    >>> experiment.config.lr, errors
    (0.1, ["Link parameter 'batch' ignored: Batch size must be a number, got 'x'."])
    """
    changes, errors = {}, []
    for name, (field, parse) in PARSERS.items():
        if name in query:
            try:
                changes[field] = parse(query[name])
            except InputError as error:
                errors.append(f"Link parameter {name!r} ignored: {error}")
    data = default.data
    if "data" in query:
        try:
            data = _choice(query["data"], "Data", tuple(DATA_SOURCES))
        except InputError as error:
            errors.append(f"Link parameter 'data' ignored: {error}")
    return Experiment(default.config.replace(**changes), data), errors


def experiment_to_query(experiment: Experiment) -> dict[str, str]:
    c = experiment.config
    return {
        "epochs": str(c.epochs),
        "batch": str(c.batch_size),
        "lr": f"{c.lr:g}",
        "momentum": f"{c.momentum:g}",
        "optimizer": c.optimizer,
        "hidden": ",".join(map(str, c.hidden)),
        "seed": str(c.seed),
        "data": experiment.data,
    }
