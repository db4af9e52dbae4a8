"""What a class learned, for its teacher: every question it was asked, in order, with how many answered each vote,
how many were right, and what they answered; as a CSV and as a page to print. Anonymous, as the answers are: counts,
never tokens. Deleted with the class (its rows are the class's own).
"""

from __future__ import annotations

import collections
import csv
import html
import io
from dataclasses import dataclass

import sqlalchemy as sa

from explainer.class_session.questions import Asked
from explainer.i18n import N_, _, current_language, ngettext, pgettext
from explainer.store.database import Store, answers, asked_questions

# In English, the catalog's keys: the summary is written in the language of the session that builds it (the teacher's).
VOTE_NAMES = {1: N_("First vote"), 2: N_("After discussion")}


@dataclass(frozen=True)
class Vote:
    """One round's answers to one question: how many answered, how many were right, how many gave each answer."""

    answered: int
    right: int
    counts: dict[str, int]  # answer -> how many, the most given first

    @property
    def share_right(self) -> float | None:
        """The share of the answers that were right (None: nobody answered).

        >>> Vote(4, 3, {"a": 3, "b": 1}).share_right
        0.75
        """
        return self.right / self.answered if self.answered else None


@dataclass(frozen=True)
class AskedSummary:
    """A question as asked (its number in the class, its truth) and its votes by round (1, and 2 after discussion)."""

    number: int
    asked: Asked
    votes: dict[int, Vote]


def _vote(asked: Asked, given: list[str]) -> Vote:
    counts = collections.Counter(given)
    right = sum(n for answer, n in counts.items() if asked.is_right(answer))
    return Vote(len(given), right, dict(counts.most_common()))


def class_summary(store: Store, code: str) -> list[AskedSummary]:
    """Every question class ``code`` opened, in the order asked, with its votes (a question asked twice is two)."""
    with store.begin() as db:
        opened = db.execute(
            sa.select(asked_questions.c.asking, asked_questions.c.truth)
            .where(asked_questions.c.code == code)
            .order_by(asked_questions.c.asking)
        ).all()
        given = db.execute(
            sa.select(answers.c.asking, answers.c.round, answers.c.answer).where(answers.c.code == code)
        ).all()
    by_vote: dict[tuple[int, int], list[str]] = collections.defaultdict(list)
    for asking, round_, answer in given:
        by_vote[asking, round_].append(answer)
    summaries = []
    for number, (asking, truth) in enumerate(opened, start=1):
        asked = Asked.from_json(truth)
        rounds = sorted(r for a, r in by_vote if a == asking)
        summaries.append(AskedSummary(number, asked, {r: _vote(asked, by_vote[asking, r]) for r in rounds}))
    return summaries


def _percent(share: float | None) -> str:
    return "" if share is None else f"{share:.0%}"


def _answers_text(asked: Asked, vote: Vote) -> str:
    return "; ".join(f"{asked.choice_text(answer)}: {n}" for answer, n in vote.counts.items())


COLUMNS = ("question", "asked", "right answer", "vote", "answered", "right", "share right", "answers")


def headers() -> dict[str, str]:
    """Each column of :func:`rows` as the reader reads it (the rows keep the English names: code reads them)."""
    named = {
        "question": pgettext("class summary column", "question"),
        "asked": pgettext("class summary column", "asked"),
        "right answer": pgettext("class summary column", "right answer"),
        "vote": pgettext("class summary column", "vote"),
        "answered": pgettext("class summary column", "answered"),
        "right": pgettext("class summary column", "right"),
        "share right": pgettext("class summary column", "share right"),
        "answers": pgettext("class summary column", "answers"),
    }
    return {column: named[column] for column in COLUMNS}


def rows(summaries: list[AskedSummary]) -> list[dict[str, object]]:
    """One row per question and vote (a question nobody answered: one row with its votes empty), as the CSV has them:
    keyed by :data:`COLUMNS`, the words in the reader's language.

    >>> from explainer.class_session.questions import QUESTIONS, Facts
    >>> asked = QUESTIONS["uniform_loss"].ask(Facts())
    >>> rows([AskedSummary(1, asked, {1: Vote(3, 2, {"2.3": 2, "1": 1})})])[0]["answers"]
    '2.3: 2; 1: 1'
    """
    table = []
    for summary in summaries:
        asked = summary.asked
        prompt = asked.prompt_text().replace("**", "")
        base = {"question": summary.number, "asked": prompt, "right answer": asked.choice_text(asked.correct)}
        for round_, vote in summary.votes.items() or [(None, None)]:
            if vote is None:
                table.append(base | {"vote": "", "answered": 0, "right": 0, "share right": "", "answers": ""})
                continue
            table.append(
                base
                | {
                    "vote": _(VOTE_NAMES[round_]),
                    "answered": vote.answered,
                    "right": vote.right,
                    "share right": _percent(vote.share_right),
                    "answers": _answers_text(asked, vote),
                }
            )
    return table


def to_csv(summaries: list[AskedSummary]) -> str:
    """The summary as CSV, one row per question and vote (UTF-8; spreadsheets open it as it is), its header in the
    reader's language."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS)
    writer.writerow(headers())
    writer.writerows(rows(summaries))
    return buffer.getvalue()


_PRINT_CSS = """
body { font: 16px/1.45 system-ui, "Noto Sans CJK SC", "WenQuanYi Micro Hei", sans-serif; color: #111; margin: 2rem; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.15rem; margin-top: 1.6rem; }
table { border-collapse: collapse; margin: 0.4rem 0; } th, td { border: 1px solid #666; padding: 0.3rem 0.6rem; }
th { text-align: left; background: #eee; } td.number { text-align: right; }
section { break-inside: avoid; }
"""


def to_html(summaries: list[AskedSummary], code: str, date: str) -> str:
    """The summary as a page to print or keep: a table per question (no scripts, no colours needed)."""
    count = len(summaries)
    asked_line = ngettext("{count} question asked.", "{count} questions asked.", count).format(count=count)
    title = _("Class {code}: summary").format(code=code)
    heading = _("Class {code}: what the room answered").format(code=code)
    anonymous = _("Anonymous: counts only.")
    parts = [
        f"<!doctype html><html lang='{html.escape(current_language())}'><head><meta charset='utf-8'>",
        f"<title>{html.escape(title)}</title>",
        f"<style>{_PRINT_CSS}</style></head><body>",
        f"<h1>{html.escape(heading)}</h1>",
        f"<p>{html.escape(date)} · {html.escape(asked_line)} {html.escape(anonymous)}</p>",
    ]
    for summary in summaries:
        asked = summary.asked
        prompt = html.escape(asked.prompt_text().replace("**", ""))
        parts.append(f"<section><h2>{summary.number}. {prompt}</h2>")
        right_answer = f"<strong>{html.escape(asked.choice_text(asked.correct))}</strong>"
        parts.append("<p>" + _("Right answer: {answer}").format(answer=right_answer) + "</p>")
        if not summary.votes:
            parts.append("<p>" + html.escape(_("Nobody answered.")) + "</p></section>")
            continue
        columns = (
            pgettext("class summary column", "Vote"),
            pgettext("class summary column", "Answered"),
            pgettext("class summary column", "Right"),
            pgettext("class summary column", "Answers given"),
        )
        parts.append("<table><tr>" + "".join(f"<th scope='col'>{html.escape(c)}</th>" for c in columns) + "</tr>")
        for round_, vote in summary.votes.items():
            right = f"{vote.right} ({_percent(vote.share_right)})"
            parts.append(
                f"<tr><th scope='row'>{html.escape(_(VOTE_NAMES[round_]))}</th><td class='number'>{vote.answered}</td>"
                f"<td class='number'>{right}</td><td>{html.escape(_answers_text(asked, vote))}</td></tr>"
            )
        parts.append("</table></section>")
    parts.append("</body></html>")
    return "".join(parts)
