"""The room the fault harness drives: the servers, PostgreSQL, the teacher's projector and the phones in
Chromium, and what a phone shows, checked as a student looks at it (:mod:`bench.class_faults` runs the rounds,
:mod:`bench.fault_scenarios` strikes the faults)."""

from __future__ import annotations

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

from playwright.sync_api import Error as PlaywrightError

from bench.wording import prefix, shown, template_regex
from deploy import postgres
from deploy.browser import wait_for_script
from deploy.serving import ROOT, Classroom, classroom, healthy
from explainer.class_session import classes as cs
from explainer.figures.class_votes import ROUND_NAMES
from explainer.lesson import step_for
from explainer.store.database import Store
from explainer.store.settings import STORE_ENV
from explainer.ui.class_room import memory, projector
from explainer.ui.class_room import phone as phone_ui
from explainer.ui.class_room.joining import START_CLASS
from explainer.ui.sections.worked_example import STEP_OF

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
PROJECTOR = {"width": 1280, "height": 720}
CHOICES = ("Class 0", "Class 1", "Class 2")  # the largest-bar question's answers
ALIVE_S = 30.0  # a page that has not shown the class's latest move by then is dead
ANSWER_S = 15.0  # a tap not answered by then is lost
PATIENCE_S = 5.0  # a person presses again when nothing happened for this long
HAPROXY_RISE_S = 3.0  # a replica back is sent students after 2 good health checks a second apart (haproxy.cfg)
REPLICA_COOKIE = "EXPLAINER_REPLICA"
ANSWERED = template_regex(shown(projector.ANSWERED), vote=re.escape(ROUND_NAMES[1]), count=r"(\d+)")  # as shown
YOUR_ANSWER = prefix(shown(phone_ui.YOUR_ANSWER))  # what a phone shows before the answer it took
A_STEP = re.compile("^" + template_regex(STEP_OF, number=r"\d+").pattern)  # a step's heading, up to its count
FIRST_CHOICE = re.compile(rf"^{re.escape(CHOICES[0])}( ✓)?$")  # the question's first button (✓: this phone's answer)
SOFTMAX_PAGE = step_for("softmax").title  # its sidebar link


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
        found = self.page.get_by_text(re.compile(f"^{re.escape(YOUR_ANSWER)}")).all()
        return found[0].inner_text().removeprefix(YOUR_ANSWER).strip() if found else None

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
    outage_banner_met: int = 0  # taps during an outage that found the outage banner instead of the question
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
        state = self.teacher_does(projector.ASK, lambda state: state.question is not None)
        for phone in self.phones:
            phone.told = None
        return state.asking

    def close_question(self) -> None:
        self.teacher_does(projector.CLOSE_QUESTION, lambda state: state.question is None)

    def projector_count(self) -> int | None:
        found = ANSWERED.search(self.teacher.locator('[data-testid="stMain"]').inner_text())
        return int(found.group(1)) if found else None


# --- what a phone shows --------------------------------------------------------------------------------------


def shows_question(phone: Phone) -> bool:
    return phone.page.get_by_role("button", name=FIRST_CHOICE).count() > 0


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
    room.report.problem("dead", f"{phone.name} never showed the question with its answer ({where(room, phone)})")


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


def where(room: Room, phone: Phone) -> str:
    """What a dead phone shows, for the report: its address, its class stage and step, whether Streamlit there is
    running a script, the class its browser keeps, and where the store says the class is."""
    stage = phone.page.locator(".st-key-class-stage").all_inner_texts()
    steps = phone.page.get_by_text(A_STEP).all_inner_texts()
    script = phone.page.evaluate("document.querySelector('[data-testid=\"stApp\"]')?.dataset.testScriptState")
    # the class the browser keeps: a cookie since class_memory.js moved it there (explainer/ui/class_room/memory.py)
    kept = phone.page.evaluate(f"document.cookie.split('; ').find((c) => c.startsWith('{memory.COOKIE}=')) ?? null")
    state = cs.find_class(room.store, room.code)
    phone.page.screenshot(path=ROOT / "artifacts" / f"class_faults_{phone.name.replace(' ', '_')}.png")
    return (
        f"at {phone.page.url}, stage {stage}, steps {steps}, script {script}, browser keeps {kept}; the store: "
        f"{state.position}, question {state.asking if state.question else None} {state.phase.name}"
    )


def alive_after(room: Room, move: str, shows) -> None:
    """The teacher just made ``move``: every phone shows it within :data:`ALIVE_S`, or it is dead (reloaded)."""
    start = time.monotonic()
    for phone in room.phones:
        while not shows(phone) and time.monotonic() - start < ALIVE_S:
            phone.page.wait_for_timeout(200)
        if not shows(phone):
            shown = where(room, phone)
            room.report.problem("dead", f"{phone.name} did not show {move} within {ALIVE_S:.0f} s ({shown})")
            phone.page.reload()
    room.report.recover_s.append(time.monotonic() - start)


def question_shown(room: Room, phone: Phone) -> bool:
    """The question a round just asked is on the phone within :data:`ALIVE_S` (else the phone is dead: reloaded)."""
    try:
        phone.page.get_by_role("button", name=FIRST_CHOICE).wait_for(timeout=ALIVE_S * 1000)
        return True
    except PlaywrightError:
        room.report.problem("dead", f"{phone.name} did not show the question within {ALIVE_S:.0f} s")
        phone.page.reload()
        return False


# --- the room, set up -------------------------------------------------------------------------------------------


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
                teacher.get_by_role("button", name=START_CLASS, exact=True).click()
                room.code = teacher.locator(".class-code").inner_text(timeout=ALIVE_S * 1000).strip()
                teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text=SOFTMAX_PAGE).click()
                teacher.get_by_role("button", name=projector.ASK).wait_for(timeout=ALIVE_S * 1000)
                for _ in range(phones):
                    phone = room.new_phone()
                    phone.page.goto(f"{served.url}/?class={room.code}")
                    phone.page.get_by_text(A_STEP).first.wait_for(timeout=ALIVE_S * 1000)
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
