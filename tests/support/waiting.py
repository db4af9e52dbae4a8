"""Waiting on the event a test means, never for a fixed time: :func:`wait_until` polls a condition until it holds
(and fails at a deadline that only a broken program reaches), and :class:`Clock` is a clock a test moves by hand
where the code under test takes one (or reads ``time.time`` from its module, which a test can replace)."""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from types import SimpleNamespace


def wait_until(
    condition: Callable[[], object], timeout: float = 20.0, what: str | Callable[[], str] = "", poll: float = 0.005
) -> None:
    """Return as soon as ``condition()`` is true; fail after ``timeout`` seconds, saying ``what`` was awaited (a
    callable is asked then, to say what the wait found)."""
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() >= deadline:
            said = what() if callable(what) else what
            raise AssertionError(f"timed out after {timeout:g} s waiting for {said or condition}")
        time.sleep(poll)


@dataclass
class Clock:
    """A clock that stands still until a test moves it: ``clock()`` reads it, ``clock.now += seconds`` moves it."""

    now: float = 100.0

    def __call__(self) -> float:
        return self.now

    def as_time_module(self) -> SimpleNamespace:
        """A stand-in for the ``time`` module of code that only calls ``time.time()``."""
        return SimpleNamespace(time=self)
