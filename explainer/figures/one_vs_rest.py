"""One class against the rest, for the evaluation page: the lecture's precision, recall and F1 with the class's
numbers (LaTeX for ``st.latex``), and its 2 x 2 table framed like the confusion heatmap (:mod:`explainer.figures.
metrics`): its row green (the true class, recall), its column vermillion (the predicted class, precision)."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.figures.metrics import PRECISION_COLOR, RECALL_COLOR
from explainer.figures.style import FONT_SIZE, legible, style
from explainer.i18n import _, pgettext
from explainer.maths.metrics import OneVsRest


def _color(text: str, color: str) -> str:
    return rf"{{\color{{{color}}}{text}}}"


def _value(value: float) -> str:
    return "\\text{nan}" if np.isnan(value) else f"{value:.4f}"


def _stand_in(value: float) -> str:
    """The zero_division value that replaces 0/0: 0, 1 or nan."""
    return "\\text{nan}" if np.isnan(value) else f"{value:g}"


def _ratio(name: str, color: str, *, tp: int, other: int, other_name: str, value: float, undefined: bool) -> str:
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

    >>> from explainer.maths.metrics import one_vs_rest
    >>> f = formula_latex(one_vs_rest([[8, 2], [1, 9]], 0))
    >>> f["precision"].endswith(r"= \frac{8}{8 + 1} = 0.8889")
    True
    >>> formula_latex(one_vs_rest([[0, 2], [0, 9]], 0))["precision"].endswith(r"\frac{0}{0 + 0} \to 0")
    True
    """
    precision = _ratio(
        _("precision"),  # the word in the reader's language; the formula's symbols stay
        PRECISION_COLOR,
        tp=r.tp,
        other=r.fp,
        other_name="FP",
        value=r.precision,
        undefined=r.precision_undefined,
    )
    recall = _ratio(
        _("recall"), RECALL_COLOR, tp=r.tp, other=r.fn, other_name="FN", value=r.recall, undefined=r.recall_undefined
    )
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


def one_vs_rest_figure(r: OneVsRest, class_name: str, height: int = 330) -> go.Figure:
    """The 2x2 table of one class against the rest, framed like the heatmap: its row green, its column vermillion.

    Rows: actual class / actual not class; columns: predicted class / predicted not class. The recall
    row (TP, FN) is outlined in green, the precision column (TP, FP) in vermillion.
    """
    columns = [_("predicted {name}").format(name=class_name), _("predicted not {name}").format(name=class_name)]
    rows = [_("actual {name}").format(name=class_name), _("actual not {name}").format(name=class_name)]
    cells = [
        (pgettext("confusion cell", "TP"), r.tp, 0, 0),
        (pgettext("confusion cell", "FN"), r.fn, 1, 0),
        (pgettext("confusion cell", "FP"), r.fp, 0, 1),
        (pgettext("confusion cell", "TN"), r.tn, 1, 1),
    ]
    fig = go.Figure(
        go.Scatter(
            x=[columns[c] for _name, _value, c, _row in cells],
            y=[rows[row] for _name, _value, _c, row in cells],
            text=[f"{name}<br><b>{value:,}</b>" for name, value, _c, _row in cells],
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
