"""Tell a student whose page outlived its server session what came back and what was lost.

Behind `make classroom` (deploy/classroom.py) a dead replica's pages reconnect to a live one; a lone
server that restarts does the same to every page. The browser then asks to resume its old session,
which the server answering does not have: it starts a new session from the page's URL, so settings
kept in the link come back, but runs trained and files uploaded in the old session do not. The
browser names the session it hoped to resume in the websocket's ``Sec-WebSocket-Protocol`` header
(``streamlit, <xsrf token>, <session id>``); a new tab or a reload names none.
"""

import streamlit as st

_SEEN = "replica:seen"


def previous_session(protocol_header: str | None) -> str | None:
    """The session id a reconnecting browser asked to resume, from its Sec-WebSocket-Protocol header.

    >>> previous_session("streamlit, 2|ab|cd|1, 5f3c-11"), previous_session("streamlit, 2|ab|cd|1")
    ('5f3c-11', None)
    """
    entries = [entry.strip() for entry in (protocol_header or "").split(",")]
    return entries[2] if len(entries) > 2 and entries[2] else None


def moved_notice() -> None:
    """On a session's first run: if the browser asked for a session this server does not have, say so."""
    if _SEEN in st.session_state:  # a resumed session keeps its state, so this runs once per session
        return
    st.session_state[_SEEN] = True
    if previous_session(st.context.headers.get("Sec-Websocket-Protocol")):
        st.toast(
            # Short: a toast shows about three lines before "view more".
            "**This page moved to another server.** Its settings came back; a training or upload was lost: "
            "start it again.",
            icon=":material/sync_problem:",
            duration="infinite",
        )
