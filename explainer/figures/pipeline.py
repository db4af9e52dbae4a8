"""The lecture's closing picture: z -> Softmax -> Log -> NLLLoss is what CrossEntropyLoss does in one step."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from explainer.figures.style import FONT_SIZE, SOFTMAX, TRUE_CLASS, base_layout
from explainer.i18n import _

# x positions of the five stations; the operations sit between the values they turn into each other.
VALUES_X = (0.0, 2.0, 4.0, 6.0)
OPERATIONS_X = (1.0, 3.0, 5.0)


MAX_ROWS = 4  # longer vectors show their first three entries and ⋮


def _column(values: Sequence[float]) -> str:
    """A column vector, one entry a line, as the lecture's picture draws it."""
    entries = [f"{v:.2f}" for v in values]
    if len(entries) > MAX_ROWS:
        entries = [*entries[: MAX_ROWS - 1], "⋮"]
    return "<br>".join(entries)


def cross_entropy_pipeline(
    logits: Sequence[float],
    probabilities: Sequence[float],
    log_probabilities: Sequence[float],
    target: int,
    loss: float,
) -> go.Figure:
    """Values (z, p, log p, loss) joined by the operations (Softmax, Log, NLLLoss), and the one CrossEntropyLoss
    spanning them all, each with the current numbers."""
    values = (
        f"<b>z</b><br>{_column(logits)}",
        f"<b>p</b><br>{_column(probabilities)}",
        f"<b>log p</b><br>{_column(log_probabilities)}",
        _("<b>loss</b><br>{loss:.4f}").format(loss=loss),
    )
    operations = ("<b>Softmax</b>", "<b>Log</b>", f"<b>NLLLoss</b><br>−log p[{target}]")
    annotations = [
        dict(x=x, y=0, text=text, showarrow=False, bordercolor=SOFTMAX, borderwidth=2, borderpad=8)
        for x, text in zip(VALUES_X, values, strict=True)
    ]
    annotations += [
        dict(x=x, y=0.45, text=text, showarrow=False) for x, text in zip(OPERATIONS_X, operations, strict=True)
    ]
    annotations += [
        # arrows from each value to the next, under their operation's name
        dict(x=x + 0.55, y=0, ax=x - 0.55, ay=0, xref="x", yref="y", axref="x", ayref="y", text="", arrowhead=2,
             arrowsize=1.5, arrowwidth=2, arrowcolor=SOFTMAX, showarrow=True)
        for x in OPERATIONS_X
    ]  # fmt: skip
    annotations.append(dict(x=3.0, y=1.3, text=f"<b>CrossEntropyLoss(z, y={target})</b> = {loss:.4f}", showarrow=False))
    layout = base_layout(height=300)
    layout.update(
        margin=dict(l=10, r=10, t=10, b=10),
        xaxis=dict(visible=False, range=[-0.9, 6.9], fixedrange=True),
        yaxis=dict(visible=False, range=[-1.0, 1.5], fixedrange=True),
        annotations=annotations,
        font=dict(size=FONT_SIZE),
        # the bracket of CrossEntropyLoss over Softmax, Log and NLLLoss
        shapes=[
            dict(type="path", path="M 0.5,0.9 L 0.5,1.05 L 5.5,1.05 L 5.5,0.9", line=dict(color=TRUE_CLASS, width=3))
        ],
    )
    return go.Figure(layout=layout)
