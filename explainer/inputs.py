"""Parsing of what users type or put in a URL, with messages that say what to fix.

Every parser raises :class:`InputError` (a ``ValueError``) whose text is fit to show to a student.
"""

from __future__ import annotations

import math

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
        raise InputError(
            f"Give {MIN_CLASSES} to {MAX_CLASSES} logits separated by commas, got {len(parts)}."
        )
    return tuple(
        parse_number(part, f"Logit {i}", -LOGIT_LIMIT, LOGIT_LIMIT) for i, part in enumerate(parts)
    )


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
