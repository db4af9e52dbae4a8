"""Evaluation logic for the lecture's closing notes: confusion matrix, precision, recall, F1.

Pure functions, arrays in and arrays / DataFrames out; no Streamlit. The MNIST page (10 classes,
names ``"0"``..``"9"``) and the Otto page (9 classes, ``"Class_1"``..``"Class_9"``) share them.

Conventions used everywhere in this module:

* Classes are the integers ``0 .. K-1`` (``K = num_classes``); ``class_names[k]`` is only a label.
* The confusion matrix ``C`` has shape ``(K, K)``: **rows are the true class, columns the predicted
  class**; ``C[i, j]`` counts samples of true class ``i`` predicted as ``j``. It is always ``K x K``,
  even when a class is absent from ``y_true`` or never predicted.
* For one class ``k`` seen "one versus rest"::

      TP = C[k, k]                 FN = row k sum    - TP
      FP = column k sum - TP       TN = N - TP - FN - FP
      precision = TP / (TP + FP)   (of the samples predicted k, how many are k)
      recall    = TP / (TP + FN)   (of the samples that are k, how many were found; "sensitivity")
      F1        = 2 P R / (P + R)  = 2 TP / (2 TP + FP + FN)

* ``zero_division`` (default ``0.0``, as passed to scikit-learn) is the value used when a ratio has a
  zero denominator: precision of a class that is never predicted (TP + FP = 0), recall of a class
  absent from ``y_true`` (TP + FN = 0), F1 when TP + FP + FN = 0. It is always set explicitly, so
  scikit-learn never warns. ``0.0``, ``1.0`` and ``nan`` are accepted.

Longer than 400 lines because of its scikit-learn-style docstrings (parameters, returns, examples,
each example run as a doctest); the code is one family of functions over one confusion matrix, with
Kaggle's log loss beside them as scikit-learn keeps ``log_loss`` beside precision and recall.
"""

from __future__ import annotations

import io
import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

#: Stable identifiers for :func:`normalize`, mapped to the labels a page shows (e.g. in a radio).
NORMALIZE_MODES: dict[str, str] = {
    "counts": "counts",
    "row": "by true class (rows)",
    "column": "by predicted class (columns)",
}

#: Columns of :func:`per_class_report` and :func:`averages`, in order.
REPORT_COLUMNS: tuple[str, ...] = ("precision", "recall", "f1", "support")

#: Row labels of :func:`averages`, in order.
AVERAGE_KINDS: tuple[str, ...] = ("macro", "weighted", "micro")

DEFAULT_ZERO_DIVISION = 0.0
# Kaggle's clipping constant for the log loss: a confident wrong answer costs at most
# -log(1e-15) ≈ 34.5 instead of infinity.
LOG_LOSS_EPS = 1e-15

MATRIX_CSV_INDEX_LABEL = "true class \\ predicted class"


# --------------------------------------------------------------------------------------- checks


def _check_zero_division(zero_division: float) -> float:
    value = float(zero_division)
    if not (value in (0.0, 1.0) or math.isnan(value)):
        raise ValueError(f"zero_division must be 0.0, 1.0 or nan, got {zero_division!r}")
    return value


def _check_num_classes(num_classes: int) -> int:
    if int(num_classes) != num_classes or num_classes < 1:
        raise ValueError(f"num_classes must be a positive integer, got {num_classes!r}")
    return int(num_classes)


def _as_labels(y: object, num_classes: int, name: str) -> np.ndarray:
    """1-D integer array with every value in [0, num_classes)."""
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


def _check_pair(y_true: object, y_pred: object, num_classes: int) -> tuple[np.ndarray, np.ndarray, int]:
    k = _check_num_classes(num_classes)
    t = _as_labels(y_true, k, "y_true")
    p = _as_labels(y_pred, k, "y_pred")
    if t.shape != p.shape:
        raise ValueError(f"y_true and y_pred differ in length: {t.shape[0]} != {p.shape[0]}")
    return t, p, k


def _check_matrix(matrix: object) -> np.ndarray:
    m = np.asarray(matrix)
    if m.ndim != 2 or m.shape[0] != m.shape[1]:
        raise ValueError(f"a confusion matrix must be square (K, K), got shape {m.shape}")
    return m


def _check_class_names(class_names: Sequence[str] | None, num_classes: int) -> list[str]:
    if class_names is None:
        return [str(k) for k in range(num_classes)]
    names = [str(n) for n in class_names]
    if len(names) != num_classes:
        raise ValueError(f"{len(names)} class names for {num_classes} classes")
    if len(set(names)) != len(names):
        raise ValueError("class names must be unique")
    return names


# ------------------------------------------------------------------------------ confusion matrix


def confusion(y_true: object, y_pred: object, num_classes: int) -> np.ndarray:
    """Confusion matrix with rows = true class and columns = predicted class.

    Parameters
    ----------
    y_true, y_pred : array-like of int, shape (N,)
        True and predicted class indices in ``0 .. num_classes-1`` (numpy arrays, lists or CPU
        tensors).
    num_classes : int
        K. The result is always ``(K, K)``: ``sklearn.metrics.confusion_matrix`` is called with
        ``labels=range(K)``, so a class absent from the data or never predicted still gets its
        (all-zero) row or column.

    Returns
    -------
    numpy.ndarray of int64, shape (K, K)
        ``C[i, j]`` = number of samples of true class ``i`` predicted as ``j``. Row sums are the
        supports, column sums the number of predictions per class, the trace the correct ones.
        With ``N = 0`` samples the matrix is all zeros.

    Raises
    ------
    ValueError
        If a label lies outside ``0 .. K-1`` or the lengths differ.

    Examples
    --------
    >>> confusion([0, 1, 1, 2], [0, 1, 0, 1], num_classes=4)
    array([[1, 0, 0, 0],
           [1, 1, 0, 0],
           [0, 1, 0, 0],
           [0, 0, 0, 0]])
    """
    t, p, k = _check_pair(y_true, y_pred, num_classes)
    if t.size == 0:
        return np.zeros((k, k), dtype=np.int64)
    return confusion_matrix(t, p, labels=np.arange(k)).astype(np.int64, copy=False)


def mode_id(mode: str) -> str:
    """The stable identifier ("counts", "row", "column") of a mode given by identifier or display label.

    >>> mode_id("by true class (rows)")
    'row'
    """
    if mode in NORMALIZE_MODES:
        return mode
    for key, label in NORMALIZE_MODES.items():
        if mode == label:
            return key
    raise ValueError(f"unknown mode {mode!r}; use one of {list(NORMALIZE_MODES)}")


def normalize(matrix: object, mode: str = "counts") -> np.ndarray:
    """Counts, or fractions of each true class (rows) or each predicted class (columns).

    Parameters
    ----------
    matrix : array-like, shape (K, K)
        Confusion counts from :func:`confusion`.
    mode : {"counts", "row", "column"}
        The keys of :data:`NORMALIZE_MODES` (their display labels are accepted too):

        * ``"counts"``: the counts unchanged (an integer copy).
        * ``"row"``: ``C[i, j] / sum_j C[i, j]``; each non-empty row sums to 1 and its diagonal is
          the recall of class ``i``.
        * ``"column"``: ``C[i, j] / sum_i C[i, j]``; each non-empty column sums to 1 and its
          diagonal is the precision of class ``j``.

    Returns
    -------
    numpy.ndarray, shape (K, K)
        Integer counts for ``"counts"``, float64 fractions otherwise. A row (column) whose sum is
        zero, i.e. a class absent from the data (never predicted), stays 0 rather than ``nan``.

    Examples
    --------
    >>> m = confusion([0, 0, 0, 1], [0, 0, 1, 1], num_classes=3)
    >>> normalize(m, "row")
    array([[0.66666667, 0.33333333, 0.        ],
           [0.        , 1.        , 0.        ],
           [0.        , 0.        , 0.        ]])
    >>> normalize(m, "by predicted class (columns)")[:, 1]
    array([0.5, 0.5, 0. ])
    """
    m = _check_matrix(matrix)
    key = mode_id(mode)
    if key == "counts":
        return m.copy()
    axis = 1 if key == "row" else 0
    sums = m.sum(axis=axis, keepdims=True).astype(np.float64)
    out = np.zeros(m.shape, dtype=np.float64)
    np.divide(m, sums, out=out, where=sums != 0)
    return out


def accuracy(matrix: object) -> float:
    """Fraction of correct predictions, ``trace(C) / sum(C)``; 0.0 for an empty matrix.

    Examples
    --------
    >>> accuracy([[3, 1], [0, 4]])
    0.875
    """
    m = _check_matrix(matrix)
    total = m.sum()
    return float(np.trace(m) / total) if total else 0.0


# --------------------------------------------------------------------------------- one vs rest


@dataclass(frozen=True)
class OneVsRest:
    """Class ``class_index`` against all others, read off a confusion matrix.

    ``support = TP + FN`` (samples of the class) and ``predicted = TP + FP`` (times it was
    predicted). ``*_undefined`` say which ratio had a zero denominator, so that
    ``zero_division`` was used instead: the page should say so rather than show a bare 0.
    """

    class_index: int
    tp: int
    fn: int
    fp: int
    tn: int
    precision: float
    recall: float
    f1: float
    support: int
    predicted: int
    zero_division: float
    precision_undefined: bool  # TP + FP == 0: the class was never predicted
    recall_undefined: bool  # TP + FN == 0: the class is absent from y_true
    f1_undefined: bool  # TP + FP + FN == 0: both of the above

    @property
    def n(self) -> int:
        """Number of samples, ``TP + FN + FP + TN``."""
        return self.tp + self.fn + self.fp + self.tn

    @property
    def notes(self) -> tuple[str, ...]:
        """Plain-English sentences for the page, one per undefined ratio (empty if none)."""
        zd = f"{self.zero_division:g}"
        out = []
        if self.precision_undefined:
            out.append(f"Class never predicted (TP + FP = 0): precision is undefined, shown as {zd}.")
        if self.recall_undefined:
            out.append(f"Class absent from the data (TP + FN = 0): recall is undefined, shown as {zd}.")
        if self.f1_undefined:
            out.append(f"TP + FP + FN = 0: F1 is undefined, shown as {zd}.")
        return tuple(out)


def one_vs_rest(matrix: object, k: int, zero_division: float = DEFAULT_ZERO_DIVISION) -> OneVsRest:
    """TP, FN, FP, TN, precision, recall and F1 of class ``k`` against the rest.

    Parameters
    ----------
    matrix : array-like of int, shape (K, K)
        Confusion counts, rows true and columns predicted (see :func:`confusion`).
    k : int
        The class, ``0 <= k < K``.
    zero_division : {0.0, 1.0, nan}, default 0.0
        Stand-in for a ratio whose denominator is zero, exactly as in
        ``sklearn.metrics.precision_recall_fscore_support``:

        * precision = TP / (TP + FP), undefined when the class is never predicted;
        * recall = TP / (TP + FN), undefined when the class is absent from ``y_true``;
        * F1 = 2 P R / (P + R), computed as 2 TP / (2 TP + FP + FN) like scikit-learn (the two agree
          whenever P and R are defined), undefined only when TP + FP + FN = 0. So a class that is
          present but never predicted has F1 = 0 whatever ``zero_division`` is.

        The ``*_undefined`` flags of the result tell the page when this happened.

    Returns
    -------
    OneVsRest
        ``tp + fn + fp + tn == matrix.sum()``; ``support = tp + fn``; ``predicted = tp + fp``.

    Examples
    --------
    >>> m = confusion([0, 0, 1, 1, 2], [0, 1, 1, 1, 1], num_classes=3)
    >>> r = one_vs_rest(m, 1)
    >>> (r.tp, r.fn, r.fp, r.tn)
    (2, 0, 2, 1)
    >>> round(r.precision, 3), r.recall, round(r.f1, 3)
    (0.5, 1.0, 0.667)
    >>> r2 = one_vs_rest(m, 2)   # class 2 is never predicted
    >>> r2.precision, r2.precision_undefined, r2.f1
    (0.0, True, 0.0)
    >>> r2.notes[0]
    'Class never predicted (TP + FP = 0): precision is undefined, shown as 0.'
    """
    m = _check_matrix(matrix)
    zd = _check_zero_division(zero_division)
    size = m.shape[0]
    if int(k) != k or not 0 <= k < size:
        raise ValueError(f"class {k!r} outside 0..{size - 1}")
    k = int(k)
    tp = int(m[k, k])
    fn = int(m[k, :].sum()) - tp
    fp = int(m[:, k].sum()) - tp
    tn = int(m.sum()) - tp - fn - fp
    p_undef, r_undef, f_undef = tp + fp == 0, tp + fn == 0, tp + fp + fn == 0
    return OneVsRest(
        class_index=k,
        tp=tp,
        fn=fn,
        fp=fp,
        tn=tn,
        precision=zd if p_undef else tp / (tp + fp),
        recall=zd if r_undef else tp / (tp + fn),
        f1=zd if f_undef else 2 * tp / (2 * tp + fp + fn),
        support=tp + fn,
        predicted=tp + fp,
        zero_division=zd,
        precision_undefined=p_undef,
        recall_undefined=r_undef,
        f1_undefined=f_undef,
    )


# ------------------------------------------------------------------------------------- reports


def per_class_report(
    y_true: object,
    y_pred: object,
    num_classes: int,
    class_names: Sequence[str] | None = None,
    zero_division: float = DEFAULT_ZERO_DIVISION,
) -> pd.DataFrame:
    """Precision, recall, F1 and support of every class.

    Uses ``sklearn.metrics.precision_recall_fscore_support(labels=range(K), average=None,
    zero_division=zero_division)``, so every class gets a row even when absent or never predicted.

    Parameters
    ----------
    y_true, y_pred : array-like of int, shape (N,), N >= 1
    num_classes : int
        K.
    class_names : sequence of K str, optional
        Row labels, e.g. ``["Class_1", ..., "Class_9"]``; default ``"0" .. "K-1"``.
    zero_division : {0.0, 1.0, nan}, default 0.0
        Value used for an undefined ratio (see :func:`one_vs_rest`); set explicitly, so no warning.

    Returns
    -------
    pandas.DataFrame, shape (K, 4)
        Index: the class names (named ``"class"``), in class order. Columns
        :data:`REPORT_COLUMNS`: ``precision``, ``recall``, ``f1`` (float64) and ``support`` (int64,
        the number of true samples of the class).

    Examples
    --------
    >>> per_class_report([0, 0, 1, 2], [0, 1, 1, 1], 3, ["a", "b", "c"])  # doctest: +NORMALIZE_WHITESPACE
           precision  recall        f1  support
    class
    a       1.000000     0.5  0.666667        2
    b       0.333333     1.0  0.500000        1
    c       0.000000     0.0  0.000000        1
    """
    t, p, k = _check_pair(y_true, y_pred, num_classes)
    names = _check_class_names(class_names, k)
    zd = _check_zero_division(zero_division)
    if t.size == 0:
        raise ValueError("per_class_report needs at least one sample")
    precision, recall, f1, support = precision_recall_fscore_support(
        t, p, labels=np.arange(k), average=None, zero_division=zd
    )
    return pd.DataFrame(
        {
            "precision": np.asarray(precision, dtype=np.float64),
            "recall": np.asarray(recall, dtype=np.float64),
            "f1": np.asarray(f1, dtype=np.float64),
            "support": np.asarray(support, dtype=np.int64),
        },
        index=pd.Index(names, name="class"),
    )


def averages(
    y_true: object,
    y_pred: object,
    num_classes: int,
    zero_division: float = DEFAULT_ZERO_DIVISION,
) -> pd.DataFrame:
    """Macro, weighted and micro averages of precision, recall and F1.

    Computed by ``sklearn.metrics.precision_recall_fscore_support(labels=range(K), average=...)``:

    * **macro**: the plain mean over the K classes (every class counts the same, absent ones
      included with their ``zero_division`` value; with ``zero_division=nan`` they are skipped).
    * **weighted**: the mean weighted by support (absent classes weigh 0). Its F1 is the weighted
      mean of per-class F1, not 2PR/(P+R) of the averaged P and R.
    * **micro**: TP, FP, FN summed over classes first, then the formulas. For single-label
      multiclass data every wrong prediction is one FP (for the predicted class) and one FN (for
      the true class), so micro precision = micro recall = **micro F1 = accuracy**.

    Parameters
    ----------
    y_true, y_pred : array-like of int, shape (N,), N >= 1
    num_classes : int
    zero_division : {0.0, 1.0, nan}, default 0.0

    Returns
    -------
    pandas.DataFrame, shape (3, 4)
        Index :data:`AVERAGE_KINDS` (named ``"average"``), columns :data:`REPORT_COLUMNS`;
        ``support`` is N on every row.

    Examples
    --------
    >>> a = averages([0, 0, 1, 2], [0, 1, 1, 1], 3)
    >>> a.round(4)  # doctest: +NORMALIZE_WHITESPACE
              precision  recall      f1  support
    average
    macro        0.4444     0.5  0.3889        4
    weighted     0.5833     0.5  0.4583        4
    micro        0.5000     0.5  0.5000        4
    >>> float(a.loc["micro", "f1"]) == accuracy(confusion([0, 0, 1, 2], [0, 1, 1, 1], 3))
    True
    """
    t, p, k = _check_pair(y_true, y_pred, num_classes)
    zd = _check_zero_division(zero_division)
    if t.size == 0:
        raise ValueError("averages needs at least one sample")
    rows = []
    for kind in AVERAGE_KINDS:
        precision, recall, f1, _ = precision_recall_fscore_support(
            t, p, labels=np.arange(k), average=kind, zero_division=zd
        )
        rows.append((float(precision), float(recall), float(f1), int(t.size)))
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS), index=pd.Index(list(AVERAGE_KINDS), name="average"))
    return df.astype({"support": np.int64})


# ------------------------------------------------------------------------------------ log loss


def check_probabilities(
    probabilities: object, n_rows: int, n_classes: int | None = None, what: str = "probabilities"
) -> np.ndarray:
    """(n_rows, K) finite, non-negative probabilities as float64, or ``ValueError`` saying what is wrong."""
    array = np.asarray(probabilities, dtype=np.float64)
    wanted_k = n_classes if n_classes is not None else "K"
    if array.ndim != 2 or array.shape[0] != n_rows or (n_classes is not None and array.shape[1] != n_classes):
        raise ValueError(f"{what} must have shape ({n_rows}, {wanted_k}), got {array.shape}.")
    bad = ~np.isfinite(array).all(axis=1)
    if bad.any():
        raise ValueError(f"{what} contain NaN or infinite values (row indices {_listing_idx(bad)}).")
    negative = (array < 0).any(axis=1)
    if negative.any():
        raise ValueError(
            f"{what} contain negative values (row indices {_listing_idx(negative)}): these look like "
            "logits or log-probabilities; apply softmax first."
        )
    return array


def _listing_idx(mask: np.ndarray, show: int = 5) -> str:
    rows = [str(i) for i in np.flatnonzero(mask)]
    more = f" and {len(rows) - show} more" if len(rows) > show else ""
    return ", ".join(rows[:show]) + more


def multiclass_log_loss(labels: object, probabilities: object, eps: float = LOG_LOSS_EPS) -> float:
    """Kaggle's multi-class log loss (the lecture's cross-entropy, averaged over rows).

    logloss = -1/N * sum_i log p'[i, y_i], where p' = clip(p, eps, 1 - eps) with each row then
    divided by its sum (Kaggle's procedure, so unnormalized rows are accepted). Natural log;
    lower is better; uniform guessing over 9 classes scores ln 9 ≈ 2.197.

    Parameters
    ----------
    labels : array-like of shape (N,), ints in 0..K-1
    probabilities : array-like of shape (N, K), finite, >= 0
        Predicted class probabilities (softmax outputs), not logits.
    eps : float
        Clipping bound; Kaggle uses 1e-15, so one confident miss costs at most ~34.5.

    Raises ``ValueError`` for mismatched shapes, N = 0, labels outside 0..K-1, NaN/inf, or negative
    probabilities (those are logits: apply softmax first).

    >>> round(multiclass_log_loss([0, 1], [[0.5, 0.5], [0.2, 0.8]]), 6)
    0.458145
    """
    y = np.asarray(labels)
    if y.ndim != 1 or y.size == 0:
        raise ValueError(f"labels must be a non-empty 1-D array, got shape {y.shape}.")
    if not np.issubdtype(y.dtype, np.integer):
        if not np.all(np.isfinite(y.astype(np.float64))) or np.any(y != np.round(y)):
            raise ValueError("labels must be whole class indices 0..K-1.")
        y = y.astype(np.int64)
    p = check_probabilities(probabilities, y.size)
    if y.min() < 0 or y.max() >= p.shape[1]:
        raise ValueError(f"labels must be in 0..{p.shape[1] - 1} for {p.shape[1]} probability columns.")
    p = np.clip(p, eps, 1 - eps)
    p = p / p.sum(axis=1, keepdims=True)
    return float(-np.mean(np.log(p[np.arange(y.size), y])))


# ---------------------------------------------------------------------------------- drill down


def drill_down(
    y_true: object,
    y_pred: object,
    probabilities: object,
    true_class: int,
    predicted_class: int,
) -> np.ndarray:
    """Indices of the samples in confusion cell (``true_class``, ``predicted_class``), most confident first.

    Parameters
    ----------
    y_true, y_pred : array-like of int, shape (N,)
    probabilities : array-like of float, shape (N, K)
        The model's softmax outputs.
    true_class, predicted_class : int
        The cell: row ``true_class``, column ``predicted_class`` of :func:`confusion`.

    Returns
    -------
    numpy.ndarray of int64, shape (C[true_class, predicted_class],)
        Sample indices sorted by ``probabilities[i, predicted_class]`` descending (the model's
        confidence in what it predicted); ties keep ascending sample order. Empty for an empty
        cell. For an off-diagonal cell the first samples are the confident mistakes.

    Examples
    --------
    >>> p = [[0.6, 0.4], [0.2, 0.8], [0.1, 0.9], [0.7, 0.3]]
    >>> drill_down([0, 0, 0, 1], [0, 1, 1, 0], p, true_class=0, predicted_class=1)
    array([2, 1])
    """
    prob = np.asarray(probabilities, dtype=np.float64)
    if prob.ndim != 2:
        raise ValueError(f"probabilities must have shape (N, K), got {prob.shape}")
    t, p, k = _check_pair(y_true, y_pred, prob.shape[1])
    prob = check_probabilities(prob, t.size, prob.shape[1])
    for name, c in (("true_class", true_class), ("predicted_class", predicted_class)):
        if int(c) != c or not 0 <= c < k:
            raise ValueError(f"{name}={c!r} outside 0..{k - 1}")
    idx = np.flatnonzero((t == int(true_class)) & (p == int(predicted_class)))
    order = np.argsort(-prob[idx, int(predicted_class)], kind="stable")
    return idx[order].astype(np.int64)


def drill_down_table(
    y_true: object,
    y_pred: object,
    probabilities: object,
    true_class: int,
    predicted_class: int,
) -> pd.DataFrame:
    """:func:`drill_down` as a table: one row per sample, same order.

    Returns
    -------
    pandas.DataFrame
        Index ``sample`` (the sample index into the data), columns ``confidence``
        (p of the predicted class) and ``p_true`` (p of the true class; the sample's loss is
        ``explainer.maths.softmax.sample_losses`` of its logits, finite where ``p_true`` underflows).

    Examples
    --------
    >>> p = [[0.6, 0.4], [0.2, 0.8], [0.1, 0.9], [0.7, 0.3]]
    >>> drill_down_table([0, 0, 0, 1], [0, 1, 1, 0], p, 0, 1).round(4)  # doctest: +NORMALIZE_WHITESPACE
            confidence  p_true
    sample
    2              0.9     0.1
    1              0.8     0.2
    """
    idx = drill_down(y_true, y_pred, probabilities, true_class, predicted_class)
    prob = np.asarray(probabilities, dtype=np.float64)[idx]
    return pd.DataFrame(
        {"confidence": prob[:, int(predicted_class)], "p_true": prob[:, int(true_class)]},
        index=pd.Index(idx, name="sample"),
    )


# --------------------------------------------------------------------------------------- export


def matrix_csv(matrix: object, class_names: Sequence[str] | None = None) -> bytes:
    """A confusion matrix (counts or fractions) as UTF-8 CSV, for ``st.download_button``.

    The first column holds the true class (header ``"true class \\ predicted class"``), the header
    row the predicted classes. Floats are written at full precision, so
    ``pandas.read_csv(io.BytesIO(data), index_col=0)`` gives back the same numbers.

    Examples
    --------
    >>> print(matrix_csv([[2, 1], [0, 3]], ["cat", "dog"]).decode(), end="")
    true class \\ predicted class,cat,dog
    cat,2,1
    dog,0,3
    """
    m = _check_matrix(matrix)
    names = _check_class_names(class_names, m.shape[0])
    df = pd.DataFrame(m, index=pd.Index(names, name=MATRIX_CSV_INDEX_LABEL), columns=names)
    return df.to_csv(lineterminator="\n").encode("utf-8")


def report_csv(report_df: pd.DataFrame) -> bytes:
    """A :func:`per_class_report` or :func:`averages` table (or their concatenation) as UTF-8 CSV.

    The index becomes the first column (named after the index: ``class`` / ``average``); floats
    at full precision so ``pandas.read_csv(io.BytesIO(data), index_col=0)`` round-trips.

    Examples
    --------
    >>> print(report_csv(per_class_report([0, 1], [0, 0], 2)).decode(), end="")
    class,precision,recall,f1,support
    0,0.5,1.0,0.6666666666666666,1
    1,0.0,0.0,0.0,1
    """
    buf = io.StringIO()
    report_df.to_csv(buf, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
