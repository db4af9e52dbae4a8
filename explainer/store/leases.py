"""Leases on a limited number of slots, with one first-come-first-served queue, in the store: the training limit
of every replica on every machine that shares the store.

A holder (or waiter) is a row with an expiry that its process renews (:meth:`LeasePool.renew`); a row whose
expiry has passed counts for nothing, so a replica killed mid-training frees its slot and its place in the queue
within one lease. Taking a slot happens under the pool's lock (:meth:`Store.serialized`), so two processes never
both take the last one.
"""

from __future__ import annotations

import time
from collections.abc import Iterable

import sqlalchemy as sa

from explainer.store.database import Store, leases

LOCK = "trainings"


class LeaseLost(RuntimeError):
    """The ticket's lease lapsed (its process could not renew it: the store was unreachable for a lease)."""


class LeasePool:
    """``limit`` slots named ``pool`` in ``store``; tickets are the rows' ids, in arrival order.

    >>> from explainer.store.database import Store
    >>> pool = LeasePool(Store("sqlite://"), limit=1, lease_seconds=30)
    >>> a, b = pool.enqueue("a"), pool.enqueue("b")
    >>> pool.try_take(a), pool.try_take(b), pool.position(b), pool.running()
    (True, False, 1, 1)
    >>> pool.leave(a); pool.try_take(b)
    True
    """

    def __init__(self, store: Store, limit: int, lease_seconds: float, pool: str = "trainings") -> None:
        self.store, self.limit, self.lease_seconds, self.pool = store, limit, lease_seconds, pool

    def _live(self, now: float):
        return sa.and_(leases.c.pool == self.pool, leases.c.expires > now)

    def enqueue(self, holder: str) -> int:
        """A new waiter at the end of the queue; its ticket."""
        with self.store.begin() as db:
            row = {"pool": self.pool, "holder": holder, "holding": False, "expires": time.time() + self.lease_seconds}
            return db.execute(leases.insert().values(**row).returning(leases.c.ticket)).scalar_one()

    def try_take(self, ticket: int) -> bool:
        """Take a slot if this ticket is first among the live waiters and a slot is free (and renew it);
        :class:`LeaseLost` if the ticket lapsed meanwhile (the waiter queues again, at the end)."""
        now = time.time()
        if not self._could_take(ticket, now):  # a cheap read first: most polls of most waiters end here
            return False
        with self.store.begin() as db:
            self.store.serialized(db, LOCK)
            now = time.time()
            live = self._live(now)
            holding = db.execute(sa.select(sa.func.count()).where(live, leases.c.holding)).scalar_one()
            first = db.execute(
                sa.select(leases.c.ticket).where(live, ~leases.c.holding).order_by(leases.c.ticket).limit(1)
            ).scalar()
            if holding >= self.limit or first != ticket:
                return False
            db.execute(
                leases.update().where(leases.c.ticket == ticket).values(holding=True, expires=now + self.lease_seconds)
            )
            db.execute(leases.delete().where(leases.c.pool == self.pool, leases.c.expires <= now))  # lapsed rows
            return True

    def _could_take(self, ticket: int, now: float) -> bool:
        with self.store.begin() as db:
            expires = db.execute(sa.select(leases.c.expires).where(leases.c.ticket == ticket)).scalar()
            if expires is None or expires <= now:
                raise LeaseLost(f"ticket {ticket} lapsed")
            live = self._live(now)
            holding = db.execute(sa.select(sa.func.count()).where(live, leases.c.holding)).scalar_one()
            first = db.execute(
                sa.select(leases.c.ticket).where(live, ~leases.c.holding).order_by(leases.c.ticket).limit(1)
            ).scalar()
        return holding < self.limit and first == ticket

    def renew(self, tickets: Iterable[int]) -> None:
        """Push the expiry of these tickets one lease ahead (the owner's heartbeat)."""
        tickets = list(tickets)
        if tickets:
            with self.store.begin() as db:
                db.execute(
                    leases.update().where(leases.c.ticket.in_(tickets)).values(expires=time.time() + self.lease_seconds)
                )

    def leave(self, ticket: int) -> None:
        """Give back the slot, or leave the queue."""
        with self.store.begin() as db:
            db.execute(leases.delete().where(leases.c.ticket == ticket))

    def position(self, ticket: int) -> int | None:
        """1 for the next in line, 2 after it...; None when this ticket is not waiting (holding, or gone)."""
        now = time.time()
        with self.store.begin() as db:
            mine = db.execute(sa.select(leases.c.holding, leases.c.expires).where(leases.c.ticket == ticket)).first()
            if mine is None or mine.holding or mine.expires <= now:
                return None
            ahead = sa.and_(self._live(now), ~leases.c.holding, leases.c.ticket <= ticket)
            return db.execute(sa.select(sa.func.count()).where(ahead)).scalar_one()

    def running(self) -> int:
        """Live slot holders, in every process sharing the store."""
        return self._count(holding=True)

    def waiting(self) -> int:
        """Live waiters, in every process sharing the store."""
        return self._count(holding=False)

    def _count(self, holding: bool) -> int:
        with self.store.begin() as db:
            where = sa.and_(self._live(time.time()), leases.c.holding == holding)
            return db.execute(sa.select(sa.func.count()).where(where)).scalar_one()
