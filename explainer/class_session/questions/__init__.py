"""The questions a teacher can put to the room, each tied to a page (and a step) of the lesson, declared once: one
module a page, the shared types in :mod:`~explainer.class_session.questions.question`.

Every correct answer is computed when the question opens, from the lesson's maths or from the teacher's current
run, never typed in: :meth:`Question.ask` returns an :class:`Asked`, the question as the class sees it with its
truth, which the store keeps as JSON for every replica. ``reveal`` is the link that turns the page's live figure
to the case that explains the answer.

The maths modules import torch (about a second and 500 MB): they are imported when a question opens, in the
teacher's replica, so that a student's phone joining the class never waits for them.
"""

from __future__ import annotations

from explainer.class_session.questions import (
    draw_digit,
    evaluation,
    explore,
    mnist_data,
    otto,
    sigmoid_vs_softmax,
    softmax,
    training,
)
from explainer.class_session.questions.question import Asked, Facts, Kind, NeedsRun, Question
from explainer.lesson import LESSON

__all__ = ["LESSON_QUESTIONS", "QUESTIONS", "Asked", "Facts", "Kind", "NeedsRun", "Question", "questions_for"]

_BY_PAGE = {
    page.PAGE: page.PAGE_QUESTIONS
    for page in (sigmoid_vs_softmax, softmax, mnist_data, training, explore, evaluation, draw_digit, otto)
}
LESSON_QUESTIONS = tuple(question for step in LESSON for question in _BY_PAGE.get(step.url_path, ()))
QUESTIONS = {question.key: question for question in LESSON_QUESTIONS}


def questions_for(page: str) -> list[Question]:
    """The questions about ``page``, in lesson order.

    >>> [q.key for q in questions_for("mnist_data")]
    ['pixels', 'black_pixel']
    """
    return [question for question in LESSON_QUESTIONS if question.page == page]
