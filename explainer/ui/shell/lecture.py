"""Lecture mode: a sidebar toggle (``?lecture=1`` in a link) that hides what the lecture does not teach.

Pages ask :func:`lecture_mode`. This module imports no torch, so the landing page stays quick to open.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from explainer.i18n import N_, _
from explainer.links import LECTURE_LINK, LINK_OWNERS, LINKS, read_query
from explainer.ui.shell import link_state

OWNER = "lecture_mode"
LECTURE_KEY = OWNER  # the toggle's state: one per session, whatever the page


def lecture_mode() -> bool:
    """Whether this session is in lecture mode: pages then hide what the lecture does not teach."""
    return bool(st.session_state.get(LECTURE_KEY, False))


def _open(link: Mapping[str, str]) -> list[str]:
    values, errors = read_query((LECTURE_LINK,), link, {LECTURE_LINK: "0"})
    st.session_state[LECTURE_KEY] = values[LECTURE_LINK] == "1"
    return errors


def lecture_toggle() -> None:
    """The lecture-mode toggle in the sidebar; Home.py draws it before every page.

    A link's ``lecture=1`` sets it on the session's first run; afterwards the toggle decides and is written back to
    the address. A bad link value is named in a warning until the toggle is used.
    """
    link_state.open_once(OWNER, _open)
    st.sidebar.toggle(
        _(LINKS[LECTURE_LINK].label),
        key=LECTURE_KEY,
        on_change=link_state.forget_link_errors,
        args=(OWNER,),
        help=_(_HELP),
    )
    link_state.link_warnings(OWNER)
    link_state.write_back(LINK_OWNERS[OWNER], {LECTURE_LINK: "1"} if lecture_mode() else {})


_HELP = N_(
    "Only what the lecture teaches, one step after another: extras such as other optimizers, downloads and "
    "rarely used settings are hidden. Share it as a link: it adds lecture=1."
)
