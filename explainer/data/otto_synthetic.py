"""A deterministic synthetic stand-in for Otto's train.csv and test.csv, shaped like the real ones.

Same columns, same class proportions, sparse heavy-tailed counts, Class_2 and Class_3 the most
confusable pair, as in the real data. It is not the real data: see :data:`~explainer.data.otto.SYNTHETIC_NOTICE`.
"""

from __future__ import annotations

import functools

import numpy as np
import pandas as pd

from explainer.data.otto import (
    CLASS_NAMES,
    FEATURE_COLUMNS,
    NUM_CLASSES,
    NUM_FEATURES,
    REAL_CLASS_COUNTS,
    REAL_TEST_ROWS,
    REAL_TRAIN_ROWS,
    OttoData,
)
from explainer.data.otto_csv import read_train_frame

_WORLD_SEED = 20150317  # the day the Otto challenge opened
_SIGNATURE_FEATURES = 20  # features whose mean each class raises
_SIGNATURE_LOG_BOOST = (1.0, 2.6)  # the raise, as log multiplier: e^1 to e^2.6 (2.7x to 13x)
_CONFUSABLE_SHARE = 0.6  # Class_3's profile is 60 % Class_2's: in the real data they mix up most
_ROW_SIGMA = 1.0  # log-normal per-product "activity" (shared by all its features)
_CELL_SIGMA = 1.4  # log-normal per-cell noise: makes the tail heavy and log1p worth using
_CHUNK_ROWS = 16384  # generate in chunks so the 144k-row test file needs little memory


@functools.lru_cache(maxsize=1)
def _world_means() -> np.ndarray:
    """Mean count of each feature for each class, shape (9, 93); read-only."""
    rng = np.random.default_rng(_WORLD_SEED)
    # Background means are log-normal around e^-1.6 ≈ 0.2: most cells are 0, like the real data.
    base = np.exp(rng.normal(-1.6, 1.0, NUM_FEATURES))
    log_boost = np.zeros((NUM_CLASSES, NUM_FEATURES))
    for k in range(NUM_CLASSES):
        signature = rng.choice(NUM_FEATURES, _SIGNATURE_FEATURES, replace=False)
        log_boost[k, signature] = rng.uniform(*_SIGNATURE_LOG_BOOST, _SIGNATURE_FEATURES)
    log_boost[2] = _CONFUSABLE_SHARE * log_boost[1] + (1 - _CONFUSABLE_SHARE) * log_boost[2]
    means = base * np.exp(log_boost)
    means.setflags(write=False)
    return means


def synthetic_class_counts(n_rows: int = REAL_TRAIN_ROWS) -> tuple[int, ...]:
    """Rows per class for a synthetic sample of ``n_rows``: the real proportions, every class >= 1.

    Largest-remainder rounding of ``n_rows * REAL_CLASS_COUNTS / 61878``, then every class is
    given at least one row (taken from the classes furthest above their exact share). At
    ``n_rows = 61878`` this is exactly :data:`REAL_CLASS_COUNTS`.

    Raises ``ValueError`` for ``n_rows < 9`` (cannot have every class).

    >>> synthetic_class_counts(61878) == REAL_CLASS_COUNTS
    True
    >>> synthetic_class_counts(100)
    (3, 26, 13, 4, 4, 23, 5, 14, 8)
    """
    if isinstance(n_rows, bool) or not isinstance(n_rows, (int, np.integer)):
        raise ValueError(f"n_rows must be a whole number, got {n_rows!r}.")
    if n_rows < NUM_CLASSES:
        raise ValueError(f"n_rows must be at least {NUM_CLASSES} (one row per class), got {n_rows}.")
    real = np.asarray(REAL_CLASS_COUNTS, dtype=np.float64)
    exact = real / real.sum() * int(n_rows)
    counts = np.maximum(np.floor(exact).astype(np.int64), 1)
    # Each loop runs at most 9 times; argmax picks the first index on ties, so it is deterministic.
    while counts.sum() < n_rows:
        counts[np.argmax(exact - counts)] += 1
    while counts.sum() > n_rows:
        surplus = np.where(counts > 1, counts - exact, -np.inf)
        counts[np.argmax(surplus)] -= 1
    return tuple(int(c) for c in counts)


def _draw_counts(labels: np.ndarray, rng: np.random.Generator) -> np.ndarray:
    """Poisson counts with log-normal means: sparse, heavy-tailed, class-dependent. (N, 93) int64."""
    means = _world_means()
    out = np.empty((labels.shape[0], NUM_FEATURES), dtype=np.int64)
    for start in range(0, labels.shape[0], _CHUNK_ROWS):
        chunk = labels[start : start + _CHUNK_ROWS]
        # -sigma^2/2 keeps the log-normal factors' mean at 1, so `means` stays the mean count.
        activity = np.exp(rng.normal(-(_ROW_SIGMA**2) / 2, _ROW_SIGMA, (chunk.shape[0], 1)))
        noise = np.exp(rng.normal(-(_CELL_SIGMA**2) / 2, _CELL_SIGMA, (chunk.shape[0], NUM_FEATURES)))
        out[start : start + chunk.shape[0]] = rng.poisson(activity * means[chunk] * noise)
    return out


def synthetic_sample(n_rows: int = REAL_TRAIN_ROWS, seed: int = 0) -> pd.DataFrame:
    """A synthetic stand-in for Kaggle's train.csv, in its exact schema. NOT the real data.

    Columns ``id, feat_1 … feat_93, target``; ids are 1..n_rows; class counts are
    :func:`synthetic_class_counts` (exactly :data:`REAL_CLASS_COUNTS` at the default full size).
    Like the real file, rows are grouped by class (all Class_1 first), so shuffle before
    mini-batching.

    How the counts are made: every class raises the mean of its own 20 "signature" features
    (Class_2 and Class_3 share most of theirs, as the real classes 2 and 3 are the most confused).
    A count is Poisson(mean[class, feature] * activity[row] * noise[row, feature]) with log-normal
    activity and noise, giving ~80 % zeros and a heavy tail (maxima in the thousands). A softmax
    classifier on log1p-standardized features reaches roughly 80 % validation accuracy and a log
    loss near 0.5 (chance: 1/9 guessing, log loss ln 9 ≈ 2.2; always "Class_2": 26 %) — clearly
    learnable, far from perfect.

    Parameters
    ----------
    n_rows : int, >= 9
        Number of rows. Smaller sizes keep the proportions, with every class present.
    seed : int
        Seeds which rows are drawn; the same (n_rows, seed) always gives the same frame. The class
        profiles do not depend on the seed, so samples with different seeds are from one
        distribution.

    Returns
    -------
    DataFrame of shape (n_rows, 95): ``id`` and features int64, ``target`` strings.

    >>> frame = synthetic_sample(90, seed=1)
    >>> frame.shape, list(frame.columns[:3]), frame["target"].nunique()
    ((90, 95), ['id', 'feat_1', 'feat_2'], 9)
    """
    counts = synthetic_class_counts(n_rows)
    labels = np.repeat(np.arange(NUM_CLASSES), counts)
    rng = np.random.default_rng([int(seed), 0])  # the 0 separates train draws from test draws
    frame = pd.DataFrame(_draw_counts(labels, rng), columns=list(FEATURE_COLUMNS))
    frame.insert(0, "id", np.arange(1, labels.shape[0] + 1, dtype=np.int64))
    frame["target"] = np.asarray(CLASS_NAMES, dtype=object)[labels]
    return frame


def synthetic_test(n_rows: int = REAL_TEST_ROWS, seed: int = 1) -> pd.DataFrame:
    """A synthetic stand-in for Kaggle's test.csv: ``id, feat_1 … feat_93``, no target. NOT real.

    Drawn from the same class profiles as :func:`synthetic_sample` (the real proportions, rows in
    random class order, the classes hidden), ids 1..n_rows. Deterministic in (n_rows, seed), and
    never the same draws as :func:`synthetic_sample` with the same seed.

    >>> synthetic_test(20, seed=0).shape
    (20, 94)
    """
    labels = np.repeat(np.arange(NUM_CLASSES), synthetic_class_counts(n_rows))
    rng = np.random.default_rng([int(seed), 1])
    labels = rng.permutation(labels)
    frame = pd.DataFrame(_draw_counts(labels, rng), columns=list(FEATURE_COLUMNS))
    frame.insert(0, "id", np.arange(1, labels.shape[0] + 1, dtype=np.int64))
    return frame


def load_synthetic(n_rows: int = REAL_TRAIN_ROWS, seed: int = 0) -> OttoData:
    """:func:`synthetic_sample` as :class:`OttoData` (``is_synthetic=True``)."""
    return read_train_frame(
        synthetic_sample(n_rows, seed),
        source=f"synthetic sample ({n_rows:,} rows, seed {seed}) - not the real Otto data",
        is_synthetic=True,
    )
