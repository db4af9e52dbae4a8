"""Class labels and confusion matrices as the metrics expect them, or a ValueError saying what is wrong.

Classes are the integers ``0 .. K-1``; ``class_names[k]`` is only a label. Every function of
:mod:`explainer.maths.metrics`, :mod:`explainer.maths.drill_down` and :mod:`explainer.maths.csv_export`
checks its inputs here, so a bad label gets the same message wherever it enters.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np


def class_count(num_classes: int) -> int:
    """K as an int, or ValueError unless it is a positive whole number."""
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    return int(num_classes)


def class_labels(y: object, num_classes: int, name: str) -> np.ndarray:
    """``y`` as a 1-D int64 array with every value in ``0 .. num_classes-1``; ``name`` is used in the message."""
    arr = np.asarray(y)
    if arr.ndim != 1:
        raise ValueError(f"{name} must be 1-D, got shape {arr.shape}")
    if arr.size == 0:
        return arr.astype(np.int64)
    if arr.dtype.kind == "f":
        if not np.all(np.isfinite(arr)) or not np.all(arr == np.round(arr)):
            raise ValueError(f"{name} must hold integer class indices")
        arr = arr.astype(np.int64)
    elif arr.dtype.kind not in "iu":
        raise TypeError(f"{name} must hold integer class indices, got dtype {arr.dtype}")
    lo, hi = int(arr.min()), int(arr.max())
    if lo < 0 or hi >= num_classes:
        raise ValueError(f"{name} holds class {lo if lo < 0 else hi}, outside 0..{num_classes - 1}")
    return arr.astype(np.int64, copy=False)


def label_pair(y_true: object, y_pred: object, num_classes: int) -> tuple[np.ndarray, np.ndarray, int]:
    """``(y_true, y_pred, K)`` checked: two label arrays of one length, every label in ``0 .. K-1``."""
    k = class_count(num_classes)
    t = class_labels(y_true, k, "y_true")
    p = class_labels(y_pred, k, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred differ in length: {t.shape[0]} != {p.shape[0]}")
    return t, p, k


def square_matrix(matrix: object) -> np.ndarray:
    """``matrix`` as a square ``(K, K)`` array."""
    m = np.asarray(matrix)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"a confusion matrix must be square (K, K), got shape {m.shape}")
    return m


def class_names_or_numbers(class_names: Sequence[str] | None, num_classes: int) -> list[str]:
    """K unique names as strings; ``"0" .. "K-1"`` when none are given."""
    if class_names is None:
        return [str(k) for k in range(num_classes)]
    names = [str(n) for n in class_names]
    if len(names) != num_classes:
        raise ValueError(f"{len(names)} class names for {num_classes} classes")
    if len(set(names)) != len(names):
        raise ValueError("class names must be unique")
    return names
