"""Tell a student whose page outlived its server session what came back and what was lost.

Behind `make classroom` (deploy/classroom.py) a dead replica's pages reconnect to a live one; a lone
server that restarts does the same to every page. The browser then asks to resume its old session,
which the server answering does not have: it starts a new session from the page's URL, so settings
kept in the link come back, but runs trained and files uploaded in the old session do not. The
browser names the session it hoped to resume in the websocket's ``Sec-WebSocket-Protocol`` header
(``streamlit, <xsrf token>, <session id>``); a new tab or a reload names none.
"""

import streamlit as st

from explainer.i18n import _

_SEEN, _MOVED = "replica:seen", "replica:moved"


def previous_session(protocol_header: str | None) -> str | None:
    """The session id a reconnecting browser asked to resume, from its Sec-WebSocket-Protocol header.

    >>> previous_session("streamlit, 2|ab|cd|1, 5f3c-11"), previous_session("streamlit, 2|ab|cd|1")
    ('5f3c-11', None)
    """
    entries = [entry.strip() for entry in (protocol_header or "").split(",")]
    return entries[2] if len(entries) > 2 and entries[2] else None


def moved_notice() -> None:
    """Above the page until dismissed: the browser asked for a session this server does not have."""
    if _SEEN not in st.session_state:  # a session's first run (a resumed session keeps its state)
        st.session_state[_SEEN] = True
        st.session_state[_MOVED] = previous_session(st.context.headers.get("Sec-Websocket-Protocol")) is not None
    if not st.session_state[_MOVED]:
        return
    # A banner, not a toast: a toast is gone at the page's next rerun, which can come right away.
    note, dismiss = st.columns([5, 1], vertical_alignment="center")
    note.warning(
        _(
            "**This page moved to another server**, because the one running it stopped. Its settings came back "
            "from the link; a training or an upload you had there was lost: start it again."
        ),
        icon=":material/sync_problem:",
    )
    dismiss.button(_("Got it"), on_click=st.session_state.__setitem__, args=(_MOVED, False), key="replica:dismiss")
