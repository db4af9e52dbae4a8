"""Plotly figure builders: arrays in, figures out. One colour language for every page.

The colours are the Okabe-Ito palette (safe for colour-blind viewers), darkened where a hue fell under 3:1 against
white, so every mark that carries meaning contrasts 3:1 with both themes' backgrounds (WCAG 1.4.11;
tests/test_figures.py measures it); figures leave their background transparent so Streamlit's theme shows through.
"""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explainer.i18n import _
from explainer.maths.numbers import fixed

TRUE_CLASS = "#009E73"  # green: the true class / a right prediction, everywhere
PREDICTED_WRONG = "#D55E00"  # vermillion: the predicted class when it is wrong
OTHER_CLASS = "#888888"  # grey: every other class
POSITIVE_GRADIENT = "#CC79A7"  # purple: dL/dz > 0, gradient descent pushes the logit down
NEGATIVE_GRADIENT = "#0072B2"  # blue: dL/dz < 0, gradient descent pushes the logit up
SIGMOID = "#B58400"  # orange (Okabe-Ito's, darkened): K independent sigmoids
SOFTMAX = "#3A93C8"  # sky blue (Okabe-Ito's, darkened): one softmax
# The worked example's current step wherever the softmax page shows it (its formula term, its numbers table
# cells, its logit lab panel) and the class pointed at: sky blue, as softmax, the step's subject.
HIGHLIGHT = SOFTMAX
# The widgets' indigo (.streamlit/config.toml's primaryColor in both themes), which no figure uses for a class:
# "look here" on a picture of its own, e.g. the draw-a-digit stages. Dark enough for white text on a primary button
# (4.5:1) and light enough to mark a widget on the dark background (3:1).
PRIMARY = "#5A52F5"
# The themes' page backgrounds (Streamlit 1.67's defaults, which config.toml keeps): what figures are drawn on.
BACKGROUNDS = {"light": "#FFFFFF", "dark": "#171614"}

FONT_SIZE = 18  # readable from the back of a classroom
# The page's font first, then fonts with Chinese glyphs, so a figure in Chinese draws no empty boxes.
FONT_FAMILY = (
    '"Source Sans Pro", "Source Sans 3", "Noto Sans CJK SC", "WenQuanYi Micro Hei", "PingFang SC", '
    '"Microsoft YaHei", sans-serif'
)


def contrast_ratio(first: str, second: str) -> float:
    """WCAG's contrast ratio of two ``#RRGGBB`` colours, 1 to 21.

    >>> round(contrast_ratio("#FFFFFF", "#000000"), 1), round(contrast_ratio(TRUE_CLASS, "#FFFFFF"), 2)
    (21.0, 3.42)
    """

    def luminance(colour: str) -> float:
        channels = [int(colour.lstrip("#")[i : i + 2], 16) / 255 for i in (0, 2, 4)]
        r, g, b = (c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)
        return 0.2126 * r + 0.7152 * g + 0.0722 * b

    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def class_colors(num_classes: int, target: int | None, predicted: int | None) -> list[str]:
    """Green for the true class, vermillion for a wrong prediction, grey for the rest."""
    colors = [OTHER_CLASS] * num_classes
    if predicted is not None and predicted != target:
        colors[predicted] = PREDICTED_WRONG
    if target is not None:
        colors[target] = TRUE_CLASS
    return colors


def class_labels(num_classes: int, target: int | None, predicted: int | None) -> list[str]:
    """Class names that say what the colours say, for whoever does not see them (WCAG 1.4.1): ✓ on the true class,
    ✗ on a wrong prediction.

    >>> class_labels(3, 0, 2), class_labels(2, 1, 1), class_labels(2, None, 0)
    (['0 ✓', '1', '2 ✗'], ['0', '1 ✓'], ['0', '1'])
    """
    labels = [str(k) for k in range(num_classes)]
    if predicted is not None and target is not None and predicted != target:
        labels[predicted] += " ✗"
    if target is not None:
        labels[target] += " ✓"
    return labels


def base_layout(height: int = 380) -> dict:
    """Large fonts, transparent background (the theme shows through), a uirevision so zoom survives updates."""
    return dict(
        height=height,
        font=dict(size=FONT_SIZE, family=FONT_FAMILY),
        margin=dict(l=10, r=10, t=60, b=10),
        paper_bgcolor="rgba(0,0,0,0)",
        plot_bgcolor="rgba(0,0,0,0)",
        showlegend=False,
        legend=dict(orientation="h", y=1.12, x=0),
        uirevision="keep",
    )


def style(fig: go.Figure, height: int = 380) -> go.Figure:
    """Apply :func:`base_layout` to a figure built elsewhere (e.g. with plotly.express)."""
    fig.update_layout(**base_layout(height))
    fig.update_annotations(font_size=FONT_SIZE + 2)
    return fig


def legible(fig: go.Figure, size: int = FONT_SIZE) -> go.Figure:
    """Explicit font sizes for ticks, axis titles and the legend: Streamlit's plotly theme sets small ones.

    >>> legible(go.Figure()).layout.xaxis.tickfont.size
    18
    """
    fig.update_xaxes(tickfont_size=size, title_font_size=size)
    fig.update_yaxes(tickfont_size=size, title_font_size=size)
    fig.update_layout(legend_font_size=size - 2)
    return fig


def panel_title(text: str, domain: Sequence[float], size: int = FONT_SIZE) -> dict:
    """A title above one panel of a figure with several panels side by side (a plotly annotation)."""
    return dict(
        text=text,
        x=sum(domain) / 2,
        y=1.0,
        xref="paper",
        yref="paper",
        yanchor="bottom",
        showarrow=False,
        font=dict(size=size),
    )


def _bar(x: list[str], y: Sequence[float], colors: list[str] | str, digits: int = 4, **extra: object) -> dict:
    values = [float(v) for v in y]
    return dict(
        type="bar",
        x=x,
        y=values,
        marker=dict(color=colors),
        text=[fixed(v, digits) for v in values],
        textposition="outside",
        cliponaxis=False,
        **extra,
    )


def _figure(data: list[dict], layout: dict, height: int = 380, legend: bool = False) -> go.Figure:
    """One go.Figure from plain dicts: plotly validates once, ~20x faster than add_*/update_* calls."""
    return go.Figure(dict(data=data, layout={**base_layout(height), "showlegend": legend, **layout}))


def compare_bars(
    series: dict[str, Sequence[float]], colors: dict[str, str], y_title: str, target: int | None = None
) -> go.Figure:
    """Grouped bars per class, one group member per named series (e.g. sigmoid vs softmax)."""
    num_classes = len(next(iter(series.values())))
    labels = class_labels(num_classes, target, None)
    data = [_bar(labels, values, colors[name], 3, name=name) for name, values in series.items()]
    layout = dict(
        barmode="group",
        yaxis=dict(title=dict(text=y_title)),
        xaxis=dict(title=dict(text=_("class")), type="category"),
    )
    return _figure(data, layout, legend=True)


def curves(
    x: np.ndarray, series: dict[str, np.ndarray], colors: dict[str, str], x_title: str, y_title: str
) -> go.Figure:
    """Several y(x) lines on one axis, the first solid and wide, later ones dashed on top of it."""
    data = [
        dict(
            type="scatter",
            x=x.tolist(),
            y=np.asarray(y).tolist(),
            name=name,
            mode="lines",
            line=dict(color=colors[name], width=6 - 3 * min(i, 1), dash="solid" if i == 0 else "dash"),
        )
        for i, (name, y) in enumerate(series.items())
    ]
    layout = dict(xaxis=dict(title=dict(text=x_title)), yaxis=dict(title=dict(text=y_title)))
    return _figure(data, layout, legend=True)
