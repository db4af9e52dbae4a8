"""Exercise 9-2 end to end without the UI: Otto rows -> split -> transform -> tensors -> scores -> submission.

The Otto page trains the engine's MLP (93 -> hidden -> 9) on :class:`Prepared` data: a stratified
training/validation split of an :class:`~explainer.data.otto.OttoData`, a feature transform fitted on the
training part only, and both parts as preloaded tensors. The validation part plays the engine's
"test" role, so the engine's ``test_loss`` is the mean cross-entropy on validation rows, i.e. the
competition's log loss without Kaggle's clipping; :func:`validation_scores` adds the clipped one.

A :class:`Prepared` is read-only and may be shared by every session (the page caches it per data
content, transform and split seed); models live in each session's runs. Nothing here imports
streamlit.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

import numpy as np
import torch

from explainer.data import otto, otto_features, otto_submission
from explainer.data.mnist import read_only
from explainer.data.split import stratified_split
from explainer.i18n import N_, _
from explainer.maths.outputs import multiclass_log_loss
from explainer.maths.softmax import entropy, log_softmax
from explainer.training.config import TrainConfig
from explainer.training.engine import Tensors, TrainingRun

VALIDATION_FRACTION = 0.2  # a fifth of train.csv is held out, stratified, to score runs
SPLIT_SEED = 0  # fixed, so every run of every session is scored on the same validation rows
PREDICT_CHUNK = 16_384  # test rows per forward pass: bounds memory on the 144k-row test.csv
#: The lecture's optimizer and batch; a smaller net than MNIST's (93 inputs, not 784): ~1 s an epoch here.
DEFAULT_CONFIG = TrainConfig(hidden=(256, 128))

#: Why each transform helps (or not), one sentence each, for the page (translated where shown: ``_(note)``).
TRANSFORM_NOTES = {
    "none": N_(
        "Raw counts: a few huge values (hundreds) dominate the first layer's sums and its gradients, "
        "so the loss falls slowly and bumpily, and a larger learning rate makes it diverge."
    ),
    "log1p": N_(
        "log(1 + x) squeezes the tail (1000 becomes 6.9) and keeps 0 at 0: counts now differ by a few "
        "units, not hundreds."
    ),
    "standardize": N_(
        "(x − mean) / std per feature, with the training rows' statistics: every feature gets "
        "std 1, but the tail stays long (values of 50 std and more)."
    ),
    "log1p+standardize": N_(
        "Both: the tail squeezed and every feature on one scale, so one learning rate suits "
        "all weights. Usually the best start for Otto."
    ),
}


#: How the page names each transform (translated where shown: :func:`transform_label`); the keys stay the names
#: that :func:`~explainer.data.otto_features.fit_transform` takes and run labels show.
TRANSFORM_LABELS = {
    "none": N_("none"),
    "log1p": "log1p",
    "standardize": N_("standardize"),
    "log1p+standardize": N_("log1p+standardize"),
}


def transform_label(transform: str) -> str:
    """A transform's name in the reader's language ("none" -> "none" in English)."""
    return _(TRANSFORM_LABELS[transform])


def content_key(raw: bytes) -> str:
    """A short fingerprint of a file's bytes, to cache what is derived from it.

    >>> content_key(b"id,feat_1")
    '2824c84a6b86940a'
    """
    return hashlib.sha256(raw).hexdigest()[:16]


@dataclass(frozen=True, eq=False)
class Prepared:
    """An Otto training set ready to train on: split, transformed, as tensors. Read-only.

    Attributes
    ----------
    label : str
        Names the data and transform in run tables, e.g. ``"synthetic · log1p+standardize"``.
    data : OttoData
        All rows, as read.
    transform : FittedTransform
        Fitted on the training rows only; apply it to validation and test features alike.
    train_idx, val_idx : ndarray (int64)
        Rows of ``data`` in each part (stratified, sorted).
    tensors : Tensors
        ``x_train``/``y_train`` the training part, ``x_test``/``y_test`` the **validation** part.
    """

    label: str
    data: otto.OttoData
    transform: otto_features.FittedTransform
    train_idx: np.ndarray
    val_idx: np.ndarray
    tensors: Tensors

    @property
    def y_val(self) -> np.ndarray:
        return self.data.labels[self.val_idx]


def prepare(
    data: otto.OttoData,
    transform: str,
    label: str,
    seed: int = SPLIT_SEED,
    validation_fraction: float = VALIDATION_FRACTION,
    device: torch.device | str = "cpu",
) -> Prepared:
    """Split ``data`` (stratified), fit ``transform`` on the training part, build tensors.

    Raises ``ValueError`` when the data cannot be split (a class with a single row, too few rows)
    or the transform is unknown; the message says what to do.
    """
    train_idx, val_idx = stratified_split(data.labels, validation_fraction, seed)
    fitted = otto_features.fit_transform(data.features[train_idx], transform)
    tensors = Tensors.from_arrays(
        fitted.apply(data.features[train_idx]),
        data.labels[train_idx],
        fitted.apply(data.features[val_idx]),
        data.labels[val_idx],
        num_classes=data.n_classes,
        device=device,
    )
    return Prepared(label, data, fitted, read_only(train_idx), read_only(val_idx), tensors)


def check_splittable(data: otto.OttoData, validation_fraction: float = VALIDATION_FRACTION) -> None:
    """Raise ``ValueError`` (saying what to do) unless ``data`` can give a stratified validation split."""
    stratified_split(data.labels, validation_fraction, SPLIT_SEED)


def _percent(fraction: float) -> str:
    return f"{fraction:.0%}"


def imbalance_sentence(data: otto.OttoData) -> str:
    """One sentence on the class balance, with this data's numbers (markdown).

    >>> from explainer.data import otto_synthetic
    >>> imbalance_sentence(otto_synthetic.load_synthetic())
    '**The classes are imbalanced**: Class_2 and Class_6 hold 49% of the rows, Class_1 only 3%.'
    """
    shares = np.bincount(data.labels, minlength=data.n_classes) / data.n_rows
    first, second = np.argsort(-shares, kind="stable")[:2]
    low = int(np.argmin(shares))
    names = data.class_names
    return _(
        "**The classes are imbalanced**: {first} and {second} hold {share} of the rows, {low} only {low_share}."
    ).format(
        first=names[first],
        second=names[second],
        share=_percent(shares[first] + shares[second]),
        low=names[low],
        low_share=_percent(shares[low]),
    )


def sparsity_sentence(data: otto.OttoData) -> str:
    """One sentence on zeros and the tail, with this data's numbers (markdown).

    >>> from explainer.data import otto_synthetic
    >>> sparsity_sentence(otto_synthetic.load_synthetic())
    '**Most counts are 0** (80% of all cells), while the largest is 7,091: a heavy tail.'
    """
    zeros, largest = _percent(otto_features.overall_sparsity(data.features)), int(data.features.max())
    return _("**Most counts are 0** ({zeros} of all cells), while the largest is {largest:,}: a heavy tail.").format(
        zeros=zeros, largest=largest
    )


def data_label(data: otto.OttoData, key: str) -> str:
    """How run tables name a data set: 'synthetic', or the file name with a short fingerprint."""
    return "synthetic" if data.is_synthetic else f"{data.source} ({key[:6]})"


@dataclass(frozen=True)
class ValidationScores:
    """A run's latest validation numbers, from its logits (N_val, 9) after the latest epoch."""

    kaggle_log_loss: float  # Kaggle's metric: probabilities clipped to [1e-15, 1 - 1e-15]
    mean_cross_entropy: float  # the engine's test_loss: the same without clipping
    accuracy: float


def validation_scores(logits: np.ndarray, y_val: np.ndarray) -> ValidationScores:
    """Kaggle's log loss, the plain mean cross-entropy and accuracy of ``logits`` on ``y_val``.

    >>> s = validation_scores(np.array([[2.0, 0.0], [0.0, 1.0]]), np.array([0, 0]))
    >>> round(s.kaggle_log_loss, 4), round(s.mean_cross_entropy, 4), s.accuracy
    (0.7201, 0.7201, 0.5)
    """
    z = np.asarray(logits, dtype=np.float64)
    y = np.asarray(y_val, dtype=np.int64)
    log_p = log_softmax(z)  # (N, K), exact for huge logits
    return ValidationScores(
        kaggle_log_loss=multiclass_log_loss(y, np.exp(log_p)),
        mean_cross_entropy=float(-log_p[np.arange(y.size), y].mean()),
        accuracy=float((z.argmax(axis=1) == y).mean()),
    )


def prior_log_loss(labels: np.ndarray, num_classes: int = otto.NUM_CLASSES) -> float:
    """Log loss of always answering the class frequencies: the bar a model must get under.

    It is the entropy of the class distribution (ln 9 ≈ 2.197 only if the classes were balanced).

    >>> round(prior_log_loss(np.array([0, 0, 0, 1]), 2), 4)
    0.5623
    """
    return entropy(np.bincount(np.asarray(labels, dtype=np.int64), minlength=num_classes) / len(labels))


def predict_probabilities(run: TrainingRun, prepared: Prepared, features: np.ndarray) -> np.ndarray:
    """Softmax probabilities (N, 9) of raw Otto counts (N, 93), through the run's fitted transform.

    Runs in chunks; each chunk waits for a running training step, so predict from a stopped or
    finished run (or the rows may see different weights).
    """
    x = prepared.transform.apply(features)  # (N, 93) float32
    chunks = [
        run.predict(torch.from_numpy(x[start : start + PREDICT_CHUNK])).probabilities
        for start in range(0, len(x), PREDICT_CHUNK)
    ]
    return np.concatenate(chunks) if chunks else np.empty((0, prepared.data.n_classes), np.float32)


def submission_bytes(run: TrainingRun, prepared: Prepared, test: otto.OttoTest) -> bytes:
    """Kaggle's submission CSV (id, Class_1 … Class_9; rows sum to 1) for ``test``."""
    return otto_submission.submission_csv(
        test.ids, predict_probabilities(run, prepared, test.features), prepared.data.class_names
    )


def submission_preview(run: TrainingRun, prepared: Prepared, test: otto.OttoTest, rows: int = 5):
    """The submission's first ``rows`` rows as a DataFrame, cheap to show before downloading."""
    head = slice(0, rows)
    return otto_submission.submission_frame(
        test.ids[head], predict_probabilities(run, prepared, test.features[head]), prepared.data.class_names
    )


def feature_scale(prepared: Prepared) -> otto_features.FeatureScale:
    """What the first layer sees per feature: the training rows raw and as transformed, zeros of all rows."""
    return otto_features.feature_scale(
        prepared.data.features[prepared.train_idx], prepared.tensors.x_train.cpu().numpy(), prepared.data.features
    )
