"""What the network receives from one MNIST digit: the lecture's three views of its 784 numbers."""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from explainer.data.mnist import MEAN, STD, to_unit
from explainer.data.mnist import normalize as lecture_normalize
from explainer.i18n import N_

# The views' names, also their keys: a page shows ``_(name)`` (ToTensor and Normalize are PyTorch's names).
VIEWS = (N_("raw 0–255"), N_("ToTensor 0–1"), N_("Normalize"))


@dataclass(frozen=True)
class PixelView:
    """One representation of a digit: values (28, 28) and how to print each cell."""

    name: str  # one of VIEWS, in English: shown as ``_(name)``
    values: np.ndarray  # (28, 28)
    cell_format: str  # plotly texttemplate for one cell
    formula: str  # LaTeX for how these values were made


def pixel_views(image: np.ndarray) -> dict[str, PixelView]:
    """The digit as stored, after ``ToTensor()`` and after ``Normalize((0.1307,), (0.3081,))``.

    >>> views = pixel_views(np.full((28, 28), 255, dtype=np.uint8))
    >>> round(float(views["Normalize"].values[0, 0]), 4)
    2.8215
    """
    unit = to_unit(image)  # (28, 28) float32 in [0, 1]
    return {
        "raw 0–255": PixelView(
            "raw 0–255", np.asarray(image, dtype=np.float32), "%{z:.0f}", r"\text{Pixel} \in \{0,\dots,255\}"
        ),
        "ToTensor 0–1": PixelView("ToTensor 0–1", unit, "%{z:.2f}", r"\text{Pixel}_{01} = \text{Pixel} / 255"),
        "Normalize": PixelView(
            "Normalize",
            lecture_normalize(unit),
            "%{z:.1f}",
            rf"\text{{Pixel}}_{{norm}} = \frac{{\text{{Pixel}}_{{01}} - {MEAN}}}{{{STD}}}",
        ),
    }


def worked_pixel(image: np.ndarray) -> tuple[int, float, float]:
    """The brightest pixel's raw value, after ToTensor and after Normalize: one worked example."""
    raw = int(np.asarray(image).max())
    unit = float(to_unit(np.array([raw], dtype=np.uint8))[0])
    return raw, unit, float(lecture_normalize(np.array([unit]))[0])


def examples_per_class(labels: np.ndarray, per_class: int, seed: int = 0) -> np.ndarray:
    """Indices of ``per_class`` random examples of every class, class by class: (C * per_class,)."""
    rng = np.random.default_rng(seed)
    return np.concatenate(
        [rng.choice(np.flatnonzero(labels == c), size=per_class, replace=False) for c in np.unique(labels)]
    )


def class_counts(labels: np.ndarray, num_classes: int = 10) -> np.ndarray:
    """How many examples of each class: (C,)."""
    return np.bincount(np.asarray(labels), minlength=num_classes)


def prediction_order(probabilities: np.ndarray, labels: np.ndarray, mistakes_first: bool) -> np.ndarray:
    """Test examples to show: (N,) indices, the most confident mistakes first, or in data order.

    probabilities (N, C) softmax outputs, labels (N,) true classes.
    """
    if not mistakes_first:
        return np.arange(len(labels))
    predicted = probabilities.argmax(1)
    wrong = predicted != labels
    confidence = probabilities.max(1)
    return np.lexsort((-confidence, ~wrong))  # wrong before right, then most confident first


def enlarge(image: np.ndarray, factor: int = 4) -> np.ndarray:
    """Blow a digit up by pixel repetition, so the browser shows sharp pixels, not a blur."""
    return np.kron(image, np.ones((factor, factor), dtype=image.dtype))
