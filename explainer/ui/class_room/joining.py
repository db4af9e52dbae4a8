"""Into a class and out of it: start one, join by code or link, the teacher's seat back after a reload, and the
landing page's class box with the code and the QR code.

A code, a teacher link or a recalled teacher seat that the store cannot check just now (it is down) is kept as
pending, said so, and checked by the stage as soon as the store answers (:func:`confirm`): it joins by itself.
"""

from __future__ import annotations

import html
import io
import logging
from urllib.parse import urlencode, urlsplit

import segno
import streamlit as st

from explainer.class_session import classes as cs
from explainer.i18n import N_, _, current_language
from explainer.i18n.languages import ENGLISH
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room import session
from explainer.ui.class_room.session import REFUSED, SECRET, code, enter, leave, store, teaching
from explainer.ui.class_room.summary import END_CLASS, summary_button
from explainer.ui.shell import link_state

log = logging.getLogger(__name__)

JOIN_ERROR = "class:join_error"
LINKED = "class:linked"  # this session has read its link's class (its first run)
FROM_LINK = "class:teacher_from_link"  # the pending secret came from a link: refused loudly if wrong
START_CLASS = N_("Start a class")  # the home page's button (the benches press it by this name)
CSS = """<style>
.st-key-class-answers button { min-height: 3.5rem; font-size: 1.2rem; white-space: normal; }
.st-key-class-answers button p { font-size: 1.2rem; }
.st-key-class-number input { font-size: 1.4rem; min-height: 3rem; }
.st-key-class-join input { font-size: 1.6rem; letter-spacing: 0.2em; text-transform: uppercase; }
.st-key-class-join input::placeholder { font-size: 1rem; letter-spacing: normal; text-transform: none; }
.class-code { font-size: clamp(2.5rem, 9vw, 5rem); font-weight: 700; letter-spacing: 0.15em; line-height: 1.1; }
.class-lobby { font-size: 1.6rem; margin: 0; }
.class-count { font-size: clamp(2.5rem, 9vw, 5rem); font-weight: 700; line-height: 1.1; margin-right: 0.3rem; }
@media (max-width: 640px) { .st-key-class-stage { margin-top: 1.5rem; } }  /* clear of the phone's top bar */
</style>"""


def join_link(class_code: str, **extra: str) -> str:
    """The link students open: this server's address as the browser sees it, with ``?class=CODE``, and the teacher's
    language (``&lang=zh-CN``; none for English) so that the room starts in it (each phone may switch afterwards)."""
    url = urlsplit(st.context.url or "http://localhost:8501/")
    language = current_language()
    spoken = {} if language == ENGLISH else {"lang": language}
    return f"{url.scheme}://{url.netloc}/?{urlencode({'class': class_code, **spoken, **extra})}"


def qr_png(link: str) -> bytes:
    """The link as a QR code, made here (offline); medium error correction still scans from a projector. A PNG:
    st.html strips inline SVG."""
    buffer = io.BytesIO()
    segno.make(link, error="m").save(buffer, kind="png", scale=10, border=2)
    return buffer.getvalue()


def _join(text: str, secret: str | None = None) -> None:
    """Join the class with this code (typed or from a link); a message under the field if it cannot be. While the
    store is down, the code is pending: the stage joins it once the store answers."""
    st.session_state.pop(JOIN_ERROR, None)
    try:
        class_code = cs.normalize_code(text)
    except cs.ClassError as error:
        st.session_state[JOIN_ERROR] = str(error)
        return
    enter(class_code, secret, confirmed=False)
    confirm()


def confirm() -> bool:
    """Check a pending code (and teacher secret) against the store; whether the store answered. An unknown code
    leaves the class with a message; a wrong secret joins as a student, refused and logged if it came from a link."""
    class_code, secret = code(), st.session_state.get(SECRET)
    try:
        cs.find_class(store(), class_code)
        teacher = secret is not None and cs.is_teacher(store(), class_code, secret)
    except cs.UnknownClass as error:
        leave(forget=True)
        st.session_state[JOIN_ERROR] = str(error)
        return True
    except StoreUnavailable:
        return False
    if secret is not None and not teacher:
        st.session_state.pop(SECRET, None)
        if st.session_state.pop(FROM_LINK, False):
            log.warning("refused a teacher link for class %s: wrong teacher secret", class_code)
            st.session_state[REFUSED] = True  # said above every page: following the teacher moves the page at once
    st.session_state[session.PENDING] = False
    return True


def join_from_link() -> None:
    """On a session's first run: ``?class=CODE`` joins that class; ``&teacher=SECRET`` (the teacher's own link, to
    reopen the class on another device) makes this session the teacher, and leaves the address bar at once."""
    if LINKED in st.session_state or link_state.link_value("class") is None:
        return
    st.session_state[LINKED] = True
    secret = link_state.take_out("teacher")  # never on the projector's address bar
    if secret is not None:
        st.session_state[FROM_LINK] = True
    _join(link_state.link_value("class"), secret)


def recall_teacher(kept: dict[str, str] | None) -> None:
    """A browser that keeps a teacher's seat (a reloaded projector, or one whose replica died) takes it back."""
    if kept is None or code() is not None or "secret" not in kept or kept["code"] == st.session_state.get(session.LEFT):
        return
    enter(kept["code"], kept["secret"], confirmed=False)
    confirm()


def _on_join() -> None:
    _join(st.session_state.get("class-join", ""))


def _on_start(page: str) -> None:
    try:
        class_code, secret = cs.start_class(store(), page)
    except StoreUnavailable:
        session.say_unreachable("error", session.NOT_DONE)
        return
    enter(class_code, secret)
    st.session_state.pop(session.MESSAGE, None)


def _leave() -> None:
    leave()
    st.session_state.pop(session.MESSAGE, None)


def landing_panel() -> None:
    """The landing page's class box: join by code, or start a class; once in one, the code and the QR."""
    st.html(CSS)
    if code() is None:  # one row, so that the whole lesson still fits a projector's first screen
        with st.container(horizontal=True, vertical_alignment="bottom", gap="medium", key="class-row"):
            st.text_input(
                _("Your teacher's class code"),
                key="class-join",
                placeholder=_("Your teacher's class code"),
                label_visibility="collapsed",  # the placeholder says it: the whole lesson fits below
                width=320,
                on_change=_on_join,  # Enter joins, like the button
            )
            st.button(_("Join"), type="primary", on_click=_on_join)
            st.button(
                _(START_CLASS),
                on_click=_on_start,
                args=("",),
                icon=":material/groups:",
                help=_(
                    "Teach this lesson to a room: students join with a code or a QR code, follow your page, "
                    "and answer your questions."
                ),
            )
        if error := st.session_state.get(JOIN_ERROR):
            st.error(error, icon=":material/error:")
        return
    if teaching():
        teacher_join_panel()
    elif session.pending():
        st.button(_("Leave the class"), on_click=_leave)  # the stage above says it joins once it can
    else:
        st.success(
            _("You are in class **{code}**. Your page follows your teacher's.").format(code=code()),
            icon=":material/groups:",
        )
        st.button(_("Leave the class"), on_click=_leave)


def teacher_join_panel(qr_width: int = 320, can_end: bool = True) -> None:
    """The code, the link and the QR code, large enough to join from the back of the room; with ``can_end``, the
    button that ends the class (after asking, with the summary first)."""
    link = join_link(code())
    words, picture = st.columns([1, 1] if qr_width > 320 else [3, 2], vertical_alignment="center")
    with words:
        # Addresses as code, not links: nobody at the projector follows them, and the copy button is at hand.
        st.markdown(_("Students join at `{address}` with the code").format(address=link.split("?")[0]))
        label = html.escape(_("Class code {letters}").format(letters=" ".join(code())), quote=True)
        st.html(f'<div class="class-code" aria-label="{label}">{code()}</div>')
        st.markdown(_("or scan the QR code, or open"))
        st.code(link, language=None, wrap_lines=True)
        if can_end:
            summary_button(_(END_CLASS), ending=True, icon=":material/logout:")
    with picture:
        st.image(
            qr_png(link),
            caption=_("Scan to join class {code}").format(code=code()),
            width=qr_width,
            alt=_("QR code of {link}").format(link=link),
        )


def keep_in_url() -> None:
    """After every run: a student's ``class=CODE`` in the address, so that a reload, or a replica that died under the
    page, brings the student back into the class. Otherwise the address keeps what it has: a join still pending
    on the store must survive a reload."""
    if code() is not None and not teaching():
        link_state.write_back(("class",), {"class": code()})
