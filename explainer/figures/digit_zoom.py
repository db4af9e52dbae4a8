"""A readable window into a 28 x 28 digit: a few cells with their numbers at projector size, and where it sits.

All 784 numbers at once come out about 9 px tall, unreadable past the first row of a classroom; a
window of :data:`ZOOM` x :data:`ZOOM` cells prints them at :data:`~explainer.figures.style.FONT_SIZE`.
"""

from __future__ import annotations

import numpy as np
import plotly.graph_objects as go

from explainer.figures.digits import pixel_hover
from explainer.figures.style import FONT_SIZE, PREDICTED_WRONG, base_layout
from explainer.i18n import _

ZOOM = 7  # cells per side of the window: 49 numbers, each cell wide enough for "-0.4" at FONT_SIZE
CENTRE = (28 - ZOOM) // 2  # MNIST centres each digit's ink: the middle window always holds some


def zoom_window(values: np.ndarray, top: int, left: int, cell_format: str, height: int = 460) -> go.Figure:
    """Rows top..top+ZOOM-1 and columns left..left+ZOOM-1 of ``values`` (28, 28), each number printed large.

    The shading uses the whole digit's range, so a cell looks as it does in the full picture.
    """
    values = np.asarray(values)
    crop = values[top : top + ZOOM, left : left + ZOOM]
    heatmap = dict(
        type="heatmap",
        z=crop.tolist(),
        x=list(range(left, left + crop.shape[1])),
        y=list(range(top, top + crop.shape[0])),
        zmin=float(values.min()),
        zmax=float(values.max()),
        colorscale="Greys",
        texttemplate=cell_format,
        textfont=dict(size=FONT_SIZE),
        hovertemplate=pixel_hover(),
        showscale=False,
        xgap=1,
        ygap=1,
    )
    layout = {
        **base_layout(height),
        "yaxis": dict(autorange="reversed", scaleanchor="x", constrain="domain", dtick=1, title=dict(text=_("row"))),
        "xaxis": dict(dtick=1, side="top", constrain="domain", title=dict(text=_("column"))),
        "margin": dict(l=10, r=10, t=10, b=10),
    }
    return go.Figure(dict(data=[heatmap], layout=layout))


def with_window(fig: go.Figure, top: int, left: int) -> go.Figure:
    """Outline the zoom window on the full 28 x 28 picture, whose colour bar goes (the window prints the numbers)."""
    fig.update_traces(showscale=False)
    fig.add_shape(
        type="rect",
        x0=left - 0.5,
        x1=left + ZOOM - 0.5,
        y0=top - 0.5,
        y1=top + ZOOM - 0.5,
        line=dict(color=PREDICTED_WRONG, width=4),
    )
    return fig
