"""A reload in the middle of a class, in Chromium: the teacher's projector tab stays in charge, and a phone that
reloads keeps its anonymous token, so its answer still counts once (the browser keeps them in a cookie:
class_memory.js); and a teacher's click on a busy server is not lost to the class's poll."""

import contextlib
import os
import signal
import time

import pytest

from deploy.browser import wait_for_script
from explainer.class_session import classes as cs
from explainer.store.database import shared_store
from explainer.ui.class_room.follow import PROJECTOR_POLL
from tests.support.browser import PROJECTOR, described_on_failure

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True}
SECONDS = 1000


@pytest.mark.browser
def test_a_reloaded_teacher_tab_keeps_the_class_and_a_reloaded_phone_answers_once(browser, app_url):
    store = shared_store()  # the server's: the conftest gives this process and its servers one store
    teacher_context, phone_context, other_context = (
        browser.new_context(viewport=PROJECTOR),
        browser.new_context(**PHONE),
        browser.new_context(viewport=PROJECTOR),
    )
    teacher, phone, other = (context.new_page() for context in (teacher_context, phone_context, other_context))
    try:
        with described_on_failure(teacher=teacher, phone=phone):
            teacher.goto(app_url)
            wait_for_script(teacher)
            teacher.get_by_role("button", name="Start a class", exact=True).click()
            code = teacher.locator(".class-code").inner_text(timeout=30 * SECONDS).strip()
            kept = "(code) => decodeURIComponent(document.cookie).includes(code)"  # the class, in the browser's cookie
            teacher.wait_for_function(kept, arg=code, timeout=30 * SECONDS)  # the browser has kept it: reload

            teacher.reload()
            teacher.get_by_text(f"Class {code} · you teach").wait_for(timeout=30 * SECONDS)
            other.goto(app_url)  # another browser (a student's laptop): nothing kept, no class
            wait_for_script(other)
            assert other.get_by_role("button", name="Start a class", exact=True).is_visible()
            assert other.get_by_text("you teach").count() == 0

            phone.goto(f"{app_url}/?class={code}")
            phone.get_by_text(f"You are in class {code}").wait_for(timeout=30 * SECONDS)
            teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
            teacher.get_by_role("button", name="Ask").click()
            phone.get_by_role("button", name="Class 1", exact=True).click(timeout=30 * SECONDS)
            phone.get_by_text("Your answer: Class 1").wait_for(timeout=30 * SECONDS)
            asking = cs.find_class(store, code).asking

            phone.wait_for_function(kept, arg=code, timeout=30 * SECONDS)
            phone.reload()
            phone.get_by_text("Your answer: Class 1").wait_for(timeout=30 * SECONDS)  # the same token: its answer
            phone.get_by_role("button", name="Class 0", exact=True).click()
            phone.get_by_text("Your answer: Class 0").wait_for(timeout=30 * SECONDS)
            assert cs.tally(store, code, asking).counts == {1: 1}, "a reloaded phone changes its answer, not adds one"

            teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Start here").click()
            teacher.get_by_role("button", name="End the class").click()
            teacher.get_by_role("button", name="End the class and delete its answers").click()  # it asks first
            teacher.get_by_role("button", name="Start a class", exact=True).wait_for(timeout=30 * SECONDS)
            teacher.wait_for_function(f"(code) => !({kept})(code)", arg=code, timeout=30 * SECONDS)  # forgotten
            teacher.reload()  # an ended class is forgotten: the reload is a plain lesson
            wait_for_script(teacher)
            assert teacher.get_by_role("button", name="Start a class", exact=True).is_visible()
    finally:
        for context in (teacher_context, phone_context, other_context):
            context.close()


@contextlib.contextmanager
def stalled(pid: int):
    """The server stopped for the block, as a machine too busy to read its sockets is, then let go."""
    os.kill(pid, signal.SIGSTOP)
    try:
        yield
    finally:
        os.kill(pid, signal.SIGCONT)


@pytest.mark.browser
def test_a_sidebar_click_while_the_server_is_busy_reaches_its_page(browser, app_server):
    """The projector's polls tick every 2 s while the page is idle; a tick sent between a sidebar click and the start
    of its run was folded by Streamlit into one rerun with the tick's page, and took the teacher back home (twice
    in a busy suite). The click waits in the socket with the ticks behind it while the server is stalled."""
    context = browser.new_context(viewport=PROJECTOR)
    teacher = context.new_page()
    try:
        with described_on_failure(teacher=teacher):
            teacher.goto(app_server.url)
            wait_for_script(teacher)
            teacher.get_by_role("button", name="Start a class", exact=True).click()
            teacher.locator(".class-code").wait_for(timeout=30 * SECONDS)
            wait_for_script(teacher)
            with stalled(app_server.pid):
                teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
                time.sleep(PROJECTOR_POLL + 1)  # a tick of the projector's poll is due while the click waits
            teacher.get_by_role("button", name="Ask").wait_for(timeout=30 * SECONDS)
            time.sleep(PROJECTOR_POLL + 1)  # the ticks that waited have run: the page stays where the click took it
            wait_for_script(teacher)
            assert teacher.get_by_role("heading", name="Softmax and cross-entropy").is_visible()
            assert "/softmax" in teacher.url
    finally:
        context.close()
