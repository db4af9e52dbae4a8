"""The confusion matrix of a classifier: counts, their row or column fractions, and the accuracy they give.

Pure functions, arrays in and arrays out; no Streamlit. Rows are the true class, columns the predicted class:
``C[i, j]`` counts samples of true class ``i`` predicted as ``j``, always ``K x K`` (see
:mod:`explainer.maths.metrics` for the precision, recall and F1 read off it).
"""

from __future__ import annotations

import numpy as np
from sklearn.metrics import confusion_matrix

from explainer.i18n import N_
from explainer.maths.labels import label_pair, square_matrix

#: Stable identifiers for :func:`normalize`, mapped to the labels a page shows (e.g. in a radio), in English: a page
#: shows ``_(NORMALIZE_MODES[mode])``.
NORMALIZE_MODES: dict[str, str] = {
    "counts": N_("counts"),
    "row": N_("by true class (rows)"),
    "column": N_("by predicted class (columns)"),
}


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
