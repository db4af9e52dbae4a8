"""Evaluation logic for the lecture's closing notes: confusion matrix, precision, recall, F1.
(Just over 400 lines: half of it is scikit-learn-style docstrings with doctests; labels, output checks,
drill-down and CSV export live in their own modules.)

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
each example run as a doctest); the code is one family of functions over one confusion matrix.
Beside it, one concept a module: :mod:`~explainer.maths.labels` (the input checks),
:mod:`~explainer.maths.outputs` (whether model outputs can be evaluated; Kaggle's log loss),
:mod:`~explainer.maths.drill_down` (the samples behind a cell) and :mod:`~explainer.maths.csv_export`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import confusion_matrix, precision_recall_fscore_support

from explainer.maths.labels import class_names_or_numbers, label_pair, square_matrix

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


def _check_zero_division(zero_division: float) -> float:
    value = float(zero_division)
    if not (value in (0.0, 1.0) or math.isnan(value)):
        raise ValueError(f"zero_division must be 0.0, 1.0 or nan, got {zero_division!r}")
    return value


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
    t, p, k = label_pair(y_true, y_pred, num_classes)
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
    m = square_matrix(matrix)
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
    m = square_matrix(matrix)
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
    m = square_matrix(matrix)
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
    t, p, k = label_pair(y_true, y_pred, num_classes)
    names = class_names_or_numbers(class_names, k)
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
    t, p, k = label_pair(y_true, y_pred, num_classes)
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
