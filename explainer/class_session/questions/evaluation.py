"""The class's questions about the evaluation page, both about the teacher's current run: which digit it confuses
with 4, and whether its precision or its recall of 9 is higher."""

from __future__ import annotations

import math

import numpy as np

from explainer.class_session.questions.question import Facts, NeedsRun, Question
from explainer.i18n import N_, _

PAGE = "evaluation"
CONFUSED = 4
PRECISION_CLASS = 9
PR_CHOICES = (N_("Precision"), N_("Recall"), N_("They are equal"))  # the choices: messages


def _run_matrix(facts: Facts) -> np.ndarray:
    if facts.confusion is None:
        raise NeedsRun(_("Train a run first (Training or Evaluation page): this question is about its mistakes."))
    return np.asarray(facts.confusion)


def _confused_with_four(facts: Facts):
    matrix = _run_matrix(facts)
    both_ways = matrix[CONFUSED, :] + matrix[:, CONFUSED]  # 4 read as k, and k read as 4
    both_ways[CONFUSED] = -1
    choices = tuple(str(k) for k in range(len(matrix)) if k != CONFUSED)
    return choices, str(int(np.argmax(both_ways)))


def _precision_or_recall(facts: Facts):
    from explainer.maths.metrics import one_vs_rest

    scores = one_vs_rest(_run_matrix(facts), PRECISION_CLASS)
    if math.isclose(scores.precision, scores.recall, abs_tol=5e-4):
        return PR_CHOICES, PR_CHOICES[2]
    return PR_CHOICES, PR_CHOICES[0] if scores.precision > scores.recall else PR_CHOICES[1]


PAGE_QUESTIONS = (
    Question(
        "confused_with_4",
        PAGE,
        N_("Which digit does **our current run** confuse with 4 the most (either way round)?"),
        "choice",
        _confused_with_four,
        N_("Read row 4 and column 4 of the confusion matrix, diagonal hidden: the brightest cell is the answer."),
        about_run=True,
        reveal={"digit": str(CONFUSED), "diagonal": "hidden"},
    ),
    Question(
        "precision_or_recall",
        PAGE,
        N_("For digit 9 in **our current run**: which is higher, its precision or its recall?"),
        "choice",
        _precision_or_recall,
        N_("Precision = TP / (TP + FP) reads column 9, recall = TP / (TP + FN) reads row 9."),
        about_run=True,
        reveal={"digit": str(PRECISION_CLASS)},
    ),
)
