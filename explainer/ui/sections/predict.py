"""Predict, then reveal: the learner commits to a guess before the page shows the answer and why."""

from __future__ import annotations

from collections.abc import Callable, Sequence

import streamlit as st

from explainer.i18n import _


def predict_then_reveal(
    key: str,
    question: str,
    options: Sequence[str],
    answer: str,
    why: str,
    horizontal: bool = False,
    format_func: Callable[[str], str] = str,
) -> None:
    """A question with no answer chosen; once the learner picks one, say whether it is right, then why.

    ``horizontal`` puts the options side by side: many short ones (digits) then take two lines, not ten.
    ``format_func`` shows an option (and the answer) in the reader's language, so that ``options`` and ``answer``
    can stay stable values (e.g. English keys) whatever the language.
    """
    reveal(predict(key, question, options, horizontal, format_func), answer, why, format_func)


def predict(
    key: str,
    question: str,
    options: Sequence[str],
    horizontal: bool = False,
    format_func: Callable[[str], str] = str,
) -> str | None:
    """The question, with no answer chosen and a word on why, until the learner picks one; returns the guess.

    Apart from :func:`reveal` where the answer's numbers follow the logits and the question does not: the softmax
    page draws the question where a slider move does not redraw it (issue 32).
    """
    guess = st.radio(
        _(":material/psychology_alt: **Predict:** {question}").format(question=question),
        options,
        index=None,
        key=key,
        horizontal=horizontal,
        format_func=format_func,
    )
    if guess is None:
        st.caption(_("Commit to a guess: the answer appears once you pick one."))
    return guess


def reveal(guess: str | None, answer: str, why: str, format_func: Callable[[str], str] = str) -> None:
    """Once there is a guess: whether it is right, then why (nothing before)."""
    if guess is None:
        return
    if guess == answer:
        st.success(_("**Right.** {why}").format(why=why), icon=":material/check_circle:")
    else:
        st.info(
            _("**It is: {answer}.** {why}").format(answer=format_func(answer), why=why), icon=":material/lightbulb:"
        )
