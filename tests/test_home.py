"""The landing page lists the lesson in the lecture's order; only pages that exist are listed."""

from streamlit.testing.v1 import AppTest

from explainer.lesson import LESSON, available_steps, script_path
from tests.support.apptest import HOME


def test_lesson_order_is_the_lectures():
    assert [step.url_path for step in LESSON] == [
        "sigmoid_vs_softmax",
        "softmax",
        "mnist_data",
        "training",
        "evaluation",
        "draw_digit",
        "otto",
    ]


def test_only_existing_pages_are_listed():
    steps = available_steps()
    assert steps and all(script_path(step).exists() for step in steps)
    assert [s for s in LESSON if s in steps] == steps  # lesson order kept


def test_landing_page_links_every_step():
    at = AppTest.from_file(HOME, default_timeout=30).run()
    assert not at.exception
    captions = [c.value for c in at.caption]
    assert captions == [step.summary for step in available_steps()]
