"""Torch modules of the explainer; they import torch only."""

from models.mlp import LECTURE_HIDDEN, MLP, parameter_count

__all__ = ["LECTURE_HIDDEN", "MLP", "parameter_count"]
