"""One drawing read by a trained network: every layer's activations, the logits and the softmax.

Nothing here imports streamlit; the draw-a-digit page shows what :func:`read_digit` returns.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explainer.maths.softmax import softmax
from models import MLP


@dataclass(frozen=True)
class Reading:
    """What the network makes of one input.

    Attributes
    ----------
    activations : list of float32 arrays (width,): the input, each hidden layer after ReLU, the logits
    probabilities : float64 (C,): softmax of the logits
    """

    activations: list[np.ndarray]
    probabilities: np.ndarray

    @property
    def logits(self) -> np.ndarray:
        return self.activations[-1]

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probabilities))

    def top(self, count: int = 3) -> list[tuple[int, float]]:
        """The ``count`` most probable classes with their probabilities, most probable first."""
        order = np.argsort(-self.probabilities, kind="stable")[:count]
        return [(int(k), float(self.probabilities[k])) for k in order]


@torch.no_grad()
def read_digit(model: MLP, normalized: np.ndarray) -> Reading:
    """Run one normalized digit (28, 28) or (784,) through ``model`` and keep every layer's output."""
    device = next(model.parameters()).device
    x = torch.as_tensor(np.asarray(normalized, dtype=np.float32).reshape(1, -1), device=device)  # (1, 784)
    layers = [a[0].float().cpu().numpy() for a in model.activations(x)]
    return Reading(layers, softmax(layers[-1]))
