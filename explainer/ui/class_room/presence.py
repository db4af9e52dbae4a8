"""The room as the teacher sees it: each phone's poll tells the class it is here (and where), and the projector
counts the phones here now, and where they are while the room explores freely."""

from __future__ import annotations

import time

import streamlit as st

from explainer.class_session import presence
from explainer.i18n import N_, _, ngettext
from explainer.lesson import step_for
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room.memory import voter
from explainer.ui.class_room.session import code, store

BEATEN = "class:beaten"  # (class, page, step) this phone last told the class, and when (time.monotonic())
# The projector's count of phones as a bench finds it (up to {people}: the words after the count are here_words's
# message, in the count's form and the reader's language).
HERE = "**{count}** {people} here"
UNKNOWN = N_("students here: unknown (the class cannot be counted just now)")


def beat(page: str, step: int, following: bool) -> None:
    """Tell the class this phone is here, at this page and step: at once when it arrives or moves on its own, and
    every BEAT_SECONDS through this replica's batch of renewals (a phone following the teacher moves with the whole
    room: 80 writes at each Next cost the replicas a third more CPU per Next, and the projector knows where a
    following room is)."""
    where, last = (code(), page, step), st.session_state.get(BEATEN)
    now = time.monotonic()
    at_once = last is None or last[0][0] != where[0] or (last[0] != where and not following)  # arrived, or moved
    if not at_once and now - last[1] < presence.BEAT_SECONDS:
        return
    try:
        if at_once:
            presence.beat(store(), code(), voter(), page, step)
        else:
            presence.renewals(store()).add(code(), voter(), page, step)
    except StoreUnavailable:
        return  # the next poll tries again
    st.session_state[BEATEN] = (where, now)


def room() -> presence.Room | None:
    """The phones in the class now; None when the store cannot say."""
    try:
        return presence.room(store(), code())
    except StoreUnavailable:
        return None


def here_words(now: presence.Room | None) -> str:
    """'**23** students here', or that the count is unknown (never 0 for a store out of reach)."""
    if now is None:
        return _(UNKNOWN)
    return ngettext("**{count}** student here", "**{count}** students here", now.here).format(count=now.here)


def places_words(now: presence.Room) -> str:
    """Where the room is: 'Softmax and cross-entropy **12** (step 3: 5, step 4: 7) · Training the network **4**'."""
    pages: dict[str, dict[int, int]] = {}
    for (page, step), count in sorted(now.places.items()):
        pages.setdefault(page, {})[step] = count
    parts = []
    for page, steps in pages.items():
        title = _(step_for(page).title) if page else _("Start here")
        detail = (
            ", ".join(_("step {step}: {n}").format(step=step, n=n) for step, n in steps.items() if step)
            if page == "softmax"
            else ""
        )
        parts.append(f"{title} **{sum(steps.values())}**" + (f" ({detail})" if detail else ""))
    return " · ".join(parts)
