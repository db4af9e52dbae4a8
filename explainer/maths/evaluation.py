"""What the evaluation page needs besides the metrics themselves: pure helpers, no Streamlit.

:mod:`explainer.maths.metrics` computes the numbers (with scikit-learn); this module turns a model's
outputs into what the page shows: stable probabilities and losses from logits, a run's fitness to be
evaluated, sensible first choices (the most confused cell, the weakest class), the lecture's three
formulas with the numbers substituted, the one-vs-rest 2x2 table as a figure, and the table that the
CSV download holds. Shared by the MNIST page (10 classes) and the Otto exercise (9 classes).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explainer.figures.metrics import PRECISION_COLOR, RECALL_COLOR
from explainer.figures.style import FONT_SIZE, style
from explainer.links import LOGIT_LIMIT
from explainer.maths.metrics import OneVsRest, one_vs_rest
from explainer.maths.softmax import log_softmax, softmax

if TYPE_CHECKING:  # only for type hints
    from explainer.training.engine import Snapshot

#: What the page offers for scikit-learn's ``zero_division`` (label -> value).
ZERO_DIVISION_CHOICES: dict[str, float] = {"0": 0.0, "1": 1.0, "nan (skip in averages)": float("nan")}


# ----------------------------------------------------------------------------- model outputs


def probabilities_from_logits(logits: object) -> np.ndarray:
    """Softmax of every row of (N, K) logits: (N, K), each row sums to 1 (torch's, as everywhere).

    >>> probabilities_from_logits([[0.2, 0.1, -0.1]]).round(3).tolist()
    [[0.378, 0.342, 0.28]]
    """
    return softmax(logits)


def losses_from_logits(logits: object, y_true: object) -> np.ndarray:
    """Per-sample cross-entropy ``logsumexp(z) - z[y]``: (N,), finite even where p underflows to 0.

    >>> losses_from_logits([[1000.0, -1000.0, 0.0]], [1]).tolist()
    [2000.0]
    """
    logp = log_softmax(logits)
    y = np.asarray(y_true, dtype=np.int64)
    return -logp[np.arange(len(y)), y]


def outputs_problem(probabilities: object) -> str | None:
    """Why these outputs cannot be evaluated (in words), or None when they can.

    >>> outputs_problem([[0.5, 0.5]]) is None, outputs_problem([[np.nan, np.nan]])
    (True, 'its outputs are not finite numbers (NaN or infinity): the weights overflowed.')
    """
    p = np.asarray(probabilities, dtype=np.float64)
    if p.ndim != 2 or p.shape[0] == 0 or p.shape[1] < 2:
        return f"there are no outputs to evaluate (shape {p.shape})."
    if not np.isfinite(p).all():
        return "its outputs are not finite numbers (NaN or infinity): the weights overflowed."
    return None


def run_problem(snapshot: Snapshot) -> str | None:
    """Why a training run cannot be evaluated yet, or None: it needs one finished epoch and finite outputs."""
    if not snapshot.epochs or snapshot.test_logits is None or not snapshot.test_predictions:
        return "it has not finished an epoch yet."
    return outputs_problem(snapshot.test_logits)


def softmax_page_logits(logits: Sequence[float]) -> tuple[float, ...]:
    """One sample's logits as the softmax page accepts them: 4 decimals, within ±1000 (its limit).

    >>> softmax_page_logits([0.123456, 5000.0, -1e9])
    (0.1235, 1000.0, -1000.0)
    """
    return tuple(round(float(np.clip(z, -LOGIT_LIMIT, LOGIT_LIMIT)), 4) for z in logits)


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


# ------------------------------------------------------------------------------------ formulas


def _color(text: str, color: str) -> str:
    return rf"{{\color{{{color}}}{text}}}"


def _value(value: float) -> str:
    return "\\text{nan}" if np.isnan(value) else f"{value:.4f}"


def _stand_in(value: float) -> str:
    """The zero_division value that replaces 0/0: 0, 1 or nan."""
    return "\\text{nan}" if np.isnan(value) else f"{value:g}"


def _ratio(name: str, color: str, tp: int, other: int, other_name: str, value: float, undefined: bool) -> str:
    head = (
        _color(rf"\text{{{name}}}", color) + rf" = \frac{{TP}}{{TP + {other_name}}} = \frac{{{tp}}}{{{tp} + {other}}}"
    )
    return head + (rf" \to {_stand_in(value)}" if undefined else rf" = {_value(value)}")


def formula_latex(r: OneVsRest) -> dict[str, str]:
    r"""The lecture's precision, recall and F1 for one class, numbers substituted, as ``st.latex`` strings.

    Precision is coloured like the heatmap's column (vermillion: what was predicted as the class),
    recall like its row (green: what really is the class). An undefined ratio (0/0) is followed by an
    arrow to the ``zero_division`` value scikit-learn reports instead. F1 is written 2PR/(P+R) when
    P + R > 0 and both are defined, else as scikit-learn computes it, 2TP/(2TP + FP + FN); on two
    lines, so it fits beside the heatmap.

    >>> f = formula_latex(one_vs_rest([[8, 2], [1, 9]], 0))
    >>> f["precision"].endswith(r"= \frac{8}{8 + 1} = 0.8889")
    True
    >>> formula_latex(one_vs_rest([[0, 2], [0, 9]], 0))["precision"].endswith(r"\frac{0}{0 + 0} \to 0")
    True
    """
    precision = _ratio("precision", PRECISION_COLOR, r.tp, r.fp, "FP", r.precision, r.precision_undefined)
    recall = _ratio("recall", RECALL_COLOR, r.tp, r.fn, "FN", r.recall, r.recall_undefined)
    p, rc = r.precision, r.recall
    if not (r.precision_undefined or r.recall_undefined) and p + rc > 0:
        first = r"F_1 = \frac{2PR}{P + R}"
        second = rf"\frac{{2 \cdot {p:.4f} \cdot {rc:.4f}}}{{{p:.4f} + {rc:.4f}}}"
    else:
        first = r"F_1 = \frac{2TP}{2TP + FP + FN}"
        second = rf"\frac{{{2 * r.tp}}}{{{2 * r.tp} + {r.fp} + {r.fn}}}"
    result = rf"\to {_stand_in(r.f1)}" if r.f1_undefined else f"= {_value(r.f1)}"
    f1 = rf"\begin{{aligned}} {first} &= {second} \\ &{result} \end{{aligned}}"
    return {"precision": precision, "recall": recall, "f1": f1}


def legible(fig: go.Figure, size: int = FONT_SIZE) -> go.Figure:
    """Explicit font sizes for ticks, axis titles and the legend: Streamlit's plotly theme sets small ones.

    >>> legible(go.Figure()).layout.xaxis.tickfont.size
    18
    """
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_layout(legend_font_size=size - 2)
    return fig


def one_vs_rest_figure(r: OneVsRest, class_name: str, height: int = 330) -> go.Figure:
    """The 2x2 table of one class against the rest, framed like the heatmap: its row green, its column vermillion.

    Rows: actual class / actual not class; columns: predicted class / predicted not class. The recall
    row (TP, FN) is outlined in green, the precision column (TP, FP) in vermillion.
    """
    columns = [f"predicted {class_name}", f"predicted not {class_name}"]
    rows = [f"actual {class_name}", f"actual not {class_name}"]
    cells = [("TP", r.tp, 0, 0), ("FN", r.fn, 1, 0), ("FP", r.fp, 0, 1), ("TN", r.tn, 1, 1)]
    fig = go.Figure(
        go.Scatter(
            x=[columns[c] for _, _, c, _ in cells],
            y=[rows[row] for _, _, _, row in cells],
            text=[f"{name}<br><b>{value:,}</b>" for name, value, _, _ in cells],
            mode="text",
            textfont=dict(size=FONT_SIZE + 10),
            hoverinfo="skip",
        )
    )
    grid = dict(type="rect", line=dict(width=1, color="rgba(128,128,128,0.6)"), layer="below")
    for c in range(2):
        for row in range(2):
            fig.add_shape(grid, x0=c - 0.5, x1=c + 0.5, y0=row - 0.5, y1=row + 0.5)
    fig.add_shape(type="rect", x0=-0.47, x1=1.47, y0=-0.47, y1=0.47, line=dict(width=5, color=RECALL_COLOR))
    fig.add_shape(type="rect", x0=-0.43, x1=0.43, y0=-0.43, y1=1.43, line=dict(width=5, color=PRECISION_COLOR))
    fig.update_xaxes(type="category", side="top", showgrid=False, zeroline=False, range=[-0.55, 1.55])
    fig.update_yaxes(type="category", autorange="reversed", showgrid=False, zeroline=False, range=[1.55, -0.55])
    fig = style(fig, height=height)
    fig.update_layout(margin=dict(l=10, r=10, t=50, b=10), dragmode=False)
    return legible(fig)


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
    what = {
        "never": ("never predicted", "precision"),
        "absent": ("absent from the test set", "recall"),
        "both": ("never predicted and absent from the test set", "precision, recall and F1"),
    }
    notes = []
    for kind, names in kinds.items():
        if names:
            listed = names[0] if len(names) == 1 else ", ".join(names[:-1]) + f" and {names[-1]}"
            subject = f"Class {listed} is" if len(names) == 1 else f"Classes {listed} are"
            state, ratios = what[kind]
            notes.append(f"{subject} {state}: {ratios} = 0/0, reported as {zd} (zero_division).")
    return notes


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
