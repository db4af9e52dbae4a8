"""Plotly figure builders: arrays in, figures out. One colour language for every page.

The colours are the Okabe-Ito palette (safe for colour-blind viewers) and read on light and dark
backgrounds; figures leave their background transparent so Streamlit's theme shows through.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go
from plotly.subplots import make_subplots

TRUE_CLASS = "#009E73"  # green: the true class / a right prediction, everywhere
PREDICTED_WRONG = "#D55E00"  # vermillion: the predicted class when it is wrong
OTHER_CLASS = "#999999"  # grey: every other class
POSITIVE_GRADIENT = "#CC79A7"  # purple: dL/dz > 0, gradient descent pushes the logit down
NEGATIVE_GRADIENT = "#0072B2"  # blue: dL/dz < 0, gradient descent pushes the logit up
SIGMOID = "#E69F00"  # orange: K independent sigmoids
SOFTMAX = "#56B4E9"  # sky blue: one softmax

FONT_SIZE = 18  # readable from the back of a classroom


def class_colors(num_classes: int, target: int | None, predicted: int | None) -> list[str]:
    """Green for the true class, vermillion for a wrong prediction, grey for the rest."""
    colors = [OTHER_CLASS] * num_classes
    if predicted is not None and predicted != target:
        colors[predicted] = PREDICTED_WRONG
    if target is not None:
        colors[target] = TRUE_CLASS
    return colors


def gradient_colors(gradient: Sequence[float]) -> list[str]:
    return [POSITIVE_GRADIENT if g > 0 else NEGATIVE_GRADIENT for g in gradient]


def style(fig: go.Figure, height: int = 380) -> go.Figure:
    """Large fonts, transparent background, fixed uirevision so zoom survives live updates."""
    fig.update_layout(
        height=height,
        font_size=FONT_SIZE,
        margin=dict(l=10, r=10, t=60, b=10),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
        uirevision="keep",
    )
    fig.update_annotations(font_size=FONT_SIZE + 2)
    return fig


def _fmt(values: Sequence[float], digits: int = 4) -> list[str]:
    return [f"{v:.{digits}f}" for v in values]


def softmax_pipeline(
    logits: np.ndarray,
    probabilities: np.ndarray,
    target_distribution: np.ndarray,
    gradient: np.ndarray,
    target: int,
    temperature: float,
) -> go.Figure:
    """Three panels left to right: logits z -> probabilities p (target q as markers) -> dL/dz."""
    classes = [str(k) for k in range(len(logits))]
    predicted = int(np.argmax(probabilities))
    colors = class_colors(len(logits), target, predicted)
    t = "" if temperature == 1 else f"/{temperature:g}"
    fig = make_subplots(
        rows=1,
        cols=3,
        subplot_titles=("logits z", f"p = softmax(z{t})", f"∂L/∂z = (p − q){t}"),
        horizontal_spacing=0.08,
    )
    fig.add_bar(x=classes, y=logits, marker_color=colors, text=_fmt(logits, 2), row=1, col=1)
    fig.add_bar(x=classes, y=probabilities, marker_color=colors, text=_fmt(probabilities), row=1, col=2)
    fig.add_scatter(
        x=classes,
        y=target_distribution,
        mode="markers",
        marker=dict(symbol="line-ew-open", size=28, line_width=4, color=TRUE_CLASS),
        name="target q",
        hovertemplate="target q=%{y:.4f}<extra></extra>",
        row=1,
        col=2,
    )
    fig.add_bar(x=classes, y=gradient, marker_color=gradient_colors(gradient), text=_fmt(gradient), row=1, col=3)
    fig.update_traces(textposition="outside", cliponaxis=False, selector=dict(type="bar"))
    fig.update_yaxes(range=[0, 1.15], row=1, col=2)
    gmax = max(1.0, float(np.abs(gradient).max())) * 1.25
    fig.update_yaxes(range=[-gmax, gmax], row=1, col=3)
    fig.update_xaxes(title_text="class", type="category")
    return style(fig, height=420)


def compare_bars(
    series: dict[str, Sequence[float]], colors: dict[str, str], y_title: str, target: int | None = None
) -> go.Figure:
    """Grouped bars per class, one group member per named series (e.g. sigmoid vs softmax)."""
    num_classes = len(next(iter(series.values())))
    labels = [f"{k} ✓" if k == target else str(k) for k in range(num_classes)]
    fig = go.Figure()
    for name, values in series.items():
        fig.add_bar(x=labels, y=list(values), name=name, marker_color=colors[name], text=_fmt(values, 3))
    fig.update_traces(textposition="outside", cliponaxis=False)
    fig.update_layout(barmode="group", yaxis_title=y_title, xaxis_title="class", xaxis_type="category")
    fig = style(fig)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.12, x=0))
    return fig


def curves(
    x: np.ndarray, series: dict[str, np.ndarray], colors: dict[str, str], x_title: str, y_title: str
) -> go.Figure:
    """Several y(x) lines on one axis, e.g. sigmoid(z) and softmax([z, 0])[0]."""
    fig = go.Figure()
    for i, (name, y) in enumerate(series.items()):
        fig.add_scatter(
            x=x,
            y=y,
            name=name,
            mode="lines",
            line=dict(color=colors[name], width=6 - 3 * i, dash=None if i == 0 else "dash"),
        )
    fig.update_layout(xaxis_title=x_title, yaxis_title=y_title)
    fig = style(fig)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=1.12, x=0))
    return fig
