"""The lesson as a path through the pages, in the lecture's order, and the lecture's own examples.
Home.py turns the path into navigation.

A page is listed only once its script exists: no placeholders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from explainer.i18n import N_

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
    title: str  # marked with N_: shown as _(step.title)
    icon: str
    summary: str  # one line on the landing page; marked with N_, shown as _(step.summary)
    # The glossary's terms the page uses (explainer/i18n/glossary.py's English): a page in Chinese names each with its
    # English under its title, before their first use, since the slides and the code are in English.
    terms: tuple[str, ...] = ()


LESSON = (
    Step(
        "sigmoid_vs_softmax",
        N_("Why not ten sigmoids?"),
        ":material/call_split:",
        N_("Ten sigmoids do not compete or sum to 1; one softmax does."),
        terms=("probability", "distribution", "cross-entropy", "loss"),
    ),
    Step(
        "softmax",
        N_("Softmax and cross-entropy"),
        ":material/target:",
        N_("Logits → softmax → −log p(true), live, with the gradient."),
        terms=(
            "cross-entropy",
            "loss",
            "probability",
            "gradient",
            "temperature",
            "label smoothing",
            "one-hot",
            "distribution",
        ),
    ),
    Step(
        "mnist_data",
        N_("MNIST as numbers"),
        ":material/grid_on:",
        N_("A digit is 28 × 28 = 784 numbers: raw, ToTensor, Normalize."),
        terms=("cross-entropy", "training set", "test set", "distribution"),
    ),
    Step(
        "training",
        N_("Training the network"),
        ":material/model_training:",
        N_("The lecture's 784-512-256-128-64-10 network, trained live."),
        terms=(
            "hyperparameter",
            "loss",
            "learning rate",
            "momentum",
            "batch size",
            "epoch",
            "optimizer",
            "accuracy",
            "weights",
            "test set",
            "activation",
            "gradient",
        ),
    ),
    Step(
        "explore",
        N_("Exploring hyperparameters"),
        ":material/travel_explore:",
        N_("Learning rate × momentum mapped: converge, crawl or diverge."),
        terms=(
            "hyperparameter",
            "learning rate",
            "momentum",
            "batch size",
            "epoch",
            "trial",
            "pruned",
            "accuracy",
            "optimizer",
        ),
    ),
    Step(
        "evaluation",
        N_("Evaluation"),
        ":material/table_view:",
        N_("Confusion matrix; precision, recall, F1; the digits behind."),
        terms=(
            "hyperparameter",
            "confusion matrix",
            "precision",
            "recall",
            "accuracy",
            "true positive",
            "false positive",
            "false negative",
            "true negative",
            "epoch",
            "test set",
            "probability",
        ),
    ),
    Step(
        "draw_digit",
        N_("Draw a digit"),
        ":material/draw:",
        N_("Your handwriting through every layer, softmax and loss."),
        terms=("probability", "loss", "accuracy", "test set", "activation", "weights"),
    ),
    Step(
        "otto",
        N_("Exercise: Otto products"),
        ":material/inventory_2:",
        N_("The lecture's exercise: 93 features, 9 classes, log loss."),
        terms=(
            "loss",
            "accuracy",
            "learning rate",
            "momentum",
            "batch size",
            "epoch",
            "optimizer",
            "weights",
            "probability",
            "distribution",
        ),
    ),
)

# The landing page's (its list of the steps names these).
LANDING_TERMS = ("cross-entropy", "loss", "hyperparameter", "learning rate", "momentum", "confusion matrix",
                 "precision", "recall")  # fmt: skip

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
