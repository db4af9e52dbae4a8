"""What the browser keeps of its class, and who this session is to the class: the teacher, or a phone's anonymous
answer token.

The browser keeps its class in a cookie of this site (class_memory.js writes it): the class's code, the phone's
answer token, and on the projector the teacher's secret. A browser sends its cookies when it opens its connection,
so a new server session (a reload, or a replica that took over from a dead one) knows them from its very first run:
a phone answers under the same token whichever replica serves it next, so its answer shows there and a new tap
changes it instead of adding one; a reloaded projector is the teacher again at once. (Before, the token was drawn
per server session and the browser offered its own afterwards, in a rerun: a tap in between, or an offer lost
between two reruns, counted twice.)

A phone that joins with nothing kept gets a token drawn here, which the browser keeps from the same run on. A
browser without cookies answers under a token per server session: a reload there counts anew.
"""

from __future__ import annotations

import json
import re
import secrets
from pathlib import Path
from urllib.parse import unquote

import streamlit as st

from explainer.ui.class_room import session
from explainer.ui.class_room.session import LEFT, SECRET, code, teaching

MEMORY_JS = Path(__file__).with_name("class_memory.js")
COOKIE = "explainer_class"
VOTER = "class:voter"  # (class code, this phone's answer token in it)
TOKEN = re.compile(r"[A-Za-z0-9_-]{8,64}")  # a secret or an answer token as secrets.token_urlsafe writes them

_memory = st.components.v2.component("explainer.class_memory", js=MEMORY_JS.read_text(encoding="utf-8"))


def browser_cookies() -> dict[str, str]:
    """The cookies the browser sent when it opened this session's connection."""
    return dict(st.context.cookies)


def kept_by_browser() -> dict[str, str] | None:
    """The class this browser keeps (code, and its token or the teacher's secret), if any and well formed; a damaged
    or hostile cookie is ignored."""
    try:
        kept = json.loads(unquote(browser_cookies().get(COOKIE, "")))
    except ValueError:
        return None
    if not isinstance(kept, dict) or not isinstance(kept.get("code"), str):
        return None
    tokens = {name: kept.get(name) for name in ("voter", "secret")}
    return {"code": kept["code"]} | {name: value for name, value in tokens.items() if _token(value)}


def _token(value: object) -> bool:
    return isinstance(value, str) and TOKEN.fullmatch(value) is not None


def voter() -> str:
    """This phone's answer token in its class: the one its browser keeps for the class, else a new one (which the
    browser keeps from now on)."""
    mine = st.session_state.get(VOTER)
    if mine is None or mine[0] != code():
        kept = kept_by_browser()
        same = kept is not None and kept["code"] == code() and "voter" in kept
        st.session_state[VOTER] = mine = (code(), kept["voter"] if same else secrets.token_urlsafe(16))
    return mine[1]


def browser_memory() -> None:
    """Tell the browser what to keep (no room on the page): this session's class, with the phone's token or the
    teacher's secret; or to forget the class this session left; nothing while it knows no class (a new session
    never erases what a reload must find)."""
    keep = None
    if code() is not None and not session.pending():
        keep = {"code": code(), "voter": voter()}
        if teaching():
            keep["secret"] = st.session_state[SECRET]
    forget = code() is None and st.session_state.get(LEFT) is not None
    _memory(key="class-memory", data={"keep": keep, "forget": forget, "cookie": COOKIE}, height=0)
