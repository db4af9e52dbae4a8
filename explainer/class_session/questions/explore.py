"""The class's questions about the sweep page: how far SGD with momentum really steps, and two read off the map the
room made together (where its runs began to diverge, which momentum did best at one learning rate)."""

from __future__ import annotations

import math

from explainer.class_session.questions.question import Facts, NeedsRun, Question, Told
from explainer.i18n import N_, _

PAGE = "explore"
LR, MOMENTUM = 0.01, 0.9
MAP_LR = 0.1  # the learning rate the momentum question prefers, when the room has mapped two momenta there
MAX_CHOICES = 6  # a phone's answer buttons: the learning rates around the right one


def _steady_step(facts: Facts):
    """PyTorch's SGD run on a gradient that stays 1: the step it settles to (lr / (1 − momentum) in theory)."""
    import torch

    weight = torch.zeros(1, requires_grad=True)
    optimizer = torch.optim.SGD([weight], lr=LR, momentum=MOMENTUM)
    before = 0.0
    for _step in range(200):  # 0.9^200: the transient is long gone
        before = float(weight.detach())
        optimizer.zero_grad()
        weight.grad = torch.ones(1)
        optimizer.step()
    return (), round(before - float(weight.detach()), 6)


def lr_words(lr: float) -> str:
    """A learning rate as the questions say it: 0.1, 0.003, 1e-4."""
    return f"{lr:g}"


def _map_runs(facts: Facts):
    runs = [run for run in facts.room_runs if run.on_map]
    if not runs:
        raise NeedsRun(_("No run of the room is on the map yet: press Map it together, and let the room train."))
    return runs


def _diverged_from(facts: Facts):
    """The smallest learning rate at which a run of the room diverged: below it, every run converged."""
    runs = _map_runs(facts)
    diverged = [run for run in runs if run.diverged]
    if not diverged:
        raise NeedsRun(_("No run of the room has diverged yet: this question needs a ✗ on the map."))
    first = min(diverged, key=lambda run: (run.lr, run.momentum))
    lrs = sorted({run.lr for run in runs})
    at = lrs.index(first.lr)
    start = max(0, min(at - MAX_CHOICES // 2, len(lrs) - MAX_CHOICES))
    choices = tuple(lr_words(lr) for lr in lrs[start : start + MAX_CHOICES])
    return choices, lr_words(first.lr), Told({"momentum": f"{first.momentum:g}"}, (first.lr, first.momentum))


def _best_momentum(facts: Facts):
    """At one learning rate (0.1 if the room mapped two momenta there, else the one with the most), the momentum whose
    run reached the best test accuracy (a diverged run counts as the worst)."""
    runs = _map_runs(facts)
    best: dict[float, dict[float, float]] = {}
    for run in runs:
        score = -1.0 if run.diverged or run.accuracy is None else run.accuracy
        column = best.setdefault(run.lr, {})
        column[run.momentum] = max(score, column.get(run.momentum, -1.0))
    lr = max(  # 0.1 if two momenta ran there, else the most momenta, the nearest to 0.1 first
        best, key=lambda lr: (lr == MAP_LR and len(best[lr]) > 1, len(best[lr]), -abs(math.log10(lr / MAP_LR)))
    )
    if len(best[lr]) < 2:
        raise NeedsRun(_("The map has no learning rate with runs at two momenta yet: press Map it together first."))
    column = best[lr]
    momentum = max(column, key=lambda m: (column[m], -m))  # a tie: the smaller momentum, the simpler answer
    diverged = column[momentum] < 0
    accuracy = "diverged" if diverged else f"{100 * column[momentum]:.0f}%"
    words = {"lr": lr_words(lr), "momentum": f"{momentum:g}", "accuracy": accuracy}
    told = Told(words, (lr, momentum), BEST_DIVERGED if diverged else "")
    return tuple(f"{m:g}" for m in sorted(column)), f"{momentum:g}", told


BEST_DIVERGED = N_(  # the best momentum's explanation when every run at that learning rate diverged
    "Momentum {momentum} reached diverged. What counts is the step it makes, about lr / (1 − momentum): too small "
    "learns slowly in a few epochs, too large overshoots."
)

PAGE_QUESTIONS = (
    Question(
        "steady_step",
        PAGE,
        N_(
            "SGD with **lr = {lr}** and **momentum = {momentum}**, on a slope that stays the same: how far does each "
            "step move the weight, once it has settled?"
        ),
        "number",
        _steady_step,
        N_(
            "Momentum keeps adding the last steps: the step settles at lr / (1 − momentum) = 0.01 / 0.1 = 0.1, ten "
            "times the learning rate. That is why the map's good cells lie on a diagonal."
        ),
        tolerance=0.01,
        digits=2,
        words={"lr": str(LR), "momentum": str(MOMENTUM)},
    ),
    Question(
        "map_diverged_from",
        PAGE,
        N_("On **the room's map**: what is the smallest learning rate at which a run diverged (✗)?"),
        "choice",
        _diverged_from,
        N_(
            "Below it every run of the room converged. Its first ✗ had momentum {momentum}: momentum stretches the "
            "step to about lr / (1 − momentum), so a high momentum diverges at a smaller learning rate."
        ),
        about_map=True,
    ),
    Question(
        "map_best_momentum",
        PAGE,
        N_("On **the room's map**, at learning rate **{lr}**: which momentum gave the best test accuracy?"),
        "choice",
        _best_momentum,
        N_(
            "Momentum {momentum} reached {accuracy}. What counts is the step it makes, about lr / (1 − momentum): too "
            "small learns slowly in a few epochs, too large overshoots."
        ),
        about_map=True,
    ),
)
