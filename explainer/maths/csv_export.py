"""Confusion matrices and metric tables as CSV files a student can download and open elsewhere."""

from __future__ import annotations

import io
from collections.abc import Sequence

import pandas as pd

from explainer.maths.labels import class_names_or_numbers, square_matrix

MATRIX_CSV_INDEX_LABEL = "true class \\ predicted class"


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
    m = square_matrix(matrix)
    names = class_names_or_numbers(class_names, m.shape[0])
    df = pd.DataFrame(m, index=pd.Index(names, name=MATRIX_CSV_INDEX_LABEL), columns=names)
    return df.to_csv(lineterminator="\n").encode("utf-8")


def report_csv(report_df: pd.DataFrame) -> bytes:
    """A :func:`per_class_report` or :func:`averages` table (or their concatenation) as UTF-8 CSV.

    The index becomes the first column (named after the index: ``class`` / ``average``); floats
    at full precision so ``pandas.read_csv(io.BytesIO(data), index_col=0)`` round-trips.

    Examples
    --------
    >>> from explainer.maths.metrics import per_class_report
    >>> print(report_csv(per_class_report([0, 1], [0, 0], 2)).decode(), end="")
    class,precision,recall,f1,support
    0,0.5,1.0,0.6666666666666666,1
    1,0.0,0.0,0.0,1
    """
    buf = io.StringIO()
    report_df.to_csv(buf, lineterminator="\n")
    return buf.getvalue().encode("utf-8")
