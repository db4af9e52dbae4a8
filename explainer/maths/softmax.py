"""Softmax, cross-entropy and their relatives, for one example or a small batch.

What a move of a logit redraws (:func:`softmax`, :func:`log_softmax`, :func:`analyse`: the loss and its gradient) is
numpy float64, max-shifted as torch computes it, and equal to ``torch.nn.functional``'s numbers (tests/test_softmax.py
checks each against torch): a move's script runs in a new thread, where the first torch op alone cost 0.3-0.5 ms
(issue 32). What the page shows as torch's own (Exercise 9-1, the overflow table's torch column, a batch's losses,
BCELoss and BCEWithLogitsLoss) is computed by torch. :func:`naive_softmax` is the textbook formula, there to show how
it overflows. Inputs are plain sequences of floats, outputs plain Python/numpy values, so pages never touch tensors.
"""

from __future__ import annotations

import functools
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

# The lecture's examples, re-exported for the pages and snippets that show them.


def _vector(values: Sequence[float]) -> torch.Tensor:
    return torch.as_tensor(np.asarray(values, dtype=np.float64))


def softmax(logits: Sequence[float], temperature: float = 1.0) -> np.ndarray:
    """P(y=i) = e^(z_i/T) / sum_j e^(z_j/T) along the last axis, computed stably (max-shifted) as F.softmax does.

    >>> from explainer.lesson import LECTURE_LOGITS
    >>> softmax(LECTURE_LOGITS).round(4).tolist()
    [0.378, 0.342, 0.28]
    """
    exps = np.exp(_shifted(logits, temperature))
    return exps / exps.sum(axis=-1, keepdims=True)


def log_softmax(logits: Sequence[float], temperature: float = 1.0) -> np.ndarray:
    """log P(y=i) = z_i/T - logsumexp(z/T) along the last axis, as F.log_softmax: finite where P underflows to 0."""
    shifted = _shifted(logits, temperature)
    return shifted - np.log(np.exp(shifted).sum(axis=-1, keepdims=True))


def _shifted(logits: Sequence[float], temperature: float) -> np.ndarray:
    """z/T - max(z/T) along the last axis: no e^ of it overflows (torch's log-sum-exp trick)."""
    scaled = np.asarray(logits, dtype=np.float64) / temperature
    return scaled - scaled.max(axis=-1, keepdims=True)


# e^z is inf once z passes log(largest float): ≈ 88.72 for float32 (the lecture's tensors), ≈ 709.78 for float64.
OVERFLOW_AT = {name: float(np.log(np.finfo(name).max)) for name in ("float32", "float64")}


def naive_softmax(logits: Sequence[float], dtype: str = "float64") -> tuple[np.ndarray, np.ndarray]:
    """The formula as written, e^z / sum e^z, without the max shift: overflows to inf/nan past OVERFLOW_AT[dtype].

    Shown next to :func:`softmax` to explain why torch subtracts the max (log-sum-exp trick).
    Returns (e^z, e^z / sum e^z), both (K,).

    >>> naive_softmax([1000.0, 0.0])[1].tolist(), naive_softmax([100.0, 0.0], "float32")[1].tolist()
    ([nan, 0.0], [nan, 0.0])
    """
    with np.errstate(over="ignore", invalid="ignore"):
        exps = np.exp(np.asarray(logits, dtype=dtype))
        return exps, exps / exps.sum()


def smoothed_target(num_classes: int, target: int, label_smoothing: float = 0.0) -> np.ndarray:
    """The target distribution q that torch's ``label_smoothing=eps`` trains towards.

    q = (1 - eps) * onehot(y) + eps / K. With eps = 0 it is the lecture's one-hot Y.
    """
    q = np.full(num_classes, label_smoothing / num_classes)
    q[target] += 1.0 - label_smoothing
    return q


def entropy(distribution: Sequence[float]) -> float:
    """H(q) = -sum q log q (0 log 0 = 0): the lowest cross-entropy any prediction can reach for q."""
    q = np.asarray(distribution, dtype=np.float64)
    nonzero = q[q > 0]
    return float(-(nonzero * np.log(nonzero)).sum())


@dataclass(frozen=True)
class SoftmaxReport:
    """Everything the softmax page shows for one example. Arrays have shape (K,)."""

    logits: np.ndarray
    target: int
    temperature: float
    label_smoothing: float
    exps: np.ndarray  # e^(z/T) in float64, as the lecture writes it: inf once z/T passes ≈ 709.78
    probabilities: np.ndarray  # softmax(z / T)
    log_probabilities: np.ndarray  # log_softmax(z / T)
    target_distribution: np.ndarray  # q: one-hot, or smoothed
    loss: float  # F.cross_entropy(z / T, y, label_smoothing=eps), as torch computes it
    gradient: np.ndarray  # dL/dz = (p - q) / T: what autograd returns (tests/test_softmax.py)
    loss_floor: float  # H(q): 0 without smoothing

    @property
    def predicted(self) -> int:
        return int(np.argmax(self.probabilities))

    def table(self) -> dict[str, np.ndarray]:
        """Column name -> (K,) values: every step from z to dL/dz, for a table."""
        return {
            "class": np.arange(len(self.logits)),
            "z": self.logits,
            "e^z" if self.temperature == 1 else "e^(z/T)": self.exps,
            "p": self.probabilities,
            "log p": self.log_probabilities,
            "target q": self.target_distribution,
            "∂L/∂z": self.gradient,
        }

    def overflow_table(self) -> dict[str, np.ndarray]:
        """The textbook e^z / sum e^z in float32 and float64 beside torch's p: inf and nan past OVERFLOW_AT."""
        float32_exp, float32_p = naive_softmax(self.logits, "float32")
        float64_exp, float64_p = naive_softmax(self.logits, "float64")
        return {
            "class": np.arange(len(self.logits)),
            "z": self.logits,
            "naive e^z float32": float32_exp,
            "naive p float32": float32_p,
            "naive e^z float64": float64_exp,
            "naive p float64": float64_p,
            "torch p": F.softmax(_vector(self.logits) / self.temperature, dim=-1).numpy(),
        }

    def shift_change(self, shift: float) -> float:
        """max |softmax((z + c)/T) - softmax(z/T)|: ~1e-16, shifting every logit changes nothing."""
        return float(np.abs(softmax(self.logits + shift, self.temperature) - self.probabilities).max())


def analyse(
    logits: Sequence[float], target: int, temperature: float = 1.0, label_smoothing: float = 0.0
) -> SoftmaxReport:
    """Run one example through softmax and cross-entropy, as torch computes them (tests/test_softmax.py checks p,
    log p, the loss against ``F.cross_entropy`` and the gradient against autograd's).

    >>> from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET
    >>> r = analyse(LECTURE_LOGITS, target=LECTURE_TARGET)
    >>> round(r.loss, 4), r.gradient.round(4).tolist()
    (0.9729, [-0.622, 0.342, 0.28])
    """
    z = np.asarray(logits, dtype=np.float64)
    log_p = log_softmax(z, temperature)
    probabilities = np.exp(log_p)
    q = smoothed_target(len(z), target, label_smoothing)
    return SoftmaxReport(
        logits=z,
        target=target,
        temperature=temperature,
        label_smoothing=label_smoothing,
        exps=naive_softmax(z / temperature)[0],
        probabilities=probabilities,
        log_probabilities=log_p,
        target_distribution=q,
        loss=float(-(q * log_p).sum()),  # F.cross_entropy(z / T, y, label_smoothing=eps)
        gradient=(probabilities - q) / temperature,
        loss_floor=entropy(q),
    )


@dataclass(frozen=True)
class Exercise91:
    """Exercise 9-1: three ways torch gets the same loss, plus the classic mistake."""

    cross_entropy: float  # nn.CrossEntropyLoss()(z, y)
    nll_of_log_softmax: float  # nn.NLLLoss()(nn.LogSoftmax(dim=1)(z), y)
    minus_log_softmax: float  # -log(softmax(z))[y]
    mistake_loss: float  # CrossEntropyLoss applied to softmax(z) instead of z: softmax twice
    nll_of_logits: float  # NLLLoss applied to the raw logits: -z[y], it takes no log
    gradient: np.ndarray  # dL/dz of the correct loss, (K,)
    mistake_gradient: np.ndarray  # dL/dz of the mistaken loss, (K,): flattened

    def forms(self) -> dict[str, float]:
        """The three formulations of the loss, named as in torch code."""
        return {
            "CrossEntropyLoss(z, y)": self.cross_entropy,
            "NLLLoss(LogSoftmax(z), y)": self.nll_of_log_softmax,
            "−log softmax(z)[y]": self.minus_log_softmax,
        }

    @property
    def largest_difference(self) -> float:
        """How far the three formulations disagree: float64 round-off, ~1e-16."""
        values = (self.cross_entropy, self.nll_of_log_softmax, self.minus_log_softmax)
        return max(values) - min(values)


def exercise_9_1(logits: Sequence[float], target: int) -> Exercise91:
    """CrossEntropyLoss == LogSoftmax + NLLLoss == -log softmax[y], and what feeding probabilities does."""
    y = torch.tensor([target])
    z = _vector(logits).unsqueeze(0).requires_grad_(True)  # (1, K)
    ce = torch.nn.CrossEntropyLoss()(z, y)
    (gradient,) = torch.autograd.grad(ce, z)
    nll = torch.nn.NLLLoss()(torch.nn.LogSoftmax(dim=1)(z), y)
    minus_log = -torch.log(torch.softmax(z, dim=1))[0, target]
    mistake = torch.nn.CrossEntropyLoss()(torch.softmax(z, dim=1), y)
    nll_of_logits = torch.nn.NLLLoss()(z, y)
    (mistake_gradient,) = torch.autograd.grad(mistake, z)
    return Exercise91(
        cross_entropy=ce.item(),
        nll_of_log_softmax=nll.item(),
        minus_log_softmax=minus_log.item(),
        mistake_loss=mistake.item(),
        nll_of_logits=nll_of_logits.item(),
        gradient=gradient[0].numpy(),
        mistake_gradient=mistake_gradient[0].numpy(),
    )


def sample_losses(logits: Sequence[Sequence[float]] | np.ndarray, targets: Sequence[int] | np.ndarray) -> np.ndarray:
    """Per-sample cross-entropy ``logsumexp(z) - z[y]``: logits (N, K), targets (N,) -> (N,).

    Computed from the logits, so it stays finite where a probability underflows to 0.

    >>> sample_losses([[1000.0, -1000.0, 0.0]], [1]).tolist()
    [2000.0]
    """
    z = torch.as_tensor(np.asarray(logits, dtype=np.float64))  # (N, K)
    y = torch.as_tensor(np.asarray(targets, dtype=np.int64))  # (N,)
    return F.cross_entropy(z, y, reduction="none").numpy()  # (N,)


def batch_cross_entropy(logits: Sequence[Sequence[float]], targets: Sequence[int]) -> tuple[float, np.ndarray]:
    """Mean loss and per-sample losses of a mini-batch: logits (N, K), targets (N,) class indices.

    >>> from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_Y_PRED1
    >>> mean, per_sample = batch_cross_entropy(LECTURE_Y_PRED1, LECTURE_BATCH_TARGETS)
    >>> round(mean, 4), per_sample.round(4).tolist()
    (0.4966, [0.6657, 0.5735, 0.2507])
    """
    per_sample = sample_losses(logits, targets)  # (N,)
    return float(per_sample.mean()), per_sample


def sigmoid(logits: Sequence[float]) -> np.ndarray:
    """sigma(z) = 1 / (1 + e^-z), elementwise: K independent yes/no probabilities."""
    return torch.sigmoid(_vector(logits)).numpy()


@dataclass(frozen=True)
class BinaryLosses:
    """Per-class binary cross-entropy of K sigmoids against one-hot targets, shape (K,) each."""

    bce: np.ndarray  # nn.BCELoss on sigmoid(z): log clamped at -100
    bce_with_logits: np.ndarray  # nn.BCEWithLogitsLoss on z: exact


def binary_losses(logits: Sequence[float], target: int) -> BinaryLosses:
    """What ten sigmoids would be trained with: one binary cross-entropy per class.

    >>> losses = binary_losses([1000.0, 0.0], target=1)  # class 0 is wrong, and very sure of it
    >>> losses.bce[0].item(), losses.bce_with_logits[0].item()
    (100.0, 1000.0)
    """
    z = _vector(logits)
    onehot = torch.as_tensor(smoothed_target(len(logits), target))
    return BinaryLosses(
        bce=F.binary_cross_entropy(torch.sigmoid(z), onehot, reduction="none").numpy(),
        bce_with_logits=F.binary_cross_entropy_with_logits(z, onehot, reduction="none").numpy(),
    )


@dataclass(frozen=True)
class BatchRow:
    """One sample of a mini-batch, as the page's table shows it."""

    sample: int
    logits: tuple[float, ...]
    target: int
    p_target: float
    loss: float


@functools.cache
def batch_rows(logits: tuple[tuple[float, ...], ...], targets: tuple[int, ...]) -> tuple[float, list[BatchRow]]:
    """Mean loss and one :class:`BatchRow` per sample: the lecture's mini-batch, spelled out.

    Cached (arguments are tuples) because the page shows the same two lecture batches on every rerun.
    """
    mean, per_sample = batch_cross_entropy(logits, targets)
    rows = [
        BatchRow(i, tuple(row), int(y), float(np.exp(-loss)), float(loss))
        for i, (row, y, loss) in enumerate(zip(logits, targets, per_sample, strict=True))
    ]
    return mean, rows


@dataclass(frozen=True)
class SigmoidVsSoftmax:
    """The same logits z + c through K independent sigmoids and through one softmax. Arrays (K,)."""

    logits: np.ndarray  # z + c: what both sides receive
    sigmoid: np.ndarray  # sigma(z_i + c): each in (0, 1), no competition
    softmax: np.ndarray  # softmax(z + c) = softmax(z): a distribution
    losses: BinaryLosses  # what K sigmoids would be trained with, per class
    cross_entropy: float  # what one softmax is trained with

    @property
    def sigmoid_sum(self) -> float:
        """Anywhere in (0, K): K sigmoids are not a distribution."""
        return float(self.sigmoid.sum())

    @property
    def softmax_sum(self) -> float:
        return float(self.softmax.sum())


def sigmoid_vs_softmax(logits: Sequence[float], target: int, shift: float = 0.0) -> SigmoidVsSoftmax:
    """Feed z + c to K sigmoids and to one softmax.

    >>> round(sigmoid_vs_softmax([2.0, 1.0, 0.0], target=0).sigmoid_sum, 4)
    2.1119
    """
    shifted = np.asarray(logits, dtype=np.float64) + shift
    return SigmoidVsSoftmax(
        logits=shifted,
        sigmoid=sigmoid(shifted),
        softmax=softmax(shifted),
        losses=binary_losses(shifted, target),
        cross_entropy=F.cross_entropy(_vector(shifted).unsqueeze(0), torch.tensor([target])).item(),
    )


def two_class_curves(z: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """sigmoid(z) and softmax([z, 0])[0] over a grid z (N,): the same curve, lecture 08 meets 09."""
    pairs = np.stack([z, np.zeros_like(z)], axis=1)  # (N, 2)
    return sigmoid(z), F.softmax(torch.as_tensor(pairs), dim=1)[:, 0].numpy()
