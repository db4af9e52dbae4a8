"""One training limit for every replica that shares the store: leases in SQLite or in a real PostgreSQL."""

import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
import sqlalchemy as sa

from explainer.store import leases as leases_module
from explainer.store.database import Store, leases
from explainer.store.settings import STORE_ENV
from explainer.training import jobs
from explainer.training.jobs import Limiter, shared_limiter
from tests.support.waiting import Clock, wait_until


def acquire_in_thread(limiter: Limiter, holder: object) -> tuple[threading.Thread, list[bool], threading.Event]:
    got, cancelled = [], threading.Event()
    thread = threading.Thread(target=lambda: got.append(limiter.acquire(holder, cancelled)), daemon=True)
    thread.start()
    return thread, got, cancelled


def test_two_limiters_on_one_store_share_the_limit_and_the_queue(store_url):
    replica_a, replica_b = Limiter(1, Store(store_url)), Limiter(1, Store(store_url))
    assert replica_a.acquire("a1", threading.Event())
    b1, got_b1, _ = acquire_in_thread(replica_b, "b1")
    wait_until(lambda: replica_a.waiting == 1)
    a2, got_a2, _ = acquire_in_thread(replica_a, "a2")
    wait_until(lambda: replica_b.waiting == 2)
    assert (replica_b.position("b1"), replica_a.position("a2")) == (1, 2), "first come, first served"
    assert replica_a.running == replica_b.running == 1 and not got_b1

    replica_a.release("a1")  # the other replica's waiter gets it, in turn
    b1.join(5)
    assert got_b1 == [True] and replica_a.position("a2") == 1 and not got_a2
    replica_b.release("b1")
    a2.join(5)
    assert got_a2 == [True] and replica_a.waiting == 0
    replica_a.release("a2")
    assert replica_b.running == 0


def test_a_cancelled_waiter_leaves_the_shared_queue(store_url):
    replica_a, replica_b = Limiter(1, Store(store_url)), Limiter(1, Store(store_url))
    replica_a.acquire("a", threading.Event())
    thread, got, cancelled = acquire_in_thread(replica_b, "b")
    wait_until(lambda: replica_a.waiting == 1)
    cancelled.set()
    replica_b.wake()
    thread.join(5)
    assert got == [False] and replica_a.waiting == 0 and replica_b.position("b") is None


HOLD_AND_WAIT = """
import sys, threading, time
from explainer.store import leases as leases_module
from explainer.store.database import Store, leases
from explainer.training.jobs import Limiter
limiter = Limiter(1, Store(sys.argv[1]), lease_seconds=float(sys.argv[2]))
print(limiter.acquire("child", threading.Event()), flush=True)
threading.Event().wait()  # until killed
"""
ROOT = Path(__file__).resolve().parent.parent  # the child imports explainer from the repo root


LEASE = 1.5  # seconds: how long a killed process keeps its slot in these tests


def start_child(store_url: str) -> subprocess.Popen:
    return subprocess.Popen(
        [sys.executable, "-c", HOLD_AND_WAIT, store_url, str(LEASE)], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )


def children_leases_expire_after(store_url: str, moment: float) -> bool:
    """Whether both children's leases (holder host:pid:n, not this process's) were renewed to run past ``moment``."""
    with Store(store_url).begin() as db:
        rows = db.execute(sa.select(leases.c.holder, leases.c.expires)).all()
    theirs = [expires for holder, expires in rows if holder.split(":")[1] != str(os.getpid())]
    return len(theirs) == 2 and min(theirs) > moment


def test_a_killed_replica_frees_its_slot_and_its_place_in_the_queue_after_one_lease(store_url):
    holder, waiter = start_child(store_url), None
    try:
        assert holder.stdout.readline().strip() == "True"
        here = Limiter(1, Store(store_url), lease_seconds=LEASE)
        assert here.running == 1
        waiter = start_child(store_url)  # queued behind the holder, in another process
        wait_until(lambda: here.waiting == 1)
        thread, got, _ = acquire_in_thread(here, "here")
        wait_until(lambda: here.position("here") == 2)

        # A whole lease passes, and the heartbeats keep both children's leases alive meanwhile: each was renewed
        # after the moment it would have lapsed unrenewed (so it now runs past that moment + LEASE).
        lapsed_unrenewed = time.time() + LEASE
        wait_until(lambda: children_leases_expire_after(store_url, lapsed_unrenewed + LEASE), timeout=10 * LEASE)
        assert here.running == 1 and here.position("here") == 2
        waiter.send_signal(signal.SIGKILL)  # dies in the queue: its lease lapses
        waiter.wait(10)
        wait_until(lambda: here.position("here") == 1)
        holder.send_signal(signal.SIGKILL)  # dies holding the slot: nobody renews it
        thread.join(10)
        assert got == [True] and here.running == 1 and here.waiting == 0
        here.release("here")
    finally:
        for child in filter(None, (holder, waiter)):
            child.kill()
            child.wait(10)


def test_shared_limiter_uses_the_store_from_the_environment(store_url, monkeypatch):
    monkeypatch.setattr(jobs, "_shared", None)
    monkeypatch.setenv(STORE_ENV, store_url)
    monkeypatch.setenv(jobs.MAX_TRAININGS_ENV, "3")
    limiter = shared_limiter()
    assert (limiter.store.url, limiter.limit) == (store_url, 3)


@pytest.mark.parametrize("limit", [1, 2])
def test_no_more_holders_than_the_limit_under_contention(store_url, limit):
    limiters = [Limiter(limit, Store(store_url)) for _ in range(3)]
    inside, most, lock = [0], [0], threading.Lock()

    def work(limiter: Limiter, name: str) -> None:
        for round_ in range(3):
            assert limiter.acquire((name, round_), threading.Event())
            with lock:
                inside[0] += 1
                most[0] = max(most[0], inside[0])
            time.sleep(0.3)  # long beside a waiter's poll, so that every slot gets used at once
            with lock:
                inside[0] -= 1
            limiter.release((name, round_))

    threads = [threading.Thread(target=work, args=(limiters[i % 3], f"w{i}")) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)
    assert most[0] == limit and limiters[0].running == 0 and limiters[0].waiting == 0


HOLD_IN_TURNS = """
import sys, threading, time
from explainer.store import leases as leases_module
from explainer.store.database import Store, leases
from explainer.training.jobs import Limiter
limiter = Limiter(int(sys.argv[2]), Store(sys.argv[1]))
print("ready", flush=True)
sys.stdin.readline()  # every process starts asking at once

def work(name):
    for round_ in range(2):
        assert limiter.acquire((name, round_), threading.Event())
        start = time.time()
        time.sleep(0.4)
        print(start, time.time(), flush=True)
        limiter.release((name, round_))

threads = [threading.Thread(target=work, args=(n,)) for n in range(3)]
[t.start() for t in threads]
[t.join() for t in threads]
"""


def most_at_once(intervals: list[tuple[float, float]]) -> int:
    events = sorted([(start, 1) for start, _ in intervals] + [(end, -1) for _, end in intervals])
    inside = most = 0
    for _, change in events:  # an end before a start at the same instant: ends sort first (-1 < 1)
        inside += change
        most = max(most, inside)
    return most


def test_two_processes_never_hold_more_slots_than_the_limit_together(store_url):
    children = [
        subprocess.Popen(
            [sys.executable, "-c", HOLD_IN_TURNS, store_url, "2"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        for _ in range(2)
    ]
    try:
        for child in children:
            assert child.stdout.readline().strip() == "ready"
        for child in children:
            child.stdin.write("go\n")
            child.stdin.flush()
        intervals = []
        for child in children:
            out, _ = child.communicate(timeout=120)
            intervals += [tuple(map(float, line.split())) for line in out.splitlines()]
            assert child.returncode == 0
    finally:
        for child in children:
            child.kill()
    assert len(intervals) == 12 and most_at_once(intervals) == 2  # 6 holders a process, 2 slots for both


def test_a_lapsed_ticket_is_told_so_and_a_limiter_queues_again(store, monkeypatch):
    from explainer.store.leases import LeaseLost, LeasePool

    clock = Clock(time.time())  # the pool's clock (it reads time.time()), moved past the lease by hand
    monkeypatch.setattr(leases_module, "time", clock.as_time_module())
    pool = LeasePool(store, limit=1, lease_seconds=0.2)
    ticket = pool.enqueue("not renewed")  # as if the store had been away for a whole lease
    clock.now += 0.3
    assert pool.waiting() == 0 and pool.position(ticket) is None
    with pytest.raises(LeaseLost):
        pool.try_take(ticket)
    assert pool.try_take(pool.enqueue("new")), "the slot it would have waited for is free"
