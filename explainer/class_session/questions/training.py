"""The class's question about the training page: what a learning rate of 10 does to the lecture's network."""

from __future__ import annotations

import functools

from explainer.class_session.questions.question import Facts, Question
from explainer.i18n import N_

PAGE = "training"
LR_PROBE = 10.0
LR_CHOICES = (  # the choices: messages, translated as the phones show them
    N_("It falls faster"),
    N_("It falls as before"),
    N_("It blows up (inf or nan)"),
    N_("It gets stuck, flat"),
)


@functools.cache
def _lr_probe_outcome(lr: float) -> str:
    """Train the lecture's network at ``lr`` on the bundled digits until the engine's divergence check speaks (or
    one short epoch ends): what its loss curve does. Once per process: about two seconds."""
    from explainer.data.mnist import load_bundled
    from explainer.training.config import TrainConfig
    from explainer.training.divergence import Divergence
    from explainer.training.engine import EpochResult, Tensors, TrainingRun

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


PAGE_QUESTIONS = (
    Question(
        "lr_ten",
        PAGE,
        N_("Train the lecture's network with **lr = 10** instead of 0.01. What does the loss curve do?"),
        "choice",
        _lr_ten,
        N_("Steps a thousand times too large overshoot every valley: the loss explodes within a few batches."),
        reveal={"lr": "10"},
    ),
)
