"""Evaluation logic for the lecture's closing notes: precision, recall, F1 of each class and their averages.

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

Beside it, one concept a module: :mod:`~explainer.maths.confusion` (the matrix these are read off, its
normalisations and the accuracy; re-exported here), :mod:`~explainer.maths.labels` (the input checks),
:mod:`~explainer.maths.outputs` (whether model outputs can be evaluated; Kaggle's log loss),
:mod:`~explainer.maths.drill_down` (the samples behind a cell) and :mod:`~explainer.maths.csv_export`.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import pandas as pd
from sklearn.metrics import precision_recall_fscore_support

from explainer.i18n import _
from explainer.maths.confusion import NORMALIZE_MODES, accuracy, confusion, mode_id, normalize
from explainer.maths.labels import class_names_or_numbers, label_pair, square_matrix

# The confusion matrix's part is re-exported: the pages, the class room and the tests take every number of the
# evaluation from this one module, and its doctests use it.
__all__ = [
    "AVERAGE_KINDS",
    "DEFAULT_ZERO_DIVISION",
    "NORMALIZE_MODES",
    "REPORT_COLUMNS",
    "OneVsRest",
    "accuracy",
    "averages",
    "confusion",
    "mode_id",
    "normalize",
    "one_vs_rest",
    "per_class_report",
]

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
        """Sentences for the page in the reader's language, one per undefined ratio (empty if none)."""
        zd = f"{self.zero_division:g}"
        out = []
        if self.precision_undefined:
            out.append(
                _("Class never predicted (TP + FP = 0): precision is undefined, shown as {value}.").format(value=zd)
            )
        if self.recall_undefined:
            out.append(
                _("Class absent from the data (TP + FN = 0): recall is undefined, shown as {value}.").format(value=zd)
            )
        if self.f1_undefined:
            out.append(_("TP + FP + FN = 0: F1 is undefined, shown as {value}.").format(value=zd))
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
    k = _class_index(k, m.shape[0])
    tp, fn, fp, tn = _one_vs_rest_counts(m, k)
    return OneVsRest(
        class_index=k,
        tp=tp,
        fn=fn,
        fp=fp,
        tn=tn,
        precision=tp / (tp + fp) if tp + fp else zd,
        recall=tp / (tp + fn) if tp + fn else zd,
        f1=2 * tp / (2 * tp + fp + fn) if tp + fp + fn else zd,
        support=tp + fn,
        predicted=tp + fp,
        zero_division=zd,
        precision_undefined=tp + fp == 0,
        recall_undefined=tp + fn == 0,
        f1_undefined=tp + fp + fn == 0,
    )


def _class_index(k: int, size: int) -> int:
    if int(k) != k or not 0 <= k < size:
        raise ValueError(f"class {k!r} outside 0..{size - 1}")
    return int(k)


def _one_vs_rest_counts(m: np.ndarray, k: int) -> tuple[int, int, int, int]:
    """TP, FN, FP, TN of class ``k``: its diagonal cell, the rest of its row, the rest of its column, all else."""
    tp = int(m[k, k])
    fn = int(m[k, :].sum()) - tp
    fp = int(m[:, k].sum()) - tp
    return tp, fn, fp, int(m.sum()) - tp - fn - fp


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
        precision, recall, f1, _support = precision_recall_fscore_support(
            t, p, labels=np.arange(k), average=kind, zero_division=zd
        )
        rows.append((float(precision), float(recall), float(f1), int(t.size)))
    df = pd.DataFrame(rows, columns=list(REPORT_COLUMNS), index=pd.Index(list(AVERAGE_KINDS), name="average"))
    return df.astype({"support": np.int64})
