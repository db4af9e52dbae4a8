"""This session's place in a class: which class, whether it teaches, whether the store has confirmed it, and the one
message the class shows it.

A session is in at most one class: ``class:code`` in its session state. The teacher's session alone also holds
``class:secret``; nothing else (no link, no code) drives the class. A code or a secret that could not be checked
because the store was down is *pending*: the stage checks it as soon as the store answers, so a join link opened
during an outage, or a teacher's reload, joins by itself.

One message at a time, kept until this session's next action: a class poll that reruns the stage does not erase
it. A message about an answer belongs to the vote it answered (its round of an asking) and is not shown under the
next one.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explainer.i18n import N_, _
from explainer.store.database import Store, shared_store

CODE, SECRET, PENDING = "class:code", "class:secret", "class:pending"
REFUSED = "class:refused_teacher_link"  # a teacher link whose secret the store did not confirm
LEFT = "class:left"  # the class this session left or ended: the browser forgets it, nothing rejoins it
MESSAGE = "class:message"
DEGRADED = "class:degraded"  # a whole run drew the class's controls without the store: redraw them once it is back
PUBLISHED = "class:published"  # the position the teacher's session last wrote to the store
REVEALED = "class:revealed"  # the asking whose reveal this session has applied to its page

# Messages in English, the catalog's keys: translated where they are said or shown.
UNREACHABLE = N_(
    "The class cannot be reached just now: this page works on its own meanwhile, "
    "and rejoins the class by itself when it is back."
)
NOT_COUNTED = N_("**Not counted**: the class cannot be reached just now. Tap your answer again once it is back.")
NOT_DONE = N_("**Not done**: the class cannot be reached just now. Press again once it is back.")
CLOSES_IN = N_("closes in **{seconds} s**")  # a timed vote's time left, on the projector


def store() -> Store:
    return shared_store()


def code() -> str | None:
    return st.session_state.get(CODE)


def pending() -> bool:
    """In a class whose code (or teacher secret) the store has not confirmed yet."""
    return code() is not None and bool(st.session_state.get(PENDING))


def teaching() -> bool:
    return bool(st.session_state.get(SECRET)) and code() is not None and not pending()


def enter(class_code: str, secret: str | None = None, confirmed: bool = True) -> None:
    """This session is now in ``class_code`` (as its teacher with ``secret``); unconfirmed: checked when the store
    answers (:func:`explainer.ui.class_room.joining.confirm`)."""
    if class_code != code():
        leave(forget=False)
    st.session_state[CODE] = class_code
    if secret is not None:
        st.session_state[SECRET] = secret
    st.session_state[PENDING] = not confirmed
    st.session_state.pop(LEFT, None)


def leave(forget: bool = True) -> None:
    """Out of the class; with ``forget``, the browser forgets it too (a student's Leave, the teacher's End)."""
    if forget and code() is not None:
        st.session_state[LEFT] = code()
    for key in (CODE, SECRET, PENDING, PUBLISHED, REVEALED, REFUSED, DEGRADED):
        st.session_state.pop(key, None)


@dataclass(frozen=True)
class Message:
    """What the class says to this session after its action; ``vote`` (asking, round): only under that vote;
    ``unreachable``: the action was lost because the store was out of reach (the stage shows it instead of its banner).
    """

    kind: str  # success, info, warning, error
    text: str  # in the reader's language, as said
    vote: tuple[int, int] | None = None
    unreachable: bool = False


def say(kind: str, text: str, vote: tuple[int, int] | None = None, unreachable: bool = False) -> None:
    """The class's answer to this session's action (``text`` translated already), in place of the last one."""
    st.session_state[MESSAGE] = Message(kind, text, vote, unreachable)


def say_unreachable(kind: str, text: str, vote: tuple[int, int] | None = None) -> None:
    """The action was not done: the store was out of reach (``text``: NOT_COUNTED or NOT_DONE, in English)."""
    say(kind, _(text), vote, unreachable=True)


def message(vote: tuple[int, int] | None = None) -> Message | None:
    """The message to show now: the last one said, unless it was about another vote than ``vote``."""
    said = st.session_state.get(MESSAGE)
    if said is None or (said.vote is not None and said.vote != vote):
        return None
    return said


def show(said: Message | None) -> None:
    if said is not None:
        getattr(st, said.kind)(said.text)
