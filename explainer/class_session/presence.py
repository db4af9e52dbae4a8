"""Who is in a class now, and where: each phone's poll renews its row (at most every :data:`BEAT_SECONDS`, at once
when it moved), and a phone unseen for :data:`HERE_SECONDS` (a closed tab, a lost network) has left.

Anonymous: a row names the phone's answer token, never a person; the same token on two replicas is one row, so one
student. The count is what the store says; a store out of reach gives no count (the projector says "unknown"), never 0.
"""

from __future__ import annotations

import collections
import math
import os
import time
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import exc

from explainer.store.database import Store, presence

HERE_ENV = "EXPLAINER_HERE_SECONDS"  # how long an unseen phone still counts as here (default 32; at least 4)


def _here_seconds() -> float:
    """:data:`HERE_ENV`'s seconds, or 32 when it is unset or not a number of at least 4."""
    try:
        seconds = float(os.environ.get(HERE_ENV) or 32.0)
    except ValueError:
        seconds = 32.0
    return seconds if math.isfinite(seconds) and seconds >= 4 else 32.0


HERE_SECONDS = _here_seconds()  # unseen this long: gone (a beat missed and more; a closed tab leaves 17-32 s later)
BEAT_SECONDS = (HERE_SECONDS - 2) / 2  # 15 s: a phone renews its row this often (every 10 s cost 12 % more CPU)


@dataclass(frozen=True)
class Room:
    """The phones in a class now: how many, and how many on each (page, step)."""

    here: int
    places: dict[tuple[str, int], int]

    def on_page(self, page: str) -> int:
        return sum(n for (where, _), n in self.places.items() if where == page)


def beat(store: Store, code: str, token: str, page: str, step: int = 0, now: float | None = None) -> None:
    """``token``'s phone is in class ``code`` now, at ``page`` (its ``step``)."""
    now = time.time() if now is None else now
    row = {"page": page, "step": step, "seen": now}
    key = (presence.c.code == code) & (presence.c.token == token)
    with store.begin() as db:
        if db.execute(presence.update().where(key).values(**row)).rowcount:
            return
        try:
            with db.begin_nested():
                db.execute(presence.insert().values(code=code, token=token, **row))
        except exc.IntegrityError:  # the same phone's other tab (or replica) arrived at the same instant
            db.execute(presence.update().where(key).values(**row))


def room(store: Store, code: str, now: float | None = None) -> Room:
    """The phones seen in the last :data:`HERE_SECONDS`, by place."""
    since = (time.time() if now is None else now) - HERE_SECONDS
    with store.begin() as db:
        rows = db.execute(
            sa.select(presence.c.page, presence.c.step).where(presence.c.code == code, presence.c.seen > since)
        ).all()
    places = collections.Counter((page, step) for page, step in rows)
    return Room(len(rows), dict(places))
