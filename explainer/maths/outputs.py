"""A model's outputs: can they be evaluated, and Kaggle's log loss of its probabilities.

The one home for the check of model outputs. The evaluation page gets logits from a run that may
have diverged; the Kaggle log loss and the submission file get probabilities that may be logits in
disguise. Each asks :func:`outputs_problem` the same questions, in this order: is there a table of
outputs at all, does it have one row per sample and one column per class, are the numbers finite,
and (for probabilities) are they non-negative.
"""

from __future__ import annotations

import numpy as np

from explainer.i18n import N_, _

# Kaggle's clipping constant for the log loss: a confident wrong answer costs at most
# -log(1e-15) ≈ 34.5 instead of infinity.
LOG_LOSS_EPS = 1e-15

_ROWS_SHOWN = 5


def _row_indices(mask: np.ndarray) -> str:
    rows = [str(i) for i in np.flatnonzero(mask)]
    shown = ", ".join(rows[:_ROWS_SHOWN])
    if len(rows) > _ROWS_SHOWN:
        return _("{rows} and {count} more").format(rows=shown, count=len(rows) - _ROWS_SHOWN)
    return shown


# The sentences of outputs_problem, for logits ("outputs") and for probabilities, each a whole sentence.
NOTHING = {
    "outputs": N_("there are no outputs to evaluate (shape {shape})."),
    "probabilities": N_("there are no probabilities to evaluate (shape {shape})."),
}
SHAPE = {
    "outputs": N_(
        "the outputs must have shape ({rows}, {classes}), one row a sample and one column a class; got {shape}."
    ),
    "probabilities": N_(
        "the probabilities must have shape ({rows}, {classes}), one row a sample and one column a class; got {shape}."
    ),
}
NOT_FINITE = {
    "outputs": N_("the outputs contain NaN or infinite values (row indices {rows}): the weights overflowed."),
    "probabilities": N_("the probabilities contain NaN or infinite values (row indices {rows})."),
}


def outputs_problem(
    outputs: object, n_rows: int | None = None, n_classes: int | None = None, *, probabilities: bool = False
) -> str | None:
    """Why these model outputs cannot be evaluated, as a sentence, or None when they can.

    Parameters
    ----------
    outputs : array-like of shape (N, K)
        One row per sample, one column per class: logits, or softmax probabilities when
        ``probabilities`` is true (then negative entries are refused: they are logits).
    n_rows, n_classes : int, optional
        The N and K the caller needs; any N >= 1 and K >= 2 when not given.

    Examples
    --------
    >>> outputs_problem([[0.5, 0.5]]) is None
    True
    >>> outputs_problem([[np.nan, 1.0], [0.0, np.inf]])
    'the outputs contain NaN or infinite values (row indices 0, 1): the weights overflowed.'
    >>> outputs_problem([[0.2, 0.8]], n_rows=2)
    'the outputs must have shape (2, K ≥ 2), one row a sample and one column a class; got (1, 2).'
    >>> outputs_problem([[-1.0, 2.0]], probabilities=True)  # doctest: +ELLIPSIS
    'the probabilities contain negative values (row indices 0): these look like logits...; apply softmax first.'
    """
    what = "probabilities" if probabilities else "outputs"
    array = np.asarray(outputs, dtype=np.float64)
    if array.ndim != 2 or array.size == 0:
        return _(NOTHING[what]).format(shape=array.shape)
    rows, classes = array.shape
    if (n_rows is not None and rows != n_rows) or (classes != n_classes if n_classes is not None else classes < 2):
        wanted_rows = "N" if n_rows is None else n_rows
        wanted_classes = "K ≥ 2" if n_classes is None else n_classes
        return _(SHAPE[what]).format(rows=wanted_rows, classes=wanted_classes, shape=array.shape)
    not_finite = ~np.isfinite(array).all(axis=1)
    if not_finite.any():
        return _(NOT_FINITE[what]).format(rows=_row_indices(not_finite))
    negative = (array < 0).any(axis=1)
    if probabilities and negative.any():
        return _(
            "the probabilities contain negative values (row indices {rows}): these look like "
            "logits or log-probabilities; apply softmax first."
        ).format(rows=_row_indices(negative))
    return None


def check_probabilities(probabilities: object, n_rows: int, n_classes: int | None = None) -> np.ndarray:
    """(n_rows, K) finite, non-negative probabilities as float64, or ``ValueError`` saying what is wrong.

    >>> check_probabilities([[0.25, 0.75]], 1).dtype
    dtype('float64')
    """
    if problem := outputs_problem(probabilities, n_rows, n_classes, probabilities=True):
        raise ValueError(problem[0].upper() + problem[1:])
    return np.asarray(probabilities, dtype=np.float64)


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
