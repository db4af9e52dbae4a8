"""Predict, then reveal: the learner commits to a guess before the page shows the answer and why."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def predict_then_reveal(
    key: str, question: str, options: Sequence[str], answer: str, why: str, horizontal: bool = False
) -> None:
    """A question with no answer chosen; once the learner picks one, say whether it is right, then why.

    ``horizontal`` puts the options side by side: many short ones (digits) then take two lines, not ten.
    """
    guess = st.radio(
        f":material/psychology_alt: **Predict:** {question}", options, index=None, key=key, horizontal=horizontal
    )
    if guess is None:
        st.caption("Commit to a guess: the answer appears once you pick one.")
    elif guess == answer:
        st.success(f"**Right.** {why}", icon=":material/check_circle:")
    else:
        st.info(f"**It is: {answer}.** {why}", icon=":material/lightbulb:")
