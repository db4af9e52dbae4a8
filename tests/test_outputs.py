"""explainer.maths.outputs: the one check of model outputs, as the evaluation page, a run and Kaggle's files use it."""

from __future__ import annotations

import numpy as np
import pytest

from explainer.data.otto_submission import submission_frame
from explainer.maths.outputs import check_probabilities, outputs_problem

GOOD = np.array([[0.2, 0.8], [0.6, 0.4]])


@pytest.mark.parametrize(
    ("outputs", "kwargs", "says"),
    [
        (np.zeros((0, 10)), {}, "there are no outputs to evaluate (shape (0, 10))."),
        (np.zeros(10), {}, "there are no outputs to evaluate (shape (10,))."),
        (np.zeros((3, 1)), {}, "must have shape (N, K ≥ 2)"),
        (GOOD, {"n_rows": 3}, "must have shape (3, K ≥ 2), one row a sample and one column a class; got (2, 2)."),
        (GOOD, {"n_classes": 10}, "must have shape (N, 10)"),
        (np.array([[1.0, np.inf], [0.0, 1.0], [np.nan, 0.0]]), {}, "(row indices 0, 2): the weights overflowed."),
        (np.full((7, 2), np.nan), {}, "(row indices 0, 1, 2, 3, 4 and 2 more)"),
    ],
)
def test_outputs_problem_says_what_is_wrong(outputs, kwargs, says):
    assert says in outputs_problem(outputs, **kwargs)


def test_logits_may_be_negative_but_probabilities_may_not():
    logits = np.log(GOOD)
    assert outputs_problem(logits) is None
    assert "apply softmax first" in outputs_problem(logits, probabilities=True)
    assert outputs_problem(GOOD, 2, 2, probabilities=True) is None


def test_check_probabilities_raises_the_same_sentence():
    with pytest.raises(ValueError, match=r"^The probabilities contain NaN or infinite values \(row indices 1\)\.$"):
        check_probabilities([[0.5, 0.5], [np.nan, 1.0]], 2)
    np.testing.assert_array_equal(check_probabilities(GOOD.tolist(), 2, 2), GOOD)


def test_the_submission_file_refuses_logits_with_that_check():
    with pytest.raises(ValueError, match="apply softmax first"):
        submission_frame([1, 2], np.log(np.full((2, 9), 1 / 9)))
