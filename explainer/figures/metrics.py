"""Plotly figures for the evaluation page: confusion heatmap and per-class bars. Arrays in, figures out.

Colour language (shared with :mod:`explainer.figures.style`):

* **green** (``TRUE_CLASS``) marks the *true* class: in the heatmap the highlighted **row** k
  (all samples that really are k; its diagonal share is the **recall**), in the bars the recall.
* **vermillion** (``PREDICTED_WRONG``) marks the *predicted* class: the highlighted **column** k
  (all samples predicted as k; its off-diagonal cells are the wrong predictions, the false
  positives, and its diagonal share is the **precision**), in the bars the precision.
* **grey** (``OTHER_CLASS``) is F1, which mixes both.

Cells are opaque (a colour-blind-safe sequential scale, cividis) with text whose colour plotly
picks to contrast each cell, so the heatmap reads the same on Streamlit's light and dark theme;
everything else stays transparent (see :func:`explainer.figures.style.style`).
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explainer.figures.style import FONT_SIZE, OTHER_CLASS, PREDICTED_WRONG, TRUE_CLASS, legible, style
from explainer.i18n import N_, _
from explainer.maths.labels import class_names_or_numbers, square_matrix
from explainer.maths.metrics import NORMALIZE_MODES, mode_id, normalize, one_vs_rest

RECALL_COLOR = TRUE_CLASS  # row k / the true class
PRECISION_COLOR = PREDICTED_WRONG  # column k / the predicted class
F1_COLOR = OTHER_CLASS

HEATMAP_COLORSCALE = "Cividis"
HIGHLIGHT_LINE_WIDTH = 5
SELECTED_CELL_LINE = ("#FFFFFF", "#000000")  # white under black: visible on every cell of the colour scale

_TITLES = {
    "counts": N_("Confusion matrix (counts)"),
    "row": N_("By true class: rows sum to 1, diagonal = recall"),
    "column": N_("By predicted class: columns sum to 1, diagonal = precision"),
}
_TITLES_DIAGONAL_HIDDEN = {
    "counts": N_("Confusion matrix (counts) (diagonal hidden)"),
    "row": N_("By true class: rows sum to 1, diagonal = recall (diagonal hidden)"),
    "column": N_("By predicted class: columns sum to 1, diagonal = precision (diagonal hidden)"),
}


def _cell_text(value: float, mode: str) -> str:
    if mode == "counts":
        return f"{int(value)}"
    return "0" if value == 0 else f"{value:.2f}"


def cell_font_size(text: Sequence[Sequence[str]], num_classes: int) -> int:
    """Font size of the matrix's cell texts: FONT_SIZE while each fits its cell (3 digits, "0.12"), smaller for
    wider counts (full MNIST's diagonal, Otto's classes) so that "1135" stays inside its cell.

    >>> cell_font_size([["100", "0.25"]], 10), cell_font_size([["1135"]], 10), cell_font_size([["12"]], 12)
    (18, 13, 14)
    """
    widest = max((len(cell.replace(".", "")) for row in text for cell in row), default=1)
    size = FONT_SIZE if num_classes <= 10 else FONT_SIZE - 4
    return min(size, FONT_SIZE * 3 // widest)


def _ratio_text(value: float, undefined: bool, why: str) -> str:
    """The value, or ``why`` (a sentence saying it is undefined: "n/a (class absent)")."""
    return why if undefined else f"{value:.3f}"


def confusion_heatmap(
    matrix: np.ndarray,
    class_names: Sequence[str] | None = None,
    mode: str = "counts",
    *,
    hide_diagonal: bool = False,
    highlight_class: int | None = None,
    selected_cell: tuple[int, int] | None = None,
    height: int = 640,
) -> go.Figure:
    """Confusion matrix as a heatmap: rows = true class (class 0 at the top), columns = predicted class.

    Parameters
    ----------
    matrix : array-like of int, shape (K, K)
        Counts from :func:`explainer.maths.metrics.confusion`, rows true and columns predicted.
    class_names : sequence of K str, optional
        Axis labels; default ``"0" .. "K-1"``.
    mode : {"counts", "row", "column"} or a display label of :data:`explainer.maths.metrics.NORMALIZE_MODES`
        What the colours and cell texts show: counts (integers), or fractions of each row / column
        (two decimals; an exact 0 is written "0", a small non-zero share "0.00"), via
        :func:`explainer.maths.metrics.normalize`.
    hide_diagonal : bool
        Blank the diagonal (the correct predictions: ``z`` is None, no text) so that the colour scale
        spans only the mistakes and they stand out.
    highlight_class : int, optional
        Outline row k in green (the true class k: TP + FN, recall) and column k in vermillion
        (predicted as k: TP + FP, precision); the title gives the two values.
    selected_cell : (true, predicted), optional
        The cell whose samples the page shows below: outlined black on white, visible on every colour.
    height : int
        Figure height in pixels; cells are kept square, the axes span exactly the K x K cells (the
        invisible click markers would otherwise pad them), every cell carries its number (no colour bar).

    Returns
    -------
    plotly.graph_objects.Figure
        ``data[0]`` is the heatmap: ``z[i][j]`` (nested lists, None where hidden), ``text[i][j]``
        and ``customdata[i][j] == [i, j]`` (true, predicted). Because Streamlit's ``on_select``
        returns nothing for heatmap clicks, ``data[1]`` is an invisible scatter with one point per
        cell (row by row, ``point_index = i * K + j``) carrying the same ``customdata`` and hover;
        with ``st.plotly_chart(fig, on_select="rerun", selection_mode="points")`` a click gives
        ``event.selection.points[0]["customdata"] == [true, predicted]``.
    """
    counts = square_matrix(matrix)
    k = counts.shape[0]
    names = class_names_or_numbers(class_names, k)
    key = mode_id(mode)
    values = normalize(counts, key)
    hidden = np.eye(k, dtype=bool) & hide_diagonal
    fig = go.Figure()
    _add_cells(fig, values, hidden, names, key)
    _add_click_targets(fig, counts, names)
    title = _((_TITLES_DIAGONAL_HIDDEN if hide_diagonal else _TITLES)[key])
    if highlight_class is not None:
        title = _outline_class(fig, counts, names, highlight_class)
    if selected_cell is not None:
        _outline_cell(fig, selected_cell)
    return _heatmap_layout(fig, title, k, height)


def _heatmap_layout(fig: go.Figure, title: str, k: int, height: int) -> go.Figure:
    """Square cells filling the axes exactly, true class 0 at the top; a click selects the cell under it."""
    fig.update_layout(
        title=dict(text=title, x=0, xanchor="left", font_size=FONT_SIZE),
        hovermode="closest",
        hoverdistance=-1,
        clickmode="event+select",
        dragmode=False,
    )
    axes = dict(type="category", showgrid=False, zeroline=False, constrain="domain", autorange=False)
    fig.update_xaxes(axes, title_text=_("predicted class"), range=[-0.5, k - 0.5])
    fig.update_yaxes(axes, title_text=_("true class"), range=[k - 0.5, -0.5], scaleanchor="x")
    fig = style(fig, height=height)
    fig.update_layout(margin=dict(l=10, r=10, t=70, b=10))
    return legible(fig)


def _add_cells(fig: go.Figure, values: np.ndarray, hidden: np.ndarray, names: list[str], mode: str) -> None:
    """The heatmap itself: colour and text per cell, blank where hidden; the colour scale spans the shown cells."""
    k = len(names)
    z = [[None if hidden[i, j] else values[i, j].item() for j in range(k)] for i in range(k)]
    text = [["" if hidden[i, j] else _cell_text(values[i, j].item(), mode) for j in range(k)] for i in range(k)]
    shown = values[~hidden]
    fig.add_heatmap(
        x=names,
        y=names,
        z=z,
        text=text,
        texttemplate="%{text}",
        textfont=dict(size=cell_font_size(text, k)),
        customdata=[[[i, j] for j in range(k)] for i in range(k)],
        hoverinfo="skip",
        colorscale=HEATMAP_COLORSCALE,
        zmin=0,
        zmax=shown.max() if shown.size and shown.max() > 0 else 1,
        xgap=2,
        ygap=2,
        showscale=False,
        name="confusion",
    )


def _outline_cell(fig: go.Figure, cell: tuple[int, int]) -> None:
    """The drill-down's cell, black on white: visible on every colour of the scale."""
    true, predicted = cell
    for width, color in zip((7, 3), SELECTED_CELL_LINE, strict=True):
        fig.add_shape(
            type="rect",
            x0=predicted - 0.5,
            x1=predicted + 0.5,
            y0=true - 0.5,
            y1=true + 0.5,
            line=dict(width=width, color=color),
            name="drill-down cell",
        )


def _add_click_targets(fig: go.Figure, counts: np.ndarray, names: list[str]) -> None:
    """One invisible marker per cell, row by row, for Streamlit's selections and the hover label."""
    k = len(names)
    rows, cols = normalize(counts, "row"), normalize(counts, "column")
    row_sums, col_sums = counts.sum(axis=1), counts.sum(axis=0)
    cells = [(i, j) for i in range(k) for j in range(k)]
    correct = _(
        "true <b>{true}</b>, predicted <b>{predicted}</b> (correct)<br>count {count}<br>"
        "{row_share:.1%} of the {row_total} true {true}<br>"
        "{column_share:.1%} of the {column_total} predicted {predicted}"
    )
    mistake = _(
        "true <b>{true}</b>, predicted <b>{predicted}</b> (mistake)<br>count {count}<br>"
        "{row_share:.1%} of the {row_total} true {true}<br>"
        "{column_share:.1%} of the {column_total} predicted {predicted}"
    )
    hover = [
        (correct if i == j else mistake).format(
            true=names[i],
            predicted=names[j],
            count=int(counts[i, j]),
            row_share=rows[i, j],
            row_total=int(row_sums[i]),
            column_share=cols[i, j],
            column_total=int(col_sums[j]),
        )
        for i, j in cells
    ]
    fig.add_scatter(
        x=[names[j] for _i, j in cells],
        y=[names[i] for i, _j in cells],
        customdata=[[i, j] for i, j in cells],
        hovertext=hover,
        hovertemplate="%{hovertext}<extra></extra>",
        mode="markers",
        marker=dict(symbol="square", size=30, opacity=0, color="#444444"),
        hoverlabel=dict(bgcolor="#444444", font=dict(color="#ffffff", size=FONT_SIZE - 2)),
        selected=dict(marker=dict(opacity=0)),
        unselected=dict(marker=dict(opacity=0)),
        showlegend=False,
        name="cells",
    )


def _outline_class(fig: go.Figure, counts: np.ndarray, names: list[str], highlight_class: int) -> str:
    """Row k in green (recall's denominator), column k in vermillion (precision's); returns the title."""
    k = len(names)
    if int(highlight_class) != highlight_class or not 0 <= highlight_class < k:
        raise ValueError(f"highlight_class {highlight_class!r} outside 0..{k - 1}")
    c = int(highlight_class)
    line = dict(width=HIGHLIGHT_LINE_WIDTH)
    fig.add_shape(
        type="rect",
        x0=-0.5,
        x1=k - 0.5,
        y0=c - 0.5,
        y1=c + 0.5,
        line=dict(line, color=RECALL_COLOR),
        name="true class row",
    )
    fig.add_shape(
        type="rect",
        x0=c - 0.5,
        x1=c + 0.5,
        y0=-0.5,
        y1=k - 0.5,
        line=dict(line, color=PRECISION_COLOR),
        name="predicted class column",
    )
    r = one_vs_rest(counts, c)
    recall = _ratio_text(r.recall, r.recall_undefined, _("n/a (class absent)"))
    precision = _ratio_text(r.precision, r.precision_undefined, _("n/a (never predicted)"))
    row = _("row {name}: recall {recall}").format(name=names[c], recall=recall)
    column = _("column {name}: precision {precision}").format(name=names[c], precision=precision)
    return (  # two lines: one line was cut off beside the controls on a 1280-pixel projector
        f"<span style='color:{RECALL_COLOR}'><b>{row}</b></span><br>"
        f"<span style='color:{PRECISION_COLOR}'><b>{column}</b></span>"
    )


def per_class_bars(
    report_df: pd.DataFrame,
    highlight_class: int | None = None,
    show_values: bool | None = None,
    height: int = 420,
) -> go.Figure:
    """Grouped bars of precision (vermillion), recall (green) and F1 (grey) for every class.

    Parameters
    ----------
    report_df : pandas.DataFrame
        :func:`explainer.maths.metrics.per_class_report`: index = class names, columns ``precision``,
        ``recall``, ``f1`` and ``support`` (support shows in the hover).
    highlight_class : int, optional
        Position of a class to emphasise; the other classes' bars are faded.
    show_values : bool, optional
        Write the values on the bars; default only when there are at most 5 classes (for 10 classes
        the 30 labels would overlap; the hover shows them).
    """
    names = [str(n) for n in report_df.index]
    k = len(names)
    if show_values is None:
        show_values = k <= 5
    opacity = [1.0 if highlight_class is None or i == highlight_class else 0.35 for i in range(k)]
    support = report_df["support"].to_numpy().tolist() if "support" in report_df else [None] * k
    fig = go.Figure()
    for column, label, color, hover in (
        (
            "precision",
            _("precision = TP/(TP+FP)"),
            PRECISION_COLOR,
            _("class %{x}<br>precision %{y:.4f}<br>support %{customdata}<extra></extra>"),
        ),
        (
            "recall",
            _("recall = TP/(TP+FN)"),
            RECALL_COLOR,
            _("class %{x}<br>recall %{y:.4f}<br>support %{customdata}<extra></extra>"),
        ),
        (
            "f1",
            "F1 = 2PR/(P+R)",
            F1_COLOR,
            _("class %{x}<br>f1 %{y:.4f}<br>support %{customdata}<extra></extra>"),
        ),
    ):
        y = report_df[column].to_numpy(dtype=float).tolist()
        fig.add_bar(
            x=names,
            y=y,
            name=label,
            marker=dict(color=color, opacity=opacity),
            customdata=support,
            text=[f"{v:.2f}" for v in y] if show_values else None,
            textposition="outside" if show_values else None,
            cliponaxis=False,
            hovertemplate=hover,
        )
    fig.update_layout(barmode="group", bargroupgap=0.05)
    fig.update_xaxes(title_text=_("class"), type="category", dtick=1)  # every class named, even in a narrow column
    fig.update_yaxes(title_text=_("score"), range=[0, 1.12 if show_values else 1.02])
    fig = style(fig, height=height)
    # Anchored by its bottom just above the plot: in a narrow column it wraps into rows that grow upwards.
    fig.update_layout(showlegend=True, legend=dict(orientation="h", yanchor="bottom", y=1.02, x=0))
    return fig


__all__ = [
    "F1_COLOR",
    "HEATMAP_COLORSCALE",
    "NORMALIZE_MODES",
    "PRECISION_COLOR",
    "RECALL_COLOR",
    "confusion_heatmap",
    "per_class_bars",
]
