"""A class that survives its faults: phones in Chromium answer through HAProxy with two replicas on PostgreSQL,
while replicas are SIGKILLed at chosen moments and PostgreSQL is stopped and started.

    .venv/bin/python -m bench.class_faults --kills 30 --store-restarts 10    # the long run (about 10 minutes)
    .venv/bin/python -m bench.class_faults --kills 3 --store-restarts 1      # what the suite runs

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
- **dead**: a phone that does not show the teacher's move within :data:`ALIVE_S` seconds (it is reloaded to
  go on); a phone that joined during the outage and is not in the class :data:`ALIVE_S` after the store is back;
  a teacher whose class controls did not come back;
- the projector's count equals the store's.

Bounded: every wait times out; the servers, PostgreSQL and Chromium go when the run ends.
"""

from __future__ import annotations

import argparse
import contextlib
import itertools
import os
import random
import re
import signal
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))  # run as a script from anywhere

from playwright.sync_api import Error as PlaywrightError  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402

from deploy import postgres  # noqa: E402
from deploy.browser import launch, wait_for_script  # noqa: E402
from deploy.serving import Classroom, classroom, healthy  # noqa: E402
from explainer.class_session import classes as cs  # noqa: E402
from explainer.store.database import Store  # noqa: E402
from explainer.store.settings import STORE_ENV  # noqa: E402

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"width": 1280, "height": 720}
CHOICES = ("Class 0", "Class 1", "Class 2")  # the largest-bar question's answers
ALIVE_S = 30.0  # a page that has not shown the class's latest move by then is dead
ANSWER_S = 15.0  # a tap not answered by then is lost
PATIENCE_S = 5.0  # a person presses again when nothing happened for this long
HAPROXY_RISE_S = 3.0  # a replica back is sent students after 2 good health checks a second apart (haproxy.cfg)
REPLICA_COOKIE = "EXPLAINER_REPLICA"
FAULTS = ("mid-vote", "after the moved banner", "during a follow")
ANSWERED = re.compile(r"First vote: (\d+) answered")
OUTAGE_PAGE = "Why not ten sigmoids?"  # where the teacher goes while the store is down


@dataclass
class Phone:
    """One student's phone: a browser context, and the answer it was last told was taken this round."""

    name: str
    context: object
    page: object
    told: str | None = None

    @property
    def replica(self) -> str:
        return next((c["value"] for c in self.context.cookies() if c["name"] == REPLICA_COOKIE), "")

    def shown_answer(self) -> str | None:
        found = self.page.get_by_text(re.compile(r"^Your answer: ")).all()
        return found[0].inner_text().removeprefix("Your answer: ").strip() if found else None

    def tap(self, choice: str) -> None:
        self.page.get_by_role("button", name=re.compile(rf"^{choice}( ✓)?$")).tap(timeout=PATIENCE_S * 1000)

    def answer(self, choice: str) -> str:
        """Tap ``choice`` and read what the phone says: 'taken', 'not counted' or 'lost' (nothing within
        :data:`ANSWER_S`)."""
        not_counted = self.page.get_by_text(re.compile("not counted", re.I))
        said_before = not_counted.count() > 0  # said about the last tap: it stays until this one is answered
        self.tap(choice)
        deadline = time.monotonic() + ANSWER_S
        while time.monotonic() < deadline:
            if self.shown_answer() == choice:
                self.told = choice
                return "taken"
            if not said_before and not_counted.count():
                return "not counted"
            self.page.wait_for_timeout(100)
        return "lost"


@dataclass
class Report:
    """What the rounds found."""

    rounds: int = 0
    kills: int = 0
    store_restarts: int = 0
    counted_twice: int = 0
    lost: int = 0
    dead: int = 0
    not_counted_said: int = 0  # taps during an outage that the phone said were not counted
    recover_s: list[float] = field(default_factory=list)  # a fault -> every phone showing the class again
    problems: list[str] = field(default_factory=list)

    def problem(self, kind: str, text: str) -> None:
        setattr(self, kind, getattr(self, kind) + 1)
        self.problems.append(f"round {self.rounds}: {kind}: {text}")
        say(self.problems[-1])


def say(text: str) -> None:
    """A line of progress on stderr, timed."""
    print(f"{time.strftime('%H:%M:%S')} {text}", file=sys.stderr, flush=True)


@dataclass
class Room:
    """The running class: the servers, the store, the teacher's projector and the phones."""

    served: Classroom
    database: postgres.Postgres
    store: Store
    browser: object
    teacher: object
    code: str
    phones: list[Phone]
    rng: random.Random
    report: Report = field(default_factory=Report)
    names: Iterator[int] = field(default_factory=lambda: itertools.count())
    killed: list[int] = field(default_factory=list)  # ports of replicas killed and not yet seen serving again

    def new_phone(self) -> Phone:
        context = self.browser.new_context(**PHONE)
        return Phone(f"phone {next(self.names)}", context, context.new_page())

    def kill(self, replica: str) -> None:
        """SIGKILL the replica behind this cookie value (:meth:`replicas_back` waits for it to serve again)."""
        port = int(replica.rsplit("-", 1)[1])
        say(f"kill the replica on port {port}")
        os.kill(self.served.replica_pid(port), signal.SIGKILL)
        self.report.kills += 1
        self.killed.append(port)

    def replicas_back(self) -> None:
        """Wait until the launcher has every killed replica serving again."""
        deadline = time.monotonic() + 120
        for port in self.killed:
            while not healthy(f"http://127.0.0.1:{port}"):
                if time.monotonic() > deadline:
                    raise TimeoutError(f"the replica on port {port} was not restarted")
                time.sleep(0.3)
        if self.killed:
            time.sleep(HAPROXY_RISE_S)  # until HAProxy sends students to it again: both replicas are up
        self.killed.clear()

    # --- the teacher ----------------------------------------------------------------------------------------

    def teacher_button(self, name: str, timeout_s: float = ALIVE_S) -> None:
        wait_for_script(self.teacher)
        button = self.teacher.locator('[data-testid="stMain"]').get_by_role("button", name=name, exact=True)
        button.click(timeout=timeout_s * 1000)

    def teacher_does(self, button: str, done, then=lambda: None) -> cs.ClassState:
        """Press the projector's ``button`` as a person does (again if nothing happened within
        :data:`PATIENCE_S`) until the class in the store shows ``done``; a projector whose presses change nothing
        within :data:`ALIVE_S` is dead: it is reloaded."""
        for _ in range(2):
            deadline = time.monotonic() + ALIVE_S
            while time.monotonic() < deadline:
                with contextlib.suppress(PlaywrightError):
                    self.teacher_button(button, timeout_s=PATIENCE_S)
                then()  # the fault that strikes right after the press
                then = lambda: None  # noqa: E731
                waited = time.monotonic() + PATIENCE_S
                while time.monotonic() < waited:
                    if done(state := cs.find_class(self.store, self.code)):
                        return state
                    time.sleep(0.2)
            self.report.problem("dead", f"the projector's {button!r} changed nothing")
            self.teacher.screenshot(path=ROOT / "artifacts" / f"class_faults_dead_projector_{self.report.rounds}.png")
            self.teacher.reload()
        raise AssertionError(f"the projector's {button!r} never took effect")

    def ask(self) -> int:
        state = self.teacher_does("Ask", lambda state: state.question is not None)
        for phone in self.phones:
            phone.told = None
        return state.asking

    def close_question(self) -> None:
        self.teacher_does("Close the question", lambda state: state.question is None)

    def projector_count(self) -> int | None:
        found = ANSWERED.search(self.teacher.locator('[data-testid="stMain"]').inner_text())
        return int(found.group(1)) if found else None


# --- what a phone shows --------------------------------------------------------------------------------------


def shows_question(phone: Phone) -> bool:
    return phone.page.get_by_role("button", name=re.compile(r"^Class 0( ✓)?$")).count() > 0


def settle(room: Room, phone: Phone) -> None:
    """As a student looking at the phone: wait for the question; an answer on it is what the phone says it took
    (one in flight when its replica died shows once the phone is back); none: tap again."""
    deadline = time.monotonic() + ALIVE_S
    while time.monotonic() < deadline:
        if shows_question(phone):
            if (shown := phone.shown_answer()) is not None:
                phone.told = phone.told or shown
                return
            outcome = phone.answer(phone.told or room.rng.choice(CHOICES))
            if outcome == "taken":
                return
            say(f"{phone.name}: a tap {outcome}")
        phone.page.wait_for_timeout(300)
    room.report.problem("dead", f"{phone.name} never showed the question with its answer ({where(phone)})")


def check_round(room: Room, asking: int) -> None:
    """After the round's faults, once every phone was told its answer was taken: each phone shows it (a phone still
    reconnecting gets :data:`ALIVE_S`), the store holds one answer per phone, and the projector counts them."""
    deadline = time.monotonic() + ALIVE_S
    for phone in room.phones:
        while phone.shown_answer() != phone.told and time.monotonic() < deadline:
            phone.page.wait_for_timeout(200)
        if phone.shown_answer() != phone.told:
            room.report.problem("lost", f"{phone.name} was told {phone.told!r} was taken, shows {phone.shown_answer()}")
    rows = cs.tally(room.store, room.code, asking).counts.get(1, 0)
    if rows > len(room.phones):
        room.report.problem("counted_twice", f"{rows} answers stored for {len(room.phones)} phones")
    while room.projector_count() != rows and time.monotonic() < deadline:
        room.teacher.wait_for_timeout(300)
    if room.projector_count() != rows:
        room.report.problem("lost", f"the projector counts {room.projector_count()}, the store {rows}")


def where(phone: Phone) -> str:
    """What a dead phone shows, for the report: its address, and whether it is in the class at all."""
    stage = phone.page.locator(".st-key-class-stage").all_inner_texts()
    steps = phone.page.get_by_text(re.compile(r"^Step \d+ of")).all_inner_texts()
    status = phone.page.locator('[data-testid="stStatusWidget"]').all_inner_texts()
    kept = phone.page.evaluate("localStorage.getItem('explainer-class')")
    phone.page.screenshot(path=ROOT / "artifacts" / f"class_faults_{phone.name.replace(' ', '_')}.png")
    return f"at {phone.page.url}, stage {stage}, steps {steps}, status {status}, browser keeps {kept}"


def alive_after(room: Room, move: str, shows) -> None:
    """The teacher just made ``move``: every phone shows it within :data:`ALIVE_S`, or it is dead (reloaded)."""
    start = time.monotonic()
    for phone in room.phones:
        while not shows(phone) and time.monotonic() - start < ALIVE_S:
            phone.page.wait_for_timeout(200)
        if not shows(phone):
            room.report.problem("dead", f"{phone.name} did not show {move} within {ALIVE_S:.0f} s ({where(phone)})")
            phone.page.reload()
    room.report.recover_s.append(time.monotonic() - start)


# --- the faults ----------------------------------------------------------------------------------------------


def vote_with_a_kill(room: Room, fault: str) -> None:
    """A round in which a replica dies at the moment ``fault`` names."""
    asking = room.ask()
    victim = room.rng.choice(room.phones)
    for phone in room.phones:
        if not question_shown(room, phone):
            continue
        if phone is victim and fault == "mid-vote":
            phone.tap(room.rng.choice(CHOICES))  # in flight when its replica dies
            room.kill(phone.replica)
        else:
            phone.answer(room.rng.choice(CHOICES))
    if fault == "after the moved banner":
        room.kill(victim.replica)
        got_it = victim.page.get_by_role("button", name="Got it")
        got_it.wait_for(timeout=ALIVE_S * 1000)
        room.replicas_back()
        got_it.tap()
        victim.page.wait_for_timeout(room.rng.uniform(500, 2000))
        room.kill(victim.replica)
    for phone in room.phones:
        settle(room, phone)
    check_round(room, asking)
    room.close_question()
    alive_after(room, "the question closing", lambda phone: not shows_question(phone))
    room.replicas_back()


def question_shown(room: Room, phone: Phone) -> bool:
    """The question a round just asked is on the phone within :data:`ALIVE_S` (else the phone is dead: reloaded)."""
    try:
        phone.page.get_by_role("button", name=re.compile(r"^Class 0( ✓)?$")).wait_for(timeout=ALIVE_S * 1000)
        return True
    except PlaywrightError:
        room.report.problem("dead", f"{phone.name} did not show the question within {ALIVE_S:.0f} s")
        phone.page.reload()
        return False


def follow_with_a_kill(room: Room) -> None:
    """The teacher's Next (Previous at step 2), and a phone's replica killed at once: every phone reaches the step."""
    before = cs.find_class(room.store, room.code).step
    button, target = ("Next", before + 1) if before == 0 else ("Previous", before - 1)
    victim = room.rng.choice(room.phones)
    room.teacher_does(button, lambda state: state.step == target, then=lambda: room.kill(victim.replica))
    shown = f"Step {target + 1} of"
    alive_after(room, f"step {target + 1}", lambda phone: phone.page.get_by_text(shown).count() > 0)
    room.replicas_back()


def outage_tap(phone: Phone, choice: str) -> str:
    """A tap while the store is down: 'not counted' (what the phone must say), 'banner' (the stage had already
    turned to the outage banner: no button to tap), else what the phone said."""
    with contextlib.suppress(PlaywrightError):
        if shows_question(phone):
            return phone.answer(choice)
    return "banner" if phone.page.get_by_text("cannot be reached just now").count() else "no button, no banner"


def store_restart(room: Room) -> None:
    """PostgreSQL stops mid-vote: taps are said not to count, a phone joins, the teacher moves; it starts again."""
    asking = room.ask()
    for phone in room.phones:
        question_shown(room, phone)
    room.database.stop()
    say("PostgreSQL stopped")
    room.report.store_restarts += 1
    try:
        for phone in room.phones:  # the first taps race the stages' polls, which then show the outage instead
            tapped = outage_tap(phone, room.rng.choice(CHOICES))
            if tapped == "not counted":
                room.report.not_counted_said += 1
            elif tapped != "banner":
                room.report.problem("lost", f"{phone.name} tapped during the outage and was told {tapped!r}")
        say("taps during the outage done")
        newcomer = room.new_phone()
        newcomer.page.goto(f"{room.served.url}/?class={room.code}")
        wait_for_script(newcomer.page)
        nav = room.teacher.locator('[data-testid="stSidebarNavLink"]')
        nav.filter(has_text=OUTAGE_PAGE).click()
        wait_for_script(room.teacher)
    finally:
        room.database.start()
        say("PostgreSQL started")
    start = time.monotonic()
    try:  # in the class: on the page the teacher moved to meanwhile, the waiting notice gone
        newcomer.page.get_by_role("heading", name=OUTAGE_PAGE).wait_for(timeout=ALIVE_S * 1000)
        newcomer.page.get_by_text("joins it by itself").wait_for(state="detached", timeout=ALIVE_S * 1000)
        room.phones.append(newcomer)
    except Exception:
        room.report.problem("dead", "a phone that opened the join link during the outage did not join")
        newcomer.context.close()
    try:
        room.teacher.get_by_role("switch", name="Students follow me").wait_for(timeout=ALIVE_S * 1000)
    except Exception:
        room.report.problem("dead", "the teacher's class controls did not come back after the outage")
    say("the newcomer and the teacher's controls checked")
    for phone in room.phones:
        settle(room, phone)
    say("the phones settled")
    room.report.recover_s.append(time.monotonic() - start)
    check_round(room, asking)
    room.close_question()
    alive_after(room, "the question closing", lambda phone: not shows_question(phone))
    room.teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
    wait_for_script(room.teacher)


# --- the run -------------------------------------------------------------------------------------------------


@contextlib.contextmanager
def class_room(browser, phones: int, seed: int) -> Iterator[Room]:
    """PostgreSQL, two replicas behind HAProxy on it, a class started in ``browser``, ``phones`` phones in it."""
    with postgres.postgres_server() as database:
        url = database.new_database()
        store = Store(url)
        with classroom(2, env={STORE_ENV: url}) as served:
            teacher = browser.new_context(viewport=PROJECTOR).new_page()
            room = Room(served, database, store, browser, teacher, "", [], random.Random(seed))
            try:
                teacher.goto(served.url)
                wait_for_script(teacher)
                teacher.get_by_role("button", name="Start a class", exact=True).click()
                room.code = teacher.locator(".class-code").inner_text(timeout=ALIVE_S * 1000).strip()
                teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
                teacher.get_by_role("button", name="Ask").wait_for(timeout=ALIVE_S * 1000)
                for _ in range(phones):
                    phone = room.new_phone()
                    phone.page.goto(f"{served.url}/?class={room.code}")
                    phone.page.get_by_text(re.compile(r"^Step \d+ of")).first.wait_for(timeout=ALIVE_S * 1000)
                    room.phones.append(phone)
                yield room
            except Exception:
                shots = ROOT / "artifacts" / "class_faults"
                shots.mkdir(parents=True, exist_ok=True)
                for name, page in [("teacher", teacher)] + [(p.name, p.page) for p in room.phones]:
                    page.screenshot(path=shots / f"{name.replace(' ', '_')}.png", full_page=True)
                raise
            finally:
                for context in [teacher.context] + [phone.context for phone in room.phones]:
                    context.close()
                store.dispose()


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
        f"taps said 'not counted' during outages {report.not_counted_said}"
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
