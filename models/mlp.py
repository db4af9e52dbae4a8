"""The lecture's fully connected network, with the layer widths as arguments.

``MLP()`` is the lecture's ``Net``: 784 -> 512 -> 256 -> 128 -> 64 -> 10 with ReLU between layers and
raw logits out (``CrossEntropyLoss`` applies log-softmax itself). The Otto exercise reuses it as
``MLP(93, hidden, 9)``.
"""

from __future__ import annotations

import math
from collections.abc import Sequence

import torch
from torch import nn

LECTURE_HIDDEN = (512, 256, 128, 64)


class MLP(nn.Module):
    """Linear -> ReLU -> ... -> Linear, returning logits.

    Parameters
    ----------
    input_size : int
        Features per example F; images (B, 1, 28, 28) are flattened to (B, 784).
    hidden : sequence of int
        Widths of the hidden layers, input side first; empty gives multinomial logistic regression.
    num_classes : int
        Number of logits C.
    generator : torch.Generator, optional
        Draws the initial weights from this generator instead of torch's global one, so that a run
        is reproducible while other threads train (``torch.manual_seed`` is process-wide). The
        distribution is nn.Linear's default: U(-1/sqrt(fan_in), 1/sqrt(fan_in)) for weights and biases.

    Examples
    --------
    >>> model = MLP()
    >>> model(torch.zeros(2, 1, 28, 28)).shape
    torch.Size([2, 10])
    >>> sum(p.numel() for p in MLP(93, (64,), 9).parameters()) == parameter_count((93, 64, 9))
    True
    """

    def __init__(
        self,
        input_size: int = 784,
        hidden: Sequence[int] = LECTURE_HIDDEN,
        num_classes: int = 10,
        generator: torch.Generator | None = None,
    ) -> None:
        super().__init__()
        if input_size < 1 or num_classes < 2 or any(width < 1 for width in hidden):
            raise ValueError(
                f"MLP needs input_size >= 1, hidden widths >= 1 and num_classes >= 2, got "
                f"input_size={input_size}, hidden={tuple(hidden)}, num_classes={num_classes}."
            )
        self.input_size = input_size
        self.hidden = tuple(int(width) for width in hidden)
        self.num_classes = num_classes
        widths = (input_size, *self.hidden)
        layers: list[nn.Module] = []
        for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True):
            layers += [nn.Linear(fan_in, fan_out), nn.ReLU()]
        layers.append(nn.Linear(widths[-1], num_classes))
        self.net = nn.Sequential(*layers)
        if generator is not None:
            self.reset_parameters(generator)

    def reset_parameters(self, generator: torch.Generator) -> None:
        """Redraw every weight and bias from ``generator`` with nn.Linear's default distribution."""
        for layer in self.net:
            if isinstance(layer, nn.Linear):
                # Same as nn.Linear.reset_parameters: kaiming_uniform(a=sqrt(5)) is U(+-1/sqrt(fan_in)).
                nn.init.kaiming_uniform_(layer.weight, a=math.sqrt(5), generator=generator)
                bound = 1 / math.sqrt(layer.in_features)
                nn.init.uniform_(layer.bias, -bound, bound, generator=generator)

    def forward(self, x: torch.Tensor) -> torch.Tensor:
        x = x.reshape(x.shape[0], -1)  # (B, 1, 28, 28) -> (B, 784); (B, F) stays
        return self.net(x)  # (B, C) logits

    def activations(self, x: torch.Tensor) -> list[torch.Tensor]:
        """What each layer hands to the next: the flat input, every hidden layer after its ReLU, the logits.

        ``forward`` is the last element; widths are (input_size, *hidden, num_classes).

        >>> [tuple(a.shape) for a in MLP(4, (3,), 2).activations(torch.zeros(1, 4))]
        [(1, 4), (1, 3), (1, 2)]
        """
        x = x.reshape(x.shape[0], -1)
        outputs = [x]
        for layer in self.net:
            x = layer(x)
            if not isinstance(layer, nn.Linear) or layer is self.net[-1]:  # after a ReLU, or the logits
                outputs.append(x)
        return outputs


def parameter_count(widths: Sequence[int]) -> int:
    """Weights and biases of an MLP with these layer widths (input, hidden..., classes): sum of (fan_in + 1) * fan_out.

    >>> parameter_count((784, *LECTURE_HIDDEN, 10))  # the lecture's Net
    575050
    """
    return sum((fan_in + 1) * fan_out for fan_in, fan_out in zip(widths[:-1], widths[1:], strict=True))
