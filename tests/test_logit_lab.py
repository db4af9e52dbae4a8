"""What the logit lab sends back on release is checked in Python before it becomes the page's example."""

import math

import pytest

from explainer.ui.components.logit_lab import released_logits


def test_finite_logits_of_the_right_count_pass():
    assert released_logits([1000, -1000, 0.25], 3) == (1000.0, -1000.0, 0.25)


@pytest.mark.parametrize(
    "payload",
    [
        [1.0, math.nan],
        [1.0, math.inf],
        [1.0, 1000.5],  # past the page's ±1000
        [1.0, True],  # JSON true is not a number here
        [1.0, "2"],
        [1.0, None],
        [1.0, 2.0, 3.0],  # K changed meanwhile
        {"logits": [1.0, 2.0]},
        None,
    ],
)
def test_anything_else_is_refused_with_a_message(payload):
    with pytest.raises(ValueError, match="expected 2 finite numbers within ±1000"):
        released_logits(payload, 2)
