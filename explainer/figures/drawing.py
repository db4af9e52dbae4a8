"""Figures of the draw-a-digit page: the preprocessing stages, the prediction, the layers' activations."""

from __future__ import annotations

import math
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explainer.figures.style import FONT_SIZE, SOFTMAX, base_layout, class_colors

HIGHLIGHT = "#6C63FF"  # the app's indigo primary colour, which no figure uses for a class: "look here"
PANEL_GAP = 3  # between two layer panels, in grid cells
MIN_PANEL = 3  # the narrowest panel, in grid cells, so that its title and numbers fit


def cell_grid(width: int) -> tuple[int, int]:
    """(rows, columns) for drawing ``width`` units as a block: 784 as the 28 x 28 image, 512 as 32 x 16.

    >>> cell_grid(784), cell_grid(512), cell_grid(64), cell_grid(10), cell_grid(7)
    ((28, 28), (32, 16), (8, 8), (10, 1), (7, 1))
    """
    if width == 784:
        return 28, 28
    columns = next((d for d in range(math.isqrt(width), 0, -1) if width % d == 0 and width // d <= 2 * d), None)
    if columns is None:  # a prime or a lopsided width: a column when short, else a near-square block
        columns = 1 if width <= 12 else math.ceil(math.sqrt(width))
    return math.ceil(width / columns), columns


def picture(values: np.ndarray, height: int, box: Sequence[int] | None = None, mark: Sequence[float] | None = None):
    """A grey image (dark ink on white, like the pad and the MNIST page), optionally with a box and a cross.

    ``box`` is (top, bottom, left, right) in pixels; ``mark`` a (row, column) such as the centre of mass.
    """
    data = [dict(type="heatmap", z=np.asarray(values).tolist(), colorscale="Greys", zmin=0, zmax=255, showscale=False)]
    data[0]["hovertemplate"] = "row %{y}, column %{x}: %{z}<extra></extra>"
    shapes = []
    if box is not None:
        top, bottom, left, right = box
        shapes.append(
            dict(
                type="rect",
                x0=left - 0.5,
                x1=right - 0.5,
                y0=top - 0.5,
                y1=bottom - 0.5,
                line=dict(color=HIGHLIGHT, width=3),
            )
        )
    if mark is not None:
        data.append(
            dict(
                type="scatter",
                x=[mark[1]],
                y=[mark[0]],
                mode="markers",
                marker=dict(symbol="cross-thin-open", size=22, line=dict(width=3, color=HIGHLIGHT)),
                hovertemplate="centre of mass: row %{y:.1f}, column %{x:.1f}<extra></extra>",
            )
        )
    layout = {
        **base_layout(height),
        "margin": dict(l=0, r=0, t=0, b=0),
        "xaxis": dict(visible=False, constrain="domain"),
        "yaxis": dict(visible=False, autorange="reversed", scaleanchor="x", constrain="domain"),
        "shapes": shapes,
    }
    return go.Figure(dict(data=data, layout=layout))


def probability_bars(probabilities: np.ndarray, target: int | None, height: int = 300) -> go.Figure:
    """p over the classes, each bar labelled: sky blue (one softmax) until a true class is chosen,
    then the usual green true class / vermillion wrong prediction / grey others."""
    classes = [str(k) for k in range(len(probabilities))]
    if target is None:
        colors = [SOFTMAX] * len(probabilities)
    else:
        colors = class_colors(len(probabilities), target, int(np.argmax(probabilities)))
    values = [float(p) for p in probabilities]
    bar = dict(
        type="bar",
        x=classes,
        y=values,
        marker=dict(color=colors),
        text=[f"{p:.0%}" if p >= 0.005 else "" for p in values],
        textposition="outside",
        cliponaxis=False,
        hovertemplate="p(%{x}) = %{y:.4f}<extra></extra>",
    )
    layout = {
        **base_layout(height),
        "margin": dict(l=10, r=10, t=30, b=10),
        "xaxis": dict(type="category", title=dict(text="class"), tickfont=dict(size=FONT_SIZE + 4)),
        "yaxis": dict(range=[0, 1.1], title=dict(text="p = softmax(z)"), tickformat=".0%"),
    }
    return go.Figure(dict(data=[bar], layout=layout))


def layer_activations(activations: Sequence[np.ndarray], height: int = 380) -> go.Figure:
    """Every layer's units as square cells, input left to logits right; each layer's strongest unit boxed.

    Cells are grey levels scaled per layer (white = 0, a ReLU that is off; darker = larger); the logits
    have their values written in. Titles say each layer's width and, for hidden layers, the share of ReLUs that are on.
    """
    grids = [cell_grid(len(a)) for a in activations]
    widths = [max(columns, MIN_PANEL) for _, columns in grids]
    total = sum(widths) + PANEL_GAP * (len(widths) - 1)
    data, shapes, annotations, axes = [], [], [], {}
    start = 0.0
    for i, (values, (rows, columns), width) in enumerate(zip(activations, grids, widths, strict=True)):
        n = i + 1
        suffix = "" if n == 1 else str(n)
        last = i == len(activations) - 1
        cells = np.full(rows * columns, np.nan)
        cells[: len(values)] = values
        grid = cells.reshape(rows, columns)
        low, high = (float(np.min(values)), float(np.max(values))) if last or i == 0 else (0.0, float(np.max(values)))
        heatmap = dict(
            type="heatmap",
            z=np.where(np.isnan(grid), None, grid).tolist(),
            colorscale="Greys",
            zmin=low,
            zmax=high if high > low else low + 1,
            showscale=False,
            xgap=1,
            ygap=1,
            xaxis=f"x{suffix}",
            yaxis=f"y{suffix}",
            customdata=np.arange(rows * columns).reshape(rows, columns).tolist(),
            hovertemplate="unit %{customdata}: %{z:.3f}<extra></extra>",
        )
        if last:
            heatmap.update(texttemplate="%{z:.1f}", textfont=dict(size=FONT_SIZE - 4))
        data.append(heatmap)
        domain = [start / total, (start + width) / total]
        start += width + PANEL_GAP
        axes[f"xaxis{suffix}"] = dict(
            domain=domain, visible=False, anchor=f"y{suffix}", range=[-0.5, columns - 0.5], constrain="domain"
        )
        axes[f"yaxis{suffix}"] = dict(
            visible=last,
            anchor=f"x{suffix}",
            autorange="reversed",
            tickmode="array",
            tickvals=list(range(rows)),
            ticktext=[str(k) for k in range(rows)],
            ticks="",
            scaleanchor=f"x{suffix}",  # square cells; the panel shrinks to fit its width
            constrain="domain",
        )
        strongest = int(np.argmax(values))
        row, column = divmod(strongest, columns)
        shapes.append(
            dict(
                type="rect",
                xref=f"x{suffix}",
                yref=f"y{suffix}",
                x0=column - 0.5,
                x1=column + 0.5,
                y0=row - 0.5,
                y1=row + 0.5,
                line=dict(color=HIGHLIGHT, width=3),
            )
        )
        if i == 0:
            title = f"{len(values)}<br>input"
        elif last:
            title = f"{len(values)}<br>logits"
        else:
            title = f"{len(values)}<br>{np.mean(values > 0):.0%} on"
        annotations.append(
            dict(
                text=title,
                x=sum(domain) / 2,
                y=1.0,
                xref="paper",
                yref="paper",
                yanchor="bottom",
                showarrow=False,
                font=dict(size=FONT_SIZE),
            )
        )
    layout = {**base_layout(height), "margin": dict(l=10, r=10, t=70, b=10), "annotations": annotations}
    layout.update(axes, shapes=shapes)
    return go.Figure(dict(data=data, layout=layout))
