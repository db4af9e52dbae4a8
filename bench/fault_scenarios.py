"""The faults a class must survive, one round each: a replica SIGKILLed mid-vote, after the moved banner or during
a follow, and PostgreSQL stopped and started mid-vote (:mod:`bench.class_faults` takes them in turn)."""

from __future__ import annotations

import contextlib
import time

from playwright.sync_api import Error as PlaywrightError

from bench.fault_room import (
    ALIVE_S,
    CHOICES,
    SOFTMAX_PAGE,
    Phone,
    Room,
    alive_after,
    check_round,
    question_shown,
    say,
    settle,
    shows_question,
)
from deploy.browser import wait_for_script
from explainer.class_session import classes as cs
from explainer.lesson import step_for
from explainer.ui.class_room.projector import FOLLOW_ME

FAULTS = ("mid-vote", "after the moved banner", "during a follow")
OUTAGE_PAGE = step_for("sigmoid_vs_softmax").title  # where the teacher goes while the store is down


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
            elif tapped == "banner":
                room.report.outage_banner_met += 1
            else:
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
        room.teacher.get_by_role("switch", name=FOLLOW_ME).wait_for(timeout=ALIVE_S * 1000)
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
    room.teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text=SOFTMAX_PAGE).click()
    wait_for_script(room.teacher)
