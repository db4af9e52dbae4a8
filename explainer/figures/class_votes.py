"""The class's answers as the projector shows them: bars per choice (or a histogram of the numbers guessed),
both rounds side by side, the right answer in the true-class green once revealed. Plain data in, a figure out."""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np
import plotly.graph_objects as go

from explainer.class_session.questions import Asked
from explainer.figures.style import OTHER_CLASS, PRIMARY, TRUE_CLASS, _figure, legible
from explainer.i18n import N_, _

ROUND_COLORS = {1: OTHER_CLASS, 2: PRIMARY}  # the first vote greyed, the revote in the theme's colour
ROUND_NAMES = {1: N_("First vote"), 2: N_("After discussion")}  # English, the catalog's keys: _() where shown
MAX_BINS = 12


def number_bins(values: Sequence[float], correct: float | None) -> np.ndarray:
    """Bin edges for the guesses: at most MAX_BINS equal bins over the guesses (and the right value).

    >>> number_bins([1, 2, 3], None).round(3).tolist()
    [1.0, 1.667, 2.333, 3.0]
    """
    points = np.asarray([*values, *([] if correct is None else [correct])], dtype=float)
    low, high = float(points.min()), float(points.max())
    if low == high:
        low, high = low - 0.5, high + 0.5
    return np.linspace(low, high, min(MAX_BINS, max(3, len(np.unique(points)))) + 1)


def _label(low: float, high: float) -> str:
    return f"{low:.3g}–{high:.3g}"


def votes_figure(asked: Asked, answers: dict[int, list[str]], revealed: bool, height: int = 360) -> go.Figure:
    """Bars of how many gave each answer, one group member per round (1, then 2)."""
    rounds = sorted(r for r in answers if answers[r])
    if asked.kind == "choice":
        counts = {r: [answers[r].count(choice) for choice in asked.choices] for r in rounds}
        right = [asked.is_right(choice) for choice in asked.choices]
        labels = [asked.choice_text(choice) for choice in asked.choices]  # in the reader's language
    else:
        edges = number_bins([float(a) for r in rounds for a in answers[r]] or [0.0], asked.value)
        labels = [_label(lo, hi) for lo, hi in zip(edges[:-1], edges[1:], strict=True)]
        counts = {r: np.histogram([float(a) for a in answers[r]], edges)[0].tolist() for r in rounds}
        inside = (edges[:-1] <= asked.value) & (asked.value <= edges[1:]) if asked.value is not None else []
        right = [bool(v) for v in inside]
        right = [flag and not any(right[:i]) for i, flag in enumerate(right)]  # the value on an edge: one bin
    if revealed:
        labels = [f"{label} ✓" if ok else label for label, ok in zip(labels, right, strict=True)]
    data = []
    for r in rounds:
        # each round keeps its fill, so the legend stays true; the right answer gets a thick true-class green frame
        framed = [revealed and ok for ok in right]
        data.append(
            dict(
                type="bar",
                x=labels,
                y=counts[r],
                name=_(ROUND_NAMES[r]),
                marker=dict(
                    color=ROUND_COLORS[r],
                    line=dict(
                        width=[6 if f else 0 for f in framed],
                        color=[TRUE_CLASS if f else "rgba(0,0,0,0)" for f in framed],
                    ),
                ),
                text=[str(n) for n in counts[r]],
                textposition="outside",
                cliponaxis=False,
            )
        )
    layout = dict(
        barmode="group",
        xaxis=dict(type="category", automargin=True),
        yaxis=dict(
            title=dict(text=_("students")),
            rangemode="tozero",
            dtick=max(1, max(map(max, counts.values()), default=1) // 5),
        ),
    )
    return legible(_figure(data, layout, height=height, legend=len(rounds) > 1))


def votes_summary(asked: Asked, answers: dict[int, list[str]], revealed: bool) -> str:
    """The figure in words (its text alternative): per round, how many answered and the most common answers."""
    parts = []
    for r in sorted(answers):
        given = answers[r]
        if not given:
            continue
        common = ", ".join(
            f"{asked.choice_text(a)}: {n}" for a, n in Counter(given).most_common(3)
        )  # ties: in the order given
        vote, count = _(ROUND_NAMES[r]), len(given)
        if revealed:
            right = sum(asked.is_right(a) for a in given)
            line = _("{vote}: {count} answers ({common}), {right} right").format(
                vote=vote, count=count, common=common, right=right
            )
        else:
            line = _("{vote}: {count} answers ({common})").format(vote=vote, count=count, common=common)
        parts.append(line)
    return "; ".join(parts) + "." if parts else _("No answers yet.")
