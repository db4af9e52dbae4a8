"""A Kaggle submission for Otto: one row per test id, the 9 class probabilities."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np
import pandas as pd

from explainer.data.otto import CLASS_NAMES, listing
from explainer.maths.outputs import check_probabilities

# Row sums of submitted probabilities may be off by float error (float32 softmax gives ~1e-7);
# anything further off than this is not a probability vector (most likely logits).
_ROW_SUM_TOLERANCE = 1e-3


def submission_frame(test_ids: Any, probabilities: Any, class_names: Sequence[str] = CLASS_NAMES) -> pd.DataFrame:
    """Kaggle's submission table: ``id, Class_1 … Class_9``, one row per test id, in the given order.

    Parameters
    ----------
    test_ids : array-like of shape (N,)
        Unique whole-number ids (e.g. ``OttoTest.ids``).
    probabilities : array-like of shape (N, 9)
        Softmax outputs, row i for ``test_ids[i]``. Rows must sum to 1 within 1e-3; they are then
        renormalized exactly (float32 softmax is off by ~1e-7).

    Raises ``ValueError`` (with row indices, 0-based like the arrays) for shape mismatches, N = 0,
    duplicate or non-integer ids, NaN/inf, negative values or rows not summing to 1 (logits).

    >>> submission_frame([7, 3], [[1.0] + [0.0] * 8, [1 / 9] * 9]).iloc[:, :3].round(3).values.tolist()
    [[7.0, 1.0, 0.0], [3.0, 0.111, 0.111]]
    """
    ids = np.asarray(test_ids)
    if ids.ndim != 1 or ids.size == 0:
        raise ValueError(f"test_ids must be a non-empty 1-D array, got shape {ids.shape}.")
    if not np.issubdtype(ids.dtype, np.integer):
        as_float = ids.astype(np.float64)
        if not np.isfinite(as_float).all() or (as_float != np.round(as_float)).any():
            raise ValueError("test_ids must be whole numbers.")
    ids = ids.astype(np.int64)
    duplicated = pd.Series(ids).duplicated(keep=False).to_numpy()
    if duplicated.any():
        raise ValueError(
            f"test_ids must be unique; repeated: {listing([str(i) for i in np.unique(ids[duplicated])], 'ids')}."
        )
    p = check_probabilities(probabilities, ids.size, len(class_names))
    sums = p.sum(axis=1)
    off = np.abs(sums - 1) > _ROW_SUM_TOLERANCE
    if off.any():
        rows = listing([str(i) for i in np.flatnonzero(off)], "rows")
        raise ValueError(
            f"probability rows must sum to 1; rows {rows} sum to e.g. {sums[off][0]:g}. "
            "Pass softmax outputs, not logits or scores."
        )
    frame = pd.DataFrame(p / sums[:, None], columns=list(class_names))
    frame.insert(0, "id", ids)
    return frame


def submission_csv(
    test_ids: Any, probabilities: Any, class_names: Sequence[str] = CLASS_NAMES, float_format: str = "%.6g"
) -> bytes:
    """:func:`submission_frame` as the UTF-8 CSV bytes Kaggle expects (header ``id,Class_1,…``).

    Six significant digits keep the full 144,368-row file near 8 MB; the rounding changes row sums
    by at most ~1e-6, and Kaggle renormalizes rows anyway.

    >>> submission_csv([1], [[0.5, 0.5] + [0.0] * 7]).decode().splitlines()[1]
    '1,0.5,0.5,0,0,0,0,0,0,0'
    """
    frame = submission_frame(test_ids, probabilities, class_names)
    return frame.to_csv(index=False, float_format=float_format, lineterminator="\n").encode("utf-8")
