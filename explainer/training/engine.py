"""A training run of the lecture's softmax classifier, fast enough to watch live.

The maths is the lecture's: logits = MLP(x), loss = CrossEntropyLoss (log-softmax + NLL, mean over
the batch), SGD(lr=0.01, momentum=0.5) on batches of 64, one pass over the shuffled training set
per epoch, accuracy on the test set after each epoch. What differs is the plumbing:

- the data is normalized once and kept as float32 tensors (N, F) on the device; a batch is
  ``x[order[i:i + B]]``, with no DataLoader, PIL images or per-sample transforms in the loop;
- each run owns a ``torch.Generator`` for its initial weights and its shuffles, so runs are
  reproducible even while other users train in the same process (``torch.manual_seed`` is global);
- :meth:`TrainingRun.events` yields progress as dataclasses, can be stopped between two steps from
  another thread and resumed later with nothing lost: stopped + resumed equals uninterrupted;
- a run that blows up (non-finite loss, loss far above ln C at chance accuracy, or a network whose
  output no longer depends on its input) stops itself and says what to try.

Nothing here imports streamlit; :mod:`explainer.training.jobs` runs this in a background thread.

The data it trains on is :class:`~explainer.training.tensors.Tensors`; the weights it saves are read back by
:func:`~explainer.training.checkpoint.load_checkpoint`.
"""

from __future__ import annotations

import math
import os
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass

import numpy as np
import torch
import torch.nn.functional as F

from explainer.data.mnist import read_only
from explainer.training.checkpoint import save_checkpoint
from explainer.training.config import TrainConfig
from explainer.training.divergence import Divergence, Watch
from explainer.training.tensors import Tensors
from models import MLP

EVAL_CHUNK = 4096  # test examples per forward pass: bounds the activation memory of an evaluation


@dataclass(frozen=True)
class LossLog:
    """The running loss, as the lecture prints it: mean batch loss over the last ``log_every`` batches."""

    epoch: int  # 1-based, as printed
    batch: int  # 1-based within the epoch
    step: int  # optimizer steps since the start of the run
    loss: float

    def __str__(self) -> str:
        return f"[{self.epoch}, {self.batch:5d}] loss: {self.loss:.3f}"


@dataclass(frozen=True)
class EpochResult:
    """One finished epoch. Training figures are measured on the fly, while the weights moved."""

    epoch: int  # 1-based
    train_loss: float  # mean cross-entropy over the epoch's training examples
    train_accuracy: float  # fraction of training examples classified right when their batch ran
    test_loss: float  # mean cross-entropy over the test set after the epoch
    test_accuracy: float  # fraction of the test set classified right after the epoch
    seconds: float  # wall-clock seconds of the training steps (evaluation and pauses excluded)
    eval_seconds: float  # wall-clock seconds of the test-set evaluation

    def __str__(self) -> str:
        # The lecture's `'Accuracy on test set: %d %%' % (100 * correct / total)`: %d truncates. Rounded
        # first, so that 100 * (29 / 100) = 28.999999999999996 still prints 29, as 100 * 29 / 100 does.
        return "Accuracy on test set: %d %%" % round(100 * self.test_accuracy, 6)  # noqa: UP031 (the lecture's)


Event = LossLog | EpochResult | Divergence


@dataclass(frozen=True)
class Prediction:
    """A model's answer for a batch: logits (B, C), softmax probabilities (B, C), argmax labels (B,)."""

    logits: np.ndarray
    probabilities: np.ndarray
    labels: np.ndarray


@dataclass(frozen=True)
class Snapshot:
    """A consistent copy of a run's history, safe to read while the run trains in another thread.

    ``test_predictions[e]`` holds the predicted test labels (uint8, (N_test,)) after epoch e + 1, for
    scrubbing a confusion matrix across epochs; ``test_logits`` (float32, (N_test, C)) the logits after
    the latest epoch. The arrays are read-only and shared, not copied.
    """

    config: TrainConfig
    losses: tuple[LossLog, ...]
    epochs: tuple[EpochResult, ...]
    test_predictions: tuple[np.ndarray, ...]
    test_logits: np.ndarray | None
    divergence: Divergence | None
    step: int
    total_steps: int

    @property
    def finished(self) -> bool:
        return len(self.epochs) == self.config.epochs

    @property
    def progress(self) -> float:
        """Fraction of the planned steps done, 0..1."""
        return self.step / self.total_steps


def make_optimizer(parameters, config: TrainConfig) -> torch.optim.Optimizer:
    """SGD with momentum as in the lecture, or Adam; both with ``config.weight_decay``."""
    if config.optimizer == "adam":
        return torch.optim.Adam(parameters, lr=config.lr, weight_decay=config.weight_decay)
    return torch.optim.SGD(parameters, lr=config.lr, momentum=config.momentum, weight_decay=config.weight_decay)


class TrainingRun:
    """One model trained with one config on one dataset; iterate :meth:`events` to train.

    Reading (:meth:`snapshot`, :meth:`predict`, :meth:`save`) is safe from any thread while another
    thread iterates :meth:`events`; the training step and the readers share a lock.

    Examples
    --------
    >>> data = Tensors.from_arrays(np.eye(4).repeat(8, 0), np.arange(4).repeat(8), np.eye(4), range(4))
    >>> run = TrainingRun(TrainConfig(epochs=30, batch_size=8, lr=0.5, hidden=(8,), log_every=4), data)
    >>> results = [e for e in run.events() if isinstance(e, EpochResult)]
    >>> len(results), results[-1].test_accuracy
    (30, 1.0)
    """

    def __init__(self, config: TrainConfig, data: Tensors) -> None:
        self.config = config.validate()
        self.data = data
        self._generator = torch.Generator().manual_seed(config.seed)  # CPU: same draws on any device
        self.model = MLP(data.num_features, config.hidden, data.num_classes, self._generator).to(data.device)
        self.optimizer = make_optimizer(self.model.parameters(), config)
        self._lock = threading.Lock()
        self._stop = threading.Event()
        n = len(data.y_train)
        self.steps_per_epoch = math.ceil(n / config.batch_size)
        self.total_steps = self.steps_per_epoch * config.epochs
        # Where the run stands; everything needed to resume exactly where it stopped.
        self._epoch = 0  # epochs finished
        self._batch = 0  # batches finished in the current epoch
        self._step = 0  # batches finished in the run
        self._order: torch.Tensor | None = None  # this epoch's shuffle, (N,)
        self._log_sum = 0.0  # batch losses since the last LossLog
        self._epoch_loss = 0.0  # sum over the epoch of batch loss * batch size
        self._epoch_correct = 0
        self._epoch_seconds = 0.0
        self._watch = Watch(config, data.num_classes)
        # History, appended under the lock.
        self._losses: list[LossLog] = []
        self._epochs: list[EpochResult] = []
        self._predictions: list[np.ndarray] = []
        self._test_logits: np.ndarray | None = None
        self._divergence: Divergence | None = None

    @property
    def done(self) -> bool:
        """Finished every epoch or diverged: :meth:`events` has nothing more to do."""
        return self._epoch == self.config.epochs or self._divergence is not None

    def request_stop(self) -> None:
        """Make the iteration in progress return before its next step; thread-safe, takes one step."""
        self._stop.set()

    def events(self) -> Iterator[Event]:
        """Train from where the run stands, yielding LossLog, EpochResult and at most one Divergence.

        The iterator ends when all epochs are done, after a Divergence, or before the next step once
        :meth:`request_stop` was called. Calling ``events()`` again resumes exactly there. A stop
        requested before this call is discarded: calling it means "train now". Iterate one
        ``events()`` at a time (:class:`explainer.training.jobs.TrainingJob` makes sure of that).
        """
        self._stop.clear()  # here, not in the generator body, which only starts at the first next()
        return self._train()

    def _train(self) -> Iterator[Event]:
        config, data, model = self.config, self.data, self.model
        size = config.batch_size
        n = len(data.y_train)
        started = time.perf_counter()
        while not self.done:
            if self._order is None:
                self._order = torch.randperm(n, generator=self._generator).to(data.device)
            while self._batch < self.steps_per_epoch:
                if self._stop.is_set():
                    self._epoch_seconds += time.perf_counter() - started
                    return
                idx = self._order[self._batch * size : (self._batch + 1) * size]  # (B,)
                xb, yb = data.x_train[idx], data.y_train[idx]  # (B, F), (B,)
                with self._lock:
                    logits = model(xb)  # (B, C)
                    loss = F.cross_entropy(logits, yb)
                    self.optimizer.zero_grad()
                    loss.backward()
                    self.optimizer.step()
                batch_loss = loss.item()
                correct = int((logits.argmax(1) == yb).sum())  # no extra sync: loss.item() waited already
                self._batch += 1
                self._step += 1
                self._log_sum += batch_loss
                self._epoch_loss += batch_loss * len(yb)
                self._epoch_correct += correct
                divergence = self._watch.after_step(
                    batch_loss,
                    correct,
                    logits,
                    epoch=self._epoch + 1,
                    batch=self._batch,
                    step=self._step,
                )
                if divergence is not None:
                    with self._lock:
                        self._divergence = divergence
                    yield divergence
                    return
                if self._batch % config.log_every == 0:
                    log = LossLog(self._epoch + 1, self._batch, self._step, self._log_sum / config.log_every)
                    self._log_sum = 0.0
                    with self._lock:
                        self._losses.append(log)
                    self._epoch_seconds += time.perf_counter() - started
                    yield log
                    started = time.perf_counter()
            self._epoch_seconds += time.perf_counter() - started
            yield self._finish_epoch(n)
            started = time.perf_counter()

    def _finish_epoch(self, n: int) -> EpochResult:
        started = time.perf_counter()
        logits = self._test_logits_now()  # (N_test, C)
        y = self.data.y_test
        predicted = logits.argmax(1)  # (N_test,)
        result = EpochResult(
            epoch=self._epoch + 1,
            train_loss=self._epoch_loss / n,
            train_accuracy=self._epoch_correct / n,
            test_loss=F.cross_entropy(logits, y).item(),
            test_accuracy=(predicted == y).float().mean().item(),
            seconds=self._epoch_seconds,
            eval_seconds=time.perf_counter() - started,
        )
        labels = read_only(predicted.to(torch.uint8).cpu().numpy())
        with self._lock:
            self._epochs.append(result)
            self._predictions.append(labels)
            self._test_logits = read_only(logits.cpu().numpy())
            self._epoch += 1
            self._batch = 0
            self._order = None
        self._log_sum = 0.0  # like the lecture: a partial window at the epoch's end is not printed
        self._epoch_loss = 0.0
        self._epoch_correct = 0
        self._epoch_seconds = 0.0
        return result

    @torch.no_grad()
    def _test_logits_now(self) -> torch.Tensor:
        with self._lock:
            chunks = [self.model(x) for x in self.data.x_test.split(EVAL_CHUNK)]
        return torch.cat(chunks)  # (N_test, C)

    def snapshot(self) -> Snapshot:
        """Copy of the history so far; consistent even while :meth:`events` runs in another thread."""
        with self._lock:
            return Snapshot(
                config=self.config,
                losses=tuple(self._losses),
                epochs=tuple(self._epochs),
                test_predictions=tuple(self._predictions),
                test_logits=self._test_logits,
                divergence=self._divergence,
                step=self._step,
                total_steps=self.total_steps,
            )

    def predict(self, x: torch.Tensor) -> Prediction:
        """The current model's answer for x (B, F); waits for a running step to finish first."""
        with self._lock:
            return predict(self.model, x)

    def save(self, path: str | os.PathLike[str]) -> None:
        """Write the current weights and config; see :func:`save_checkpoint`."""
        with self._lock:
            save_checkpoint(path, self.model, self.config)


@torch.no_grad()
def predict(model: MLP, x: torch.Tensor) -> Prediction:
    """Logits, softmax probabilities p_k = exp(z_k) / sum_j exp(z_j), and argmax labels for x (B, F).

    >>> out = predict(MLP(4, (), 3), torch.zeros(2, 4))
    >>> out.probabilities.shape, out.probabilities.sum(1).round(6).tolist()
    ((2, 3), [1.0, 1.0])
    """
    x = x.to(next(model.parameters()).device)
    logits = model(x)  # (B, C)
    return Prediction(
        logits=logits.cpu().numpy(),
        probabilities=F.softmax(logits, dim=1).cpu().numpy(),
        labels=logits.argmax(1).cpu().numpy(),
    )
