"""What the server process needs beyond Streamlit's defaults, for a room of students on one server.

Two for every script run, measured on the softmax pages' releases (bench/bench_logit_lab.py), each
run a new thread:

- **One torch thread** in every run, whole page (``Home.py``) or :func:`fragment`. OpenMP keeps a
  team of worker threads per calling thread, so a page's first parallel torch op in each run built a
  new team, and on a busy machine its barrier spun until the workers got a core:
  ``sigmoid_vs_softmax`` on 3 logits cost 2.5 ms in the server against 0.1 ms alone, and the sigmoid
  page's release fell from 22 to 9 ms of server CPU with one thread. A page's tensors are small;
  trainings run in their own threads with their own thread count (training/jobs.py).
- **Imports frozen.** The server runs with ``postScriptGC = false`` (a ``gc.collect()`` after every
  run cost 100-200 ms), but Python still runs a full collection now and then on its own, walking
  every object alive: one took 160 ms in the middle of a release. ``gc.freeze()`` moves the objects
  alive now out of the collector's sight. Refcounting still frees them; only cycles among them would
  never be collected, and those are the imports' long-lived modules, classes and functions.

And one for every session that ends: **a closed tab's session is shut down** when its time to
reconnect runs out. Streamlit 1.67 keeps a closed tab's session for ``server.disconnectedSessionTTL``
seconds, then only forgets it (streamlit/streamlit#12506): it never calls ``shutdown()``, so its
event loop's sockets, its uploads, media and dataframe sources stayed, and 80 students left 80
sessions behind. :class:`ShutdownOnExpiry` takes the place of that store and shuts each one down.
"""

from __future__ import annotations

import asyncio
import contextlib
import ctypes
import functools
import gc
import logging
import sys
import threading
import time
from collections.abc import Callable
from typing import ParamSpec

import streamlit as st
from streamlit import config
from streamlit.runtime import Runtime
from streamlit.runtime.session_manager import SessionInfo, SessionStorage

P = ParamSpec("P")
RECONNECT_KEEPER_SECONDS = 24 * 3600  # below the browser's longest timer (2^31 ms, 24.8 days), so it never fires early


def one_torch_thread() -> None:
    """Torch ops in this run's thread use one thread (no import: pages that need torch import it)."""
    if "torch" in sys.modules:
        # Another session's thread may be importing torch right now: `import` waits for it to finish (the
        # half-imported module in sys.modules has no set_num_threads yet, and raised AttributeError on this page).
        import torch

        torch.set_num_threads(1)


def fragment(run_every: float | None = None) -> Callable[[Callable[P, None]], Callable[P, None]]:
    """``st.fragment`` whose every rerun (a new thread each time) first sets :func:`one_torch_thread`."""

    def decorate(function: Callable[P, None]) -> Callable[P, None]:
        @functools.wraps(function)  # the fragment's id comes from the function's module and name
        def run(*args: P.args, **kwargs: P.kwargs) -> None:
            one_torch_thread()
            function(*args, **kwargs)

        return st.fragment(run, run_every=run_every)

    return decorate


@st.fragment(run_every=RECONNECT_KEEPER_SECONDS)
def rerun_whole_page_after_reconnect() -> None:
    """Draw nothing; being a timed fragment, it makes the browser rerun the whole page after any reconnect.

    After its websocket reconnects, Streamlit's browser asks for a run only if the last run was a fragment's, was
    cut short, or the page has a timed fragment: otherwise it assumes the server kept its session. A replica that
    died gives it a new, empty session instead, which holds none of the page's fragments: the class's poll and
    every slider in a fragment were then dropped by the server ("The fragment with id ... does not exist anymore"),
    and the page looked alive but was dead until a reload. A timed fragment on every page makes every reconnect
    rerun the page; it fires once a day, which costs nothing.
    """


@st.cache_resource(show_spinner=False)
def _freeze_after_import(module_count: int) -> None:
    # Once per process for each new count of imported modules: a page that first imports torch or plotly.
    gc.collect()
    gc.freeze()


def freeze_imported_objects() -> None:
    """After a run that imported new modules, collect once and freeze what is alive (a few times a process)."""
    _freeze_after_import(len(sys.modules))


def release_freed_memory() -> None:
    """Collect the cycles shut-down sessions left, and hand glibc's free pages back to the system."""
    gc.collect()
    with contextlib.suppress(OSError, AttributeError):  # not glibc (musl, macOS): nothing to hand back
        ctypes.CDLL(None).malloc_trim(0)


class ShutdownOnExpiry(SessionStorage):
    """Closed tabs' sessions, kept ``ttl_seconds`` for a reconnect, then shut down (not just forgotten).

    Streamlit's session manager calls :meth:`save` when a tab's websocket closes, :meth:`get` and
    :meth:`delete` when it reconnects, from its event loop. An expired session is never handed out
    again; :meth:`reap` shuts it down, from a timer on that loop set when it was saved.
    """

    def __init__(self, ttl_seconds: float, timer: Callable[[], float] = time.monotonic) -> None:
        self._ttl = ttl_seconds
        self._timer = timer
        self._expiry_and_info: dict[str, tuple[float, SessionInfo]] = {}
        self._lock = threading.Lock()  # a logout deletes from the script thread
        self._release_pending = False

    def get(self, session_id: str) -> SessionInfo | None:
        with self._lock:
            expiry, info = self._expiry_and_info.get(session_id, (0.0, None))
        return info if self._timer() < expiry else None

    def save(self, session_info: SessionInfo) -> None:
        with self._lock:
            self._expiry_and_info[session_info.session.id] = (self._timer() + self._ttl, session_info)
        with contextlib.suppress(RuntimeError):  # no running loop (a test): reap() is called by hand
            asyncio.get_running_loop().call_later(self._ttl + 0.5, self.reap)

    def delete(self, session_id: str) -> None:
        with self._lock:
            self._expiry_and_info.pop(session_id, None)

    def list(self) -> list[SessionInfo]:
        now = self._timer()
        with self._lock:
            return [info for expiry, info in self._expiry_and_info.values() if now < expiry]

    def reap(self) -> int:
        """Shut down every expired session, release what they held; return how many."""
        now = self._timer()
        with self._lock:
            expired = [key for key, (expiry, _) in self._expiry_and_info.items() if expiry <= now]
            infos = [self._expiry_and_info.pop(key)[1] for key in expired]
        for info in infos:
            info.session.shutdown()
        if infos:
            self._release_soon()
        return len(infos)

    def _release_soon(self) -> None:
        # Once for a class leaving together, not once a tab: a collection and a trim cost a few ms each.
        if self._release_pending:
            return
        self._release_pending = True

        def release() -> None:
            self._release_pending = False
            release_freed_memory()

        try:
            asyncio.get_running_loop().call_later(1.0, release)
        except RuntimeError:
            release()


@st.cache_resource(show_spinner=False)
def shut_down_expired_sessions() -> None:
    """Once per process: put :class:`ShutdownOnExpiry` in place of Streamlit's session store.

    Streamlit has no setting for its store, so this reaches into its session manager; if a later
    Streamlit moves it, the app runs on with Streamlit's own store and says so in the server log.
    """
    if not Runtime.exists():  # AppTest runs pages without a server
        return
    try:
        manager = Runtime.instance()._session_mgr
        store = ShutdownOnExpiry(config.get_option("server.disconnectedSessionTTL"))
        for info in manager._session_storage.list():
            store.save(info)
        manager._session_storage = store
    except (AttributeError, RuntimeError) as error:
        logging.getLogger(__name__).warning("Closed tabs' sessions will not be shut down: %r", error)
