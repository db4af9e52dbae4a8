"""Lecture mode and the lesson's Previous / Next links: what every page shares to tell the lecture in order.

Lecture mode (a sidebar toggle, ``?lecture=1`` in a link) hides what the lecture does not teach; pages ask
:func:`lecture_mode`. This module imports no torch, so the landing page stays quick to open.
"""

from __future__ import annotations

import streamlit as st

from explainer.lesson import available_steps, script_path
from explainer.links import LECTURE_LINK, LINKS, read_query

LECTURE_KEY = "lecture_mode"  # the toggle's state: one per session, whatever the page
ERRORS_KEY = f"{LECTURE_KEY}:url_errors"


def lecture_mode() -> bool:
    """Whether this session is in lecture mode: pages then hide what the lecture does not teach."""
    return bool(st.session_state.get(LECTURE_KEY, False))


def _forget_link_error() -> None:
    st.session_state.pop(ERRORS_KEY, None)  # the user chose: a bad link value no longer matters


def lecture_toggle() -> None:
    """The lecture-mode toggle in the sidebar; Home.py draws it before every page.

    A link's ``lecture=1`` sets it on the session's first run; afterwards the toggle decides and
    :func:`lesson_footer` writes it back to the URL. A bad link value is named in a warning until the
    toggle is used.
    """
    s = st.session_state
    if LECTURE_KEY not in s:
        values, errors = read_query((LECTURE_LINK,), st.query_params.to_dict(), {LECTURE_LINK: "0"})
        s[LECTURE_KEY] = values[LECTURE_LINK] == "1"
        s[ERRORS_KEY] = errors
    st.sidebar.toggle(LINKS[LECTURE_LINK].label, key=LECTURE_KEY, on_change=_forget_link_error, help=_HELP)
    for message in s.get(ERRORS_KEY, []):
        st.warning(message, icon=":material/link_off:")


_HELP = (
    "Only what the lecture teaches, one step after another: extras such as other optimizers, downloads and "
    "rarely used settings are hidden. Share it as a link: it adds lecture=1."
)


# Streamlit's default top padding and title size take a third of a 1280 x 720 projector's first screen.
_FIT_PROJECTOR = """<style>
[data-testid="stMainBlockContainer"] { padding-top: 2.5rem; }
[data-testid="stMainBlockContainer"] h1 { font-size: 2.25rem; padding-top: 0; }
</style>"""


def fit_projector() -> None:
    """Less empty space above the title, so a 1280 x 720 screen shows what to try and the main picture."""
    st.html(_FIT_PROJECTOR)


def lesson_footer(url_path: str) -> None:
    """Previous / Next links to the neighbouring steps of the lesson: the last line of every page script.

    It also writes lecture mode into the URL, after the page has written its own parameters.
    """
    if lecture_mode():
        st.query_params[LECTURE_LINK] = "1"
    elif LECTURE_LINK in st.query_params:
        del st.query_params[LECTURE_LINK]
    steps = available_steps()
    where = [step.url_path for step in steps].index(url_path)
    st.divider()
    back, forward = st.columns(2)
    if where > 0:
        step = steps[where - 1]
        back.page_link(script_path(step), label=f"Previous: {where}. {step.title}", icon=":material/arrow_back:")
    if where + 1 < len(steps):
        step = steps[where + 1]
        forward.page_link(script_path(step), label=f"Next: {where + 2}. {step.title}", icon=":material/arrow_forward:")
