"""Training hyperparameters with the lecture's defaults, and the device to train on.

This module does not import torch at import time, so pages that only show settings stay light.
"""

from __future__ import annotations

import dataclasses
import math
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import torch

from explainer.links import LINKS

# The fields a link may set are checked by their one declaration in explainer.links; the others here.
LINKED = {param.field: param for param in LINKS.values()}


class ConfigError(ValueError):
    """Invalid hyperparameters; the message lists every problem, fit to show to a student."""


@dataclass(frozen=True)
class TrainConfig:
    """Everything that decides a training run; two equal configs on the same data give equal runs.

    Examples
    --------
    >>> TrainConfig().validate().lr
    0.01
    >>> TrainConfig(lr=0, batch_size=0).problems()
    ['Batch size must be in [1, 4096], got 0.', 'Learning rate must be in (0, 100], got 0.']
    """

    epochs: int = 10  # the lecture's `for epoch in range(10)`: ~97% on full MNIST
    batch_size: int = 64  # the lecture's DataLoader batch: 938 steps an epoch over 60k digits
    lr: float = 0.01  # the lecture's SGD step; 0.001 suits Adam
    momentum: float = 0.5  # the lecture's SGD momentum: averages about the last 2 gradients
    optimizer: str = "sgd"  # "sgd" as in the lecture, or "adam" (per-weight step sizes)
    hidden: tuple[int, ...] = (512, 256, 128, 64)  # the lecture's Net: 784-512-256-128-64-10
    weight_decay: float = 0.0  # the lecture uses none; L2 penalty on every weight when > 0
    seed: int = 0  # seeds this run's own generator (init and shuffling), never the global one
    log_every: int = 300  # the lecture prints the running loss every 300 batches

    def problems(self) -> list[str]:
        """One sentence per invalid field; empty when the config is usable."""
        found = [
            problem
            for field in dataclasses.fields(self)
            if field.name in LINKED and (problem := LINKED[field.name].problem(getattr(self, field.name)))
        ]
        if not _is_finite(self.weight_decay) or self.weight_decay < 0:
            found.append(f"weight_decay must be a finite number >= 0, got {self.weight_decay}.")
        if not _is_int(self.log_every) or self.log_every < 1:
            found.append(f"log_every must be at least 1, got {self.log_every}.")
        return found

    def validate(self) -> TrainConfig:
        """Return self, or raise :class:`ConfigError` listing every problem."""
        found = self.problems()
        if found:
            raise ConfigError(" ".join(found))
        return self

    def replace(self, **changes: Any) -> TrainConfig:
        """A copy with some fields changed (``hidden`` may be any sequence of ints)."""
        if "hidden" in changes:
            changes["hidden"] = tuple(changes["hidden"])
        return dataclasses.replace(self, **changes)

    def to_dict(self) -> dict[str, Any]:
        """Plain types only (``hidden`` as a list), safe for JSON and ``torch.load(weights_only=True)``."""
        values = dataclasses.asdict(self)
        values["hidden"] = list(self.hidden)
        return values

    @classmethod
    def from_dict(cls, values: dict[str, Any]) -> TrainConfig:
        """Inverse of :meth:`to_dict`; unknown keys raise :class:`ConfigError`."""
        known = {field.name for field in dataclasses.fields(cls)}
        unknown = sorted(set(values) - known)
        if unknown:
            raise ConfigError(f"Unknown training settings: {', '.join(unknown)}.")
        return cls().replace(**values).validate()


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def _is_finite(value: object) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def choose_device(prefer: str = "auto") -> torch.device:
    """CUDA when a GPU is really usable, else CPU; ``prefer="cpu"`` forces the CPU.

    ``torch.accelerator.current_accelerator()`` alone names the build (cuda) even without a GPU,
    hence ``check_available=True``.

    >>> choose_device("cpu")
    device(type='cpu')
    """
    import torch

    if prefer not in ("auto", "cpu", "cuda"):
        raise ConfigError(f"device must be auto, cpu or cuda, got {prefer!r}.")
    if prefer == "cpu":
        return torch.device("cpu")
    accelerator = torch.accelerator.current_accelerator(check_available=True)
    if accelerator is not None and accelerator.type == "cuda":
        return torch.device("cuda")
    if prefer == "cuda":
        raise ConfigError("device cuda was asked for, but no usable CUDA GPU is present.")
    return torch.device("cpu")
