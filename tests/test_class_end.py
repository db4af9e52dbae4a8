"""A class that ends under a page whose stage is polling (the teacher's End on another screen, or in the same session
at the instant of a tick): the stage's own rerun finds no class, and the whole page goes on as a solo lesson, drawn
again (the landing page's join box back, the class's controls gone), not just the stage's box. Before, the stage
alone said so: a projector kept its dialog and its dead class controls (tests/test_class_memory_browser.py failed)."""

import asyncio
from concurrent.futures import ThreadPoolExecutor

import pytest

from bench.student import Student, stream_url
from explainer.class_session import classes as cs
from explainer.store.database import shared_store

pytestmark = pytest.mark.browser  # a real server (no browser is launched): the stage reruns alone, as a fragment


def test_a_class_ended_under_a_polling_page_redraws_the_whole_page_as_a_solo_lesson(app_url):
    store = shared_store()  # the server's: the conftest gives this process and its servers one store
    code, secret = cs.start_class(store)

    async def lesson() -> tuple[bool, bool]:
        student = Student(stream_url(app_url), "", f"class={code}")
        try:
            await student.open()
            student.class_poll()
            joined = "class-join" not in student.ids  # in the class: no join box on the landing page
            cs.end_class(store, code, secret)
            await student.wait(lambda: "class-join" in student.ids, "the landing page's join box", timeout=15)
            return joined, "class-join" in student.ids
        finally:
            await student.close()

    with ThreadPoolExecutor(1) as thread:  # its own event loop, beside Playwright's
        joined, solo = thread.submit(asyncio.run, lesson()).result()
    assert joined and solo
