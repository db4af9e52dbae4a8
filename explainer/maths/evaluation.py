"""What the evaluation page needs besides the metrics themselves: pure helpers, no Streamlit.

:mod:`explainer.maths.metrics` computes the numbers (with scikit-learn); this module turns a model's
outputs into what the page shows: sensible first choices (the most
confused cell, the weakest class), notes on 0/0 ratios and the table that the CSV download holds.
Shared by the MNIST page (10 classes) and the Otto exercise (9 classes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import numpy as np
import pandas as pd

from explainer.i18n import N_, _, ngettext
from explainer.maths.metrics import one_vs_rest

#: What the page offers for scikit-learn's ``zero_division`` (label -> value); the labels are the radio's values, in
#: English: a page shows :func:`zero_division_label`.
ZERO_DIVISION_CHOICES: dict[str, float] = {"0": 0.0, "1": 1.0, N_("nan (skip in averages)"): float("nan")}


def zero_division_label(choice: str) -> str:
    """A key of :data:`ZERO_DIVISION_CHOICES` as the page shows it, in the reader's language."""
    return choice if choice in ("0", "1") else _(choice)


# ------------------------------------------------------------------------------- first choices


def most_confused(matrix: object) -> tuple[int, int]:
    """The (true, predicted) cell holding the most mistakes; the largest diagonal cell when there are none.

    >>> most_confused([[5, 1, 0], [3, 4, 0], [0, 0, 2]])
    (1, 0)
    >>> most_confused([[5, 0], [0, 9]])
    (1, 1)
    """
    m = np.asarray(matrix)
    off = m * (1 - np.eye(len(m), dtype=m.dtype))
    if off.max() > 0:
        i, j = np.unravel_index(int(off.argmax()), m.shape)
    else:
        i = j = int(np.diag(m).argmax())
    return int(i), int(j)


def confused_with(matrix: object, k: int) -> tuple[int, int, int]:
    """The class most often mixed up with class k, either way: (j, k predicted as j, j predicted as k).

    >>> confused_with([[5, 1, 0], [3, 4, 0], [0, 2, 2]], 1)
    (0, 3, 1)
    """
    m = np.asarray(matrix)
    both_ways = m[k] + m[:, k]
    both_ways[k] = -1  # the diagonal is right, not a confusion
    j = int(both_ways.argmax())
    return j, int(m[k, j]), int(m[j, k])


def weakest_class(report: pd.DataFrame) -> int:
    """Position of the class with the lowest F1 among those in the data (first on ties; 0 if none).

    >>> weakest_class(pd.DataFrame({"f1": [0.9, 0.5, 0.0], "support": [10, 10, 0]}))
    1
    """
    f1 = report["f1"].to_numpy(dtype=float)
    present = report["support"].to_numpy() > 0
    candidates = np.where(present & ~np.isnan(f1), f1, np.inf)
    return int(candidates.argmin()) if np.isfinite(candidates).any() else 0


def cell_from_selection(selection: object, num_classes: int) -> tuple[int, int] | None:
    """The (true, predicted) cell a click on :func:`~explainer.figures.metrics.confusion_heatmap` chose.

    ``selection`` is what ``st.plotly_chart(..., on_select=...)`` reports (``{"selection": {"points":
    [...]}}``, or its ``selection`` part); each point of the figure's click layer carries
    ``customdata == [true, predicted]``. None when nothing usable was clicked.

    >>> cell_from_selection({"selection": {"points": [{"customdata": [3, 5]}]}}, 10)
    (3, 5)
    >>> cell_from_selection({"selection": {"points": []}}, 10) is None
    True
    """
    if not isinstance(selection, Mapping):
        return None
    points = selection.get("selection", selection).get("points") or []
    for point in points:
        custom = point.get("customdata") if isinstance(point, Mapping) else None
        if isinstance(custom, Sequence) and len(custom) == 2:
            try:
                i, j = int(custom[0]), int(custom[1])
            except (TypeError, ValueError):
                continue
            if 0 <= i < num_classes and 0 <= j < num_classes:
                return i, j
    return None


def epoch_predictions(per_epoch: Sequence[np.ndarray], epoch: int) -> np.ndarray:
    """Predicted labels after ``epoch`` (1-based), as int64: (N,).

    >>> epoch_predictions([np.array([0, 1], np.uint8), np.array([1, 1], np.uint8)], 1).tolist()
    [0, 1]
    """
    if not 1 <= epoch <= len(per_epoch):
        raise ValueError(f"epoch {epoch} outside 1..{len(per_epoch)}")
    return np.asarray(per_epoch[epoch - 1], dtype=np.int64)


# --------------------------------------------------------------------------------- the tables


def undefined_notes(matrix: object, class_names: Sequence[str], zero_division: float) -> list[str]:
    """One sentence per kind of 0/0 (never predicted, absent, both), naming its classes and the stand-in.

    >>> undefined_notes([[3, 0, 0, 0], [1, 0, 0, 0], [2, 0, 0, 0], [0, 0, 0, 0]], list("abcd"), 0.0)
    ... # doctest: +NORMALIZE_WHITESPACE
    ['Classes b and c are never predicted: precision = 0/0, reported as 0 (zero_division).',
     'Class d is never predicted and absent from the test set: precision, recall and F1 = 0/0,
      reported as 0 (zero_division).']
    """
    m = np.asarray(matrix)
    zd = "nan" if np.isnan(zero_division) else f"{zero_division:g}"
    kinds: dict[str, list[str]] = {"never": [], "absent": [], "both": []}
    for k, name in enumerate(class_names):
        r = one_vs_rest(m, k, zero_division)
        if r.precision_undefined or r.recall_undefined:
            kinds[
                "both"
                if r.precision_undefined and r.recall_undefined
                else "never"
                if r.precision_undefined
                else "absent"
            ].append(name)
    notes = []
    for kind, names in kinds.items():
        if names:
            listed = (
                names[0]
                if len(names) == 1
                else _("{names} and {last}").format(names=", ".join(names[:-1]), last=names[-1])
            )
            notes.append(_undefined_note(kind, len(names)).format(classes=listed, value=zd))
    return notes


def _undefined_note(kind: str, count: int) -> str:
    """The sentence of one kind of 0/0 ("never", "absent", "both") for ``count`` classes, to format."""
    if kind == "never":
        return ngettext(
            "Class {classes} is never predicted: precision = 0/0, reported as {value} (zero_division).",
            "Classes {classes} are never predicted: precision = 0/0, reported as {value} (zero_division).",
            count,
        )
    if kind == "absent":
        return ngettext(
            "Class {classes} is absent from the test set: recall = 0/0, reported as {value} (zero_division).",
            "Classes {classes} are absent from the test set: recall = 0/0, reported as {value} (zero_division).",
            count,
        )
    return ngettext(
        "Class {classes} is never predicted and absent from the test set: precision, recall and F1 = 0/0, reported "
        "as {value} (zero_division).",
        "Classes {classes} are never predicted and absent from the test set: precision, recall and F1 = 0/0, "
        "reported as {value} (zero_division).",
        count,
    )


def report_table(report: pd.DataFrame, averages: pd.DataFrame) -> pd.DataFrame:
    """Per-class rows then "macro avg", "weighted avg", "micro avg": what the metrics CSV holds.

    >>> from explainer.maths.metrics import averages as avg, per_class_report
    >>> table = report_table(per_class_report([0, 1], [0, 0], 2), avg([0, 1], [0, 0], 2))
    >>> list(table.index), table.index.name
    (['0', '1', 'macro avg', 'weighted avg', 'micro avg'], 'class')
    """
    renamed = averages.rename(index=lambda kind: f"{kind} avg")
    table = pd.concat([report, renamed])
    table.index.name = "class"
    return table


def page_of(indices: np.ndarray, page: int, per_page: int) -> np.ndarray:
    """Items ``(page-1)*per_page .. page*per_page`` of ``indices`` (1-based pages, clipped).

    >>> page_of(np.arange(10), 2, 4).tolist(), page_of(np.arange(10), 9, 4).tolist()
    ([4, 5, 6, 7], [8, 9])
    """
    pages = max(1, -(-len(indices) // per_page))
    page = min(max(1, page), pages)
    return indices[(page - 1) * per_page : page * per_page]
