"""A student's page follows the teacher's: to a page, a section, a worked-example step, and at a reveal to the case
that explains the answer. A Streamlit page cannot be pushed to, so the stage polls the store (class_poll.js) and
moves the page when the teacher's position changed; a move within the page reruns only the page's fragment
(class_nudge.js)."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session.phases import Phase
from explainer.lesson import script_path, step_for
from explainer.ui.class_room import session
from explainer.ui.class_room.mapping import redraw_for_map, student_page
from explainer.ui.class_room.projector import position, take_place
from explainer.ui.class_room.session import code, teaching
from explainer.ui.shell import link_state

# seconds: a following phone sees the teacher's move, the projector a vote's count, this soon. A poll cost the
# server 5.3 ms of CPU (8 phones in Chromium on /mnist_data, 30 s against the same pages outside a class): 80
# phones cost about 0.4 of a core together.
POLL = 1.0
IDLE_POLL = 4.0  # seconds: a student exploring alone notices that the teacher called the room back
PROJECTOR_POLL = 2.0  # seconds: the projector's count of the room between votes
POLL_JS = Path(__file__).with_name("class_poll.js")
NUDGE_JS = Path(__file__).with_name("class_nudge.js")
DRAWN = "class:drawn"  # the position the page's fragment last finished drawing, on a following student's page
NUDGES = "class:nudges"  # how many times the stage asked that fragment to redraw a move within the page


def follow(url_path: str, state: cs.ClassState) -> str:
    """Move this student's page to the teacher's (a page, a section, a step), while follow me is on.

    A move within a page whose fragment holds a nudge point (:func:`follow_in_fragment`) returns a nudge for the
    poll, which reruns that fragment only (a whole page's rerun for each of 80 students was what a Next cost),
    until the fragment has drawn it; any other move reruns the app. Returns "" when there is nothing to redraw."""
    if redraw_for_map(url_path, state):  # "Map it together" began or ended: the Training page's cell box changes
        st.rerun(scope="app")
    if not state.follow or not state.page:
        return ""
    target = student_page(state)
    wanted = state.position if target == state.page else (target, "", 0)
    if target == url_path and not wanted[1]:
        # The teacher's session said where it is before its page chose a section (a new session's first run): the
        # phone keeps its own. Compared as a section, "" differed for ever, and a new session reran the page for ever.
        wanted = (target, position(url_path)[1], wanted[2])
    moved = wanted != position(url_path)
    if moved and state.page == "softmax":
        take_place(state)
    drawn = st.session_state.get(DRAWN)
    if target == url_path and drawn is not None and drawn[0] == url_path:  # this page's fragment can redraw
        if drawn == wanted:
            return ""
        st.session_state[NUDGES] = st.session_state.get(NUDGES, 0) + 1
        return str(st.session_state[NUDGES])
    if not moved:
        return ""
    if target != url_path:
        st.switch_page(script_path(step_for(target)))
    if position(url_path) == wanted:  # else no rerun could draw it: never rerun the page in a loop
        st.rerun(scope="app")
    return ""


def apply_reveal(url_path: str, state: cs.ClassState) -> None:
    """Once per question revealed: the page's live figure shows the case that explains the answer."""
    asked = state.question
    if state.phase is not Phase.REVEALED or asked is None or st.session_state.get(session.REVEALED) == state.asking:
        return
    st.session_state[session.REVEALED] = state.asking
    if asked.reveal:
        link_state.open_on_page(asked.page, asked.reveal)  # the page applies it as its own link
        if url_path != asked.page:
            st.switch_page(script_path(step_for(asked.page)))
        st.rerun(scope="app")


def poll_seconds(state: cs.ClassState) -> float | None:
    """How often this session's stage asks the store: :data:`POLL` for a student following the teacher or in a
    vote, and for the projector counting a vote's answers; :data:`IDLE_POLL` for a student exploring alone;
    :data:`PROJECTOR_POLL` for the projector between votes (its count of the room)."""
    if teaching():  # the projector counts the room: how many are here, how many answered
        return POLL if state.phase is Phase.VOTING else PROJECTOR_POLL
    return POLL if state.follow or state.question is not None else IDLE_POLL


_poll = st.components.v2.component("explainer.class_poll", js=POLL_JS.read_text(encoding="utf-8"))


def poll_every(seconds: float | None, nudge: str = "", key: str = "class-poll") -> None:
    """Rerun the enclosing fragment every ``seconds`` (None: never) while the page is idle and visible; a new
    ``nudge`` has the page's nudge point rerun its fragment (:func:`follow`). ``key``: one per fragment polled.

    Not ``st.fragment(run_every=...)``: its reruns fired in the middle of a page's run and preempted it (the page's
    half-drawn sliders came back at their minimum), and Streamlit folds a pending page change into a fragment's
    rerun with the fragment's page (a sidebar click was lost). class_poll.js waits for the page to be idle.
    """
    _poll(key=key, data={"every": seconds or 0, "nudge": nudge}, on_tick_change=lambda: None, height=0)


_nudge = st.components.v2.component("explainer.class_nudge", js=NUDGE_JS.read_text(encoding="utf-8"))


def note_drawn(url_path: str) -> None:
    """At the end of every run of the fragment that draws the teacher's steps (on the softmax page, the one inside
    :func:`follow_in_fragment`'s, which a student's own Next reruns): on a following student's page, note the
    position it has drawn, which the poll compares with the teacher's."""
    if code() is not None and not teaching():
        st.session_state[DRAWN] = position(url_path)


def follow_in_fragment(url_path: str) -> None:
    """At the end of a page's fragment that draws the teacher's moves within the page (on the softmax page, its
    section and step): on a following student's page, note what it has drawn, and give the class's poll a point
    that reruns just this fragment."""
    if code() is None or teaching():
        return
    note_drawn(url_path)
    _nudge(key="class-nudge", data={}, on_moved_change=lambda: None, height=0)
