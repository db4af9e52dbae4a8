"""The data a training run reads: features and labels checked once and kept as tensors on one device.

A batch is then ``x[order[i:i + B]]``: no DataLoader, PIL images or per-sample transforms in the training loop.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import torch

from explainer.data.mnist import MnistData, normalize, to_unit
from explainer.i18n import _, pgettext


def split_name(split: str) -> str:
    """A data split's name in the reader's language ("train", "test", "validation"), to fill a message's
    ``{split}`` or ``{held_out}``; another name as it is."""
    names = {
        "train": pgettext("data split", "train"),
        "test": pgettext("data split", "test"),
        "validation": pgettext("data split", "validation"),
    }
    return names.get(split, split)


class EngineError(ValueError):
    """Training data that cannot be used; the message says what is wrong with it."""


@dataclass(frozen=True)
class Tensors:
    """Preloaded training and test data on one device.

    Attributes
    ----------
    x_train, x_test : float32 tensors of shape (N, F)
    y_train, y_test : int64 tensors of shape (N,), values in 0 .. num_classes - 1
    num_classes : int
    """

    x_train: torch.Tensor
    y_train: torch.Tensor
    x_test: torch.Tensor
    y_test: torch.Tensor
    num_classes: int

    @property
    def num_features(self) -> int:
        return self.x_train.shape[1]

    @property
    def device(self) -> torch.device:
        return self.x_train.device

    @classmethod
    def from_arrays(
        cls,
        x_train: np.ndarray | torch.Tensor,
        y_train: np.ndarray | torch.Tensor,
        x_test: np.ndarray | torch.Tensor,
        y_test: np.ndarray | torch.Tensor,
        num_classes: int | None = None,
        device: torch.device | str = "cpu",
    ) -> Tensors:
        """Check and move generic data: features (N, F) or (N, ...) flattened, labels 0..C-1.

        ``num_classes`` defaults to the largest label + 1. Raises :class:`EngineError` on empty,
        non-finite, misshapen or out-of-range input.

        >>> t = Tensors.from_arrays(np.zeros((4, 93)), [0, 8, 1, 2], np.ones((2, 93)), [3, 4], 9)
        >>> t.x_train.dtype, t.num_features, t.num_classes
        (torch.float32, 93, 9)
        """
        try:
            xs = [torch.as_tensor(np.asarray(x, dtype=np.float32)) for x in (x_train, x_test)]
            ys = [torch.as_tensor(np.asarray(y)) for y in (y_train, y_test)]
        except (TypeError, ValueError) as error:
            raise EngineError(
                _("Features must be numbers and labels whole numbers 0..C-1: {error}").format(error=error)
            ) from None
        for name, x, y in (("train", xs[0], ys[0]), ("test", xs[1], ys[1])):
            split = split_name(name)
            if x.ndim < 2 or len(x) == 0 or len(x) != len(y) or y.ndim != 1:
                raise EngineError(
                    _("The {split} set needs features (N, F) and labels (N,) with N >= 1, got {x} and {y}.").format(
                        split=split, x=tuple(x.shape), y=tuple(y.shape)
                    )
                )
            if y.is_floating_point() or y.dtype == torch.bool:
                raise EngineError(
                    _("The {split} labels must be whole numbers, got {dtype}.").format(split=split, dtype=y.dtype)
                )
            if not torch.isfinite(x).all():
                raise EngineError(_("The {split} features contain NaN or infinity.").format(split=split))
        if xs[0][0].numel() != xs[1][0].numel():
            raise EngineError(
                _("Train has {train} features per example, test {test}.").format(
                    train=xs[0][0].numel(), test=xs[1][0].numel()
                )
            )
        classes = int(max(ys[0].max(), ys[1].max())) + 1 if num_classes is None else num_classes
        low = int(min(ys[0].min(), ys[1].min()))
        high = int(max(ys[0].max(), ys[1].max()))
        if classes < 2 or low < 0 or high >= classes:
            raise EngineError(
                _("Labels must lie in 0..{last} with at least 2 classes, got {low}..{high}.").format(
                    last=classes - 1, low=low, high=high
                )
            )
        flat = [x.reshape(len(x), -1).to(device) for x in xs]  # (N, F)
        return cls(flat[0], ys[0].long().to(device), flat[1], ys[1].long().to(device), classes)

    @classmethod
    def from_mnist(cls, data: MnistData, device: torch.device | str = "cpu") -> Tensors:
        """The lecture's ToTensor + Normalize applied once to every digit: (N, 784) float32."""
        return cls(
            x_train=mnist_inputs(data.train_images, device),
            y_train=torch.from_numpy(np.array(data.train_labels)).to(device),
            x_test=mnist_inputs(data.test_images, device),
            y_test=torch.from_numpy(np.array(data.test_labels)).to(device),
            num_classes=10,
        )


def mnist_inputs(images: np.ndarray, device: torch.device | str = "cpu") -> torch.Tensor:
    """uint8 digits (B, 28, 28) in 0-255 -> what the network eats: normalized float32 (B, 784)."""
    pixels = normalize(to_unit(images)).reshape(len(images), -1)  # (B, 784)
    return torch.from_numpy(pixels).to(device)
