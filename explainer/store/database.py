"""The store's tables, declared once, and :class:`Store`: an engine on SQLite or PostgreSQL with the same SQL.

Every table is created on first use (``create_all`` is idempotent). Times are ``time.time()`` seconds of the
process that writes them: machines behind one proxy keep their clocks in step (NTP), and every expiry here is
seconds to hours long.

SQLite runs in WAL mode (readers never wait for the one writer) with a busy timeout, so the replicas of one
machine share the file. Writers that must see each other's rows (two replicas taking the last training slot)
first take a row lock with :meth:`Store.serialized`: an UPDATE that PostgreSQL queues on the row and SQLite on
its one write lock.
"""

from __future__ import annotations

import contextlib
import functools
import logging
import threading
import time
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa
from sqlalchemy import exc

from explainer.store.settings import store_url

log = logging.getLogger(__name__)

BUSY_TIMEOUT_MS = 10_000  # SQLite: how long a writer waits for another process's write before giving up
CONNECT_TIMEOUT_S = 3  # PostgreSQL: an unreachable server is reported after this, not after minutes

metadata = sa.MetaData()

# Named locks: one row each, updated to serialize writers that read before they write.
locks = sa.Table(
    "locks",
    metadata,
    sa.Column("name", sa.String(40), primary_key=True),
    sa.Column("taken", sa.BigInteger, nullable=False, default=0),
)
LOCK_NAMES = ("trainings", "sweeps", "room_maps")  # the training limit's queue; a sweep's study; a class's cells

# The training limit: one row per holder of a slot or waiter for one; ticket order is arrival order.
leases = sa.Table(
    "training_leases",
    metadata,
    sa.Column("ticket", sa.BigInteger().with_variant(sa.Integer, "sqlite"), primary_key=True, autoincrement=True),
    sa.Column("pool", sa.String(40), nullable=False),
    sa.Column("holder", sa.String(120), nullable=False),  # host:pid:n, for a person reading the table
    sa.Column("holding", sa.Boolean, nullable=False, default=False),
    sa.Column("expires", sa.Float, nullable=False),  # renewed by the owner's heartbeat; a dead owner's row lapses
    sa.Index("training_leases_pool", "pool", "ticket"),
)

# A class: its join code, the digest of the teacher's secret, where the teacher is, and the question asked now.
classes = sa.Table(
    "classes",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("teacher_digest", sa.String(64), nullable=False),  # sha256 of the teacher's secret, never the secret
    sa.Column("created", sa.Float, nullable=False),
    sa.Column("touched", sa.Float, nullable=False),  # last teacher action or answer: idle classes expire
    sa.Column("follow", sa.Boolean, nullable=False, default=True),
    sa.Column("page", sa.String(64), nullable=False, default=""),  # the teacher's page (a lesson url_path)
    sa.Column("section", sa.String(64), nullable=False, default=""),  # the softmax page's section
    sa.Column("step", sa.Integer, nullable=False, default=0),  # the worked example's step
    sa.Column("asking", sa.Integer, nullable=False, default=0),  # questions opened so far: an answer names one
    sa.Column("question", sa.String(64)),  # the question asked now, or None
    sa.Column("round", sa.Integer, nullable=False, default=0),  # 1: first vote, 2: after discussion
    sa.Column("voting", sa.Boolean, nullable=False, default=False),  # answers taken now
    sa.Column("shown", sa.Boolean, nullable=False, default=False),  # the distribution is on the projector
    sa.Column("revealed", sa.Boolean, nullable=False, default=False),
    sa.Column("truth", sa.Text),  # JSON: the question as asked (choices, correct answer) computed at opening
)

# One answer per student session per round of one asking; changed in place until the vote closes.
answers = sa.Table(
    "answers",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("asking", sa.Integer, primary_key=True),
    sa.Column("round", sa.Integer, primary_key=True),
    sa.Column("voter", sa.String(64), primary_key=True),  # a random token of the student's session, not a name
    sa.Column("answer", sa.String(64), nullable=False),
    sa.Column("changed", sa.Float, nullable=False),
    sa.Column("changes", sa.Integer, nullable=False, default=1),
)

# Every question a class opened, in order, with its truth as asked (the summary after the class reads them), and when
# the current round's vote closes by itself (None: when the teacher closes it).
asked_questions = sa.Table(
    "asked_questions",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("asking", sa.Integer, primary_key=True),
    sa.Column("truth", sa.Text, nullable=False),  # JSON: the question as asked (explainer.class_session.questions)
    sa.Column("opened", sa.Float, nullable=False),
    sa.Column("closes", sa.Float),  # the vote of the round open now closes at this time.time()
)


# "Map it together": a class's grid of (learning rate, momentum) cells and the settings every cell shares, while the
# room maps it (no row: not mapping).
room_maps = sa.Table(
    "room_maps",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("grid", sa.Text, nullable=False),  # JSON: {"cells": [[lr, momentum], ...], "settings": {link: value}}
    sa.Column("started", sa.Float, nullable=False),
)

# The cells of the grid handed to each phone (index into the grid's cells), the latest its own now: a phone that is
# done may take another.
room_cells = sa.Table(
    "room_cells",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("runner", sa.String(64), primary_key=True),  # the phone's answer token: anonymous
    sa.Column("cell", sa.Integer, primary_key=True),
    sa.Column("claimed", sa.Float, nullable=False),
)

# Every finished (or diverged) run of the Training page in a class, once: a run's own random id is its key.
room_runs = sa.Table(
    "room_runs",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("run", sa.String(32), primary_key=True),
    sa.Column("runner", sa.String(64), nullable=False),
    sa.Column("lr", sa.Float, nullable=False),
    sa.Column("momentum", sa.Float, nullable=False),
    sa.Column("optimizer", sa.String(16), nullable=False),
    sa.Column("batch_size", sa.Integer, nullable=False),
    sa.Column("hidden", sa.String(80), nullable=False),
    sa.Column("epochs", sa.Integer, nullable=False),
    sa.Column("diverged", sa.Boolean, nullable=False),
    sa.Column("accuracy", sa.Float),  # final test accuracy, 0..1 (None: diverged before its first epoch ended)
    sa.Column("finished", sa.Float, nullable=False),
)

# Who is in a class now: one row per phone (its answer token), renewed by its polls; a row unseen for long has left.
presence = sa.Table(
    "presence",
    metadata,
    sa.Column("code", sa.String(12), primary_key=True),
    sa.Column("token", sa.String(64), primary_key=True),
    sa.Column("page", sa.String(64), nullable=False),  # where the phone is: a lesson url_path
    sa.Column("step", sa.Integer, nullable=False),  # and on the softmax page, the worked example's step
    sa.Column("seen", sa.Float, nullable=False),
)
# What a class owns: deleted with it.
CLASS_TABLES = (answers, asked_questions, room_maps, room_cells, room_runs, presence)


class StoreUnavailable(RuntimeError):
    """The store cannot be reached (PostgreSQL stopped, a network cut, a locked-up disk): pages carry on alone."""


# What a lost server or a stuck file raises; the caller gets StoreUnavailable. Constraint violations and bad SQL
# are bugs and stay what they are.
_UNREACHABLE = (exc.OperationalError, exc.InterfaceError)


class Store:
    """An engine on ``url`` with the tables created; :meth:`begin` for a transaction.

    >>> store = Store("sqlite://")
    >>> with store.begin() as db:
    ...     db.execute(sa.select(sa.func.count()).select_from(classes)).scalar()
    0
    """

    def __init__(self, url: str) -> None:
        self.url = url
        self.dialect = sa.make_url(url).get_backend_name()
        if self.dialect == "sqlite":
            # One in-memory database for every thread (doctests, private limiters), else a pool of file handles.
            memory = url in ("sqlite://", "sqlite:///:memory:")
            if not memory:  # a folder named in EXPLAINER_STORE that is not there yet (the sweeps' journal goes beside)
                Path(sa.make_url(url).database).parent.mkdir(parents=True, exist_ok=True)
            self.engine = sa.create_engine(
                url,
                connect_args={"check_same_thread": False, "timeout": BUSY_TIMEOUT_MS / 1000},
                poolclass=sa.StaticPool if memory else None,
            )
            sa.event.listen(self.engine, "connect", _sqlite_pragmas)
        else:
            self.engine = sa.create_engine(
                url,
                pool_pre_ping=True,
                pool_size=5,
                max_overflow=10,
                connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            )
        self._ready = False
        self._ready_lock = threading.Lock()

    def _create(self) -> None:
        with self._ready_lock:
            if self._ready:
                return
            for attempt in range(5):  # processes creating the tables at once: the losers see them next time
                try:
                    metadata.create_all(self.engine)
                    with self.engine.begin() as db:
                        have = set(db.execute(sa.select(locks.c.name)).scalars())
                        if missing := [{"name": n, "taken": 0} for n in LOCK_NAMES if n not in have]:
                            db.execute(locks.insert(), missing)
                    break
                except exc.DBAPIError as error:
                    # Another process created them first: "already exists" (as ProgrammingError,
                    # OperationalError...), or a row or type it inserted meanwhile (an IntegrityError: SQLite's
                    # "UNIQUE constraint failed", PostgreSQL's "duplicate key").
                    created_meanwhile = isinstance(error, exc.IntegrityError) or "exist" in str(error.orig).lower()
                    if attempt == 4 or not created_meanwhile:
                        raise
                    time.sleep(0.05)
            self._ready = True

    @contextlib.contextmanager
    def begin(self) -> Iterator[sa.Connection]:
        """A transaction, committed when the block ends; :class:`StoreUnavailable` if the store cannot be reached."""
        try:
            if not self._ready:
                self._create()
            with self.engine.begin() as db:
                yield db
        except _UNREACHABLE as error:
            log.warning("store unreachable (%s): %s", self.safe_url, error.orig or error)
            raise StoreUnavailable(f"The class store at {self.safe_url} cannot be reached.") from error

    @staticmethod
    def serialized(db: sa.Connection, name: str) -> None:
        """Queue behind every other transaction that takes lock ``name`` until this one ends (call it first)."""
        db.execute(locks.update().where(locks.c.name == name).values(taken=locks.c.taken + 1))

    @property
    def safe_url(self) -> str:
        """The URL without its password, fit for a log line."""
        return sa.make_url(self.url).render_as_string(hide_password=True)

    def dispose(self) -> None:
        self.engine.dispose()


def _sqlite_pragmas(connection, record) -> None:
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    cursor.execute("PRAGMA synchronous=NORMAL")  # WAL stays consistent; a power cut may lose the last commits
    cursor.close()


@functools.cache
def _store_at(url: str) -> Store:
    return Store(url)


def shared_store() -> Store:
    """This process's store, at $EXPLAINER_STORE (see :func:`~explainer.store.settings.store_url`)."""
    return _store_at(store_url())
