"""explainer/server/batched_sends.py: a session's callbacks reach its event loop in order, all of them, with one
wake-up for a burst; the browser tests drive the whole app through it."""

import threading

import pytest

from explainer.server.batched_sends import SessionCallbacks


class Loop:
    """Stands in for the event loop: what was handed to it, run when the test says."""

    def __init__(self, fail: int = 0) -> None:
        self.handed: list = []
        self.fail = fail

    def schedule(self, run) -> None:
        if self.fail:
            self.fail -= 1
            raise RuntimeError("the loop refused")
        self.handed.append(run)

    def run_all(self) -> None:
        while self.handed:
            self.handed.pop(0)()


def test_a_burst_wakes_the_loop_once_and_runs_in_order():
    loop, ran = Loop(), []
    callbacks = SessionCallbacks(loop.schedule)
    for i in range(5):
        callbacks.add(lambda i=i: ran.append(i))
    assert len(loop.handed) == 1
    loop.run_all()
    assert ran == [0, 1, 2, 3, 4]
    callbacks.add(lambda: ran.append(5))  # after the drain: a new wake-up
    assert len(loop.handed) == 1
    loop.run_all()
    assert ran == [0, 1, 2, 3, 4, 5]


def test_what_is_queued_while_the_loop_drains_is_not_left_behind():
    loop, ran = Loop(), []
    callbacks = SessionCallbacks(loop.schedule)
    callbacks.add(lambda: (ran.append("first"), callbacks.add(lambda: ran.append("queued meanwhile"))))
    loop.run_all()
    assert ran == ["first", "queued meanwhile"]
    assert not loop.handed


def test_a_refused_wake_up_is_tried_again_by_the_next_callback():
    loop, ran = Loop(fail=1), []
    callbacks = SessionCallbacks(loop.schedule)
    with pytest.raises(RuntimeError):
        callbacks.add(lambda: ran.append(1))
    callbacks.add(lambda: ran.append(2))
    loop.run_all()
    assert ran == [1, 2]


def test_callbacks_from_two_threads_all_arrive():
    loop, ran = Loop(), []
    callbacks = SessionCallbacks(loop.schedule)
    threads = [
        threading.Thread(target=lambda t=t: [callbacks.add(lambda t=t, i=i: ran.append((t, i))) for i in range(500)])
        for t in range(2)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    loop.run_all()
    assert sorted(ran) == [(t, i) for t in range(2) for i in range(500)]
    assert [i for t, i in ran if t == 0] == list(range(500))  # each thread's own order kept
