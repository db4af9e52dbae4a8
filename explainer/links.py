"""Every link parameter of the app, declared once: its name in the URL, what it sets, its bounds, its help.

A teacher shares a prepared example as a link (``/softmax?logits=0.2,0.1,-0.1&target=0``). Each
parameter's one :class:`Param` in :data:`LINKS` drives everything about it: parsing the URL text, the
message for a bad value (naming the parameter and what to fix), the range of the widget that shows it,
the checks of :class:`~explainer.training.config.TrainConfig`, and writing the value back to the URL.
Defaults are not here: they belong to the dataclass each page fills (:class:`Example`, ``TrainConfig``),
and two pages may start from different ones.

Every parser raises :class:`InputError` (a ``ValueError``) whose text is fit to show to a student, in the language
of the session that asked (English outside any session). A parameter's ``label``, ``help`` and ``item`` are marked
for the catalog here and translated where they are shown (``_(param.label)``).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from typing import Any, Literal

from explainer.i18n import N_, _
from explainer.i18n.languages import LINK_LANGUAGES
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
DATA_SOURCES = {  # the link's values and what the data choice shows for them (translated there: _(DATA_SOURCES[k]))
    "auto": N_("Full MNIST if found"),  # short: the choice's box is narrow, and a longer language must fit it
    "bundled": N_("5,000 digits (fast)"),
}
SHOWN_INPUT = 40  # characters of a bad value repeated in its message: a pasted novel stays off the screen
MINUS_SIGNS = str.maketrans({"−": "-", "–": "-"})  # Unicode minus and en dash, as slides and word processors write


class InputError(ValueError):
    """Bad user input; the message says what to fix."""


def _shown(text: object) -> str:
    text = str(text)
    return repr(text if len(text) <= SHOWN_INPUT else text[:SHOWN_INPUT] + "…")


def parse_number(text: str, name: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite float in [low, high] (or (low, high] with ``low_open``); a Unicode minus counts as minus. ``name``
    is what the messages call it, in the reader's language.

    >>> parse_number("0.5", "T", 0, 10, low_open=True), parse_number("−2", "c", -10, 10)
    (0.5, -2.0)
    """
    try:
        value = float(str(text).strip().translate(MINUS_SIGNS))
    except ValueError:
        raise InputError(_("{name} must be a number, got {got}.").format(name=name, got=_shown(text))) from None
    if not math.isfinite(value):
        raise InputError(_("{name} must be a finite number, got {got}.").format(name=name, got=_shown(text)))
    if value < low or value > high or (low_open and value == low):
        if low_open:
            message = _("{name} must be in ({low:g}, {high:g}], got {value:g}.")
        else:
            message = _("{name} must be in [{low:g}, {high:g}], got {value:g}.")
        raise InputError(message.format(name=name, low=low, high=high, value=value))
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
    label: str  # in messages and on the widget; marked with N_, shown as _(param.label)
    kind: Kind
    low: float = -math.inf
    high: float = math.inf
    low_open: bool = False  # (low, high] instead of [low, high]
    step: float | None = None  # the widget's step, where it has one
    choices: tuple[str, ...] = ()
    min_items: int = 0
    max_items: int = 1
    help: str = ""  # marked with N_, shown as _(param.help)
    item: str = ""  # a list's item in messages ("Momentum 1 must be …"), marked with N_; by default the label less s

    def parse(self, text: str) -> Any:
        """The value a link's text stands for, or :class:`InputError` saying what to fix.

        >>> LINKS["momentum"].parse("0.9"), LINKS["hidden"].parse("512, 256")
        (0.9, (512, 256))
        >>> LINKS["momentum"].parse("0.995")
        Traceback (most recent call last):
        ...
        explainer.links.InputError: Momentum must be in [0, 0.99], got 0.995.
        """
        label = _(self.label)
        if self.kind == "number":
            return parse_number(text, label, self.low, self.high, low_open=self.low_open)
        if self.kind == "whole":
            return self._whole(text, label)
        if self.kind == "choice":
            if text not in self.choices:
                raise InputError(
                    _("{label} must be one of {choices}, got {got}.").format(
                        label=label, choices=", ".join(self.choices), got=_shown(text)
                    )
                )
            return text
        parts = _items(text)
        if not self.min_items <= len(parts) <= self.max_items:
            counts = {"low": self.min_items, "high": self.max_items, "items": label.lower(), "got": len(parts)}
            if self.min_items == self.max_items:
                raise InputError(_("Give {low} {items}, separated by commas; got {got}.").format(**counts))
            if self.min_items:
                raise InputError(_("Give {low} to {high} {items}, separated by commas; got {got}.").format(**counts))
            raise InputError(_("At most {high} {items}, got {got}.").format(**counts))
        if self.kind == "choices":
            if unknown := [part for part in parts if part not in self.choices]:
                raise InputError(
                    _("{label} may be {choices}; got {got}.").format(
                        label=label, choices=", ".join(self.choices), got=_shown(unknown[0])
                    )
                )
            return tuple(parts)
        if self.kind == "numbers":
            item = _(self.item or self.label[:-1])
            return tuple(
                parse_number(part, f"{item} {i}", self.low, self.high, low_open=self.low_open)
                for i, part in enumerate(parts)
            )
        return tuple(self._whole(part, label) for part in parts)

    def _whole(self, text: str, name: str) -> int:
        value = parse_number(text, name, self.low, self.high)
        if value != int(value):
            raise InputError(_("{name} must be a whole number, got {got}.").format(name=name, got=_shown(text)))
        return int(value)

    def problem(self, value: object) -> str | None:
        """Why ``value`` is not allowed (in the words a bad link gets), or None: the config checks use this.

        >>> LINKS["epochs"].problem(0), LINKS["epochs"].problem(2.5), LINKS["epochs"].problem(10) is None
        ('Epochs must be in [1, 100000], got 0.', "Epochs must be a whole number, got '2.5'.", True)
        """
        label = _(self.label)
        if self.kind in ("number", "whole") and (isinstance(value, bool) or not isinstance(value, int | float)):
            return _("{name} must be a number, got {got}.").format(name=label, got=_shown(value))
        if self.kind == "whole" and not isinstance(value, int):
            return _("{name} must be a whole number, got {got}.").format(name=label, got=_shown(value))
        try:
            self.parse(self.format(value))
        except InputError as error:
            return str(error)
        except (TypeError, ValueError):
            return _("{name} got an unusable value {got}.").format(name=label, got=_shown(value))
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
            "logits", "logits", N_("Logits"), "numbers", -LOGIT_LIMIT, LOGIT_LIMIT, min_items=MIN_CLASSES,
            max_items=MAX_CLASSES, help=N_("2 to 10 numbers within ±1000, e.g. 0.2,0.1,-0.1"), item=N_("Logit"),
        ),
        Param("target", "target", N_("The true class"), "whole", 0, MAX_CLASSES - 1, help=N_("0 … K−1")),
        Param(
            "T", "temperature", N_("Temperature T"), "number", 0.1, 10.0, step=0.1,
            help=N_("Divides the logits: T < 1 sharpens the softmax, T > 1 flattens it."),
        ),
        Param(
            "eps", "label_smoothing", N_("Label smoothing ε"), "number", 0.0, 0.5, step=0.01,
            help=N_("The target becomes (1 − ε)·onehot + ε/K."),
        ),
        Param("shift", "shift", N_("Shift c"), "number", -20.0, 20.0, step=0.5, help=N_("Added to every logit.")),
        # The training pages (MNIST, Otto): a TrainConfig and the data.
        Param("epochs", "epochs", N_("Epochs"), "whole", 1, 100_000, help=N_("Passes over the training set.")),
        Param("batch", "batch_size", N_("Batch size"), "whole", 1, 4096, help=N_("Examples per SGD step.")),
        Param(
            "lr", "lr", N_("Learning rate"), "number", 0.0, 100.0, low_open=True, help=N_("The step size of SGD."),
        ),
        Param(
            "momentum", "momentum", N_("Momentum"), "number", 0.0, 0.99, step=0.01,
            help=N_("SGD only: how much of the last step carries over."),
        ),
        Param("optimizer", "optimizer", N_("Optimizer"), "choice", choices=OPTIMIZERS),
        Param(
            "hidden", "hidden", N_("Hidden layer widths"), "widths", 1, 4096, max_items=8,
            help=N_("Comma-separated, e.g. 512,256,128,64; empty: no hidden layer"),
        ),
        Param("seed", "seed", N_("Seed"), "whole", 0, 2**31 - 1, help=N_("Same seed, same run.")),
        Param(
            "data", "data", N_("Data"), "choice", choices=tuple(DATA_SOURCES),
            help=N_("Full MNIST where the server has it, else the 5,000 real digits bundled with the app."),
        ),
        # The evaluation page: which class its one-vs-rest part explains (outlined in the matrix), the diagonal.
        # Not "class": that is a class session's join code, on every page.
        Param("digit", "explained_class", N_("Class to explain"), "whole", 0, 9, help=N_("The digit 0 … 9.")),
        Param(
            "diagonal", "diagonal", N_("Diagonal"), "choice", choices=("shown", "hidden"),
            help=N_("hidden: the right answers leave the matrix and its colours span the mistakes only."),
        ),
        # The sweep page (explore): a SweepPlan. Its own names: a sweep's ranges are not one run's values.
        Param(
            "lrs", "lr_range", N_("Learning rates (lowest, highest)"), "numbers", 0.0, 100.0, low_open=True,
            min_items=2, max_items=2, help=N_("The lowest and the highest learning rate, e.g. 1e-4,10 (a log axis)"),
            item=N_("Learning rate"),
        ),
        Param(
            "per_decade", "per_decade", N_("Points per decade"), "whole", 1, 3,
            help=N_("Grid learning rates per decade: 1 (1e-3, 1e-2 …), 2 (… 1e-3, 3e-3 …) or 3 (… 1, 2, 5 …)"),
        ),
        Param(
            "momenta", "momenta", N_("Momenta"), "numbers", 0.0, 0.99, min_items=1, max_items=8,
            help=N_("SGD's momenta to try, e.g. 0,0.5,0.9,0.99"), item=N_("Momentum"),
        ),
        Param(
            "batches", "batch_sizes", N_("Batch sizes"), "widths", 1, 4096, min_items=1, max_items=6,
            help=N_("e.g. 64"),
        ),
        Param("optimizers", "optimizers", N_("Optimizers"), "choices", choices=OPTIMIZERS, min_items=1, max_items=2),
        Param(
            "nets", "nets", N_("Networks"), "choices", choices=tuple(NETS), min_items=1, max_items=len(NETS),
            help=N_("lecture: 512,256,128,64; half: 256,128,64,32; one: 128; none: no hidden layer"),
        ),
        Param("trial_epochs", "trial_epochs", N_("Epochs per trial"), "whole", 1, 50, help=N_("Each trial's passes.")),
        Param("method", "method", N_("Search"), "choice", choices=SWEEP_METHODS),
        Param("trials", "trials", N_("Trials"), "whole", 1, 500, help=N_("Random and TPE searches: how many trials.")),
        # Every page: lecture mode hides what the lecture does not teach.
        Param(
            "lecture", "lecture", N_("Lecture mode"), "choice", choices=("0", "1"),
            help=N_("1: only what the lecture teaches, sized for a projector; 0: every extra."),
        ),
        # Every page: the language this person reads (en-XA: the pseudo-language of the string test mode).
        Param("lang", "language", N_("Language"), "choice", choices=LINK_LANGUAGES),
    )
}  # fmt: skip
LOGIT_PAGE_LINKS = ("logits", "target", "T", "eps", "shift")
TRAINING_LINKS = ("epochs", "batch", "lr", "momentum", "optimizer", "hidden", "seed", "data")
EVALUATION_LINKS = ("digit", "diagonal")
SWEEP_LINKS = ("lrs", "per_decade", "momenta", "batches", "optimizers", "nets", "trial_epochs", "method", "trials")
LECTURE_LINK = "lecture"  # read on every page, before the page's own parameters
LANGUAGE_LINK = "lang"  # read first of all: every word of the page depends on it
CLASS_LINKS = ("class", "teacher")  # a class session's join code, and the teacher's secret (taken out at once)

# Who owns which link parameters: each owner reads its own on its first run and writes only them back, so two
# owners never share a name (tests/test_links.py). A page's owner is its url_path.
LINK_OWNERS: dict[str, tuple[str, ...]] = {
    "lecture_mode": (LECTURE_LINK,),
    "language": (LANGUAGE_LINK,),
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
    values, errors = _read_query(names, query, values)
    return values, list(errors.values())


def _read_query(
    names: Iterable[str], query: Mapping[str, str], values: Mapping[str, Any]
) -> tuple[dict[str, Any], dict[str, str]]:
    """:func:`read_query`, its messages by the name of the parameter each one ignored."""
    values, errors = dict(values), {}
    for name in names:
        if name in query:
            param = LINKS[name]
            try:
                values[param.field] = param.parse(query[name])
            except InputError as error:
                errors[name] = _ignored(name, str(error))
    return values, errors


def _ignored(name: str, why: str) -> str:
    return _("Link parameter '{name}' ignored: {error}").format(name=name, error=why)


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
    values, errors = _read_query(names, query, vars(default))
    num_classes = len(values["logits"])
    if values["target"] >= num_classes:
        if "target" in query and "target" not in errors:
            errors["target"] = _ignored(
                "target",
                _("The true class must be between 0 and {last}, got {got}.").format(
                    last=num_classes - 1, got=values["target"]
                ),
            )
        values["target"] = min(default.target, num_classes - 1)
    return Example(**values), list(errors.values())


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
