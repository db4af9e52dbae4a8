"""Two launchers on one PostgreSQL sweep: every cell ran once, each launcher took a share, the training limit held,
and a student's own training, asked for mid-sweep, got a slot within one trial.

    .venv/bin/python -m bench.sweep_launchers --workers 2 --limit 2

Two ``python -m explainer.sweep worker`` processes (as two machines would run them, here on one) work on one grid
sweep in a PostgreSQL store started for the run (:mod:`deploy.postgres`), with ``--workers`` threads each and a
training limit of ``--limit`` for everyone sharing the store. Meanwhile this process samples how many slots are held
(never more than the limit) and, halfway, asks for a slot as a student's Training page does, timing how long it
waited in the one queue. On 2 cores this is about correctness, not speed. Figures in bench/README.md.
"""

from __future__ import annotations

import argparse
import collections
import subprocess
import sys
import threading
import time

import optuna

from deploy.postgres import postgres_server
from deploy.serving import ROOT
from explainer.store.database import Store
from explainer.store.settings import STORE_ENV
from explainer.sweep.plan import SweepPlan
from explainer.sweep.study import WORKER, load_trials, storage_for
from explainer.training.environment import MAX_TRAININGS_ENV
from explainer.training.jobs import Limiter

PLAN = SweepPlan(lr_range=(1e-3, 1.0), per_decade=2, momenta=(0.0, 0.5, 0.9), nets=("lecture",), trial_epochs=2)


def launch(url: str, plan: SweepPlan, workers: int, limit: int) -> subprocess.Popen:
    query = "&".join(f"{name}={value}" for name, value in plan.to_query().items())
    command = [sys.executable, "-m", "explainer.sweep", "worker", "--plan", query, "--data", "bundled"]
    env = {STORE_ENV: url, MAX_TRAININGS_ENV: str(limit), "PATH": "/usr/bin:/bin"}
    return subprocess.Popen([*command, "--workers", str(workers)], cwd=ROOT, env=env, stderr=subprocess.PIPE, text=True)


def student_wait(limiter: Limiter) -> tuple[float, int, int]:
    """Seconds a student's training waited for a slot, asked for now; the slots held and the waiters then."""
    held, queued = limiter.running, limiter.waiting
    started, never = time.monotonic(), threading.Event()
    limiter.acquire("student", never)
    waited = time.monotonic() - started
    limiter.release("student")
    return waited, held, queued


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--workers", type=int, default=2, help="worker threads per launcher")
    parser.add_argument("--limit", type=int, default=2, help="trainings at a time, for everyone sharing the store")
    args = parser.parse_args()
    with postgres_server() as server:
        url = server.new_database()
        store = Store(url)
        limiter = Limiter(args.limit, store)
        started = time.monotonic()
        launchers = [launch(url, PLAN, args.workers, args.limit) for _ in range(2)]
        held, waited = [], None
        while any(process.poll() is None for process in launchers):
            held.append(limiter.running)
            done = len(load_trials(PLAN, store))
            if waited is None and done >= len(PLAN.grid()) // 2:
                waited = student_wait(limiter)
            time.sleep(0.2)
        wall = time.monotonic() - started
        errors = [process.stderr.read() for process in launchers if process.returncode != 0]
        study = optuna.load_study(study_name=PLAN.study_name, storage=storage_for(url))
        finished = [t for t in study.trials if t.state.is_finished() and t.state != optuna.trial.TrialState.FAIL]
        per_cell = collections.Counter((t.params["lr"], t.params["momentum"]) for t in finished)
        shares = collections.Counter(t.user_attrs[WORKER].split(":")[1] for t in finished)
        store.dispose()
    print(f"{len(PLAN.grid())} cells, 2 launchers x {args.workers} workers, limit {args.limit}, {wall:.0f} s")
    print(f"cells run: {len(per_cell)}, run more than once: {sum(n > 1 for n in per_cell.values())}")
    print(f"each launcher's share (by process): {sorted(shares.values())}")
    print(f"slots held at once: at most {max(held)} (limit {args.limit}), sampled {len(held)} times")
    if waited is not None:
        seconds, busy, queued = waited
        print(f"a student's training asked for halfway ({busy} slots held, {queued} waiting) waited {seconds:.1f} s")
    for error in errors:
        print(error)


if __name__ == "__main__":
    main()
