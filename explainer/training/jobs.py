"""Training runs in background threads, for pages that must stay responsive while a model trains.

A :class:`TrainingJob` owns one :class:`~explainer.training.engine.TrainingRun` and the thread that iterates
it; the thread never calls streamlit, the page only reads :meth:`TrainingJob.snapshot` and
:attr:`TrainingJob.status`. A :class:`Limiter` shared by the whole server lets at most ``limit``
jobs train at once (default: one per CPU core); the others wait first come, first served and can
show their place in the queue.

A page keeps one job per browser session, for example::

    @st.cache_resource(scope="session", on_release=TrainingJob.release)
    def session_job() -> TrainingJob: ...

so that closing the tab stops the job, frees its slot and its memory.
"""

from __future__ import annotations

import contextlib
import itertools
import logging
import os
import socket
import tempfile
import threading
import time
import traceback
from collections.abc import Callable
from enum import StrEnum

import torch

from explainer.store.database import Store, StoreUnavailable, shared_store
from explainer.store.leases import LeaseLost, LeasePool
from explainer.store.settings import sqlite_url
from explainer.training.engine import Snapshot, TrainingRun
from explainer.training.environment import MAX_TRAININGS_ENV

log = logging.getLogger(__name__)


class JobStatus(StrEnum):
    IDLE = "idle"  # created or reset, never started
    QUEUED = "queued"  # waiting for a free training slot
    RUNNING = "running"
    PAUSED = "paused"  # stopped part-way; start() resumes
    FINISHED = "finished"  # every epoch done
    DIVERGED = "diverged"  # the run stopped itself; snapshot().divergence says why
    FAILED = "failed"  # an exception; TrainingJob.error has it
    RELEASED = "released"  # released for good; its run is gone


class Limiter:
    """At most ``limit`` holders at a time across every process that shares ``store``; the others wait in one
    first-come-first-served queue.

    The replicas of ``make classroom`` share the machine's cores, and replicas on several machines behind one
    proxy share a PostgreSQL store: either way they share one limit. Each holder and each waiter is a lease in
    the store (:class:`~explainer.store.leases.LeasePool`) that a heartbeat thread of this process renews; a
    process that dies, even by SIGKILL, stops renewing, so its slots and places in the queue lapse after one
    lease (``lease_seconds``). While the store cannot be reached, waiters keep waiting and holders keep training.

    Parameters
    ----------
    limit : int, optional
        Concurrent trainings; defaults to ``os.cpu_count()``, since one training keeps a core busy.
    store : Store, optional
        Shared by the processes that share the limit; defaults to a private SQLite file (this process alone).
    lease_seconds : float, optional
        How long a dead process keeps its slot; the heartbeat renews every third of it.

    Examples
    --------
    >>> limiter, never = Limiter(1), threading.Event()
    >>> limiter.acquire("a", never), limiter.position("a"), limiter.running
    (True, None, 1)
    >>> limiter.release("a"); limiter.running
    0
    """

    POLL_SECONDS = 0.25  # how soon a waiter notices a slot freed by another process
    LEASE_SECONDS = 15.0

    def __init__(
        self, limit: int | None = None, store: Store | None = None, lease_seconds: float | None = None
    ) -> None:
        self.limit = (os.cpu_count() or 1) if limit is None else limit
        if self.limit < 1:
            raise ValueError(f"limit must be at least 1, got {limit}.")
        if store is None:
            self._private = tempfile.TemporaryDirectory(prefix="explainer-trainings-")
            store = Store(sqlite_url(self._private.name))
        self.store = store
        self.lease_seconds = lease_seconds or self.LEASE_SECONDS
        self._pool = LeasePool(store, self.limit, self.lease_seconds)
        self._condition = threading.Condition()
        self._tickets: dict[object, int] = {}  # holder -> its ticket in the store, waiting or holding
        self._holding: set[object] = set()
        self._names = itertools.count()
        self._heartbeat: threading.Thread | None = None

    def acquire(self, holder: object, cancelled: threading.Event) -> bool:
        """Wait for a slot in turn; False (and out of the queue) if ``cancelled`` is set meanwhile.

        Whoever sets ``cancelled`` must call :meth:`wake` afterwards.
        """
        name = f"{socket.gethostname()}:{os.getpid()}:{next(self._names)}"
        ticket = None
        try:
            while not cancelled.is_set():
                with contextlib.suppress(StoreUnavailable):  # unreachable: keep waiting, try again
                    if ticket is None:
                        ticket = self._pool.enqueue(name)
                        with self._condition:
                            self._tickets[holder] = ticket
                        self._beat()
                    try:
                        taken = self._pool.try_take(ticket)
                    except LeaseLost:  # unrenewed while the store was away: queue again
                        ticket = None
                        continue
                    if taken:
                        with self._condition:
                            self._holding.add(holder)
                        return True
                with self._condition:
                    self._condition.wait(self.POLL_SECONDS)
            return False
        finally:
            if holder not in self._holding:
                self._forget(holder)

    def release(self, holder: object) -> None:
        """Give the slot back (no-op when not held)."""
        self._forget(holder)

    def _forget(self, holder: object) -> None:
        with self._condition:
            ticket = self._tickets.pop(holder, None)
            self._holding.discard(holder)
            self._condition.notify_all()  # the next in line may be in this process
        if ticket is not None:
            with contextlib.suppress(StoreUnavailable):  # then the lease lapses by itself
                self._pool.leave(ticket)

    def wake(self) -> None:
        """Let waiters re-check their ``cancelled`` event."""
        with self._condition:
            self._condition.notify_all()

    def position(self, holder: object) -> int | None:
        """1 for the next in line, 2 after it, ... (across processes); None when not waiting or unknown."""
        ticket = self._tickets.get(holder)
        if ticket is None or holder in self._holding:
            return None
        with contextlib.suppress(StoreUnavailable):
            return self._pool.position(ticket)
        return None

    @property
    def running(self) -> int:
        """Slots held by every process sharing the store."""
        return self._pool.running()

    @property
    def waiting(self) -> int:
        """Waiters in every process sharing the store."""
        return self._pool.waiting()

    def _beat(self) -> None:
        """Start the heartbeat that renews this process's leases, once."""
        with self._condition:
            if self._heartbeat is None:
                self._heartbeat = threading.Thread(target=self._renew_forever, name="training-leases", daemon=True)
                self._heartbeat.start()

    def _renew_forever(self) -> None:
        while True:
            time.sleep(self.lease_seconds / 3)
            with self._condition:
                tickets = list(self._tickets.values())
            with contextlib.suppress(StoreUnavailable):
                self._pool.renew(tickets)


_shared: Limiter | None = None
_shared_lock = threading.Lock()


def shared_limiter() -> Limiter:
    """The server-wide limiter, created on first use: $EXPLAINER_MAX_TRAININGS trainings at a time,
    by default one per CPU core (a classroom server can lower it to keep pages responsive).

    Every process that shares the store ($EXPLAINER_STORE; by default a SQLite file of this machine, which
    ``deploy/classroom.py`` points at its runtime folder) shares the limit and the queue.
    """
    global _shared
    with _shared_lock:
        if _shared is None:
            limit = int(os.environ.get(MAX_TRAININGS_ENV) or 0) or None
            _shared = Limiter(limit, shared_store())
        return _shared


def threads_per_job(limiter: Limiter) -> int:
    """Torch threads for each training: the cores shared out between the slots, one core left for the
    server and its pages, at least 1.

    On 2 cores that is 1 whatever the limit: a 2-thread training beside the page's own thread was
    measured slower (0.87 s against 0.74 s an epoch of 12k digits) and up to 10x slower when the
    machine was loaded, a 1-thread one was steady.
    """
    cores = os.cpu_count() or 1
    return max(1, min(cores // limiter.limit, cores - 1))


class TrainingJob:
    """A :class:`TrainingRun` trained in a background thread, startable, stoppable and resettable.

    Every method is meant to be called from the page's thread and returns quickly: :meth:`stop`
    waits at most for one training step or one test-set evaluation to finish.

    Parameters
    ----------
    make_run : callable
        Builds a fresh run; called now and on every :meth:`reset`.
    limiter : Limiter, optional
        Defaults to :func:`shared_limiter`.
    threads : int, optional
        ``torch.set_num_threads`` inside the training thread; defaults to :func:`threads_per_job`.
    on_end : callable, optional
        Called in the training thread with the run's snapshot each time the run ends by itself: all its epochs
        done, or diverged (not when stopped). Its exceptions are logged, never raised.
    """

    def __init__(
        self,
        make_run: Callable[[], TrainingRun],
        limiter: Limiter | None = None,
        threads: int | None = None,
        on_end: Callable[[Snapshot], None] | None = None,
    ) -> None:
        self._make_run = make_run
        self._on_end = on_end
        self._limiter = limiter or shared_limiter()
        self._threads = threads or threads_per_job(self._limiter)
        self._lock = threading.Lock()
        self._run: TrainingRun | None = make_run()
        self._status = JobStatus.IDLE
        self._ended_at: float | None = None
        self._error: str | None = None
        self._thread: threading.Thread | None = None
        self._cancelled = threading.Event()

    @property
    def status(self) -> JobStatus:
        return self._status

    @property
    def error(self) -> str | None:
        """The traceback of the exception that made the job FAILED, else None."""
        return self._error

    @property
    def run(self) -> TrainingRun:
        """The run being trained (to predict with or save); raises once released."""
        if self._run is None:
            raise RuntimeError("This training job was released.")
        return self._run

    @property
    def queue_position(self) -> int | None:
        """Place in the server's queue while QUEUED (1 = next), else None."""
        return self._limiter.position(self)

    def snapshot(self) -> Snapshot:
        """The run's history so far; see :meth:`TrainingRun.snapshot`."""
        return self.run.snapshot()

    def start(self) -> bool:
        """Queue the run for training, from the start or from where it was stopped.

        Returns False (and does nothing) unless the job is IDLE or PAUSED.
        """
        with self._lock:
            if self._status not in (JobStatus.IDLE, JobStatus.PAUSED):
                return False
            self._cancelled = threading.Event()
            self._status = JobStatus.QUEUED
            self._ended_at = None
            self._thread = threading.Thread(
                target=self._work, args=(self.run, self._cancelled), name="training-job", daemon=True
            )
            self._thread.start()
            return True

    def stop(self, timeout: float | None = None) -> None:
        """Pause a queued or running job and wait for its thread; :meth:`start` resumes it."""
        with self._lock:
            self._cancelled.set()
            if self._status == JobStatus.RUNNING:
                self.run.request_stop()
            thread = self._thread
        self._limiter.wake()
        if thread is not None:
            thread.join(timeout)

    def wait(self, timeout: float | None = None) -> bool:
        """Block until the training thread ends (tests, the CLI); True if it has."""
        thread = self._thread
        if thread is not None:
            thread.join(timeout)
        return thread is None or not thread.is_alive()

    def reset(self) -> None:
        """Stop, then replace the run by a fresh one from ``make_run`` (same config, new weights)."""
        self.stop()
        with self._lock:
            if self._status == JobStatus.RELEASED:
                return
            self._run = None  # drop the old model before building the new one
            self._run = self._make_run()
            self._status = JobStatus.IDLE
            self._error = None

    def release(self) -> None:
        """Stop for good: leave the queue, join the thread, free the model. Safe to call twice."""
        self.stop()
        with self._lock:
            self._status = JobStatus.RELEASED
            self._run = None
            self._thread = None

    def _work(self, run: TrainingRun, cancelled: threading.Event) -> None:
        if not self._limiter.acquire(self, cancelled):
            self._finish(JobStatus.PAUSED if run.snapshot().step else JobStatus.IDLE)
            return
        try:
            with self._lock:
                if cancelled.is_set():  # stopped between getting the slot and here
                    events = None
                else:
                    events = run.events()  # from now on stop() reaches the run itself
                    self._status = JobStatus.RUNNING
            if events is not None:
                torch.set_num_threads(self._threads)  # per thread with OpenMP: the page's thread keeps its own
                for _ in events:
                    pass  # the run records its history; the page reads snapshot()
            snapshot = run.snapshot()
            if snapshot.divergence is not None:
                self._finish(JobStatus.DIVERGED)
            elif snapshot.finished:
                self._finish(JobStatus.FINISHED)
            else:
                self._finish(JobStatus.PAUSED if snapshot.step else JobStatus.IDLE)
            if self._on_end is not None and (snapshot.divergence is not None or snapshot.finished):
                self._tell_end(snapshot)
        except Exception:
            self._error = traceback.format_exc()
            self._finish(JobStatus.FAILED)
        finally:
            self._limiter.release(self)

    def _tell_end(self, snapshot: Snapshot) -> None:
        try:
            self._on_end(snapshot)
        except Exception:  # a listener's fault (a store out of reach) must not fail the run it listens to
            log.exception("the listener of a training's end failed")

    @property
    def ended_at(self) -> float | None:
        """When (time.monotonic()) the job last stopped training, or None while it trains or before it started."""
        return self._ended_at

    def _finish(self, status: JobStatus) -> None:
        with self._lock:
            if self._status != JobStatus.RELEASED:
                self._status = status
                self._ended_at = time.monotonic()
