"""The network drawn as a network: one column of units per layer, its size above, its weights between columns.

A column shows at most :data:`SHOWN_UNITS` units (a gap marks the rest); its name shows on hover, as
names do not fit under ten narrow columns. Between two hidden layers the
activation is named (ReLU); after the last layer there is none: its outputs are the logits that
``CrossEntropyLoss`` takes raw.
"""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from explainer.figures.style import FONT_SIZE, OTHER_CLASS, SOFTMAX, base_layout
from explainer.i18n import _

SHOWN_UNITS = 6  # units drawn per column: enough to read as a layer, few enough to stay calm
SMALL = FONT_SIZE - 4  # the weight counts under the columns


def _unit_rows(width: int) -> list[float]:
    """Heights of the drawn units of a layer, centred on 0; a layer wider than SHOWN_UNITS gets a gap."""
    if width <= SHOWN_UNITS:
        return [i - (width - 1) / 2 for i in range(width)]
    top = [i - SHOWN_UNITS / 2 for i in range(SHOWN_UNITS // 2)]
    return top + [-y for y in reversed(top)]  # the gap in the middle stands for the units not drawn


def compact(count: int) -> str:
    """401920 -> '402k', 1290 -> '1.3k', 650 -> '650': short enough to sit under a narrow column.

    >>> compact(401920), compact(1290), compact(650), compact(2_500_000)
    ('402k', '1.3k', '650', '2.5M')
    """
    for size, suffix in ((1_000_000, "M"), (1_000, "k")):
        if count >= size:
            value = count / size
            return f"{value:.0f}{suffix}" if value >= 10 else f"{value:.1f}{suffix}"
    return str(count)


def network_diagram(
    widths: Sequence[int], weight_counts: Sequence[int], input_name: str | None = None, height: int = 260
) -> go.Figure:
    """Layers as columns of units, e.g. 784-512-256-128-64-10, with ReLU between hidden layers and none after the last.

    ``weight_counts[i]`` is the number of weights and biases between layer i and layer i + 1; ``input_name``
    names the first column on hover ("input" in the reader's language if not given).
    """
    layers = len(widths)
    hidden = [_("hidden {i}").format(i=i) for i in range(1, layers - 1)]
    names = [_("input") if input_name is None else input_name, *hidden, _("logits")]
    rows = [_unit_rows(w) for w in widths]
    top = SHOWN_UNITS / 2 + 0.6
    layout = {
        **base_layout(height),
        "annotations": _annotations(widths, weight_counts, top),
        "xaxis": dict(visible=False, range=[-0.5, layers - 0.5]),
        "yaxis": dict(visible=False, range=[-top - 1.4, top + 1.4]),
        "margin": dict(l=0, r=0, t=0, b=0),
    }
    return go.Figure(dict(data=[_weights(rows), *_units(widths, rows, names)], layout=layout))


def _weights(rows: list[list[float]]) -> dict:
    """Every drawn unit joined to every drawn unit of the next layer, as one faint line trace."""
    edges_x: list[float | None] = []
    edges_y: list[float | None] = []
    for i in range(len(rows) - 1):
        for y0 in rows[i]:
            for y1 in rows[i + 1]:
                edges_x += [i, i + 1, None]
                edges_y += [y0, y1, None]
    return dict(
        type="scatter",
        x=edges_x,
        y=edges_y,
        mode="lines",
        hoverinfo="skip",
        line=dict(color=OTHER_CLASS, width=1),
        opacity=0.35,
    )


def _units(widths: Sequence[int], rows: list[list[float]], names: list[str]) -> list[dict]:
    """One column of markers per layer, the logits in the softmax colour; the layer's name and width on hover."""
    last = len(widths) - 1
    return [
        dict(
            type="scatter",
            x=[i] * len(ys),
            y=ys,
            mode="markers",
            marker=dict(size=14, color=SOFTMAX if i == last else OTHER_CLASS, line=dict(width=0)),
            hovertemplate=_("{layer}: {width:,} units").format(layer=names[i], width=width) + "<extra></extra>",
        )
        for i, (width, ys) in enumerate(zip(widths, rows, strict=True))
    ]


def _annotations(widths: Sequence[int], weight_counts: Sequence[int], top: float) -> list[dict]:
    """Each layer's width above its column, the weight counts below the gaps, ReLU on every hidden layer."""
    layers = len(widths)
    annotations = [
        dict(x=i, y=top, text=f"<b>{width:,}</b>", showarrow=False, yanchor="bottom") for i, width in enumerate(widths)
    ]
    for i, count in enumerate(weight_counts):
        annotations.append(
            dict(
                x=i + 0.5,
                y=-top,
                text=_("{count} w").format(count=compact(count)),  # w: weights (and biases)
                showarrow=False,
                yanchor="top",
                font=dict(size=SMALL),
            )
        )
        if 0 < i + 1 < layers - 1:  # an activation after every hidden layer, none on the logits
            annotations.append(
                dict(
                    x=i + 1,
                    y=0,
                    text="ReLU",
                    showarrow=False,
                    textangle=-90,
                    font=dict(size=SMALL),
                    bgcolor="rgba(128,128,128,0.25)",
                )
            )
    return annotations
