"""The class's question about the sweep page: how far SGD with momentum really steps."""

from __future__ import annotations

from explainer.class_session.questions.question import Facts, Question

PAGE = "explore"
LR, MOMENTUM = 0.01, 0.9


def _steady_step(facts: Facts):
    """PyTorch's SGD run on a gradient that stays 1: the step it settles to (lr / (1 − momentum) in theory)."""
    import torch

    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=LR, momentum=MOMENTUM)
    before = 0.0
    for _ in range(200):  # 0.9^200: the transient is long gone
        before = float(weight.detach())
        optimizer.zero_grad()
        weight.grad = torch.ones(1)
        optimizer.step()
    return (), round(before - float(weight.detach()), 6)


PAGE_QUESTIONS = (
    Question(
        "steady_step",
        PAGE,
        f"SGD with **lr = {LR}** and **momentum = {MOMENTUM}**, on a slope that stays the same: how far does each "
        "step move the weight, once it has settled?",
        "number",
        _steady_step,
        "Momentum keeps adding the last steps: the step settles at lr / (1 − momentum) = 0.01 / 0.1 = 0.1, ten "
        "times the learning rate. That is why the map's good cells lie on a diagonal.",
        tolerance=0.01,
        digits=2,
    ),
)
