"""A class through HAProxy with two replicas, in Chromium: a teacher at 1280 x 720 and four students on phones
(390 x 844, touch; one joins mid-vote) in separate browser contexts, on different replicas sharing the launcher's
SQLite store: the lobby's count, "of N" in each vote, a revote closed by its timer, where the room is while it
explores, a closed phone leaving the count, and the summary (and its CSV) saying what the room answered."""

import contextlib
import csv
import re
import time

import pytest
from playwright.sync_api import TimeoutError as PlaywrightTimeout
from playwright.sync_api import expect

from deploy.browser import wait_for_script
from tests.support.accessibility import wcag_failures
from tests.support.browser import PROJECTOR, SCREENSHOTS, loss_text, no_exception, screenshot

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SECONDS = 1000


def replica(context) -> str:
    return next(c["value"] for c in context.cookies() if c["name"] == "EXPLAINER_REPLICA")


def votes_caption(page, text: str):
    """The caption under the class's answers (its chart's description says the same to a screen reader)."""
    return page.locator('[data-testid="stCaptionContainer"]').filter(has_text=text)


def press(page, name: str) -> None:
    page.get_by_role("button", name=name, exact=True).click()


def change_mind(student, choice: str, timeout: float = 30.0) -> None:
    """Tap ``choice`` until the phone shows it as the student's answer: a tap within the flood limit
    (cs.MIN_SECONDS_BETWEEN_ANSWERS after the last answer) is refused and counts for nothing, so this waits on the
    answer taken, not for a guess at the limit."""
    answer = student.get_by_text(f"Your answer: {choice}")
    deadline = time.monotonic() + timeout
    while not answer.is_visible():
        assert time.monotonic() < deadline, f"{choice} was still refused {timeout:g} s after the last answer"
        # Once taken, the button reads "{choice} ✓": a tap that finds none times out, and the answer is checked.
        with contextlib.suppress(PlaywrightTimeout):
            student.get_by_role("button", name=choice, exact=True).tap(timeout=2 * SECONDS)
            answer.wait_for(timeout=2 * SECONDS)


def where_the_room_is(teacher, students, code: str) -> None:
    """The room explores: one phone goes on alone, the projector sees where, and calls it back."""
    teacher.locator('[data-testid="stSidebar"]').get_by_text("Students follow me").click()
    wait_for_script(teacher)
    students[3].get_by_role("link", name=re.compile("Next: 3")).click()
    students[3].get_by_role("heading", name="MNIST as numbers").wait_for(timeout=30 * SECONDS)
    teacher.get_by_text(re.compile(r"where they are: .*MNIST as numbers 1")).wait_for(timeout=30 * SECONDS)
    press(teacher, "Call them back")
    students[3].get_by_role("heading", name="Softmax and cross-entropy").wait_for(timeout=30 * SECONDS)


def the_summary_says_what_the_room_answered(teacher) -> None:
    """The summary: the votes as given (first: Class 2 twice, Class 0 and Class 1; after discussion: Class 0 four
    times), on the projector and in the CSV it downloads."""
    teacher.locator('[data-testid="stSidebar"]').get_by_role("button", name="Class summary").click()
    dialog = teacher.get_by_role("dialog")
    dialog.get_by_text("Every vote of every question").wait_for(timeout=30 * SECONDS)
    assert "25%" in dialog.inner_text() and "100%" in dialog.inner_text()
    with teacher.expect_download() as download:
        dialog.get_by_role("button", name="Download the summary (CSV)").click()
    with open(download.value.path(), encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert [(r["vote"], r["answered"], r["right"], r["share right"]) for r in rows] == [
        ("First vote", "4", "1", "25%"),
        ("After discussion", "4", "4", "100%"),
    ]
    assert set(rows[0]["answers"].split("; ")) == {"Class 2: 2", "Class 0: 1", "Class 1: 1"}
    assert rows[1]["answers"] == "Class 0: 4" and rows[0]["right answer"] == "Class 0"
    teacher.keyboard.press("Escape")


@pytest.mark.browser
def test_a_room_joins_follows_votes_twice_and_sees_the_truth(browser, two_replicas):
    url = two_replicas.url
    contexts = [browser.new_context(viewport=PROJECTOR)] + [browser.new_context(**PHONE) for _ in range(3)]
    teacher, *students = [context.new_page() for context in contexts]
    try:
        teacher.goto(url)
        wait_for_script(teacher)
        press(teacher, "Start a class")
        code = teacher.locator(".class-code").inner_text(timeout=30 * SECONDS).strip()
        teacher.wait_for_function(  # the QR code: a PNG made offline, served by the teacher's replica
            "() => { const qr = document.querySelector('[data-testid=stImage] img');"
            " return qr && qr.complete && qr.naturalWidth >= 250; }",
            timeout=30 * SECONDS,
        )
        assert teacher.get_by_alt_text(f"QR code of {url}/?class={code}").is_visible()
        screenshot(teacher, "class_teacher_join", height=720, width=1280)
        failures = wcag_failures(teacher, "the teacher's join screen")

        students[0].goto(url)  # by the code, typed in lower case
        wait_for_script(students[0])
        students[0].get_by_label("Class code").fill(code.lower())
        press(students[0], "Join")
        students[0].get_by_text(f"You are in class {code}").wait_for(timeout=30 * SECONDS)
        for student in students[1:]:  # by the link (or the QR code, which holds it)
            student.goto(f"{url}/?class={code}")
            student.get_by_text(f"You are in class {code}").wait_for(timeout=30 * SECONDS)
        screenshot(students[0], "class_student_joined", height=844, width=390)
        failures += wcag_failures(students[0], "a phone that joined")
        assert len({replica(context) for context in contexts}) == 2, "the room is spread over both replicas"
        # The lobby's count, across both replicas (a phone's first poll tells its replica, which tells the store).
        expect(teacher.locator(".class-count")).to_have_text("3", timeout=30 * SECONDS)
        sidebar = teacher.locator('[data-testid="stSidebar"]')  # its own poll, beside the stage's
        sidebar.get_by_text("3 students here").wait_for(timeout=30 * SECONDS)

        teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
        teacher.get_by_role("button", name="Ask").wait_for(timeout=60 * SECONDS)
        wait_for_script(teacher)  # a click in a fragment while the page still runs preempts that run (Streamlit)
        for student in students:  # every phone goes to the projector's page, drawn whole: the lecture's numbers
            student.get_by_role("heading", name="Softmax and cross-entropy").wait_for(timeout=30 * SECONDS)
            wait_for_script(student)
            assert loss_text(student) == "0.9729", "the page's sliders came back at their defaults"
        teacher.get_by_role("button", name="Next", exact=True).click()  # the worked example's next step
        for student in students:
            student.get_by_text("Step 2 of").wait_for(timeout=30 * SECONDS)

        wait_for_script(teacher)
        press(teacher, "Ask")  # which bar is largest for z = [0.2, 0.1, -0.1]?
        late = browser.new_context(**PHONE)  # a phone that opens the link in the middle of the vote
        contexts.append(late)
        students.append(late.new_page())
        students[-1].goto(f"{url}/?class={code}")
        students[-1].get_by_role("heading", name="Softmax and cross-entropy").wait_for(timeout=30 * SECONDS)
        students[-1].get_by_text("Step 2 of").wait_for(timeout=30 * SECONDS)
        wait_for_script(students[-1])
        assert loss_text(students[-1]) == "0.9729", "the page's sliders came back at their defaults"
        for student, choice in zip(students, ("Class 1", "Class 0", "Class 1", "Class 2"), strict=True):
            student.get_by_role("button", name=choice, exact=True).tap(timeout=30 * SECONDS)
            student.get_by_text(f"Your answer: {choice}").wait_for(timeout=30 * SECONDS)
        change_mind(students[0], "Class 2")  # a change of mind counts, once
        teacher.get_by_text("First vote: 4 of 4 answered").wait_for(timeout=30 * SECONDS)
        assert teacher.locator('[data-testid="stPlotlyChart"]').count() == 0, "how many, not what"
        screenshot(students[1], "class_student_question", height=844, width=390)
        failures += wcag_failures(students[1], "a phone with the question")

        press(teacher, "Show the answers")
        teacher.locator('[data-testid="stPlotlyChart"] .main-svg').first.wait_for(timeout=30 * SECONDS)
        votes_caption(teacher, "First vote: 4 answers").wait_for()
        for student in students:
            student.get_by_text("The vote is closed").wait_for(timeout=30 * SECONDS)

        wait_for_script(teacher)
        teacher.get_by_role("combobox", name="Vote closes").click()  # the revote closes by itself
        teacher.keyboard.type("after 15")  # typing opens the list if the click only focused it
        teacher.get_by_role("option", name="after 15 s").click()
        wait_for_script(teacher)
        press(teacher, "Discuss, then vote again")
        teacher.get_by_text(re.compile(r"voting open · closes in 1\d s")).wait_for(timeout=10 * SECONDS)
        for student in students:
            student.get_by_text("Vote again after discussing").wait_for(timeout=30 * SECONDS)
            student.get_by_role("button", name="Class 0", exact=True).tap()
            student.get_by_text("Your answer: Class 0").wait_for(timeout=30 * SECONDS)
        teacher.get_by_text("After discussion: 4 of 4 answered").wait_for(timeout=30 * SECONDS)
        votes_caption(teacher, "After discussion: 4 answers").wait_for(timeout=30 * SECONDS)  # closed by the timer
        for student in students:
            student.get_by_text("The vote is closed").wait_for(timeout=30 * SECONDS)
        press(teacher, "Reveal the answer")
        teacher.get_by_text("Answer: Class 0.").wait_for(timeout=30 * SECONDS)
        summary = votes_caption(teacher, "After discussion: 4 answers")
        summary.wait_for()
        assert "First vote: 4 answers" in summary.inner_text() and "4 right" in summary.inner_text()
        screenshot(teacher, "class_teacher_revealed", height=720, width=1280)
        failures += wcag_failures(teacher, "the projector after the reveal")
        for student in students:
            student.get_by_text("Answer: Class 0.").wait_for(timeout=30 * SECONDS)
            student.get_by_text("You got it").wait_for()
        screenshot(students[2], "class_student_revealed", height=844, width=390)
        failures += wcag_failures(students[2], "a phone after the reveal")
        assert failures == [], "\n\n".join(failures)
        for page in (teacher, *students):
            no_exception(page)

        where_the_room_is(teacher, students, code)
        contexts.pop().close()  # the late phone's tab closes: it leaves the count
        teacher.get_by_text(f"Class {code} · 3 students here").wait_for(timeout=30 * SECONDS)
        the_summary_says_what_the_room_answered(teacher)

        forged = browser.new_context(**PHONE)  # a student who edits the link to drive the class
        page = forged.new_page()
        page.goto(f"{url}/?class={code}&teacher={code}")
        page.get_by_text("This teacher link is not valid for this class").wait_for(timeout=30 * SECONDS)
        assert page.get_by_text("you teach").count() == 0 and page.get_by_role("button", name="Ask").count() == 0
        forged.close()
    except Exception:
        for i, page in enumerate((teacher, *students)):
            SCREENSHOTS.mkdir(parents=True, exist_ok=True)
            page.screenshot(path=SCREENSHOTS / f"class_failure_{i}.png", full_page=True)  # what each one saw
        raise
    finally:
        for context in contexts:
            context.close()
