"""The class's question about the draw-a-digit page: how many parameters the network's first layer has."""

from __future__ import annotations

from explainer.class_session.questions.question import Facts, Question
from explainer.i18n import N_

PAGE = "draw_digit"


def _first_layer_parameters(facts: Facts):
    from explainer.training.config import TrainConfig

    width = TrainConfig().hidden[0]
    import torch

    return (), float(sum(p.numel() for p in torch.nn.Linear(28 * 28, width).parameters()))


PAGE_QUESTIONS = (
    Question(
        "first_layer",
        PAGE,
        N_("How many **weights and biases** has the network's first layer (784 → 512)?"),
        "number",
        _first_layer_parameters,
        N_("784 × 512 weights plus 512 biases: most of the network's parameters sit in this one layer."),
        tolerance=20_000,
        digits=0,
    ),
)
