"""The class's questions about the MNIST page: how many numbers a digit is, and what Normalize makes of black."""

from __future__ import annotations

import numpy as np

from explainer.class_session.questions.question import Facts, Question
from explainer.i18n import N_

PAGE = "mnist_data"


def _pixels(facts: Facts):
    from explainer.data.mnist import SIDE

    return (), float(SIDE * SIDE)


def _black_pixel(facts: Facts):
    from explainer.data import mnist

    return (), float(mnist.normalize(mnist.to_unit(np.zeros((1, 1), dtype=np.uint8)))[0, 0])


PAGE_QUESTIONS = (
    Question(
        "pixels",
        PAGE,
        N_("How many **numbers** does the network read for one MNIST digit?"),
        "number",
        _pixels,
        N_("28 × 28 pixels, flattened into one row of 784 numbers: the network's input layer."),
        tolerance=0.5,
        digits=0,
    ),
    Question(
        "black_pixel",
        PAGE,
        N_(
            "A black pixel (0) after ToTensor and Normalize((0.1307,), (0.3081,)): **what value** does the network see?"
        ),
        "number",
        _black_pixel,
        N_("ToTensor gives 0.0, then (0 − 0.1307) / 0.3081: the background is slightly negative."),
        tolerance=0.05,
    ),
)
