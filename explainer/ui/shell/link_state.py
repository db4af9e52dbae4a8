"""The link parameters in the address bar: the one module that reads and writes ``st.query_params``.

Each owner of link parameters (a page's panel, lecture mode, the class) owns the names :data:`explainer.links.
LINK_OWNERS` gives it. Its state is taken from the link once, on the owner's first run in the session
(:func:`open_once`), and written back after every run, a fragment's included, touching only its own names
(:func:`write_back`): whichever owner runs last, none erases another's parameter. A page the app itself opens
with a link (a class's reveal, "open in the softmax page") gets it through :func:`open_on_page`; the page applies
it on its next run exactly as it applies its own address, so no one imports a page's setters.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping

import streamlit as st

from explainer.ui.shell.session_keys import session_key

# Sets an owner's state from link parameters (only those it owns and the link carries); returns one message per
# parameter ignored, naming it and saying what to fix.
Opener = Callable[[Mapping[str, str]], list[str]]


def _errors_key(owner: str) -> str:
    return session_key(owner, "url_errors")


def open_once(owner: str, opener: Opener) -> None:
    """On ``owner``'s first run in this session the address decides its state; later, a link the app opened it with
    (:func:`open_on_page`) does, once."""
    s = st.session_state
    if _errors_key(owner) not in s:
        s[_errors_key(owner)] = opener(st.query_params.to_dict())
    opened = s.pop(session_key(owner, "opened_with"), None)
    if opened is not None:
        opener(opened)  # the app's own links (reveals, model outputs) are checked by the tests


def open_on_page(owner: str, link: Mapping[str, str]) -> None:
    """Have ``owner`` apply ``link`` on its next run, as if the student had opened that link."""
    st.session_state[session_key(owner, "opened_with")] = dict(link)


def link_warnings(owner: str) -> None:
    """One warning per link parameter ``owner`` ignored, until :func:`forget_link_errors`."""
    for message in st.session_state.get(_errors_key(owner), []):
        st.warning(message, icon=":material/link_off:")


def forget_link_errors(owner: str) -> None:
    """The user chose: a bad link value no longer needs saying."""
    if _errors_key(owner) in st.session_state:
        st.session_state[_errors_key(owner)] = []


def write_back(owned: Iterable[str], values: Mapping[str, str]) -> None:
    """The address carries ``values`` for the ``owned`` names (an owned name without a value leaves it); every other
    parameter stays as it is. Unchanged values are not written: each write is a message to the browser."""
    query = st.query_params
    for name in owned:
        value = values.get(name)
        if value is None:
            if name in query:
                del query[name]
        elif query.get(name) != value:
            query[name] = value


def link_value(name: str) -> str | None:
    """One parameter of the address as it is now."""
    return st.query_params.get(name)


def take_out(name: str) -> str | None:
    """Remove a parameter from the address and return it (a secret that must not stay on a projected address)."""
    value = st.query_params.get(name)
    if value is not None:
        del st.query_params[name]
    return value
