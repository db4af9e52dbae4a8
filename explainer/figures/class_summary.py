"""What a class got right, question by question: the share right in the first vote and after discussion, side by
side, each bar labelled with its per cent and count (the rounds keep the projector's colours, and the revote's bars
are hatched: never colour alone). Plain data in, a figure out."""

from __future__ import annotations

import plotly.graph_objects as go

from explainer.class_session.summary import AskedSummary
from explainer.figures.class_votes import ROUND_COLORS, ROUND_NAMES
from explainer.figures.style import _figure, legible

HATCH = {1: "", 2: "/"}


def summary_figure(summaries: list[AskedSummary], height: int = 320) -> go.Figure:
    """Bars of the share right per question (x: "Q1", "Q2", ... in the order asked), one per vote."""
    labels = [f"Q{s.number}" for s in summaries]
    data = []
    for round_ in (1, 2):
        votes = [s.votes.get(round_) for s in summaries]
        if not any(votes):
            continue
        shares = [None if v is None or v.share_right is None else 100 * v.share_right for v in votes]
        data.append(
            dict(
                type="bar",
                x=labels,
                y=shares,
                name=ROUND_NAMES[round_],
                marker=dict(color=ROUND_COLORS[round_], pattern=dict(shape=HATCH[round_])),
                text=["" if v is None else f"{v.share_right:.0%} of {v.answered}" for v in votes],
                textposition="outside",
                cliponaxis=False,
                hovertext=[s.asked.prompt.replace("**", "") for s in summaries],
                hovertemplate="%{hovertext}<br>%{fullData.name}: %{y:.0f}% right<extra></extra>",
            )
        )
    layout = dict(
        barmode="group",
        xaxis=dict(type="category", title=dict(text="question, in the order asked")),
        yaxis=dict(title=dict(text="answers right (%)"), range=[0, 115], dtick=25),
    )
    return legible(_figure(data, layout, height=height, legend=True))  # one vote too: the legend names it


def summary_words(summaries: list[AskedSummary]) -> str:
    """The figure in words: per question, the share right in each vote."""
    if not summaries:
        return "No question was asked yet."
    parts = []
    for s in summaries:
        votes = [f"{ROUND_NAMES[r].lower()} {v.right} of {v.answered} right" for r, v in s.votes.items()]
        parts.append(f"Q{s.number}: {', '.join(votes) if votes else 'nobody answered'}")
    return "; ".join(parts) + "."
