"""Predict, then reveal: the learner commits to a guess before the page shows the answer and why."""

from __future__ import annotations

from collections.abc import Sequence

import streamlit as st


def _reveal(key: str) -> None:
    st.session_state[f"{key}:revealed"] = True


def guess_then_reveal(key: str, question: str, options: Sequence[str], answer: str, why: str) -> None:
    """Ask ``question``; once a guess is chosen, a Reveal button shows ``answer`` and ``why``.

    The answer may change as a model trains; a revealed question stays revealed, with the current answer.
    """
    with st.container(border=True):
        st.markdown(f":material/quiz: **Guess first:** {question}")
        choice_col, button_col = st.columns([5, 1], vertical_alignment="center")
        guess = choice_col.segmented_control(
            "Your guess", list(options), key=f"{key}:guess", label_visibility="collapsed"
        )
        button_col.button(
            "Reveal",
            disabled=guess is None,
            on_click=_reveal,
            args=(key,),
            key=f"{key}:reveal",
            width="stretch",
            help="Choose a guess first: a guess makes the answer stick.",
        )
        if not st.session_state.get(f"{key}:revealed"):
            return
        verdict = "Right" if guess == answer else f"You said {guess}; the answer is **{answer}**"
        (st.success if guess == answer else st.info)(f"{verdict}. {why}", icon=":material/lightbulb:")
