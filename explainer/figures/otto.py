"""Plotly figures for the Otto exercise, built from plain dicts in the shared colour language.

Grey (``OTHER_CLASS``) is the raw data, sky blue (``SOFTMAX``) what the network is fed after the
chosen transform; runs keep their ``RUN_COLORS``. Backgrounds stay transparent (light and dark
themes), fonts projector-sized. Nothing here imports streamlit.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go

from explainer.data.otto_features import FeatureScale
from explainer.figures.style import FONT_SIZE, OTHER_CLASS, SOFTMAX, base_layout
from explainer.i18n import _

RAW = OTHER_CLASS  # the counts as read
FED = SOFTMAX  # the features the network is fed


def _figure(data: list[dict], layout: dict, height: int = 380, legend: bool = False) -> go.Figure:
    return go.Figure(dict(data=data, layout={**base_layout(height), "showlegend": legend, **layout}))


def _reference(y: float, name: str) -> tuple[dict, dict]:
    """A dotted horizontal line across the plot, named in the legend (text in the plot would hide data).

    Returns (shape, legend-only trace).
    """
    line = dict(color=RAW, width=3, dash="dot")
    shape = dict(type="line", xref="paper", x0=0, x1=1, y0=y, y1=y, line=line)
    legend = dict(type="scatter", x=[None], y=[None], mode="lines", name=name, line=line, hoverinfo="skip")
    return shape, legend


def class_bars(distribution: pd.DataFrame) -> go.Figure:
    """Rows per class (``otto_features.class_distribution``), each labelled with its share; dotted: if balanced."""
    counts = distribution["count"].to_numpy()
    shares = distribution["fraction"].to_numpy()
    bar = dict(
        type="bar",
        x=[str(c) for c in distribution["class"]],
        y=counts.tolist(),
        marker=dict(color=RAW),
        text=[f"{share:.0%}" for share in shares],
        textposition="outside",
        cliponaxis=False,
        hovertemplate=_("%{x}: %{y:,} rows<extra></extra>"),
    )
    shape, legend = _reference(counts.sum() / len(counts), _("if the classes were balanced (1/9 each)"))
    layout = dict(
        xaxis=dict(type="category"),
        yaxis=dict(title=dict(text=_("rows")), range=[0, counts.max() * 1.18]),
        shapes=[shape],
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        margin=dict(l=10, r=10, t=50, b=10),
    )
    return _figure([{**bar, "showlegend": False}, legend], layout, legend=True)


def sparsity_bars(zero_fraction: np.ndarray, feature_names: Sequence[str]) -> go.Figure:
    """Share of zeros in each feature, features sorted from sparsest; dotted: the overall share."""
    order = np.argsort(-np.asarray(zero_fraction), kind="stable")
    bar = dict(
        type="bar",
        x=[feature_names[i] for i in order],
        y=[float(zero_fraction[i]) * 100 for i in order],
        marker=dict(color=RAW),
        hovertemplate=_("%{x}: %{y:.1f}% zeros<extra></extra>"),
    )
    overall = float(np.mean(zero_fraction)) * 100
    shape, legend = _reference(overall, _("all features together: {overall:.0f}% zeros").format(overall=overall))
    features = _("{n} features, sparsest first").format(n=len(order))
    layout = dict(
        xaxis=dict(type="category", showticklabels=False, title=dict(text=features)),
        yaxis=dict(title=dict(text=_("% of rows that are 0")), range=[0, 105]),
        shapes=[shape],
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0),
        bargap=0.1,
        margin=dict(l=10, r=10, t=50, b=10),
    )
    return _figure([{**bar, "showlegend": False}, legend], layout, legend=True)


def scale_lines(
    scale: FeatureScale, transform: str, feature_names: Sequence[str], transform_name: str | None = None
) -> go.Figure:
    """Per feature (sorted by largest raw count): typical size (std) and largest |value|, log scale.

    Raw counts in grey; after ``transform`` in sky blue (not drawn for "none": it is the raw data), named in the
    legend as ``transform_name`` (the transform as the page shows it; ``transform`` itself by default).
    A wide gap between a feature's std and its max is a heavy tail; features at different heights
    need different learning rates.
    """
    order = np.argsort(-scale.raw_max, kind="stable")
    names = [feature_names[i] for i in order]

    def line(values: np.ndarray, name: str, color: str, dash: str) -> dict:
        y = [float(v) if v > 0 else None for v in values[order]]  # 0 has no place on a log axis
        return dict(
            type="scatter",
            x=names,
            y=y,
            name=name,
            mode="lines",
            line=dict(color=color, width=4, dash=dash),
            hovertemplate=f"%{{x}}: {name} %{{y:.3g}}<extra></extra>",
        )

    shown = transform if transform_name is None else transform_name
    data = [
        line(scale.raw_max, _("raw: largest count"), RAW, "solid"),
        line(scale.raw_std, _("raw: std"), RAW, "dot"),
    ]
    if transform != "none":
        data += [
            line(scale.max_abs, _("{transform}: largest |x|").format(transform=shown), FED, "solid"),
            line(scale.std, _("{transform}: std").format(transform=shown), FED, "dot"),
        ]
    layout = dict(
        xaxis=dict(type="category", showticklabels=False, title=dict(text=_("features, largest raw count first"))),
        yaxis=dict(type="log", dtick=1, title=dict(text=_("size (log scale)"))),
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, font=dict(size=FONT_SIZE - 2)),
        margin=dict(l=10, r=10, t=80, b=10),
    )
    return _figure(data, layout, height=420, legend=True)


def loss_curves(
    validation: Sequence[tuple[str, str, Sequence[float], Sequence[float]]],
    training: tuple[str, str, Sequence[float], Sequence[float]] | None,
    prior: float,
) -> go.Figure:
    """Validation log loss per epoch for each run (solid), the current run's training loss (dashed).

    ``validation`` and ``training`` are ``(label, colour, epochs, losses)`` as from
    :func:`explainer.training.workbench.curve_series`; ``prior`` is the log loss of answering the class
    frequencies (dotted): a run below it learned more than the class sizes.
    """
    data = [
        dict(
            type="scatter",
            x=list(x),
            y=list(y),
            name=_("{run} validation").format(run=label),
            mode="lines+markers" if len(x) < 30 else "lines",
            line=dict(color=color, width=4),
        )
        for label, color, x, y in validation
    ]
    if training is not None:
        label, color, x, y = training
        data.append(
            dict(
                type="scatter",
                x=list(x),
                y=list(y),
                name=_("{run} training").format(run=label),
                mode="lines",
                line=dict(color=color, width=3, dash="dash"),
            )
        )
    shape, legend = _reference(prior, _("class frequencies only: {prior:.2f}").format(prior=prior))
    data.append(legend)
    layout = dict(
        xaxis=dict(title=dict(text=_("epoch"))),
        yaxis=dict(title=dict(text=_("log loss")), rangemode="tozero"),
        shapes=[shape],
        legend=dict(orientation="h", y=1.02, yanchor="bottom", x=0, font=dict(size=FONT_SIZE - 4)),
        margin=dict(l=10, r=10, t=110, b=10),  # room for a legend of two or three rows above the plot
    )
    return _figure(data, layout, height=440, legend=True)
