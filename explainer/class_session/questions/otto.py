"""The class's question about the Otto exercise: the log loss of a uniform guess over its 9 classes."""

from __future__ import annotations

import numpy as np

from explainer.class_session.questions.question import Facts, Question
from explainer.i18n import N_

PAGE = "otto"


def _otto_uniform(facts: Facts):
    from explainer.data.otto import NUM_CLASSES
    from explainer.maths.outputs import multiclass_log_loss

    labels = np.arange(NUM_CLASSES)
    return (), multiclass_log_loss(labels, np.full((NUM_CLASSES, NUM_CLASSES), 1 / NUM_CLASSES))


PAGE_QUESTIONS = (
    Question(
        "otto_uniform",
        PAGE,
        N_("Otto has 9 classes. What **log loss** does a uniform guess (1/9 each) score?"),
        "number",
        _otto_uniform,
        N_("−log(1/9) = ln 9 for every product: any model worth submitting must beat it."),
        tolerance=0.1,
    ),
)
