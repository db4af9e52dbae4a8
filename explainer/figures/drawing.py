"""Figures of the draw-a-digit page: the preprocessing stages, the prediction, the layers' activations."""

from __future__ import annotations

import math
from collections.abc import Sequence
from typing import Literal

import numpy as np
import plotly.graph_objects as go

from explainer.figures.style import FONT_SIZE, PRIMARY, SOFTMAX, base_layout, class_colors, class_labels, panel_title
from explainer.i18n import N_, _

PAPER_EDGE = 170  # grey of a stage picture's two-pixel frame
PANEL_GAP = 3  # between two layer panels, in grid cells
MIN_PANEL = 3  # the narrowest panel, in grid cells, so that its title and numbers fit

LayerRole = Literal["input", "hidden", "logits"]
ROLE_NAMES = {"input": N_("input"), "logits": N_("logits")}  # under a panel's width; hidden layers say "x% on"


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


def stage_image(
    values: np.ndarray, side: int = 280, box: Sequence[int] | None = None, mark: Sequence[float] | None = None
) -> np.ndarray:
    """A preprocessing stage as an RGB picture about ``side`` pixels tall: dark ink on white, crisp pixels.

    An image, not a plotly heatmap: the page redraws three of these on every stroke, and a heatmap per
    stage made a stroke's new bars 2-3x slower to appear. ``box`` (top, bottom, left, right) is drawn
    as a frame, ``mark`` (row, column), e.g. the centre of mass, as a cross, both in the app's PRIMARY colour.

    >>> stage_image(np.zeros((28, 28), dtype=np.uint8)).shape
    (280, 280, 3)
    """
    ink = np.asarray(values, dtype=np.uint8)
    scale = max(1, side // max(ink.shape))
    grey = np.kron(255 - ink, np.ones((scale, scale), dtype=np.uint8))  # nearest neighbour: pixels stay square
    rgb = np.repeat(grey[:, :, None], 3, axis=2)
    rgb[[0, 1, -2, -1], :] = rgb[:, [0, 1, -2, -1]] = PAPER_EDGE  # the paper's edge, visible on a white page
    colour = np.array([int(PRIMARY[i : i + 2], 16) for i in (1, 3, 5)], dtype=np.uint8)
    thick = max(2, side // 100)
    if box is not None:
        top, bottom, left, right = (edge * scale for edge in box)
        bottom, right = min(bottom, rgb.shape[0]) - 1, min(right, rgb.shape[1]) - 1
        for rows, cols in (
            (slice(top, top + thick), slice(left, right + 1)),
            (slice(bottom - thick + 1, bottom + 1), slice(left, right + 1)),
            (slice(top, bottom + 1), slice(left, left + thick)),
            (slice(top, bottom + 1), slice(right - thick + 1, right + 1)),
        ):
            rgb[rows, cols] = colour
    if mark is not None:
        row, col = (round((c + 0.5) * scale) for c in mark)  # the centre of that pixel
        arm = 3 * scale
        rgb[max(0, row - thick // 2) : row + thick - thick // 2, max(0, col - arm) : col + arm] = colour
        rgb[max(0, row - arm) : row + arm, max(0, col - thick // 2) : col + thick - thick // 2] = colour
    return rgb


def in_box(scaled: np.ndarray, box: int = 20) -> np.ndarray:
    """The scaled ink centred in its empty box x box square, so that the stage shows the 20 x 20 box itself.

    >>> in_box(np.full((20, 10), 255, dtype=np.uint8))[0].tolist()[4:16]
    [0, 255, 255, 255, 255, 255, 255, 255, 255, 255, 255, 0]
    """
    height, width = scaled.shape
    square = np.zeros((box, box), dtype=np.uint8)
    top, left = (box - height) // 2, (box - width) // 2
    square[top : top + height, left : left + width] = scaled
    return square


def strip_image(digit: np.ndarray, height: int = 48) -> np.ndarray:
    """The 784 numbers of ``x.view(-1, 784)`` as one long grey strip, row 0 first: an image, for the same
    reason as :func:`stage_image` (the plotly strip of the MNIST page doubled a stroke's latency here).

    >>> strip_image(np.zeros((28, 28), dtype=np.uint8)).shape
    (48, 784)
    """
    row = 255 - np.asarray(digit, dtype=np.uint8).reshape(1, -1)  # (1, 784), dark ink on white
    return np.repeat(row, height, axis=0)


def probability_bars(probabilities: np.ndarray, target: int | None, height: int = 270) -> go.Figure:
    """p over the classes, each bar labelled: sky blue (one softmax) until a true class is chosen,
    then the usual green true class / vermillion wrong prediction / grey others. 270 pixels high: beside the pad,
    under the prediction, the whole chart fits a 1280 x 720 screen."""
    classes = class_labels(len(probabilities), target, int(np.argmax(probabilities)))
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
        "xaxis": dict(type="category", title=dict(text=_("class")), tickfont=dict(size=FONT_SIZE + 4)),
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
        suffix = "" if i == 0 else str(i + 1)
        role: LayerRole = "input" if i == 0 else "logits" if i == len(activations) - 1 else "hidden"
        domain = [start / total, (start + width) / total]
        start += width + PANEL_GAP
        data.append(_layer_heatmap(values, rows, columns, suffix, role))
        axes.update(_layer_axes(domain, rows, columns, suffix, shown_rows=role == "logits"))
        shapes.append(_strongest_box(values, columns, suffix))
        annotations.append(panel_title(_layer_title(values, role), domain))
    layout = {**base_layout(height), "margin": dict(l=10, r=10, t=70, b=10), "annotations": annotations}
    layout.update(axes, shapes=shapes)
    return go.Figure(dict(data=data, layout=layout))


def _layer_heatmap(values: np.ndarray, rows: int, columns: int, suffix: str, role: LayerRole) -> dict:
    """A layer's units as a (rows, columns) block of grey cells; the logits with their values written in."""
    cells = np.full(rows * columns, np.nan)
    cells[: len(values)] = values
    # ReLU outputs are scaled from 0 (off, white); the input and the logits from their own minimum.
    low, high = (0.0, float(np.max(values))) if role == "hidden" else (float(np.min(values)), float(np.max(values)))
    heatmap = dict(
        type="heatmap",
        z=cells.reshape(rows, columns),  # a numpy array: plotly checks and sends it as one typed array, ~3x faster
        colorscale="Greys",
        zmin=low,
        zmax=high if high > low else low + 1,
        showscale=False,
        xgap=1,
        ygap=1,
        xaxis=f"x{suffix}",
        yaxis=f"y{suffix}",
        hovertemplate=_("unit = %{{y}} × {columns} + %{{x}}: %{{z:.3f}}").format(columns=columns) + "<extra></extra>",
    )
    if role == "logits":
        heatmap.update(texttemplate="%{z:.1f}", textfont=dict(size=FONT_SIZE - 4))
    return heatmap


def _layer_axes(domain: list[float], rows: int, columns: int, suffix: str, *, shown_rows: bool) -> dict[str, dict]:
    """The panel's x and y axes: its slice of the width, square cells, row numbers only where ``shown_rows``."""
    return {
        f"xaxis{suffix}": dict(
            domain=domain, visible=False, anchor=f"y{suffix}", range=[-0.5, columns - 0.5], constrain="domain"
        ),
        f"yaxis{suffix}": dict(
            visible=shown_rows,
            anchor=f"x{suffix}",
            autorange="reversed",
            tickmode="array",
            tickvals=list(range(rows)),
            ticktext=[str(k) for k in range(rows)],
            ticks="",
            scaleanchor=f"x{suffix}",  # square cells; the panel shrinks to fit its width
            constrain="domain",
        ),
    }


def _strongest_box(values: np.ndarray, columns: int, suffix: str) -> dict:
    """A frame around the layer's largest unit."""
    row, column = divmod(int(np.argmax(values)), columns)
    return dict(
        type="rect",
        xref=f"x{suffix}",
        yref=f"y{suffix}",
        x0=column - 0.5,
        x1=column + 0.5,
        y0=row - 0.5,
        y1=row + 0.5,
        line=dict(color=PRIMARY, width=3),
    )


def _layer_title(values: np.ndarray, role: LayerRole) -> str:
    """The layer's width, and what it is: the input, the logits or, for a hidden layer, its share of ReLUs on."""
    if role == "hidden":
        return _("{units}<br>{on:.0%} on").format(units=len(values), on=np.mean(values > 0))
    return f"{len(values)}<br>{_(ROLE_NAMES[role])}"
