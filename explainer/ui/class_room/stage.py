"""Above every page of a session in a class: the teacher's sidebar and the stage (the projector's or the phone's),
a fragment that polls the store. When the store cannot be reached, the page carries on as a solo lesson under one
banner, and everything comes back by itself: a pending join is made, the teacher's controls are redrawn."""

from __future__ import annotations

from urllib.parse import urlsplit

import streamlit as st

from explainer.class_session import classes as cs
from explainer.i18n import _
from explainer.server.runs import fragment_rerun
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room import session
from explainer.ui.class_room.follow import IDLE_POLL, PROJECTOR_POLL, apply_reveal, follow, poll_every, poll_seconds
from explainer.ui.class_room.joining import CSS, confirm, recall_teacher
from explainer.ui.class_room.mapping import forget_drawn_cell, send_waiting_runs
from explainer.ui.class_room.memory import browser_memory, kept_by_browser
from explainer.ui.class_room.phone import student_stage
from explainer.ui.class_room.presence import beat, here_words, room
from explainer.ui.class_room.projector import position, publish_position, teacher_sidebar, teacher_stage
from explainer.ui.class_room.session import DEGRADED, REFUSED, code, leave, store, teaching

DRAWN_PATH = "class:drawn_path"  # the browser's page path when this session's last whole-page run reached its end


def _browser_path() -> str | None:
    """The path of the page the browser shows now (None where no browser says: AppTest)."""
    return urlsplit(st.context.url).path if st.context.url else None


def class_bar(url_path: str, pages: dict[str, st.Page]) -> None:
    """The class above the page (nothing outside a class but a message about the last class action). ``pages``:
    the app's pages by URL path, to draw again the one the browser shows when a run left it half drawn."""
    st.session_state.pop(DEGRADED, None)  # this whole run draws every control of the class again
    st.session_state[DRAWN_PATH] = None  # until the page below has been drawn to its end (page_drawn)
    forget_drawn_cell()
    recall_teacher(kept_by_browser())
    browser_memory()
    if code() is None:
        session.show(st.session_state.pop(session.MESSAGE, None))  # said once: "the class has ended"
        return
    if st.session_state.get(REFUSED):
        st.error(_("This teacher link is not valid for this class: you joined as a student."), icon=":material/block:")
    st.html(CSS)
    if teaching():
        with st.sidebar:
            _sidebar_count()  # above the class's controls: on a 720 px projector, below them was off the screen
        teacher_sidebar()
    with st.container(key="class-stage"):
        _stage(url_path, pages)


def page_drawn() -> None:
    """After the page's run: the browser's page is drawn whole. A run cut short (a poll's rerun preempts it) leaves
    this unsaid, and the stage's next rerun draws the whole page again."""
    st.session_state[DRAWN_PATH] = _browser_path()


@st.fragment
def _sidebar_count() -> None:
    """The teacher's sidebar: how many students are here, polled as the projector's class box is."""
    st.markdown(here_words(room()))
    poll_every(PROJECTOR_POLL, key="class-poll-sidebar")


def _unreachable() -> None:
    """One box while the store is out of reach: what became of this session's last action, else the banner."""
    said = st.session_state.get(session.MESSAGE)
    if said is not None and said.unreachable:
        session.show(said)
    else:
        st.warning(_(session.UNREACHABLE), icon=":material/cloud_off:")
    poll_every(IDLE_POLL)  # and come back when it is back


def _draw_the_browsers_page(url_path: str, pages: dict[str, st.Page]) -> None:
    """Run whole the page the browser's address shows: the one the reader went to last. A rerun of the app runs the
    page this fragment was drawn for (``url_path``), which may be the one the reader had just left."""
    shown = pages.get((_browser_path() or "").rstrip("/").rsplit("/", 1)[-1])
    if shown is None or shown.url_path == url_path:
        st.rerun(scope="app")
    st.switch_page(shown)  # the address's query goes, and the page's own links write theirs back (link_state)


@st.fragment
def _stage(url_path: str, pages: dict[str, st.Page]) -> None:
    """The class above the page: one fragment, rerun by its own poll (:func:`poll_every`) or its buttons."""
    if fragment_rerun() and _browser_path() != st.session_state.get(DRAWN_PATH):
        # A sidebar click at the moment of a poll's tick: Streamlit ran this fragment for the new page instead of
        # the page, which the browser had already cleared; or the tick's rerun preempted the new page's run halfway
        # (the teacher's home page held only the stage). Either way an empty page under the stage, polled for ever.
        _draw_the_browsers_page(url_path, pages)
    if code() is None:  # this session left or ended its class between two of the stage's runs (a tick and a click)
        st.rerun(scope="app")
    if session.pending():
        if confirm():
            st.rerun(scope="app")  # in the class now (or told why not): the whole page says so
        st.info(
            _("Class **{code}** cannot be reached just now: this page joins it by itself when it is back.").format(
                code=code()
            )
        )
        poll_every(IDLE_POLL)
        return
    try:
        publish_position(url_path)
        state = cs.find_class(store(), code())
    except cs.UnknownClass:
        leave()
        session.say("info", _("The class has ended. This page goes on as your own lesson."))
        st.rerun(scope="app")  # the whole page as a solo lesson: the class's controls and dialogs were drawn for it
    except StoreUnavailable:
        _unreachable()
        return
    if st.session_state.pop(DEGRADED, False):
        st.rerun(scope="app")  # the teacher's controls were drawn without the store: draw them whole
    nudge = ""
    try:
        if teaching():
            apply_reveal(url_path, state)
            teacher_stage(url_path, state)
        else:
            page, _section, step = position(url_path)
            beat(page, step, following=state.follow)
            send_waiting_runs()
            nudge = follow(url_path, state)
            apply_reveal(url_path, state)
            student_stage(state, url_path)
    except StoreUnavailable:
        _unreachable()
        return
    poll_every(poll_seconds(state), nudge)
