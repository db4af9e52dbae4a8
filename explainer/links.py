"""Parsing of what users type or put in a URL, with messages that say what to fix.

Every parser raises :class:`InputError` (a ``ValueError``) whose text is fit to show to a student.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass, replace

MIN_CLASSES = 2
MAX_CLASSES = 10
# Logits beyond this are not interesting and e^z is inf for every float type long before.
LOGIT_LIMIT = 1000.0


class InputError(ValueError):
    """Bad user input; the message says what to fix."""


def parse_number(text: str, name: str, low: float, high: float, *, low_open: bool = False) -> float:
    """A finite float in [low, high] (or (low, high] with ``low_open``).

    >>> parse_number("0.5", "T", 0, 10, low_open=True)
    0.5
    """
    try:
        value = float(str(text).strip())
    except ValueError:
        raise InputError(f"{name} must be a number, got {text!r}.") from None
    if not math.isfinite(value):
        raise InputError(f"{name} must be a finite number, got {text!r}.")
    if value < low or value > high or (low_open and value == low):
        bracket = "(" if low_open else "["
        raise InputError(f"{name} must be in {bracket}{low:g}, {high:g}], got {value:g}.")
    return value


def parse_logits(text: str) -> tuple[float, ...]:
    """Comma-separated logits, 2 to 10 finite numbers within ±1000.

    >>> parse_logits("0.2, 0.1, -0.1")
    (0.2, 0.1, -0.1)
    """
    parts = [part for part in str(text).replace(";", ",").split(",") if part.strip()]
    if not MIN_CLASSES <= len(parts) <= MAX_CLASSES:
        raise InputError(f"Give {MIN_CLASSES} to {MAX_CLASSES} logits separated by commas, got {len(parts)}.")
    return tuple(parse_number(part, f"Logit {i}", -LOGIT_LIMIT, LOGIT_LIMIT) for i, part in enumerate(parts))


def parse_class(text: str, num_classes: int, name: str = "The true class") -> int:
    """A class index 0..K-1.

    >>> parse_class("2", 3)
    2
    """
    try:
        value = int(str(text).strip())
    except ValueError:
        raise InputError(f"{name} must be a whole number, got {text!r}.") from None
    if not 0 <= value < num_classes:
        raise InputError(f"{name} must be between 0 and {num_classes - 1}, got {value}.")
    return value


def format_logits(logits: tuple[float, ...] | list[float]) -> str:
    """The inverse of :func:`parse_logits`, short: ``0.2,0.1,-0.1``."""
    return ",".join(f"{value:g}" for value in logits)


@dataclass(frozen=True)
class Example:
    """One example as the logit pages show it; every field round-trips through the URL query."""

    logits: tuple[float, ...] = (0.2, 0.1, -0.1)  # the lecture's z
    target: int = 0  # the lecture's y = [1, 0, 0]
    temperature: float = 1.0  # T = 1 is plain softmax
    label_smoothing: float = 0.0  # eps = 0 is the lecture's one-hot target
    shift: float = 0.0  # constant added to every logit (sigmoid vs softmax page)

    @property
    def num_classes(self) -> int:
        return len(self.logits)


# URL query name -> Example field. Short names because teachers type these links.
QUERY_FIELDS = {
    "logits": "logits",
    "target": "target",
    "T": "temperature",
    "eps": "label_smoothing",
    "shift": "shift",
}
MAX_TEMPERATURE = 10.0
MAX_LABEL_SMOOTHING = 1.0
MAX_SHIFT = 100.0


def example_from_query(query: Mapping[str, str], default: Example) -> tuple[Example, list[str]]:
    """Read an :class:`Example` from URL query parameters; each bad one is replaced by its default.

    Returns the example and one message per parameter that was ignored, saying what to fix.

    >>> example_from_query({"logits": "1,2", "target": "5"}, Example())
    (Example(logits=(1.0, 2.0), target=0, temperature=1.0, label_smoothing=0.0, shift=0.0), \
["Link parameter 'target' ignored: The true class must be between 0 and 1, got 5."])
    """
    values: dict[str, object] = {}
    errors: list[str] = []
    parsers = {
        "logits": parse_logits,
        "T": lambda text: parse_number(text, "Temperature T", 0, MAX_TEMPERATURE, low_open=True),
        "eps": lambda text: parse_number(text, "Label smoothing eps", 0, MAX_LABEL_SMOOTHING),
        "shift": lambda text: parse_number(text, "Shift c", -MAX_SHIFT, MAX_SHIFT),
    }
    for name, parse in parsers.items():
        if name in query:
            try:
                values[QUERY_FIELDS[name]] = parse(query[name])
            except InputError as error:
                errors.append(f"Link parameter {name!r} ignored: {error}")
    num_classes = len(values.get("logits", default.logits))
    target = min(default.target, num_classes - 1)
    if "target" in query:
        try:
            target = parse_class(query["target"], num_classes)
        except InputError as error:
            errors.append(f"Link parameter 'target' ignored: {error}")
    return replace(default, **values, target=target), errors


def example_to_query(example: Example, names: tuple[str, ...]) -> dict[str, str]:
    """The URL query for the named parameters of ``example`` (inverse of :func:`example_from_query`)."""
    query = {}
    for name in names:
        value = getattr(example, QUERY_FIELDS[name])
        query[name] = format_logits(value) if name == "logits" else f"{value:g}"
    return query


def resize(example: Example, num_classes: int) -> Example:
    """Drop trailing logits or add zeros; keep the true class inside the new range."""
    logits = (example.logits + (0.0,) * num_classes)[:num_classes]
    return replace(example, logits=logits, target=min(example.target, num_classes - 1))
