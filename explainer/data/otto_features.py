"""Otto's features: transforms fitted on the training split only, and the tables the page explores them with."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pandas as pd

from explainer.data.otto import CLASS_NAMES

#: Feature transforms offered by :func:`fit_transform`, in the order the UI should list them.
FEATURE_TRANSFORMS: tuple[str, ...] = ("none", "log1p", "standardize", "log1p+standardize")

# --------------------------------------------------------------------------------------------
# Feature transforms
# --------------------------------------------------------------------------------------------


def _check_features(features: Any, n_features: int | None = None, what: str = "features") -> np.ndarray:
    array = np.asarray(features, dtype=np.float64)
    if array.ndim != 2 or (n_features is not None and array.shape[1] != n_features):
        wanted = f"(N, {n_features})" if n_features is not None else "(N, F)"
        raise ValueError(f"{what} must have shape {wanted}, got {array.shape}.")
    if not np.isfinite(array).all():
        raise ValueError(f"{what} contain NaN or infinite values.")
    return array


@dataclass(frozen=True, eq=False)
class FittedTransform:
    """A feature transform whose statistics were fitted on a training split; see :func:`fit_transform`.

    Attributes
    ----------
    name : str
        One of :data:`FEATURE_TRANSFORMS`.
    n_features : int
        F, the number of columns it was fitted on and will accept.
    mean, scale : ndarray of shape (F,) float64, or None
        For the standardizing transforms: per-feature mean and standard deviation of the training
        features (after log1p if used); ``scale`` is 1 where the training std is 0.
    """

    name: str
    n_features: int
    mean: np.ndarray | None = field(default=None)
    scale: np.ndarray | None = field(default=None)

    @property
    def uses_log1p(self) -> bool:
        return self.name.startswith("log1p")

    @property
    def formula(self) -> str:
        """The transform as a formula, for display."""
        inner = "log(1 + x)" if self.uses_log1p else "x"
        if self.mean is None:
            return inner
        return f"({inner} - mean_train) / std_train"

    def apply(self, features: Any) -> np.ndarray:
        """Transform (N, F) counts with the fitted statistics; returns float32 (N, F).

        Use the same fitted object for training, validation and test features: refitting on
        validation/test data would leak their statistics and shift the inputs the model learned.
        """
        array = _check_features(features, self.n_features)
        if self.uses_log1p:
            if (array < 0).any():
                raise ValueError("log1p needs counts >= 0; got negative values.")
            array = np.log1p(array)
        if self.mean is not None and self.scale is not None:
            array = (array - self.mean) / self.scale
        return array.astype(np.float32)


def fit_transform(train_features: Any, name: str = "log1p+standardize") -> FittedTransform:
    """Fit a feature transform on the **training split only** and return it (call ``.apply``).

    Unlike scikit-learn's ``fit_transform`` this returns the fitted transform, not the data, so
    the one object is applied to training, validation and test features alike.

    Choices (:data:`FEATURE_TRANSFORMS`):

    * ``"none"``: x. Raw counts are heavy-tailed (mostly 0, a few in the hundreds or more). A
      single large input multiplies straight into the logits, so an SGD-trained MLP sees huge
      gradients from a few rows: with a usual learning rate the loss jumps around or becomes NaN,
      and with one small enough to be stable the typical row barely learns.
    * ``"log1p"``: log(1 + x). Compresses the tail (1000 -> 6.9) while keeping 0 at 0 and the
      order of values; differences between 0, 1 and 5 matter more than between 300 and 305.
    * ``"standardize"``: (x - mean) / std per feature, with the training split's mean and std
      (std 0 is replaced by 1). Puts all features on one scale so no feature dominates the first
      layer and one learning rate suits all; the tail is still long.
    * ``"log1p+standardize"``: both, in that order; usually best for Otto.

    Parameters
    ----------
    train_features : array-like of shape (N, F), N >= 1
        Training-split features only (never validation/test, which would leak their statistics).
    name : str
        One of :data:`FEATURE_TRANSFORMS`.

    Raises ``ValueError`` for an unknown name, a non-2-D or empty array, NaN/inf values, or
    negative values with a log1p transform.

    >>> t = fit_transform([[0.0, 1.0], [2.0, 1.0]], "standardize")
    >>> t.apply([[0.0, 1.0], [4.0, 3.0]]).tolist()
    [[-1.0, 0.0], [3.0, 2.0]]
    """
    if name not in FEATURE_TRANSFORMS:
        raise ValueError(f"Unknown transform {name!r}; choose one of {', '.join(FEATURE_TRANSFORMS)}.")
    array = _check_features(train_features, what="train_features")
    if array.shape[0] == 0:
        raise ValueError("train_features has no rows; fit on at least one training row.")
    if name.startswith("log1p"):
        if (array < 0).any():
            raise ValueError("log1p needs counts >= 0; got negative values.")
        array = np.log1p(array)
    if not name.endswith("standardize"):
        return FittedTransform(name=name, n_features=array.shape[1])
    mean = array.mean(axis=0)
    std = array.std(axis=0)  # population std (ddof=0), as sklearn's StandardScaler
    # A feature that is constant in training (e.g. all zeros in a small split) carries no
    # information; dividing by 1 instead of 0 maps it to 0 rather than NaN.
    scale = np.where(std > 0, std, 1.0)
    return FittedTransform(name=name, n_features=array.shape[1], mean=mean, scale=scale)


# --------------------------------------------------------------------------------------------
# Exploration
# --------------------------------------------------------------------------------------------


def class_distribution(labels: Any, class_names: Sequence[str] = CLASS_NAMES) -> pd.DataFrame:
    """Rows per class: DataFrame with columns ``class, count, fraction`` (one row per class, 0s too).

    >>> class_distribution([0, 1, 1, 2], ["a", "b", "c"])["count"].tolist()
    [1, 2, 1]
    """
    labels = np.asarray(labels, dtype=np.int64).ravel()
    if labels.size and (labels.min() < 0 or labels.max() >= len(class_names)):
        raise ValueError(f"labels must be in 0..{len(class_names) - 1}.")
    counts = np.bincount(labels, minlength=len(class_names))
    total = max(int(counts.sum()), 1)  # an empty label array gives fractions 0, not NaN
    return pd.DataFrame({"class": list(class_names), "count": counts, "fraction": counts / total})


def overall_sparsity(features: Any) -> float:
    """Fraction of all cells that are 0 (about 0.8 for Otto). NaN for an empty array.

    >>> overall_sparsity([[0, 1], [0, 0]])
    0.75
    """
    array = np.asarray(features)
    return float((array == 0).mean()) if array.size else float("nan")


@dataclass(frozen=True)
class FeatureScale:
    """What the first layer sees per feature, before and after a transform (arrays of shape (F,))."""

    raw_std: np.ndarray
    raw_max: np.ndarray
    std: np.ndarray  # after the transform, training rows
    max_abs: np.ndarray  # after the transform, training rows
    zero_fraction: np.ndarray


def feature_scale(raw_train: np.ndarray, transformed_train: np.ndarray, all_rows: np.ndarray) -> FeatureScale:
    """Per-feature spread (std) and extreme (max |x|) of the training rows, raw and transformed; zeros of all rows
    (as the exploration shows them).

    >>> scale = feature_scale(np.array([[0.0, 2], [4, 2]]), np.array([[-1.0, 0], [1, 0]]), np.array([[0.0, 2], [4, 0]]))
    >>> scale.raw_std.tolist(), scale.max_abs.tolist(), scale.zero_fraction.tolist()
    ([2.0, 0.0], [1.0, 0.0], [0.5, 0.5])
    """
    return FeatureScale(
        raw_std=raw_train.std(axis=0),
        raw_max=raw_train.max(axis=0),
        std=transformed_train.std(axis=0),
        max_abs=np.abs(transformed_train).max(axis=0),
        zero_fraction=(all_rows == 0).mean(axis=0),
    )
