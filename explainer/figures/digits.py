"""The digits family of figures: a digit as 28 x 28 numbers, flattened into 784, a gallery, class counts, the
softmax bars under a digit."""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.figures.style import (
    _bar,
    _figure,
    class_colors,
    class_labels,
)
from explainer.i18n import N_, _

SPLIT_NAMES = {"train": N_("train"), "test": N_("test")}  # the splits' names, by the counts' keys: shown as _(name)


def pixel_hover() -> str:
    """A pixel's hover text: its row, column and value (plotly fills %{y}, %{x}, %{z})."""
    return _("row %{y}, column %{x}: %{z:.4f}") + "<extra></extra>"


def digit_grid(values: np.ndarray, cell_format: str, show_numbers: bool = True, height: int = 760) -> go.Figure:
    """A 28 x 28 digit as a heatmap with every pixel's number written in its cell (the lecture's slide)."""
    data = [
        dict(
            type="heatmap",
            z=np.asarray(values).tolist(),
            colorscale="Greys",
            reversescale=False,
            texttemplate=cell_format if show_numbers else None,
            textfont=dict(size=9),
            hovertemplate=pixel_hover(),
            showscale=True,
        )
    ]
    layout = dict(
        yaxis=dict(autorange="reversed", scaleanchor="x", constrain="domain", title=dict(text=_("row"))),
        xaxis=dict(constrain="domain", title=dict(text=_("column"))),
        margin=dict(l=10, r=10, t=10, b=10),
    )
    return _figure(data, layout, height=height)


def flattened_strip(values: np.ndarray) -> go.Figure:
    """The 784 numbers of ``x.view(-1, 784)``: row 0 first, then row 1, ... as one long strip."""
    flat = np.asarray(values).reshape(1, -1)  # (1, 784)
    data = [
        dict(
            type="heatmap",
            z=flat.tolist(),
            colorscale="Greys",
            showscale=False,
            hovertemplate="x[%{x}] = %{z:.4f}<extra></extra>",
        )
    ]
    row_starts = [
        dict(x=28 * r, y=0, text=_("row {r}").format(r=r), showarrow=False, yshift=34, font=dict(size=12))
        for r in range(0, 28, 4)
    ]
    layout = dict(
        yaxis=dict(visible=False),
        xaxis=dict(title=dict(text=_("index in the 784-vector"))),
        annotations=row_starts,
        margin=dict(l=10, r=10, t=40, b=10),
    )
    return _figure(data, layout, height=170)


def digit_gallery(images: np.ndarray, labels: np.ndarray, columns: int) -> go.Figure:
    """Small digits in a grid, label above each: (N, 28, 28) uint8 and (N,) labels."""
    rows = int(np.ceil(len(images) / columns))
    canvas = np.full((rows * 30, columns * 30), np.nan)  # 2-pixel gaps between digits
    for i, image in enumerate(images):
        r, c = divmod(i, columns)
        canvas[r * 30 + 1 : r * 30 + 29, c * 30 + 1 : c * 30 + 29] = image
    data = [dict(type="heatmap", z=canvas.tolist(), colorscale="Greys", showscale=False, hoverinfo="skip")]
    layout = dict(
        yaxis=dict(autorange="reversed", scaleanchor="x", visible=False),
        xaxis=dict(visible=False),
        annotations=[
            dict(
                x=(i % columns) * 30 + 15,
                y=(i // columns) * 30 + 1,
                text=str(int(label)),
                showarrow=False,
                yanchor="bottom",
                font=dict(size=12),
            )
            for i, label in enumerate(labels)
        ]
        if len(labels) <= 60
        else [],
        margin=dict(l=0, r=0, t=20, b=0),
    )
    return _figure(data, layout, height=max(200, 30 * rows * 3))


def count_bars(counts: dict[str, np.ndarray], colors: dict[str, str], class_names: list[str]) -> go.Figure:
    """Examples per class for each split, grouped; a split named in SPLIT_NAMES is shown in the reader's language."""
    data = [
        _bar(class_names, values, colors[name], 0, name=_(SPLIT_NAMES[name]) if name in SPLIT_NAMES else name)
        for name, values in counts.items()
    ]
    layout = dict(
        barmode="group",
        xaxis=dict(title=dict(text=_("class")), type="category"),
        yaxis=dict(title=dict(text=_("examples"))),
    )
    return _figure(data, layout, legend=True)


# Runs being compared get these, in order: mid-tones that read on light and dark backgrounds, none of
# them the green/vermillion of "true"/"wrong".


def prediction_bars(probabilities: np.ndarray, target: int, height: int = 170) -> go.Figure:
    """A digit's softmax output: green for the true class, vermillion for a wrong prediction."""
    predicted = int(np.argmax(probabilities))
    colors = class_colors(len(probabilities), target, predicted)
    bar = _bar(class_labels(len(probabilities), target, predicted), probabilities, colors, 2)
    bar.update(text=None)
    layout = dict(
        yaxis=dict(range=[0, 1], visible=False),
        xaxis=dict(type="category", tickfont=dict(size=14), dtick=1),
        margin=dict(l=0, r=0, t=0, b=0),
    )
    return _figure([bar], layout, height=height)
