"""Tests for explainer/otto_run.py and explainer/otto_figures.py: split -> tensors -> scores -> submission.

Every data set is generated here (synthetic samples in Otto's schema); the log loss is checked against
scikit-learn's and torch's, the submission against Kaggle's format.
"""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
import torch
import torch.nn.functional as F
from sklearn.metrics import log_loss

from explainer.data import otto, otto_csv, otto_features, otto_synthetic
from explainer.figures import otto as otto_figures
from explainer.maths.softmax import softmax
from explainer.training import otto as otto_run
from explainer.training.config import TrainConfig
from explainer.training.engine import EpochResult, TrainingRun


@pytest.fixture(scope="module")
def small() -> otto.OttoData:
    return otto_csv.read_train_frame(otto_synthetic.synthetic_sample(900, seed=3), source="small.csv")


@pytest.fixture(scope="module")
def ready(small) -> otto_run.Prepared:
    return otto_run.prepare(small, "log1p+standardize", "small · log1p+standardize")


@pytest.fixture(scope="module")
def trained(ready) -> TrainingRun:
    run = TrainingRun(TrainConfig(epochs=3, batch_size=64, lr=0.003, optimizer="adam", hidden=(32,)), ready.tensors)
    for _ in run.events():
        pass
    return run


def test_prepare_splits_stratified_and_disjoint(small, ready):
    train_idx, val_idx = ready.train_idx, ready.val_idx
    assert len(val_idx) == math.ceil(0.2 * small.n_rows) and len(train_idx) + len(val_idx) == small.n_rows
    assert not set(train_idx) & set(val_idx)
    shares = np.bincount(small.labels, minlength=9) / small.n_rows
    val_shares = np.bincount(small.labels[val_idx], minlength=9) / len(val_idx)
    np.testing.assert_allclose(val_shares, shares, atol=0.01)  # stratified: every class in proportion
    t = ready.tensors
    assert t.x_train.shape == (len(train_idx), 93) and t.x_test.shape == (len(val_idx), 93)
    assert t.num_classes == 9 and t.y_test.tolist() == ready.y_val.tolist()
    assert not t.x_train.requires_grad and t.x_train.dtype == torch.float32


def test_transform_is_fitted_on_training_rows_only(small, ready):
    x_train = ready.tensors.x_train.numpy()
    np.testing.assert_allclose(x_train.mean(axis=0), 0, atol=1e-4)  # standardized with its own statistics
    expected = otto_features.fit_transform(small.features[ready.train_idx], "log1p+standardize")
    np.testing.assert_allclose(ready.tensors.x_test.numpy(), expected.apply(small.features[ready.val_idx]), atol=1e-6)
    refitted = otto_features.fit_transform(small.features, "log1p+standardize")  # leaking validation rows differs
    assert not np.allclose(refitted.mean, ready.transform.mean)


def test_same_seed_same_split_and_other_transforms(small, ready):
    again = otto_run.prepare(small, "none", "small · none")
    assert again.val_idx.tolist() == ready.val_idx.tolist()  # runs with any transform share validation rows
    np.testing.assert_array_equal(again.tensors.x_train.numpy(), small.features[ready.train_idx])
    with pytest.raises(ValueError):
        ready.train_idx[0] = 5  # shared between sessions: read-only


def test_too_small_data_cannot_be_split():
    frame = otto_synthetic.synthetic_sample(60, seed=0)
    class_1 = (frame["target"] == "Class_1").to_numpy()
    keep = ~class_1 | (np.cumsum(class_1) == 1)  # every row but one of Class_1's
    data = otto_csv.read_train_frame(frame[keep])
    assert (data.labels == 0).sum() == 1
    with pytest.raises(ValueError, match="only 1 row"):
        otto_run.check_splittable(data)


def random_logits(n: int, seed: int = 0, scale: float = 3.0) -> tuple[np.ndarray, np.ndarray]:
    rng = np.random.default_rng(seed)
    return rng.normal(0, scale, (n, 9)), rng.integers(0, 9, n)


@pytest.mark.parametrize("scale", [0.5, 3.0, 20.0])
def test_validation_log_loss_matches_sklearn_and_torch(scale):
    logits, y = random_logits(500, scale=scale)
    scores = otto_run.validation_scores(logits, y)
    # Kaggle clips at 1e-15 and renormalizes; scikit-learn clips at float64's eps (~2e-16), so clip first.
    probabilities = np.clip(softmax(logits), 1e-15, 1 - 1e-15)
    probabilities /= probabilities.sum(axis=1, keepdims=True)
    assert scores.kaggle_log_loss == pytest.approx(log_loss(y, probabilities, labels=range(9)), rel=1e-9)
    if scale < 5:  # nothing near the clipping bound: the plain probabilities agree too
        plain = log_loss(y, softmax(logits), labels=range(9))
        assert scores.kaggle_log_loss == pytest.approx(plain, rel=1e-9)
    torch_ce = F.cross_entropy(torch.tensor(logits), torch.tensor(y)).item()
    assert scores.mean_cross_entropy == pytest.approx(torch_ce, rel=1e-9)
    assert scores.accuracy == pytest.approx((logits.argmax(1) == y).mean())


def test_kaggle_clipping_caps_a_confident_miss_the_engine_loss_does_not():
    logits = np.array([[1000.0] + [0.0] * 8, [0.0] * 9])
    y = np.array([1, 0])
    scores = otto_run.validation_scores(logits, y)
    assert scores.mean_cross_entropy == pytest.approx((1000 + math.log(9)) / 2)  # exact, no overflow
    assert scores.kaggle_log_loss == pytest.approx((-math.log(1e-15) + math.log(9)) / 2, rel=1e-6)


def test_engine_test_loss_is_the_validation_log_loss(ready, trained):
    snapshot = trained.snapshot()
    scores = otto_run.validation_scores(snapshot.test_logits, ready.y_val)
    assert snapshot.epochs[-1].test_loss == pytest.approx(scores.mean_cross_entropy, abs=1e-5)
    assert scores.kaggle_log_loss == pytest.approx(scores.mean_cross_entropy, abs=1e-6)  # nothing near 1e-15
    assert snapshot.epochs[-1].test_accuracy == pytest.approx(scores.accuracy, abs=1e-6)


def test_prior_log_loss_is_the_score_of_answering_class_frequencies():
    y = np.repeat(np.arange(9), otto.REAL_CLASS_COUNTS)
    prior = np.bincount(y) / len(y)
    expected = log_loss(y, np.tile(prior, (len(y), 1)))
    assert otto_run.prior_log_loss(y) == pytest.approx(expected)
    assert otto_run.prior_log_loss(y) < math.log(9)  # imbalance makes the trivial answer better than 1/9
    assert otto_run.prior_log_loss(np.arange(9)) == pytest.approx(math.log(9))


def test_submission_has_kaggles_format(small, ready, trained):
    test = otto_csv.read_test_frame(otto_synthetic.synthetic_test(250, seed=4), small, source="test.csv")
    raw = otto_run.submission_bytes(trained, ready, test)
    frame = pd.read_csv(io.BytesIO(raw))
    assert list(frame.columns) == ["id", *otto.CLASS_NAMES]
    assert frame["id"].tolist() == test.ids.tolist()
    probabilities = frame[list(otto.CLASS_NAMES)].to_numpy()
    assert (probabilities >= 0).all() and np.allclose(probabilities.sum(axis=1), 1, atol=1e-5)
    # The rows are the run's softmax of the transformed test features: the transform is the run's.
    x = torch.from_numpy(ready.transform.apply(test.features))
    expected = trained.predict(x).probabilities
    np.testing.assert_allclose(probabilities, expected, atol=1e-5)
    preview = otto_run.submission_preview(trained, ready, test, rows=3)
    np.testing.assert_allclose(preview[list(otto.CLASS_NAMES)].to_numpy(), probabilities[:3], atol=1e-5)


def test_prediction_in_chunks_equals_one_pass(ready, trained, monkeypatch, small):
    features = small.features[:100]
    whole = otto_run.predict_probabilities(trained, ready, features)
    monkeypatch.setattr(otto_run, "PREDICT_CHUNK", 7)
    np.testing.assert_allclose(otto_run.predict_probabilities(trained, ready, features), whole, atol=1e-6)
    assert otto_run.predict_probabilities(trained, ready, features[:0]).shape == (0, 9)


def test_feature_scale_shows_what_each_transform_does(small):
    raw = otto_run.feature_scale(otto_run.prepare(small, "none", "raw"))
    both = otto_run.feature_scale(otto_run.prepare(small, "log1p+standardize", "both"))
    np.testing.assert_allclose(raw.std, raw.raw_std, rtol=1e-4)  # "none" feeds the counts as they are
    assert raw.raw_max.max() > 100  # a heavy tail
    varying = both.raw_std > 0
    np.testing.assert_allclose(both.std[varying], 1, atol=1e-3)  # one scale for every feature
    assert both.max_abs.max() < raw.max_abs.max() / 5
    np.testing.assert_allclose(both.zero_fraction, (small.features == 0).mean(axis=0))


def test_sentences_use_the_datas_numbers(small):
    assert otto_run.imbalance_sentence(small).startswith("**The classes are imbalanced**: Class_2 and Class_6 hold")
    largest = f"{int(small.features.max()):,}"
    assert largest in otto_run.sparsity_sentence(small)
    assert otto_run.data_label(small, "abcdef123") == "small.csv (abcdef)"
    assert otto_run.data_label(otto_synthetic.load_synthetic(90), "x") == "synthetic"
    assert otto_run.content_key(b"a") != otto_run.content_key(b"b") and len(otto_run.content_key(b"")) == 16


def test_transform_notes_cover_every_transform():
    assert set(otto_run.TRANSFORM_NOTES) == set(otto_features.FEATURE_TRANSFORMS)


def test_figures_are_plain_dicts_with_legible_reference_lines(small, ready):
    classes = otto_figures.class_bars(otto_features.class_distribution(small.labels)).to_dict()
    assert classes["data"][0]["text"][1] == "26%" and classes["layout"]["shapes"][0]["y0"] == small.n_rows / 9
    assert classes["data"][1]["name"].startswith("if the classes were balanced")  # named in the legend
    zeros = otto_figures.sparsity_bars((small.features == 0).mean(axis=0), small.feature_names).to_dict()
    assert zeros["data"][0]["y"] == sorted(zeros["data"][0]["y"], reverse=True)
    scale = otto_run.feature_scale(ready)
    lines = otto_figures.scale_lines(scale, "log1p+standardize", small.feature_names).to_dict()
    assert len(lines["data"]) == 4 and lines["layout"]["yaxis"]["type"] == "log"
    assert len(otto_figures.scale_lines(scale, "none", small.feature_names).to_dict()["data"]) == 2
    series = [("#1", "#332288", [1, 2], [0.9, 0.7]), ("#2", "#117733", [1], [1.2])]
    curves = otto_figures.loss_curves(series, ("#1", "#332288", [1, 2], [1.1, 0.8]), 1.95).to_dict()
    assert [trace["line"].get("dash") for trace in curves["data"]] == [None, None, "dash", "dot"]
    assert curves["layout"]["shapes"][0]["y0"] == 1.95
    for figure in (classes, zeros, lines, curves):
        assert figure["layout"]["paper_bgcolor"] == "rgba(0,0,0,0)"  # the theme shows through


def test_full_size_upload_loads_and_trains_an_epoch():
    """Kaggle-size train.csv (61,878 x 95): read + split + transform, then one epoch of the default net."""
    raw = otto_synthetic.synthetic_sample().to_csv(index=False).encode()
    data = otto_csv.read_train_csv(raw, name="train.csv")
    ready = otto_run.prepare(data, "log1p+standardize", "train.csv")
    run = TrainingRun(otto_run.DEFAULT_CONFIG.replace(epochs=1), ready.tensors)
    epoch = next(e for e in run.events() if isinstance(e, EpochResult))
    assert epoch.test_loss < 1.2  # learns within one epoch
