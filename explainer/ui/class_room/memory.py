"""What the browser keeps of its class, and who this session is to the class: the teacher, or a phone's anonymous
answer token.

The browser is the memory (class_memory.js): it keeps the class's code, the teacher's secret on the projector and
an answer token it drew itself on a phone, in localStorage, and reports them as the component's state. Streamlit's
browser sends every widget's state with every rerun, so a new server session, on a replica that took over from a
dead one, knows the phone's token from its very first run, and after a reload one rerun later. A phone answers only
under the token its browser keeps, and no answer button is drawn before the browser has said it: an answer is
counted once whichever replica serves the phone next. (Before, the server drew a token for each new session and
the browser offered its own afterwards; a tap in between, or an offer lost between two reruns, counted twice.)
"""

from __future__ import annotations

import re
from pathlib import Path

import streamlit as st

from explainer.ui.class_room import session
from explainer.ui.class_room.session import LEFT, code, teaching

MEMORY_JS = Path(__file__).with_name("class_memory.js")
REPORTED = "class:reported"  # what the browser said it keeps, as of this session's last whole run
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")  # a secret or an answer token as the browser and secrets write them

_memory = st.components.v2.component("explainer.class_memory", js=MEMORY_JS.read_text(encoding="utf-8"))


def _valid(identity: object) -> dict[str, str] | None:
    """The browser's report, with only what is well formed (a damaged or hostile one is ignored)."""
    if not isinstance(identity, dict) or not isinstance(identity.get("code"), str):
        return None
    kept = {"code": identity["code"]}
    for name in ("secret", "voter"):
        if isinstance(value := identity.get(name), str) and TOKEN.fullmatch(value):
            kept[name] = value
    return kept


def reported() -> dict[str, str] | None:
    return st.session_state.get(REPORTED)


def voter() -> str | None:
    """This phone's answer token for its class, as its browser keeps it; None until the browser has said."""
    kept = reported()
    return kept.get("voter") if kept is not None and kept["code"] == code() else None


def browser_memory() -> dict[str, str] | None:
    """Draw the browser's memory (no room on the page) and return what the browser keeps.

    Tells it what to keep: this session's class (and secret when teaching), or to forget a class this session
    left; nothing when this session knows no class, so a new session never erases what a reload must find."""
    keep = None
    if code() is not None and not session.pending():
        keep = {"code": code(), **({"secret": st.session_state[session.SECRET]} if teaching() else {})}
    kept = reported()
    forget = kept is not None and kept["code"] == st.session_state.get(LEFT)
    heard = kept if REPORTED in st.session_state else "new"  # a session's first run: the browser may have said it
    data = {"keep": keep, "forget": forget, "heard": heard}
    result = _memory(key="class-memory", data=data, on_identity_change=lambda: None, height=0)
    # No state at all: the first run of a session, or of a page (a page change drops the component's state), that
    # has not heard the browser yet (it reports {} for "nothing kept"): what this session heard before still holds.
    if (identity := result.get("identity")) is not None or REPORTED not in st.session_state:
        st.session_state[REPORTED] = _valid(identity)
    return reported()
