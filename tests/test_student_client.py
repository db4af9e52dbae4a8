"""The benches' simulated student (bench/student.py) against a real server: what it reads is what the page shows."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.load_students import LOSS, SOFTMAX_QUERY, WATCH, expected_loss
from bench.student import Student

pytestmark = pytest.mark.browser  # a real server, as the browser tests use (no browser is launched)


def test_a_student_opens_a_link_moves_a_slider_and_reads_torchs_loss(app_url):
    async def lesson() -> tuple[str, str, float]:
        student = Student(app_url.replace("http://", "ws://") + "/_stcore/stream", "softmax", SOFTMAX_QUERY, WATCH)
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
