"""The training limit across two classroom launchers sharing one PostgreSQL: never more at once than the limit.

The limit (``EXPLAINER_MAX_TRAININGS``) holds whichever launcher's replica a student's Start reaches.

    .venv/bin/python -m bench.load_training_limit --limit 1 --trainings 8     # about a minute

PostgreSQL in a temporary folder (:mod:`deploy.postgres`), two classroom launchers with one replica each pointing
at it with ``EXPLAINER_MAX_TRAININGS=--limit``, ``--trainings`` students (:func:`bench.load_students.training_student`)
pressing Start on /training at once (half on each launcher); the lease table is sampled every 20 ms and the most
trainings holding a live lease at once recorded: never above the limit (else the exit status is 1).

Bounded: the whole run stops after ``--deadline`` seconds, everything runs on 127.0.0.1, and the servers,
PostgreSQL and their temporary folders go when the run ends. Reports /proc/loadavg beside the figures.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import shutil
import sys
import threading
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

import sqlalchemy as sa  # noqa: E402

from bench.load_students import Tally, show, training_student  # noqa: E402
from bench.student import stream_url  # noqa: E402
from deploy import postgres  # noqa: E402
from deploy.serving import classroom, loadavg  # noqa: E402
from explainer.store.database import leases  # noqa: E402


@dataclass
class LimitFigures:
    launchers: int
    limit: int
    trainings: int
    finished: int
    seconds: float  # from the requests to the last training's end, sampled throughout
    samples: int
    max_concurrent: int
    errors: int
    loadavg_before: str
    loadavg_after: str
    first_errors: list[str]


def sample_leases(engine: sa.Engine, done: threading.Event) -> tuple[int, int]:
    """(samples, most live holders at once) of the lease table, every 20 ms until ``done`` (in its own thread,
    so that the students' event loop never waits for it)."""
    samples, most = 0, 0
    live = sa.select(sa.func.count()).where(leases.c.holding, leases.c.expires > sa.bindparam("now"))
    while not done.wait(0.02):
        # The table appears with the first replica's store: before, a ProgrammingError.
        with engine.connect() as db, contextlib.suppress(sa.exc.ProgrammingError):
            most = max(most, db.execute(live, {"now": time.time()}).scalar_one())
            samples += 1
    return samples, most


async def run_limit(urls: list[str], store: str, args: argparse.Namespace) -> LimitFigures:
    load_before = loadavg()
    engine = sa.create_engine(store)
    ws_urls = [stream_url(url) for url in urls]
    for ws_url in ws_urls:  # each launcher's replica imports torch and loads the digits once, before the count
        await training_student(ws_url, 1, 99, Tally())
    done, tally = threading.Event(), Tally()
    sampler = asyncio.create_task(asyncio.to_thread(sample_leases, engine, done))
    start = time.perf_counter()
    await asyncio.gather(
        *(training_student(ws_urls[i % len(ws_urls)], args.epochs, i, tally) for i in range(args.trainings))
    )
    seconds = time.perf_counter() - start
    done.set()
    samples, most = await sampler
    engine.dispose()
    return LimitFigures(
        launchers=len(urls),
        limit=args.limit,
        trainings=args.trainings,
        finished=len(tally.training_seconds),
        seconds=seconds,
        samples=samples,
        max_concurrent=most,
        errors=len(tally.errors),
        loadavg_before=load_before,
        loadavg_after=loadavg(),
        first_errors=tally.errors[:3],
    )


def training_limit(args: argparse.Namespace) -> LimitFigures:
    """Two classroom launchers (one replica each) on one PostgreSQL, ``args.trainings`` trainings requested."""
    if not postgres.available():
        raise SystemExit("no PostgreSQL: apt-get install -y postgresql")
    with postgres.postgres_server() as server, contextlib.ExitStack() as stack:
        store = server.new_database()
        env = {"EXPLAINER_STORE": store, "EXPLAINER_MAX_TRAININGS": str(args.limit)}
        rooms = [stack.enter_context(classroom(1, env)) for _ in range(2)]
        for room in rooms:
            stack.callback(shutil.rmtree, room.runtime, True)
        return asyncio.run(asyncio.wait_for(run_limit([r.url for r in rooms], store, args), args.deadline))


def report(f: LimitFigures) -> str:
    return (
        f"training limit: {f.launchers} launchers on one PostgreSQL, limit {f.limit}, {f.trainings} requested, "
        f"{f.finished} finished in {f.seconds:.0f} s, {f.samples} samples of the lease table, "
        f"most at once **{f.max_concurrent}**, "
        f"errors {f.errors}, loadavg {f.loadavg_before} → {f.loadavg_after}"
    )


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """This scenario's own flags (``bench.load_class --training-limit`` takes them too)."""
    parser.add_argument("--limit", type=int, default=1, help="EXPLAINER_MAX_TRAININGS of both launchers")
    parser.add_argument("--trainings", type=int, default=6, help="trainings requested at once")
    parser.add_argument("--epochs", type=int, default=1, help="per training")


def measure_and_report(args: argparse.Namespace) -> None:
    """Run the scenario and print its figures; exit 1 on errors or more trainings at once than the limit."""
    figures = training_limit(args)
    show(figures, args.json)
    print(report(figures))
    if figures.errors or figures.max_concurrent > figures.limit:
        sys.exit(1)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    add_arguments(parser)
    parser.add_argument("--deadline", type=float, default=480.0, help="the whole run stops after this many seconds")
    parser.add_argument("--json", action="store_true", help="also print the figures as JSON")
    measure_and_report(parser.parse_args())


if __name__ == "__main__":
    main()
