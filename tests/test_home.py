"""The landing page lists the lesson in the lecture's order; only pages that exist are listed."""

from streamlit.testing.v1 import AppTest

from explainer import lesson
from explainer.lesson import LESSON, available_steps, script_path
from tests.support.apptest import HOME


def test_lesson_order_is_the_lectures():
    assert [step.url_path for step in LESSON] == [
        "sigmoid_vs_softmax",
        "softmax",
        "mnist_data",
        "training",
        "explore",  # after Training: many trainings at once
        "evaluation",
        "draw_digit",
        "otto",
    ]


def pages_without(tmp_path, missing: set[str]) -> list:
    """A pages folder holding every lesson page's script but ``missing``; the steps left, in lesson order."""
    for step in LESSON:
        if step.url_path not in missing:
            (tmp_path / f"{step.url_path}.py").symlink_to(script_path(step))
    return [step for step in LESSON if step.url_path not in missing]


def test_a_step_whose_page_script_is_missing_is_not_listed_and_the_rest_keep_the_lessons_order(tmp_path, monkeypatch):
    assert all(script_path(step).exists() for step in LESSON), "every step of the lesson has its page"
    kept = pages_without(tmp_path, {"softmax", "evaluation"})
    monkeypatch.setattr(lesson, "PAGES_DIR", tmp_path)
    assert available_steps() == kept


def test_landing_page_links_every_step_with_its_summary_and_no_missing_one(tmp_path, monkeypatch):
    at = AppTest.from_file(HOME, default_timeout=30).run()
    assert not at.exception
    assert [c.value for c in at.caption] == [step.summary for step in LESSON]

    kept = pages_without(tmp_path, {"mnist_data"})
    monkeypatch.setattr(lesson, "PAGES_DIR", tmp_path)
    at = AppTest.from_file(HOME, default_timeout=30).run()
    assert not at.exception
    assert [c.value for c in at.caption] == [step.summary for step in kept]
