"""The class's questions about the softmax page: the lecture's example z, a uniform guess's loss, and where a naive
e^z overflows."""

from __future__ import annotations

import numpy as np

from explainer.class_session.questions.question import Facts, Question
from explainer.class_session.questions.sigmoid_vs_softmax import ZEROS_10
from explainer.i18n import N_
from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET
from explainer.links import LINKS

PAGE = "softmax"
LECTURE_Z = ", ".join(f"{z:g}" for z in LECTURE_LOGITS).replace("-", "−")  # as the prompts print it: 0.2, 0.1, −0.1
CLASS_CHOICE = N_("Class {choice}")  # a choice of the largest bar: "Class 3"
LECTURE_REVEAL = {"logits": LINKS["logits"].format(LECTURE_LOGITS), "target": LINKS["target"].format(LECTURE_TARGET)}


def _largest_bar(facts: Facts):
    from explainer.maths import softmax

    p = softmax.softmax(LECTURE_LOGITS)
    return tuple(CLASS_CHOICE.format(choice=k) for k in range(len(p))), CLASS_CHOICE.format(choice=int(np.argmax(p)))


def _largest_p(facts: Facts):
    from explainer.maths import softmax

    return (), float(np.max(softmax.softmax(LECTURE_LOGITS)))


def _uniform_loss(facts: Facts):
    from explainer.maths import softmax

    return (), float(softmax.analyse([0.0] * 10, 0).loss)


def _float32_overflow(facts: Facts):
    from explainer.maths import softmax

    return (), softmax.OVERFLOW_AT["float32"]


PAGE_QUESTIONS = (
    Question(
        "largest_bar",
        PAGE,
        N_("z = [{z}]: which class gets the **largest probability**?"),
        "choice",
        _largest_bar,
        N_("Softmax keeps the order of the logits: the largest logit gets the largest probability."),
        reveal=LECTURE_REVEAL,
        words={"z": LECTURE_Z},
        choice_label=CLASS_CHOICE,
    ),
    Question(
        "largest_p",
        PAGE,
        N_("z = [{z}]: **roughly how large** is the largest probability?"),
        "number",
        _largest_p,
        N_("e^0.2 / (e^0.2 + e^0.1 + e^−0.1): close logits give close probabilities, far from 1."),
        tolerance=0.03,
        reveal=LECTURE_REVEAL,
        words={"z": LECTURE_Z},
    ),
    Question(
        "uniform_loss",
        PAGE,
        N_("A model that guesses **uniformly over 10 classes**: what is its cross-entropy loss?"),
        "number",
        _uniform_loss,
        N_("p = 1/10 for the true class, so the loss is −log(1/10) = ln 10: where an untrained network starts."),
        tolerance=0.1,
        reveal={"logits": ZEROS_10, "target": "0"},
    ),
    Question(
        "float32_overflow",
        PAGE,
        N_("In float32, from which logit on does a **naive e^z overflow** to inf?"),
        "number",
        _float32_overflow,
        N_("float32 tops out near 3.4e38 = e^88.7; subtracting the largest logit first (as torch does) avoids it."),
        tolerance=1.0,
        reveal={"logits": "1000,-1000,0", "target": "0"},
        digits=1,
    ),
)
