"""A trained network on disk: its weights with the config and shape that rebuild it, read back safely."""

from __future__ import annotations

import os
from pathlib import Path

import torch

from explainer.training.config import ConfigError, TrainConfig
from models import MLP

CHECKPOINT_FORMAT = "softmax-explainer/mlp-v1"


class CheckpointError(RuntimeError):
    """A checkpoint that cannot be loaded: unreadable, not ours, or for another network shape."""


def save_checkpoint(path: str | os.PathLike[str], model: MLP, config: TrainConfig) -> None:
    """Write the model's weights with its config and shape, loadable by :func:`load_checkpoint`."""
    torch.save(
        {
            "format": CHECKPOINT_FORMAT,
            "config": config.to_dict(),
            "input_size": model.input_size,
            "num_classes": model.num_classes,
            "state_dict": {k: v.cpu() for k, v in model.state_dict().items()},
        },
        Path(path),
    )


def load_checkpoint(
    path: str | os.PathLike[str],
    *,
    input_size: int | None = None,
    num_classes: int | None = None,
    device: torch.device | str = "cpu",
) -> tuple[MLP, TrainConfig]:
    """The model and config saved by :func:`save_checkpoint`, read with ``weights_only=True``.

    ``input_size`` and ``num_classes``, when given, must match the checkpoint (e.g. 784 and 10 for
    MNIST, 93 and 9 for Otto). Anything unreadable or mismatched raises :class:`CheckpointError`.
    """
    path = Path(path)
    try:
        saved = torch.load(path, map_location="cpu", weights_only=True)
    except FileNotFoundError:
        raise CheckpointError(f"No checkpoint at {path}.") from None
    except Exception as error:  # torch raises many types for a damaged file; all mean the same here
        raise CheckpointError(f"{path} is not a readable checkpoint ({type(error).__name__}: {error}).") from error
    if not isinstance(saved, dict) or saved.get("format") != CHECKPOINT_FORMAT:
        raise CheckpointError(f"{path} is not a checkpoint of this app (expected format {CHECKPOINT_FORMAT}).")
    try:
        config = TrainConfig.from_dict(saved["config"])
    except ConfigError as error:
        raise CheckpointError(f"{path} holds invalid settings: {error}") from error
    shape = (saved["input_size"], saved["num_classes"])
    wanted = (input_size or shape[0], num_classes or shape[1])
    if shape != wanted:
        raise CheckpointError(
            f"{path} was trained on {shape[0]} features and {shape[1]} classes; this needs {wanted[0]} and {wanted[1]}."
        )
    model = MLP(shape[0], config.hidden, shape[1])
    try:
        model.load_state_dict(saved["state_dict"])
    except (RuntimeError, KeyError) as error:
        raise CheckpointError(f"{path} does not fit the network {config.hidden}: {error}") from error
    return model.to(device), config
