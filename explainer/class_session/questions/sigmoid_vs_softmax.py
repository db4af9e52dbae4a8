"""The class's questions about the sigmoid vs softmax page: what a shift of every logit does, and what ten sigmoids
add up to."""

from __future__ import annotations

import numpy as np

from explainer.class_session.questions.question import Facts, Question
from explainer.i18n import N_

PAGE = "sigmoid_vs_softmax"
SAME, ALL_UP, ALL_DOWN, TOP_UP = (  # the choices: messages, translated as the phones show them
    N_("They stay exactly the same"),
    N_("They all grow"),
    N_("They all shrink"),
    N_("The largest grows, the others shrink"),
)
SHIFT_Z, SHIFT = (2.0, 1.0, 0.0), 5.0
MOVES = (ALL_UP, SAME, TOP_UP, ALL_DOWN)
ZEROS_10 = ",".join(["0"] * 10)


def _direction(before: np.ndarray, after: np.ndarray) -> str:
    """How a vector of probabilities moved: the words of the shift questions' choices."""
    if np.allclose(before, after, atol=1e-9):
        return SAME
    if np.all(after > before):
        return ALL_UP
    if np.all(after < before):
        return ALL_DOWN
    return TOP_UP


def _softmax_shift(facts: Facts):
    from explainer.maths import softmax

    return MOVES, _direction(softmax.softmax(SHIFT_Z), softmax.softmax(np.add(SHIFT_Z, SHIFT)))


def _sigmoid_shift(facts: Facts):
    from explainer.maths import softmax

    return MOVES, _direction(softmax.sigmoid(SHIFT_Z), softmax.sigmoid(np.add(SHIFT_Z, SHIFT)))


def _sigmoid_sum(facts: Facts):
    from explainer.maths import softmax

    return (), float(np.sum(softmax.sigmoid([0.0] * 10)))


PAGE_QUESTIONS = (
    Question(
        "shift_softmax",
        PAGE,
        N_("Every logit of z = [2, 1, 0] grows by 5. What do the **softmax** probabilities do?"),
        "choice",
        _softmax_shift,
        N_("Softmax only sees differences between logits: adding the same number to all of them changes nothing."),
        reveal={"logits": "2,1,0", "shift": "5"},
    ),
    Question(
        "shift_sigmoids",
        PAGE,
        N_("Every logit of z = [2, 1, 0] grows by 5. What do **separate sigmoids** σ(z) do?"),
        "choice",
        _sigmoid_shift,
        N_("Each sigmoid looks at its own logit only: every one of them rises towards 1, and they never compete."),
        reveal={"logits": "2,1,0", "shift": "5"},
    ),
    Question(
        "sigmoid_sum",
        PAGE,
        N_("Ten logits, all 0. What do the **ten sigmoids add up to**?"),
        "number",
        _sigmoid_sum,
        N_("σ(0) = 0.5 for each of the ten: they sum to 5, not 1, so they are not a distribution."),
        tolerance=0.25,
        reveal={"logits": ZEROS_10, "shift": "0"},
    ),
)
