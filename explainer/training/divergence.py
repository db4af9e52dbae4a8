"""A run that blows up stops itself and says why: a non-finite loss at once, a loss far above guessing at chance
accuracy, or a network whose output no longer depends on its input, each checked over a window of steps.

One :class:`Watch` per run: :class:`~explainer.training.engine.TrainingRun` keeps one, and a
:class:`~explainer.training.population.Population` one per member.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import TYPE_CHECKING

from explainer.i18n import _
from explainer.training.config import TrainConfig

if TYPE_CHECKING:
    import torch

WINDOW = 25  # steps between divergence checks; detects a blow-up within a fraction of an epoch
EXPLODED_FACTOR = 2.0  # a window whose mean loss is above 2 ln C is far worse than guessing uniformly
CHANCE_FACTOR = 1.5  # ... and whose accuracy is below 1.5 / C is no better than guessing


@dataclass(frozen=True)
class Divergence:
    """Why a run stopped itself, and what to try.

    It keeps numbers, not sentences: the training thread that finds it reads no language, so :attr:`message` and
    :attr:`advice` are worded when read (the page's reader's language; English outside a page).
    """

    kind: str  # "non-finite", "exploded" or "dead"
    epoch: int  # 1-based
    batch: int  # 1-based within the epoch
    step: int
    loss: float  # the last batch loss (non-finite) or the window's mean loss
    accuracy: float | None  # the window's accuracy ("exploded"), else None
    num_classes: int
    lr: float
    optimizer: str  # "sgd" or "adam"

    @property
    def message(self) -> str:
        """What happened, in words."""
        if self.kind == "non-finite":
            return _(
                "The loss became {loss} at epoch {epoch}, batch {batch}: the weights overflowed and training cannot "
                "continue."
            ).format(loss=self.loss, epoch=self.epoch, batch=self.batch)
        if self.kind == "exploded":
            return _(
                "Over the {window} batches up to epoch {epoch}, batch {batch}, the loss averaged {loss:.3g}, far above "
                "ln({classes}) = {ln:.2f} (the cost of guessing uniformly), and accuracy was {accuracy:.0%}, no "
                "better than chance."
            ).format(
                window=WINDOW,
                epoch=self.epoch,
                batch=self.batch,
                loss=self.loss,
                classes=self.num_classes,
                ln=math.log(self.num_classes),
                accuracy=self.accuracy,
            )
        return _(
            "At epoch {epoch}, batch {batch} the network gives the same output for every input: a hidden layer's "
            "ReLUs are all 0 ('dead'), no gradient reaches the layers below, and accuracy is stuck at chance for good."
        ).format(epoch=self.epoch, batch=self.batch)

    @property
    def advice(self) -> str:
        """What to change."""
        return _(
            "The learning rate {lr:g} is too large for {optimizer}: each step overshoots. Reset and lower it about "
            "10x (the lecture uses SGD with lr 0.01; Adam usually wants about 0.001)."
        ).format(lr=self.lr, optimizer=self.optimizer.upper())

    def __str__(self) -> str:
        return f"{self.message} {self.advice}"


def check_window(mean_loss: float, accuracy: float, num_classes: int, constant_output: bool) -> str | None:
    """Classify a window of training steps as "exploded", "dead" or healthy (None).

    Exploded: mean loss > 2 ln C with accuracy < 1.5 / C; a fresh network starts near ln C (uniform
    guessing), so a loss this far above it means the steps overshoot. Dead: the logits are identical
    for every example of the batch, i.e. a hidden layer is all zeros after ReLU, no gradient reaches
    the layers below, and the network cannot recover.

    >>> check_window(2.29, 0.11, 10, constant_output=False) is None  # a slow start is fine
    True
    >>> check_window(80.0, 0.10, 10, constant_output=False)
    'exploded'
    """
    if constant_output:
        return "dead"
    if mean_loss > EXPLODED_FACTOR * math.log(num_classes) and accuracy < CHANCE_FACTOR / num_classes:
        return "exploded"
    return None


class Watch:
    """One run's watch: told every step's batch loss, it returns a :class:`Divergence` when the run blew up.

    Cheap: one float test a step, a full check every :data:`WINDOW` steps.

    >>> import torch
    >>> watch = Watch(TrainConfig(lr=5.0), num_classes=10)
    >>> watch.after_step(float("nan"), 0, torch.zeros(64, 10), epoch=1, batch=3, step=3).kind
    'non-finite'
    """

    def __init__(self, config: TrainConfig, num_classes: int) -> None:
        self.config, self.num_classes = config, num_classes
        self._loss, self._correct, self._seen = 0.0, 0, 0

    def after_step(self, batch_loss: float, correct: int, logits: torch.Tensor, **where: int) -> Divergence | None:
        """Divergence after this step, or None: its mean batch loss, how many of the batch's ``logits`` (B, C) were
        right, and ``where`` it is (its 1-based epoch and batch, and the run's step)."""
        size = len(logits)
        if not math.isfinite(batch_loss):
            return self._diverged("non-finite", batch_loss, None, **where)
        self._loss += batch_loss
        self._correct += correct
        self._seen += size
        if where["step"] % WINDOW:
            return None
        mean_loss, accuracy = self._loss / WINDOW, self._correct / self._seen
        self._loss, self._correct, self._seen = 0.0, 0, 0
        constant_output = size > 1 and bool((logits == logits[:1]).all())  # the same logits for every input
        kind = check_window(mean_loss, accuracy, self.num_classes, constant_output)
        return None if kind is None else self._diverged(kind, mean_loss, accuracy, **where)

    def _diverged(
        self, kind: str, loss: float, accuracy: float | None, epoch: int, batch: int, step: int
    ) -> Divergence:
        config = self.config
        return Divergence(kind, epoch, batch, step, loss, accuracy, self.num_classes, config.lr, config.optimizer)
