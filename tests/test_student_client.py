"""The benches' simulated student (bench/student.py) against a real server: what it reads is what the page shows."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load_class import WATCHES
from bench.load_students import LOSS, SOFTMAX_QUERY, WATCH, expected_loss
from bench.student import Student, stream_url

pytestmark = pytest.mark.browser  # a real server, as the browser tests use (no browser is launched)


def test_a_student_opens_a_link_moves_a_slider_and_reads_torchs_loss(app_url):
    async def lesson() -> tuple[str, str, float]:
        student = Student(stream_url(app_url), "softmax", SOFTMAX_QUERY, WATCH)
        try:
            await student.open()
            opened = student.metrics[LOSS]
            latency = await student.rerun([student.slider("softmax:z0", 0.7)], awaited=LOSS)
            return opened, student.metrics[LOSS], latency
        finally:
            await student.close()

    # Its own thread: Playwright's sync API keeps an event loop running in this one.
    with ThreadPoolExecutor(1) as thread:
        opened, moved, latency = thread.submit(asyncio.run, lesson()).result()
    assert opened == "0.9729"  # the lecture's loss, from the page's own LaTeX
    assert float(moved) == pytest.approx(expected_loss([0.7, 0.1, -0.1], 0), abs=6e-5) and moved != opened
    assert 0 < latency < 30


def test_a_student_joins_by_code_follows_the_teachers_page_and_step_by_its_class_poll_and_answers(app_url):
    async def lesson() -> tuple[str, str, str, int]:
        ws_url = stream_url(app_url)
        teacher = Student(ws_url, "", "", WATCHES)
        student = None
        try:
            await teacher.open()
            await teacher.rerun([teacher.press_label("Start a class")])  # as on the landing page
            await teacher.goto("softmax")
            student = Student(ws_url, "", f"class={teacher.metrics['code']}", WATCHES)
            await student.open()
            student.class_poll()
            await student.wait(lambda: student.path == "softmax" and "step" in student.metrics, "the teacher's page")
            first = student.metrics["step"]
            await teacher.rerun([teacher.press("softmax:step_next")])
            await student.wait(lambda: student.metrics.get("step") == "2", "the teacher's step", timeout=10)
            await student.wait(lambda: "class=" in student.query, "the class back in the link")  # end of the run
            await teacher.rerun([teacher.press_label("Ask")])
            await student.wait(lambda: "class-choice-Class 1" in student.ids, "the question's answers")
            await student.rerun([student.press("class-choice-Class 1")])
            teacher.class_poll()
            await teacher.wait(lambda: teacher.metrics.get("answered") == "1", "1 answered on the projector")
            return first, student.metrics["step"], student.query, student.ticks
        finally:
            for tab in (teacher, student):
                if tab is not None:
                    await tab.close()

    with ThreadPoolExecutor(1) as thread:
        first, then, query, ticks = thread.submit(asyncio.run, lesson()).result()
    assert (first, then) == ("1", "2")  # the step came by the poll: nothing else reruns an idle student's page
    assert "class=" in query and ticks >= 1
