"""What a class got right, question by question: the share right in the first vote and after discussion, side by
side, each bar labelled with its per cent and count (the rounds keep the projector's colours, and the revote's bars
are hatched: never colour alone). Plain data in, a figure out."""

from __future__ import annotations

import plotly.graph_objects as go

from explainer.class_session.summary import AskedSummary
from explainer.figures.class_votes import ROUND_COLORS, ROUND_NAMES
from explainer.figures.style import _figure, legible
from explainer.i18n import _

HATCH = {1: "", 2: "/"}


def summary_figure(summaries: list[AskedSummary], height: int = 320) -> go.Figure:
    """Bars of the share right per question (x: "Q1", "Q2", ... in the order asked), one per vote."""
    labels = [_("Q{number}").format(number=s.number) for s in summaries]
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
                name=_(ROUND_NAMES[round_]),
                marker=dict(color=ROUND_COLORS[round_], pattern=dict(shape=HATCH[round_])),
                text=[
                    "" if v is None else _("{share:.0%} of {answered}").format(share=v.share_right, answered=v.answered)
                    for v in votes
                ],
                textposition="outside",
                cliponaxis=False,
                hovertext=[s.asked.prompt_text().replace("**", "") for s in summaries],
                hovertemplate="%{hovertext}<br>"
                + _("{vote}: {percent} right").format(vote="%{fullData.name}", percent="%{y:.0f}%")
                + "<extra></extra>",
            )
        )
    layout = dict(
        barmode="group",
        xaxis=dict(type="category", title=dict(text=_("question, in the order asked"))),
        yaxis=dict(title=dict(text=_("answers right (%)")), range=[0, 115], dtick=25),
    )
    return legible(_figure(data, layout, height=height, legend=True))  # one vote too: the legend names it


def summary_words(summaries: list[AskedSummary]) -> str:
    """The figure in words: per question, the share right in each vote."""
    if not summaries:
        return _("No question was asked yet.")
    parts = []
    for s in summaries:
        votes = [
            _("{vote} {right} of {answered} right").format(
                vote=_(ROUND_NAMES[r]).lower(), right=v.right, answered=v.answered
            )
            for r, v in s.votes.items()
        ]
        said = ", ".join(votes) if votes else _("nobody answered")
        parts.append(_("Q{number}: {votes}").format(number=s.number, votes=said))
    return "; ".join(parts) + "."
