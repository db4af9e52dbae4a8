"""A student's phone in a class: the question with large answer buttons while the vote is open, then what the
projector says. Every answer is sent under the token the phone's browser keeps (:mod:`.memory`), and the phone says
what became of it until its next tap: taken, changed, refused, or not counted because the class was out of reach.
"""

from __future__ import annotations

import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session.phases import Phase
from explainer.i18n import N_, _
from explainer.lesson import script_path, step_for
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room import session
from explainer.ui.class_room.mapping import CELL_PAGE
from explainer.ui.class_room.memory import voter
from explainer.ui.class_room.session import code, say, store

# What a phone draws, spelled once (the benches find it through these names).
CHOICE_KEY = "class-choice-"  # + the choice: one answer button
NUMBER_FORM = "class-number"  # the number question's form (and its container)
NUMBER_KEY = "class-number-value"  # the number question's text input
SEND = N_("Send")  # the number question's submit button
YOUR_ANSWER = N_("Your answer: **{answer}**")  # under the buttons, once this phone's answer is taken
SHORT_ANSWERS = 30  # characters of all the choices together: up to this, one row of buttons (3 fit a 390 px phone)


def _answer(state: cs.ClassState, text: str) -> None:
    vote = (state.asking, state.round)
    try:
        outcome = cs.submit_answer(store(), code(), voter(), state.asking, state.round, text)
    except cs.ClassError as error:
        say("warning", str(error), vote)
    except StoreUnavailable:
        session.say_unreachable("warning", session.NOT_COUNTED, vote)
    else:
        say("success", _("Answer changed.") if outcome == cs.Answer.CHANGED else _("Answer taken."), vote)


def _on_number(state: cs.ClassState) -> None:
    _answer(state, st.session_state.get(NUMBER_KEY, ""))


def _answer_buttons(state: cs.ClassState, mine: str | None) -> None:
    asked = state.question
    if asked.kind == "choice":
        # Short answers side by side: the question stays compact above the page's picture on a phone.
        side_by_side = sum(len(choice) for choice in asked.choices) <= SHORT_ANSWERS
        with st.container(key="class-answers", horizontal=side_by_side, gap="small"):
            for choice in asked.choices:
                shown = asked.choice_text(choice)  # the store keeps the English choice; the phone reads its language
                st.button(
                    f"{shown} ✓" if choice == mine else shown,
                    on_click=_answer,
                    args=(state, choice),
                    key=f"{CHOICE_KEY}{choice}",
                    type="primary" if choice == mine else "secondary",
                    width="stretch",
                )
    else:
        with st.form(NUMBER_FORM, border=False, enter_to_submit=True), st.container(key=NUMBER_FORM):
            st.text_input(_("Your guess (a number)"), key=NUMBER_KEY, placeholder=_("e.g. 0.5"))
            st.form_submit_button(_(SEND), on_click=_on_number, args=(state,), type="primary", width="stretch")


def student_stage(state: cs.ClassState, url_path: str) -> None:
    """The phone: the question and its answer buttons while the vote is open, then what the projector says; while
    the room maps the grid together, on any other page, the way to its cell."""
    asked = state.question
    said = session.message((state.asking, state.round))
    if asked is None:
        session.show(said)
        if state.mapping and url_path != CELL_PAGE:
            st.page_link(
                script_path(step_for(CELL_PAGE)),
                label=_("Map it together: your cell waits on the Training page"),
                icon=":material/grid_view:",
            )
        return
    st.markdown(f"#### {asked.prompt_text()}")
    token = voter()
    if state.phase is Phase.VOTING:
        mine = cs.my_answer(store(), code(), token, state.asking, state.round)
        words = (
            _("Vote again after discussing.") if state.round == 2 else _("One answer; change it until the vote closes.")
        )
        left = state.seconds_left()
        if left is not None:
            words += " " + _("The vote closes in **{seconds} s**.").format(seconds=left)
        st.markdown(words)
        _answer_buttons(state, mine)
        session.show(said)
        if mine is not None:
            st.markdown(_(YOUR_ANSWER).format(answer=asked.choice_text(mine)))
    elif state.phase is Phase.REVEALED:
        given = [cs.my_answer(store(), code(), token, state.asking, r) for r in (1, 2)]
        last = next((a for a in reversed(given) if a is not None), None)
        answer = _("**Answer: {answer}.**").format(answer=asked.choice_text(asked.correct))
        if last is not None:
            verdict = _("You got it.") if asked.is_right(last) else _("You said {answer}.")
            answer += " " + verdict.format(answer=asked.choice_text(last))
        st.success(f"{answer} {asked.explanation_text()}", icon=":material/check_circle:")
    else:
        mine = cs.my_answer(store(), code(), token, state.asking, state.round)
        session.show(said)
        closed = (
            _("The vote is closed (you said **{answer}**): look at the projector.").format(
                answer=asked.choice_text(mine)
            )
            if mine
            else _("The vote is closed: look at the projector.")
        )
        st.info(closed, icon=":material/cast_for_education:")
