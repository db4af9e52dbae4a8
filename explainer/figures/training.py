"""The training family of figures: every run's curves, and a faint reference run to hold them against."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from explainer.figures.style import OTHER_CLASS, _figure
from explainer.i18n import _

CURVES_HEIGHT = 340  # pixels, legend included: under a run's progress on a 1280 x 720 screen
# Distinct hues, each 3:1 or more against both themes' backgrounds (WCAG 1.4.11): a curve is seen on either.
RUN_COLORS = ("#7F7FFF", "#B0861A", "#BB5566", "#3A93C8", "#B5407F", "#8A8A2E", "#2E9A8A", "#D0668A")


def run_curves(
    series: Sequence[tuple[str, str, Sequence[float], Sequence[float]]],
    y_title: str,
    percent: bool = False,
    y_range: tuple[float, float] | None = None,
) -> go.Figure:
    """Curves of several runs against epochs: (label, colour, x in epochs, y) each."""
    data = [
        dict(
            type="scatter",
            x=list(x),
            y=[v * 100 if percent else v for v in y],
            name=label,
            mode="lines+markers" if len(x) < 30 else "lines",
            line=dict(color=color, width=4),
        )
        for label, color, x, y in series
    ]
    layout = dict(xaxis=dict(title=dict(text=_("epoch"))), yaxis=dict(title=dict(text=y_title), range=y_range))
    return _figure(data, layout, height=CURVES_HEIGHT, legend=True)


def with_reference(
    fig: go.Figure, label: str, x: Sequence[float], y: Sequence[float], percent: bool = False
) -> go.Figure:
    """Add ``label``'s points as a dotted grey line, drawn first so the live runs stay on top; returns ``fig``."""
    reference = go.Scatter(
        x=list(x),
        y=[v * 100 if percent else v for v in y],
        name=label,
        mode="lines+markers",
        line=dict(color=OTHER_CLASS, width=2, dash="dot"),
        marker=dict(size=8),
    )
    fig.add_traces([reference])
    fig.data = (fig.data[-1], *fig.data[:-1])
    # Its long name and the runs' would wrap over the plot from the legend's usual place above it.
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.28, yanchor="top"), margin=dict(b=10, t=20))
    return fig
