"""The lesson as a path through the pages, in the lecture's order, and the lecture's own examples.
Home.py turns the path into navigation.

A page is listed only once its script exists: no placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

PAGES_DIR = Path(__file__).resolve().parent.parent / "pages"

# The lecture's examples, verbatim, written once: the maths, the links' default example and the class's questions
# read them here. One sample z with y = [1, 0, 0] (loss 0.9729), and a mini-batch of three.
LECTURE_LOGITS = (0.2, 0.1, -0.1)
LECTURE_TARGET = 0
LECTURE_BATCH_TARGETS = (2, 0, 1)  # Y = torch.LongTensor([2, 0, 1])
LECTURE_Y_PRED1 = ((0.1, 0.2, 0.9), (1.1, 0.1, 0.2), (0.2, 2.1, 0.1))  # good: loss 0.4966
LECTURE_Y_PRED2 = ((0.8, 0.2, 0.3), (0.2, 0.3, 0.5), (0.2, 0.2, 0.5))  # bad: loss 1.2389


@dataclass(frozen=True)
class Step:
    url_path: str  # the stable URL a teacher shares: /<url_path>
    title: str
    icon: str
    summary: str  # one line on the landing page


LESSON = (
    Step(
        "sigmoid_vs_softmax",
        "Why not ten sigmoids?",
        ":material/call_split:",
        "Ten sigmoids do not compete or sum to 1; one softmax does.",
    ),
    Step(
        "softmax",
        "Softmax and cross-entropy",
        ":material/target:",
        "Logits → softmax → −log p(true), live, with the gradient.",
    ),
    Step(
        "mnist_data",
        "MNIST as numbers",
        ":material/grid_on:",
        "A digit is 28 × 28 = 784 numbers: raw, ToTensor, Normalize.",
    ),
    Step(
        "training",
        "Training the network",
        ":material/model_training:",
        "The lecture's 784-512-256-128-64-10 network, trained live.",
    ),
    Step(
        "explore",
        "Exploring hyperparameters",
        ":material/travel_explore:",
        "Learning rate × momentum mapped: converge, crawl or diverge.",
    ),
    Step(
        "evaluation",
        "Evaluation",
        ":material/table_view:",
        "Confusion matrix; precision, recall, F1; the digits behind.",
    ),
    Step(
        "draw_digit",
        "Draw a digit",
        ":material/draw:",
        "Your handwriting through every layer, softmax and loss.",
    ),
    Step(
        "otto",
        "Exercise: Otto products",
        ":material/inventory_2:",
        "The lecture's exercise: 93 features, 9 classes, log loss.",
    ),
)


_STEPS = {step.url_path: step for step in LESSON}


def step_for(url_path: str) -> Step:
    """The step of the page at /``url_path``: its title lives here, for the navigation and the page's header.

    >>> step_for("softmax").title
    'Softmax and cross-entropy'
    """
    return _STEPS[url_path]


def script_path(step: Step) -> Path:
    return PAGES_DIR / f"{step.url_path}.py"


def available_steps() -> list[Step]:
    """The steps whose page script exists, in lesson order."""
    return [step for step in LESSON if script_path(step).exists()]
