"""Every link parameter of the app, declared once: its name in the URL, what it sets, its bounds, its help.

A teacher shares a prepared example as a link (``/softmax?logits=0.2,0.1,-0.1&target=0``). Each
parameter's one :class:`Param` in :data:`LINKS` drives everything about it: parsing the URL text, the
message for a bad value (naming the parameter and what to fix), the range of the widget that shows it,
the checks of :class:`~explainer.training.config.TrainConfig`, and writing the value back to the URL.
Defaults are not here: they belong to the dataclass each page fills (:class:`Example`, ``TrainConfig``),
and two pages may start from different ones.

Every parser raises :class:`InputError` (a ``ValueError``) whose text is fit to show to a student.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET

MIN_CLASSES = 2
MAX_CLASSES = 10
# Logits beyond this are not interesting and e^z is inf for every float type long before.
LOGIT_LIMIT = 1000.0
OPTIMIZERS = ("sgd", "adam")
# The hidden layers a sweep may try, by name; the lecture's network first.
NETS: dict[str, tuple[int, ...]] = {
    "lecture": (512, 256, 128, 64),
    "half": (256, 128, 64, 32),
    "one": (128,),
    "none": (),  # no hidden layer: softmax regression, the lecture's model without its MLP
}
SWEEP_METHODS = ("grid", "random", "tpe")  # every cell once; random draws; Optuna's model-based search (TPE)
DATA_SOURCES = {
    "auto": "Full MNIST if present, else the 5,000-digit subset",
    "bundled": "The 5,000-digit subset (fast)",
}
SHOWN_INPUT = 40  # characters of a bad value repeated in its message: a pasted novel stays off the screen
MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})  # Unicode minus and en dash, as slides and word processors write


class InputError(ValueError):
    """Bad user input; the message says what to fix."""


def _shown(text: object) -> str:
    text = str(text)
    return repr(text if len(text) <= SHOWN_INPUT else text[:SHOWN_INPUT] + "…")


def parse_number(text: str, name: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite float in [low, high] (or (low, high] with ``low_open``); a Unicode minus counts as minus.

    >>> parse_number("0.5", "T", 0, 10, low_open=True), parse_number("−2", "c", -10, 10)
    (0.5, -2.0)
    """
    try:
        value = float(str(text).strip().translate(MINUS_SIGNS))
    except ValueError:
        raise InputError(f"{name} must be a number, got {_shown(text)}.") from None
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {_shown(text)}.")
    if value < low or value > high or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise InputError(f"{name} must be in {bracket}{low:g}, {high:g}], got {value:g}.")
    return value


def _items(text: str) -> list[str]:
    return [part.strip() for part in str(text).replace(";", ",").split(",") if part.strip()]


Kind = Literal["number", "whole", "choice", "choices", "numbers", "widths"]


@dataclass(frozen=True)
class Param:
    """One link parameter. ``kind``: a ``number``, a ``whole`` number, a ``choice``, or comma-separated lists of
    ``min_items`` to ``max_items`` items: ``choices``, ``numbers`` (each in [low, high]) or ``widths`` (whole numbers
    in [low, high]; hidden layers, possibly none)."""

    name: str  # in the URL: short, because teachers type these links
    field: str  # the dataclass field it sets
    label: str  # in messages and on the widget
    kind: Kind
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False  # (low, high] instead of [low, high]
    step: float | None = None  # the widget's step, where it has one
    choices: tuple[str, ...] = ()
    min_items: int = 0
    max_items: int = 1
    help: str = ""
    item: str = ""  # a list's item in messages ("Momentum 1 must be …"); the label less its plural s by default

    def parse(self, text: str) -> Any:
        """The value a link's text stands for, or :class:`InputError` saying what to fix.

        >>> LINKS["momentum"].parse("0.9"), LINKS["hidden"].parse("512, 256")
        (0.9, (512, 256))
        >>> LINKS["momentum"].parse("0.995")
        Traceback (most recent call last):
        ...
        explainer.links.InputError: Momentum must be in [0, 0.99], got 0.995.
        """
        if self.kind == "number":
            return parse_number(text, self.label, self.low, self.high, low_open=self.low_open)
        if self.kind == "whole":
            return self._whole(text, self.label)
        if self.kind == "choice":
            if text not in self.choices:
                raise InputError(f"{self.label} must be one of {', '.join(self.choices)}, got {_shown(text)}.")
            return text
        parts = _items(text)
        if not self.min_items <= len(parts) <= self.max_items:
            if self.min_items == self.max_items:
                raise InputError(f"Give {self.min_items} {self.label.lower()}, separated by commas; got {len(parts)}.")
            if self.min_items:
                raise InputError(
                    f"Give {self.min_items} to {self.max_items} {self.label.lower()}, separated by commas; "
                    f"got {len(parts)}."
                )
            raise InputError(f"At most {self.max_items} {self.label.lower()}, got {len(parts)}.")
        if self.kind == "choices":
            if unknown := [part for part in parts if part not in self.choices]:
                raise InputError(f"{self.label} may be {', '.join(self.choices)}; got {_shown(unknown[0])}.")
            return tuple(parts)
        if self.kind == "numbers":
            return tuple(
                parse_number(part, f"{self.item or self.label[:-1]} {i}", self.low, self.high, low_open=self.low_open)
                for i, part in enumerate(parts)
            )
        return tuple(self._whole(part, self.label) for part in parts)

    def _whole(self, text: str, name: str) -> int:
        value = parse_number(text, name, self.low, self.high)
        if value != int(value):
            raise InputError(f"{name} must be a whole number, got {_shown(text)}.")
        return int(value)

    def problem(self, value: object) -> str | None:
        """Why ``value`` is not allowed (in the words a bad link gets), or None: the config checks use this.

        >>> LINKS["epochs"].problem(0), LINKS["epochs"].problem(2.5), LINKS["epochs"].problem(10) is None
        ('Epochs must be in [1, 100000], got 0.', "Epochs must be a whole number, got '2.5'.", True)
        """
        if self.kind in ("number", "whole") and (isinstance(value, bool) or not isinstance(value, int | float)):
            return f"{self.label} must be a number, got {_shown(value)}."
        if self.kind == "whole" and not isinstance(value, int):
            return f"{self.label} must be a whole number, got {_shown(value)}."
        try:
            self.parse(self.format(value))
        except InputError as error:
            return str(error)
        except (TypeError, ValueError):
            return f"{self.label} got an unusable value {_shown(value)}."
        return None

    def format(self, value: Any) -> str:
        """The URL text of ``value`` (inverse of :meth:`parse`).

        >>> LINKS["logits"].format(LECTURE_LOGITS), LINKS["lr"].format(0.01)
        ('0.2,0.1,-0.1', '0.01')
        """
        if self.kind == "choices":
            return ",".join(value)
        if self.kind in ("numbers", "widths"):
            return ",".join(f"{item:.10g}" for item in value)
        return f"{value:.10g}" if self.kind == "number" else str(value)


LINKS: dict[str, Param] = {
    param.name: param
    for param in (
        # The logit pages (softmax, sigmoid vs softmax): an Example.
        Param(
            "logits", "logits", "Logits", "numbers", -LOGIT_LIMIT, LOGIT_LIMIT, min_items=MIN_CLASSES,
            max_items=MAX_CLASSES, help="2 to 10 numbers within ±1000, e.g. 0.2,0.1,-0.1",
        ),
        Param("target", "target", "The true class", "whole", 0, MAX_CLASSES - 1, help="0 … K−1"),
        Param(
            "T", "temperature", "Temperature T", "number", 0.1, 10.0, step=0.1,
            help="Divides the logits: T < 1 sharpens the softmax, T > 1 flattens it.",
        ),
        Param(
            "eps", "label_smoothing", "Label smoothing ε", "number", 0.0, 0.5, step=0.01,
            help="The target becomes (1 − ε)·onehot + ε/K.",
        ),
        Param("shift", "shift", "Shift c", "number", -20.0, 20.0, step=0.5, help="Added to every logit."),
        # The training pages (MNIST, Otto): a TrainConfig and the data.
        Param("epochs", "epochs", "Epochs", "whole", 1, 100_000, help="Passes over the training set."),
        Param("batch", "batch_size", "Batch size", "whole", 1, 4096, help="Examples per SGD step."),
        Param("lr", "lr", "Learning rate", "number", 0.0, 100.0, low_open=True, help="The step size of SGD."),
        Param(
            "momentum", "momentum", "Momentum", "number", 0.0, 0.99, step=0.01,
            help="SGD only: how much of the last step carries over.",
        ),
        Param("optimizer", "optimizer", "Optimizer", "choice", choices=OPTIMIZERS),
        Param(
            "hidden", "hidden", "Hidden layer widths", "widths", 1, 4096, max_items=8,
            help="Comma-separated, e.g. 512,256,128,64; empty: no hidden layer",
        ),
        Param("seed", "seed", "Seed", "whole", 0, 2**31 - 1, help="Same seed, same run."),
        Param("data", "data", "Data", "choice", choices=tuple(DATA_SOURCES)),
        # The evaluation page: which class its one-vs-rest part explains (outlined in the matrix), the diagonal.
        # Not "class": that is a class session's join code, on every page.
        Param("digit", "explained_class", "Class to explain", "whole", 0, 9, help="The digit 0 … 9."),
        Param(
            "diagonal", "diagonal", "Diagonal", "choice", choices=("shown", "hidden"),
            help="hidden: the right answers leave the matrix and its colours span the mistakes only.",
        ),
        # The sweep page (explore): a SweepPlan. Its own names: a sweep's ranges are not one run's values.
        Param(
            "lrs", "lr_range", "Learning rates (lowest, highest)", "numbers", 0.0, 100.0, low_open=True, min_items=2,
            max_items=2, help="The lowest and the highest learning rate, e.g. 1e-4,10 (a log axis)",
            item="Learning rate",
        ),
        Param(
            "per_decade", "per_decade", "Points per decade", "whole", 1, 3,
            help="Grid learning rates per decade: 1 (1e-3, 1e-2 …), 2 (… 1e-3, 3e-3 …) or 3 (… 1, 2, 5 …)",
        ),
        Param(
            "momenta", "momenta", "Momenta", "numbers", 0.0, 0.99, min_items=1, max_items=8,
            help="SGD's momenta to try, e.g. 0,0.5,0.9,0.99", item="Momentum",
        ),
        Param("batches", "batch_sizes", "Batch sizes", "widths", 1, 4096, min_items=1, max_items=6, help="e.g. 64"),
        Param("optimizers", "optimizers", "Optimizers", "choices", choices=OPTIMIZERS, min_items=1, max_items=2),
        Param(
            "nets", "nets", "Networks", "choices", choices=tuple(NETS), min_items=1, max_items=len(NETS),
            help="lecture: 512,256,128,64; half: 256,128,64,32; one: 128; none: no hidden layer",
        ),
        Param("trial_epochs", "trial_epochs", "Epochs per trial", "whole", 1, 50, help="Each trial's passes."),
        Param("method", "method", "Search", "choice", choices=SWEEP_METHODS),
        Param("trials", "trials", "Trials", "whole", 1, 500, help="Random and TPE searches: how many trials."),
        # Every page: lecture mode hides what the lecture does not teach.
        Param(
            "lecture", "lecture", "Lecture mode", "choice", choices=("0", "1"),
            help="1: only what the lecture teaches, sized for a projector; 0: every extra.",
        ),
    )
}  # fmt: skip
LOGIT_PAGE_LINKS = ("logits", "target", "T", "eps", "shift")
TRAINING_LINKS = ("epochs", "batch", "lr", "momentum", "optimizer", "hidden", "seed", "data")
EVALUATION_LINKS = ("digit", "diagonal")
SWEEP_LINKS = ("lrs", "per_decade", "momenta", "batches", "optimizers", "nets", "trial_epochs", "method", "trials")
LECTURE_LINK = "lecture"  # read on every page, before the page's own parameters
CLASS_LINKS = ("class", "teacher")  # a class session's join code, and the teacher's secret (taken out at once)

# Who owns which link parameters: each owner reads its own on its first run and writes only them back, so two
# owners never share a name (tests/test_links.py). A page's owner is its url_path.
LINK_OWNERS: dict[str, tuple[str, ...]] = {
    "lecture_mode": (LECTURE_LINK,),
    "class": CLASS_LINKS,
    "softmax": ("logits", "target", "T", "eps"),
    "sigmoid_vs_softmax": ("logits", "target", "shift"),
    "training": TRAINING_LINKS,
    "otto": tuple(name for name in TRAINING_LINKS if name != "data"),  # the data is the page's current file
    "evaluation": EVALUATION_LINKS,
    "explore": SWEEP_LINKS,
}


def read_query(
    names: Iterable[str], query: Mapping[str, str], values: Mapping[str, Any]
) -> tuple[dict[str, Any], list[str]]:
    """``values`` (by field) with each named parameter the query carries read in; a bad one keeps its value.

    Returns the new values and one message per ignored parameter, naming it and saying what to fix.

    >>> read_query(("lr", "batch"), {"lr": "0.1", "batch": "x"}, {"lr": 0.01, "batch_size": 64})
    ({'lr': 0.1, 'batch_size': 64}, ["Link parameter 'batch' ignored: Batch size must be a number, got 'x'."])
    """
    values, errors = dict(values), []
    for name in names:
        if name in query:
            param = LINKS[name]
            try:
                values[param.field] = param.parse(query[name])
            except InputError as error:
                errors.append(f"Link parameter {name!r} ignored: {error}")
    return values, errors


def write_query(names: Iterable[str], values: Mapping[str, Any]) -> dict[str, str]:
    """The URL query for the named parameters (inverse of :func:`read_query`)."""
    return {name: LINKS[name].format(values[LINKS[name].field]) for name in names}


@dataclass(frozen=True)
class Example:
    """One example as the logit pages show it; every field round-trips through the URL query."""

    logits: tuple[float, ...] = LECTURE_LOGITS  # the lecture's z
    target: int = LECTURE_TARGET  # the lecture's y = [1, 0, 0]
    temperature: float = 1.0  # T = 1 is plain softmax
    label_smoothing: float = 0.0  # eps = 0 is the lecture's one-hot target
    shift: float = 0.0  # constant added to every logit (sigmoid vs softmax page)

    @property
    def num_classes(self) -> int:
        return len(self.logits)


def example_from_query(
    query: Mapping[str, str], default: Example, names: Iterable[str] = LOGIT_PAGE_LINKS
) -> tuple[Example, list[str]]:
    """Read an :class:`Example` from URL query parameters; each bad one is replaced by its default.

    A true class outside the (possibly new) number of logits is a bad parameter too.

    >>> example_from_query({"logits": "1,2", "target": "5"}, Example())
    (Example(logits=(1.0, 2.0), target=0, temperature=1.0, label_smoothing=0.0, shift=0.0), \
["Link parameter 'target' ignored: The true class must be between 0 and 1, got 5."])
    """
    names = tuple(names)
    values, errors = read_query(names, query, vars(default))
    num_classes = len(values["logits"])
    if values["target"] >= num_classes:
        if "target" in query and not any(error.startswith("Link parameter 'target'") for error in errors):
            errors.append(
                f"Link parameter 'target' ignored: The true class must be between 0 and {num_classes - 1}, "
                f"got {values['target']}."
            )
        values["target"] = min(default.target, num_classes - 1)
    return Example(**values), errors


def example_to_query(example: Example, names: Iterable[str]) -> dict[str, str]:
    """The URL query for the named parameters of ``example`` (inverse of :func:`example_from_query`)."""
    return write_query(names, vars(example))


def softmax_page_logits(logits: Iterable[float]) -> tuple[float, ...]:
    """A model's logits as the softmax page's link accepts them: 4 decimals, within ±1000 (its limit).

    >>> softmax_page_logits([0.123456, 5000.0, -1e9])
    (0.1235, 1000.0, -1000.0)
    """
    return tuple(round(min(max(float(z), -LOGIT_LIMIT), LOGIT_LIMIT), 4) for z in logits)


def resize(example: Example, num_classes: int) -> Example:
    """Drop trailing logits or add zeros; keep the true class inside the new range."""
    logits = (example.logits + (0.0,) * num_classes)[:num_classes]
    return replace(example, logits=logits, target=min(example.target, num_classes - 1))
