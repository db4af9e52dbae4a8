"""The softmax family of figures: logits -> softmax -> loss and its gradient, side by side, in the colour language."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explainer.figures.style import (
    FONT_SIZE,
    NEGATIVE_GRADIENT,
    POSITIVE_GRADIENT,
    TRUE_CLASS,
    _bar,
    _figure,
    class_colors,
    class_labels,
    panel_title,
)
from explainer.i18n import _
from explainer.maths.softmax import SoftmaxReport


def gradient_colors(gradient: Sequence[float]) -> list[str]:
    return [POSITIVE_GRADIENT if g > 0 else NEGATIVE_GRADIENT for g in gradient]


def softmax_pipeline(report: SoftmaxReport) -> go.Figure:
    """Three panels left to right: logits z -> probabilities p (target q as markers) -> dL/dz."""
    logits, probabilities, gradient = report.logits, report.probabilities, report.gradient
    target_distribution, target, temperature = report.target_distribution, report.target, report.temperature
    classes = class_labels(len(logits), target, int(np.argmax(probabilities)))
    colors = class_colors(len(logits), target, int(np.argmax(probabilities)))
    t = "" if temperature == 1 else f"/{temperature:g}"
    gmax = max(1.0, float(np.abs(gradient).max())) * 1.25
    target_q = _("target q")
    data = [
        _bar(classes, logits, colors, 2),
        _bar(classes, probabilities, colors, xaxis="x2", yaxis="y2"),
        dict(
            type="scatter",
            x=classes,
            y=[float(q) for q in target_distribution],
            mode="markers",
            name=target_q,
            marker=dict(symbol="line-ew-open", size=28, color=TRUE_CLASS, line=dict(width=4, color=TRUE_CLASS)),
            hovertemplate=f"{target_q}=%{{y:.4f}}<extra></extra>",
            xaxis="x2",
            yaxis="y2",
        ),
        _bar(classes, gradient, gradient_colors(gradient), xaxis="x3", yaxis="y3"),
    ]
    titles = ("logits z", f"p = softmax(z{t})", f"∂L/∂z = (p − q){t}")
    domains = ([0, 0.28], [0.36, 0.64], [0.72, 1])
    axis = dict(title=dict(text=_("class")), type="category")
    layout = dict(
        xaxis=dict(domain=domains[0], **axis),
        xaxis2=dict(domain=domains[1], anchor="y2", **axis),
        xaxis3=dict(domain=domains[2], anchor="y3", **axis),
        yaxis2=dict(anchor="x2", range=[0, 1.15]),
        yaxis3=dict(anchor="x3", range=[-gmax, gmax]),
        annotations=[panel_title(title, domain, FONT_SIZE + 2) for title, domain in zip(titles, domains, strict=True)],
    )
    return _figure(data, layout, height=420)
