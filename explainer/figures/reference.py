"""A faint reference curve (e.g. the lecture's printed run) under the live curves, to hold them against."""

from __future__ import annotations

from collections.abc import Sequence

import plotly.graph_objects as go

from explainer.figures.style import OTHER_CLASS


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
        opacity=0.7,
    )
    fig.add_traces([reference])
    fig.data = (fig.data[-1], *fig.data[:-1])
    # Its long name and the runs' would wrap over the plot from the legend's usual place above it.
    fig.update_layout(legend=dict(orientation="h", x=0, y=-0.28, yanchor="top"), margin=dict(b=10, t=20))
    return fig
