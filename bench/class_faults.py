"""A class that survives its faults: phones in Chromium answer through HAProxy with two replicas on PostgreSQL,
while replicas are SIGKILLed at chosen moments and PostgreSQL is stopped and started.

    .venv/bin/python -m bench.class_faults --kills 30 --store-restarts 10    # the long run (about 10 minutes)
    .venv/bin/python -m bench.class_faults --kills 4 --store-restarts 1 --phones 2   # what the suite runs

A teacher's projector (1280 x 720) and ``--phones`` phones (390 x 844, touch), each a browser context of its own,
join a class on `make classroom`'s HAProxy (:mod:`deploy.serving`) with two replicas sharing a real PostgreSQL
(:mod:`deploy.postgres`). Each round the teacher asks which bar is largest; every phone answers, and a fault
strikes at a moment chosen in turn:

- **mid-vote**: the replica serving a phone is killed the instant that phone taps (its answer in flight);
- **after the moved banner**: a phone that moved to the other replica presses "Got it", and 0.5-2 s later the
  replica now serving it is killed too;
- **during a follow**: the teacher presses Next on the worked example and a phone's replica is killed at once;
- **a store restart**: PostgreSQL stops mid-vote; phones tap (and must hear that it was not counted), a new phone
  opens the join link, the teacher changes page; PostgreSQL starts again.

A student looks at the phone as a person does: no answer shown, it taps again. Each round ends with the teacher's
next move (closing the question); then the round is checked:

- **counted twice**: the store holds more answers than there are phones showing one;
- **lost**: a phone told its answer was taken shows no answer, or another one, or the store lacks it;
- **dead**: a phone that does not show the teacher's move within :data:`~bench.fault_room.ALIVE_S` seconds (it is
  reloaded to go on); a phone that joined during the outage and is not in the class
  :data:`~bench.fault_room.ALIVE_S` after the store is back; a teacher whose class controls did not come back;
- the projector's count equals the store's.

Bounded: every wait times out; the servers, PostgreSQL and Chromium go when the run ends.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # run as a script from anywhere

from playwright.sync_api import sync_playwright  # noqa: E402

from bench.fault_room import Report, class_room, say  # noqa: E402
from bench.fault_scenarios import FAULTS, follow_with_a_kill, store_restart, vote_with_a_kill  # noqa: E402
from deploy.browser import launch  # noqa: E402


def run(
    browser, kills: int, store_restarts: int, phones: int = 3, seed: int = 0, faults: tuple[str, ...] = FAULTS
) -> Report:
    """Rounds in ``browser`` (Playwright's Chromium) until ``kills`` replica kills and ``store_restarts`` PostgreSQL
    restarts are done; the report."""
    with class_room(browser, phones, seed) as room:
        turns = itertools.cycle(faults)
        restarts_every = max(1, kills // max(1, store_restarts)) if kills else 1
        while room.report.kills < kills or room.report.store_restarts < store_restarts:
            room.report.rounds += 1
            due = room.report.store_restarts < store_restarts and (
                room.report.kills >= kills or room.report.rounds % (restarts_every + 1) == 0
            )
            say(f"round {room.report.rounds}: {'a store restart' if due else 'a kill'}")
            if due:
                store_restart(room)
                continue
            fault = next(turns)
            if fault == "during a follow":
                follow_with_a_kill(room)
            else:
                vote_with_a_kill(room, fault)
        return room.report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--kills", type=int, default=30)
    parser.add_argument("--store-restarts", type=int, default=10)
    parser.add_argument("--phones", type=int, default=4)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--faults", nargs="+", choices=FAULTS, default=FAULTS, help="the kills' moments, in turn")
    args = parser.parse_args()
    start = time.monotonic()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        report = run(browser, args.kills, args.store_restarts, args.phones, args.seed, tuple(args.faults))
        browser.close()
    print(
        f"{report.rounds} rounds, {report.kills} replica kills, {report.store_restarts} store restarts, "
        f"{args.phones} phones, {time.monotonic() - start:.0f} s"
    )
    print(
        f"counted twice {report.counted_twice} · lost {report.lost} · dead pages {report.dead} · "
        f"taps during outages: said 'not counted' {report.not_counted_said}, "
        f"met the outage banner {report.outage_banner_met}"
    )
    if report.recover_s:
        print(
            f"recovery: median {sorted(report.recover_s)[len(report.recover_s) // 2]:.1f} s, "
            f"max {max(report.recover_s):.1f} s"
        )
    for problem in report.problems:
        print(" ", problem)


if __name__ == "__main__":
    main()
