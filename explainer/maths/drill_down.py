"""The samples behind one cell of the confusion matrix, the most confident first.

Shared by the MNIST evaluation (digits behind a cell) and the Otto exercise (products behind it).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from explainer.maths.labels import label_pair
from explainer.maths.outputs import check_probabilities


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
    t, p, k = label_pair(y_true, y_pred, prob.shape[1])
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
