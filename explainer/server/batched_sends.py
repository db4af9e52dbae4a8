"""One wake-up of the server's event loop for a burst of a run's elements, not one an element (issue 32).

A script run hands each element it draws to the session's event loop with ``call_soon_threadsafe``: a byte down the
loop's wake-up pipe, the loop thread woken to send that one message, and the interpreter lock passed back and forth
between the two threads, for every element. A slider move on the softmax page sends about twenty; in a profile the
wake-ups were a ninth of the server's CPU. Here a session's callbacks go into a queue, and the loop is woken only when
the queue was empty: it then runs everything queued by the time it wakes, in order. A bare fragment of one slider and
fifteen lines of text cost 5.75 ms of CPU a move instead of 7.25 (bench/move_cost.py's measure, interleaved).

Streamlit has no setting for this, so it replaces ``AppSession._call_soon_on_event_loop``; if a later Streamlit drops
that method, the app runs on unbatched and says so in the server log.
"""

from __future__ import annotations

import collections
import logging
import threading
from collections.abc import Callable

import streamlit as st
from streamlit.runtime.app_session import AppSession


class SessionCallbacks:
    """One session's callbacks waiting for its event loop, and whether a wake-up is already on its way."""

    def __init__(self, schedule: Callable[[Callable[[], None]], None]) -> None:
        self._schedule = schedule  # hands one callable to the event loop (Streamlit's own way, once a burst)
        self._queue: collections.deque[Callable[[], None]] = collections.deque()
        self._lock = threading.Lock()
        self._woken = False

    def add(self, callback: Callable[[], None]) -> None:
        """From any thread: queue ``callback``; wake the loop unless a wake-up is pending."""
        self._queue.append(callback)
        with self._lock:
            if self._woken:
                return
            self._woken = True
        try:
            self._schedule(self.run_queued)
        except BaseException:
            with self._lock:
                self._woken = False  # the next callback tries again
            raise

    def run_queued(self) -> None:
        """On the event loop: run everything queued, in order, including what arrives meanwhile."""
        with self._lock:
            self._woken = False  # before draining: a callback queued from now on wakes the loop again
        while self._queue:
            self._queue.popleft()()


_LOCK = threading.Lock()  # two script threads may send a session's first element at once


def _callbacks(session: AppSession, schedule: Callable[[Callable[[], None]], None]) -> SessionCallbacks:
    with _LOCK:
        if (callbacks := session.__dict__.get("_batched_callbacks")) is None:
            callbacks = session.__dict__["_batched_callbacks"] = SessionCallbacks(schedule)
    return callbacks


@st.cache_resource(show_spinner=False)
def batch_event_loop_wakeups() -> None:
    """Once per process: every session hands its runs' messages to its event loop in bursts (see the module)."""
    unbatched = getattr(AppSession, "_call_soon_on_event_loop", None)
    if unbatched is None:
        logging.getLogger(__name__).warning("Streamlit moved _call_soon_on_event_loop: each element wakes the loop")
        return

    def call_soon_batched(session: AppSession, callback: Callable[[], None]) -> None:
        _callbacks(session, lambda run: unbatched(session, run)).add(callback)

    AppSession._call_soon_on_event_loop = call_soon_batched
