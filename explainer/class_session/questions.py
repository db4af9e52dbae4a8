"""The questions a teacher can put to the room, each tied to a page (and a step) of the lesson, declared once.
(Over 400 lines because the question bank is one list a teacher reads top to bottom; each question is a short
builder, and split by page they would no longer show the lesson's order.)

Every correct answer is computed when the question opens, from the lesson's maths or from the teacher's current
run, never typed in: :meth:`Question.ask` returns an :class:`Asked`, the question as the class sees it with its
truth, which the store keeps as JSON for every replica. ``reveal`` is the link that turns the page's live figure
to the case that explains the answer.

The maths modules import torch (about a second and 500 MB): they are imported when a question opens, in the
teacher's replica, so that a student's phone joining the class never waits for them.
"""

from __future__ import annotations

import functools
import json
import math
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from typing import Literal

import numpy as np

Kind = Literal["choice", "number"]
SAME, ALL_UP, ALL_DOWN, TOP_UP = (
    "They stay exactly the same",
    "They all grow",
    "They all shrink",
    "The largest grows, the others shrink",
)


class NeedsRun(ValueError):
    """The question is about the current run, and there is none with a finished epoch yet."""


@dataclass(frozen=True)
class Facts:
    """What a question may be about besides the maths: the teacher's current run, as a 10 x 10 confusion matrix
    (rows: true digit, columns: predicted) of its latest epoch on the test digits; None without a run."""

    confusion: np.ndarray | None = None


@dataclass(frozen=True)
class Asked:
    """A question as put to the class: what the phones show, and the truth the reveal shows."""

    key: str
    page: str
    prompt: str
    kind: Kind
    choices: tuple[str, ...]  # empty for a number
    correct: str  # the right choice, or the number printed as the reveal shows it
    value: float | None  # the right number (for a number)
    tolerance: float  # a guess this close to ``value`` counts as right
    explanation: str  # one sentence the reveal shows under the answer
    reveal: dict[str, str] = field(default_factory=dict)  # link parameters of ``page`` that show the case

    def to_json(self) -> str:
        return json.dumps(asdict(self))

    @classmethod
    def from_json(cls, text: str) -> Asked:
        data = json.loads(text)
        return cls(**{**data, "choices": tuple(data["choices"])})

    def parse(self, text: str) -> str:
        """A student's answer as the store keeps it, or ValueError with a message fit for a phone.

        >>> QUESTIONS["uniform_loss"].ask(Facts()).parse(" 2,3 ")
        '2.3'
        """
        text = str(text).strip()
        if self.kind == "choice":
            if text not in self.choices:
                raise ValueError("Pick one of the answers shown.")
            return text
        try:
            number = float(text.replace(",", ".").replace("−", "-"))
        except ValueError:
            raise ValueError(f"Type a number, e.g. {_example(self.value)}.") from None
        if not math.isfinite(number) or abs(number) > 1e9:
            raise ValueError("Type a finite number.")
        return f"{number:g}"

    def is_right(self, answer: str) -> bool:
        if self.kind == "choice":
            return answer == self.correct
        return abs(float(answer) - (self.value or 0.0)) <= self.tolerance


def _example(value: float | None) -> str:
    return "0.5" if value is None or abs(value) < 10 else "1000"


@dataclass(frozen=True)
class Question:
    key: str
    page: str  # the lesson's url_path it belongs to
    prompt: str
    kind: Kind
    truth: Callable[[Facts], tuple[tuple[str, ...], str | float]]  # -> (choices, correct choice or number)
    explanation: str
    tolerance: float = 0.0  # for numbers: absolute
    reveal: dict[str, str] = field(default_factory=dict)
    digits: int = 4  # for numbers: how the reveal prints the right value
    about_run: bool = False  # its truth reads Facts.confusion: the teacher's current run

    def ask(self, facts: Facts) -> Asked:
        """The question with its truth computed now (NeedsRun if it is about a run and there is none)."""
        choices, correct = self.truth(facts)
        if self.kind == "choice":
            assert correct in choices, (self.key, correct, choices)
            return Asked(
                self.key,
                self.page,
                self.prompt,
                "choice",
                choices,
                str(correct),
                None,
                0,
                self.explanation,
                self.reveal,
            )
        value = float(correct)
        shown = f"{value:,.{self.digits}f}"
        shown = shown.rstrip("0").rstrip(".") if "." in shown else shown  # 0.3780 -> 0.378, 401,920 stays
        return Asked(
            self.key, self.page, self.prompt, "number", (), shown, value, self.tolerance, self.explanation, self.reveal
        )


# --- the truths, from the maths and the current run ----------------------------------------------------------


def _direction(before: np.ndarray, after: np.ndarray) -> str:
    """How a vector of probabilities moved: the words of the shift questions' choices."""
    if np.allclose(before, after, atol=1e-9):
        return SAME
    if np.all(after > before):
        return ALL_UP
    if np.all(after < before):
        return ALL_DOWN
    return TOP_UP


SHIFT_Z, SHIFT = (2.0, 1.0, 0.0), 5.0
MOVES = (ALL_UP, SAME, TOP_UP, ALL_DOWN)


def _softmax_shift(facts: Facts):
    from explainer.maths import softmax

    return MOVES, _direction(softmax.softmax(SHIFT_Z), softmax.softmax(np.add(SHIFT_Z, SHIFT)))


def _sigmoid_shift(facts: Facts):
    from explainer.maths import softmax

    return MOVES, _direction(softmax.sigmoid(SHIFT_Z), softmax.sigmoid(np.add(SHIFT_Z, SHIFT)))


def _sigmoid_sum(facts: Facts):
    from explainer.maths import softmax

    return (), float(np.sum(softmax.sigmoid([0.0] * 10)))


def _largest_bar(facts: Facts):
    from explainer.maths import softmax

    p = softmax.softmax(softmax.LECTURE_LOGITS)
    return tuple(f"Class {k}" for k in range(len(p))), f"Class {int(np.argmax(p))}"


def _largest_p(facts: Facts):
    from explainer.maths import softmax

    return (), float(np.max(softmax.softmax(softmax.LECTURE_LOGITS)))


def _uniform_loss(facts: Facts):
    from explainer.maths import softmax

    return (), float(softmax.analyse([0.0] * 10, 0).loss)


def _float32_overflow(facts: Facts):
    from explainer.maths import softmax

    return (), softmax.OVERFLOW_AT["float32"]


def _pixels(facts: Facts):
    from explainer.data.mnist import SIDE

    return (), float(SIDE * SIDE)


def _black_pixel(facts: Facts):
    from explainer.data import mnist

    return (), float(mnist.normalize(mnist.to_unit(np.zeros((1, 1), dtype=np.uint8)))[0, 0])


LR_PROBE = 10.0
LR_CHOICES = ("It falls faster", "It falls as before", "It blows up (inf or nan)", "It gets stuck, flat")


@functools.cache
def _lr_probe_outcome(lr: float) -> str:
    """Train the lecture's network at ``lr`` on the bundled digits until the engine's divergence check speaks (or
    one short epoch ends): what its loss curve does. Once per process: about two seconds."""
    from explainer.data.mnist import load_bundled
    from explainer.training.config import TrainConfig
    from explainer.training.engine import Divergence, EpochResult, Tensors, TrainingRun

    data = load_bundled()
    config = TrainConfig(lr=lr, epochs=1, seed=0)
    first = TrainingRun(config, Tensors.from_mnist(data))
    for event in first.events():
        if isinstance(event, Divergence):
            return LR_CHOICES[3] if event.kind == "dead" else LR_CHOICES[2]
        if isinstance(event, EpochResult):
            break
    return LR_CHOICES[0]


def _lr_ten(facts: Facts):
    return LR_CHOICES, _lr_probe_outcome(LR_PROBE)


def _run_matrix(facts: Facts) -> np.ndarray:
    if facts.confusion is None:
        raise NeedsRun("Train a run first (Training or Evaluation page): this question is about its mistakes.")
    return np.asarray(facts.confusion)


CONFUSED = 4


def _confused_with_four(facts: Facts):
    matrix = _run_matrix(facts)
    both_ways = matrix[CONFUSED, :] + matrix[:, CONFUSED]  # 4 read as k, and k read as 4
    both_ways[CONFUSED] = -1
    choices = tuple(str(k) for k in range(len(matrix)) if k != CONFUSED)
    return choices, str(int(np.argmax(both_ways)))


PRECISION_CLASS = 9
PR_CHOICES = ("Precision", "Recall", "They are equal")


def _precision_or_recall(facts: Facts):
    from explainer.maths.metrics import one_vs_rest

    scores = one_vs_rest(_run_matrix(facts), PRECISION_CLASS)
    if math.isclose(scores.precision, scores.recall, abs_tol=5e-4):
        return PR_CHOICES, PR_CHOICES[2]
    return PR_CHOICES, PR_CHOICES[0] if scores.precision > scores.recall else PR_CHOICES[1]


def _first_layer_parameters(facts: Facts):
    from explainer.training.config import TrainConfig

    width = TrainConfig().hidden[0]
    import torch

    return (), float(sum(p.numel() for p in torch.nn.Linear(28 * 28, width).parameters()))


def _otto_uniform(facts: Facts):
    from explainer.data.otto import NUM_CLASSES
    from explainer.maths.outputs import multiclass_log_loss

    labels = np.arange(NUM_CLASSES)
    return (), multiclass_log_loss(labels, np.full((NUM_CLASSES, NUM_CLASSES), 1 / NUM_CLASSES))


ZEROS_10 = ",".join(["0"] * 10)

LESSON_QUESTIONS = (
    Question(
        "shift_softmax",
        "sigmoid_vs_softmax",
        "Every logit of z = [2, 1, 0] grows by 5. What do the **softmax** probabilities do?",
        "choice",
        _softmax_shift,
        "Softmax only sees differences between logits: adding the same number to all of them changes nothing.",
        reveal={"logits": "2,1,0", "shift": "5"},
    ),
    Question(
        "shift_sigmoids",
        "sigmoid_vs_softmax",
        "Every logit of z = [2, 1, 0] grows by 5. What do **separate sigmoids** σ(z) do?",
        "choice",
        _sigmoid_shift,
        "Each sigmoid looks at its own logit only: every one of them rises towards 1, and they never compete.",
        reveal={"logits": "2,1,0", "shift": "5"},
    ),
    Question(
        "sigmoid_sum",
        "sigmoid_vs_softmax",
        "Ten logits, all 0. What do the **ten sigmoids add up to**?",
        "number",
        _sigmoid_sum,
        "σ(0) = 0.5 for each of the ten: they sum to 5, not 1, so they are not a distribution.",
        tolerance=0.25,
        reveal={"logits": ZEROS_10, "shift": "0"},
    ),
    Question(
        "largest_bar",
        "softmax",
        "z = [0.2, 0.1, −0.1]: which class gets the **largest probability**?",
        "choice",
        _largest_bar,
        "Softmax keeps the order of the logits: the largest logit gets the largest probability.",
        reveal={"logits": "0.2,0.1,-0.1", "target": "0"},
    ),
    Question(
        "largest_p",
        "softmax",
        "z = [0.2, 0.1, −0.1]: **roughly how large** is the largest probability?",
        "number",
        _largest_p,
        "e^0.2 / (e^0.2 + e^0.1 + e^−0.1): close logits give close probabilities, far from 1.",
        tolerance=0.03,
        reveal={"logits": "0.2,0.1,-0.1", "target": "0"},
    ),
    Question(
        "uniform_loss",
        "softmax",
        "A model that guesses **uniformly over 10 classes**: what is its cross-entropy loss?",
        "number",
        _uniform_loss,
        "p = 1/10 for the true class, so the loss is −log(1/10) = ln 10: where an untrained network starts.",
        tolerance=0.1,
        reveal={"logits": ZEROS_10, "target": "0"},
    ),
    Question(
        "float32_overflow",
        "softmax",
        "In float32, from which logit on does a **naive e^z overflow** to inf?",
        "number",
        _float32_overflow,
        "float32 tops out near 3.4e38 = e^88.7; subtracting the largest logit first (as torch does) avoids it.",
        tolerance=1.0,
        reveal={"logits": "1000,-1000,0", "target": "0"},
        digits=1,
    ),
    Question(
        "pixels",
        "mnist_data",
        "How many **numbers** does the network read for one MNIST digit?",
        "number",
        _pixels,
        "28 × 28 pixels, flattened into one row of 784 numbers: the network's input layer.",
        tolerance=0.5,
        digits=0,
    ),
    Question(
        "black_pixel",
        "mnist_data",
        "A black pixel (0) after ToTensor and Normalize((0.1307,), (0.3081,)): **what value** does the network see?",
        "number",
        _black_pixel,
        "ToTensor gives 0.0, then (0 − 0.1307) / 0.3081: the background is slightly negative.",
        tolerance=0.05,
    ),
    Question(
        "lr_ten",
        "training",
        "Train the lecture's network with **lr = 10** instead of 0.01. What does the loss curve do?",
        "choice",
        _lr_ten,
        "Steps a thousand times too large overshoot every valley: the loss explodes within a few batches.",
        reveal={"lr": "10"},
    ),
    Question(
        "confused_with_4",
        "evaluation",
        "Which digit does **our current run** confuse with 4 the most (either way round)?",
        "choice",
        _confused_with_four,
        "Read row 4 and column 4 of the confusion matrix, diagonal hidden: the brightest cell is the answer.",
        about_run=True,
        reveal={"digit": str(CONFUSED), "diagonal": "hidden"},
    ),
    Question(
        "precision_or_recall",
        "evaluation",
        "For digit 9 in **our current run**: which is higher, its precision or its recall?",
        "choice",
        _precision_or_recall,
        "Precision = TP / (TP + FP) reads column 9, recall = TP / (TP + FN) reads row 9.",
        about_run=True,
        reveal={"digit": str(PRECISION_CLASS)},
    ),
    Question(
        "first_layer",
        "draw_digit",
        "How many **weights and biases** has the network's first layer (784 → 512)?",
        "number",
        _first_layer_parameters,
        "784 × 512 weights plus 512 biases: most of the network's parameters sit in this one layer.",
        tolerance=20_000,
        digits=0,
    ),
    Question(
        "otto_uniform",
        "otto",
        "Otto has 9 classes. What **log loss** does a uniform guess (1/9 each) score?",
        "number",
        _otto_uniform,
        "−log(1/9) = ln 9 for every product: any model worth submitting must beat it.",
        tolerance=0.1,
    ),
)
QUESTIONS = {question.key: question for question in LESSON_QUESTIONS}


def questions_for(page: str) -> list[Question]:
    """The questions about ``page``, in lesson order.

    >>> [q.key for q in questions_for("mnist_data")]
    ['pixels', 'black_pixel']
    """
    return [question for question in LESSON_QUESTIONS if question.page == page]
