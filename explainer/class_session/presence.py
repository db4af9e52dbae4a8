"""Who is in a class now, and where: each phone's poll renews its row (at most every :data:`BEAT_SECONDS`, at once
when it moved), and a phone unseen for :data:`HERE_SECONDS` (a closed tab, a lost network) has left.

Anonymous: a row names the phone's answer token, never a person; the same token on two replicas is one row, so one
student. The count is what the store says; a store out of reach gives no count (the projector says "unknown"), never 0.
"""

from __future__ import annotations

import collections
import logging
import math
import os
import threading
import time
import weakref
from dataclasses import dataclass

import sqlalchemy as sa
from sqlalchemy import exc

from explainer.store.database import Store, StoreUnavailable, presence

log = logging.getLogger(__name__)

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


# A phone's renewal waits at most this long in its replica before it is written: the row is then at most
# BEAT_SECONDS + FLUSH_SECONDS + a poll old, well inside HERE_SECONDS (24 s of 32).
FLUSH_SECONDS = min(5.0, HERE_SECONDS / 4)


class Renewals:
    """The renewals of phones already counted, kept in this process and written together: one transaction every
    :data:`FLUSH_SECONDS` for the whole replica instead of one per phone every :data:`BEAT_SECONDS` (40 phones on a
    replica wrote 2.7 transactions a second, most of presence's cost). A phone's first beat, and a move of its own,
    are still written at once (:func:`beat`): the projector counts an arrival without waiting.

    One daemon thread flushes while renewals wait, and ends when none do. A renewal the store could not take waits for
    the next flush; a newer renewal of the same phone replaces it; an older one never overwrites a newer row.
    """

    def __init__(self, store: Store, every: float = FLUSH_SECONDS) -> None:
        self._store = weakref.ref(store)  # the store's own lifetime: a test's disposed store ends its flushes
        self.every = every
        self._lock = threading.Lock()
        self._waiting: dict[tuple[str, str], tuple[str, int, float]] = {}  # (code, token) -> (page, step, seen)
        self._flusher: threading.Thread | None = None

    def add(self, code: str, token: str, page: str, step: int = 0, now: float | None = None) -> None:
        """``token``'s phone is still in class ``code``, at ``page`` (its ``step``): written at the next flush."""
        with self._lock:
            self._waiting[code, token] = (page, step, time.time() if now is None else now)
            if self._flusher is None:
                self._flusher = threading.Thread(
                    target=self._flush_while_waiting, name="presence-renewals", daemon=True
                )
                self._flusher.start()

    def flush(self) -> int:
        """Write the waiting renewals in one transaction; how many were written (0 when the store is out of reach:
        they wait for the next flush)."""
        with self._lock:
            waiting, self._waiting = self._waiting, {}
        store = self._store()
        if not waiting or store is None:
            return 0
        key = (presence.c.code == sa.bindparam("b_code")) & (presence.c.token == sa.bindparam("b_token"))
        newer = presence.c.seen < sa.bindparam("b_seen")  # a beat written at once since then stays
        values = {"page": sa.bindparam("b_page"), "step": sa.bindparam("b_step"), "seen": sa.bindparam("b_seen")}
        renew = presence.update().where(key & newer).values(**values)
        rows = [
            {"b_code": code, "b_token": token, "b_page": page, "b_step": step, "b_seen": seen}
            for (code, token), (page, step, seen) in waiting.items()
        ]
        try:
            with store.begin() as db:
                db.execute(renew, rows)
        except StoreUnavailable:
            with self._lock:
                self._waiting = waiting | self._waiting  # what came meanwhile is newer
            return 0
        return len(rows)

    def _flush_while_waiting(self) -> None:
        while True:
            time.sleep(self.every)
            try:
                self.flush()
            except Exception:  # a fault the store did not foresee: logged; the phones' next renewals start anew
                log.exception("presence renewals could not be written")
                with self._lock:
                    self._flusher = None
                return
            with self._lock:
                if not self._waiting or self._store() is None:
                    self._flusher = None
                    return


_renewals: weakref.WeakKeyDictionary[Store, Renewals] = weakref.WeakKeyDictionary()
_renewals_lock = threading.Lock()


def renewals(store: Store) -> Renewals:
    """This process's renewals for ``store`` (one per store, made on first use)."""
    with _renewals_lock:
        if store not in _renewals:
            _renewals[store] = Renewals(store)
        return _renewals[store]


def room(store: Store, code: str, now: float | None = None) -> Room:
    """The phones seen in the last :data:`HERE_SECONDS`, by place."""
    since = (time.time() if now is None else now) - HERE_SECONDS
    with store.begin() as db:
        rows = db.execute(
            sa.select(presence.c.page, presence.c.step).where(presence.c.code == code, presence.c.seen > since)
        ).all()
    places = collections.Counter((page, step) for page, step in rows)
    return Room(len(rows), dict(places))
