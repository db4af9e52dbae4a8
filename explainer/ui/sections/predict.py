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
    elif guess == answer:
        st.success(_("**Right.** {why}").format(why=why), icon=":material/check_circle:")
    else:
        st.info(
            _("**It is: {answer}.** {why}").format(answer=format_func(answer), why=why), icon=":material/lightbulb:"
        )
