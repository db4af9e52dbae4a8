"""The softmax logic against the lecture's printed numbers and against hand-written formulas."""

import math

import numpy as np
import pytest
import torch
import torch.nn.functional as F
from hypothesis import given, settings
from hypothesis import strategies as st

from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_Y_PRED1, LECTURE_Y_PRED2
from explainer.maths import softmax

logit = st.floats(-1000, 1000, allow_nan=False)
logit_vectors = st.lists(logit, min_size=2, max_size=10)


def lecture_numpy_loss(z, y_onehot):
    """The lecture's numpy code, verbatim."""
    y_pred = np.exp(z) / np.exp(z).sum()
    return (-y_onehot * np.log(y_pred)).sum()


def test_lecture_numpy_example_is_0_9729():
    report = softmax.analyse([0.2, 0.1, -0.1], target=0)
    assert round(report.loss, 4) == 0.9729
    assert report.loss == pytest.approx(lecture_numpy_loss(np.array([0.2, 0.1, -0.1]), np.array([1, 0, 0])), abs=1e-12)


def test_lecture_torch_example_matches_cross_entropy_loss():
    expected = torch.nn.CrossEntropyLoss()(torch.tensor([[0.2, 0.1, -0.1]]), torch.LongTensor([0]))
    assert softmax.analyse([0.2, 0.1, -0.1], 0).loss == pytest.approx(expected.item(), abs=1e-6)


def test_lecture_mini_batch_losses():
    loss1, per_sample1 = softmax.batch_cross_entropy(LECTURE_Y_PRED1, LECTURE_BATCH_TARGETS)
    loss2, _ = softmax.batch_cross_entropy(LECTURE_Y_PRED2, LECTURE_BATCH_TARGETS)
    assert (round(loss1, 4), round(loss2, 4)) == (0.4966, 1.2389)
    criterion = torch.nn.CrossEntropyLoss()
    y = torch.LongTensor([2, 0, 1])
    assert loss1 == pytest.approx(criterion(torch.Tensor(LECTURE_Y_PRED1), y).item(), abs=1e-6)
    assert loss2 == pytest.approx(criterion(torch.Tensor(LECTURE_Y_PRED2), y).item(), abs=1e-6)
    assert per_sample1.mean() == pytest.approx(loss1)


def test_sample_losses_equal_torch_and_stay_finite_where_p_underflows():
    logits = np.array([[0.2, 0.1, -0.1], [1000.0, -1000.0, 0.0], [3.0, 3.0, 3.0]])
    y = np.array([0, 1, 2])
    expected = F.cross_entropy(torch.tensor(logits), torch.tensor(y), reduction="none").numpy()
    np.testing.assert_allclose(softmax.sample_losses(logits, y), expected)
    assert softmax.sample_losses(logits, y)[1] == 2000.0  # p = e^-2000 underflows to 0; -log p does not


def test_batch_rows_spell_out_each_sample():
    mean, rows = softmax.batch_rows(LECTURE_Y_PRED1, LECTURE_BATCH_TARGETS)
    assert [row.target for row in rows] == [2, 0, 1]
    assert np.mean([row.loss for row in rows]) == pytest.approx(mean)
    assert all(row.p_target == pytest.approx(math.exp(-row.loss)) for row in rows)


@settings(max_examples=60, deadline=None)
@given(logit_vectors, st.data(), st.floats(0.1, 5), st.floats(0, 0.5))
def test_report_matches_hand_written_formulas(logits, data, temperature, eps):
    target = data.draw(st.integers(0, len(logits) - 1))
    report = softmax.analyse(logits, target, temperature, eps)
    s = np.asarray(logits) / temperature
    log_p = s - (s.max() + np.log(np.exp(s - s.max()).sum()))
    q = np.full(len(logits), eps / len(logits))
    q[target] += 1 - eps
    np.testing.assert_allclose(report.log_probabilities, log_p, atol=1e-9)
    np.testing.assert_allclose(report.probabilities, np.exp(log_p), atol=1e-12)
    assert report.loss == pytest.approx(-(q * log_p).sum(), rel=1e-9, abs=1e-9)
    np.testing.assert_allclose(report.gradient, (np.exp(log_p) - q) / temperature, atol=1e-9)
    assert report.loss >= report.loss_floor - 1e-9


@settings(max_examples=60, deadline=None)
@given(logit_vectors, st.data(), st.floats(0.1, 5), st.floats(0, 0.5))
def test_report_is_what_torch_computes(logits, data, temperature, eps):
    """numpy on a move's path, torch's numbers: log p, p, the loss by torch.nn.functional, the gradient by autograd."""
    target = data.draw(st.integers(0, len(logits) - 1))
    report = softmax.analyse(logits, target, temperature, eps)
    z = torch.tensor(logits, dtype=torch.float64, requires_grad=True)
    loss = F.cross_entropy((z / temperature).unsqueeze(0), torch.tensor([target]), label_smoothing=eps)
    loss.backward()
    np.testing.assert_allclose(
        report.log_probabilities, F.log_softmax(z / temperature, -1).detach(), rtol=1e-13, atol=1e-13
    )
    np.testing.assert_allclose(report.probabilities, F.softmax(z / temperature, -1).detach(), rtol=1e-13, atol=1e-15)
    assert report.loss == pytest.approx(loss.item(), rel=1e-13, abs=1e-13)
    np.testing.assert_allclose(report.gradient, z.grad.numpy(), atol=1e-13)


@settings(max_examples=60, deadline=None)
@given(st.lists(st.lists(logit, min_size=4, max_size=4), min_size=1, max_size=5), st.floats(0.1, 5))
def test_softmax_rows_are_torchs(rows, temperature):
    z = torch.tensor(rows, dtype=torch.float64) / temperature
    np.testing.assert_allclose(softmax.softmax(rows, temperature), F.softmax(z, -1), rtol=1e-13, atol=1e-15)
    np.testing.assert_allclose(softmax.log_softmax(rows, temperature), F.log_softmax(z, -1), rtol=1e-13, atol=1e-13)


@settings(max_examples=60, deadline=None)
@given(logit_vectors)
def test_probabilities_sum_to_one_and_stay_finite(logits):
    report = softmax.analyse(logits, 0)
    assert report.probabilities.sum() == pytest.approx(1.0, abs=1e-12)
    assert np.isfinite(report.loss) and np.isfinite(report.gradient).all()
    assert (report.probabilities >= 0).all()


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-100, 100), min_size=2, max_size=10), st.floats(-900, 900))
def test_shift_invariance(logits, shift):
    np.testing.assert_allclose(softmax.softmax(np.add(logits, shift)), softmax.softmax(logits), atol=1e-9)


@settings(max_examples=60, deadline=None)
@given(logit, logit)
def test_two_class_softmax_is_sigmoid_of_the_difference(a, b):
    assert softmax.softmax([a, b])[0] == pytest.approx(softmax.sigmoid([a - b])[0], abs=1e-12)


def test_extreme_logits_are_exact_where_the_naive_formula_overflows():
    report = softmax.analyse([1000.0, -1000.0, 0.0], target=1)
    assert report.loss == 2000.0
    naive_exp, naive_p = softmax.naive_softmax([1000.0, -1000.0, 0.0])
    assert math.isinf(naive_exp[0]) and math.isnan(naive_p[0])


def test_label_smoothing_matches_torch_and_has_an_entropy_floor():
    z = torch.tensor([[2.0, 0.5, -1.0, 0.0]], dtype=torch.float64)
    report = softmax.analyse(z[0].tolist(), 2, label_smoothing=0.2)
    expected = torch.nn.functional.cross_entropy(z, torch.tensor([2]), label_smoothing=0.2).item()
    assert report.loss == pytest.approx(expected, abs=1e-12)
    q = softmax.smoothed_target(4, 2, 0.2)
    assert q.tolist() == pytest.approx([0.05, 0.05, 0.85, 0.05])
    assert softmax.analyse(np.log(q).tolist(), 2, label_smoothing=0.2).loss == pytest.approx(report.loss_floor)


def test_exercise_9_1_three_forms_agree_and_the_mistake_flattens():
    check = softmax.exercise_9_1([0.2, 0.1, -0.1], 0)
    assert check.cross_entropy == pytest.approx(0.9729189131, abs=1e-9)
    assert check.largest_difference < 1e-12
    assert check.mistake_loss > check.cross_entropy - 0.5  # cannot go near 0
    assert np.abs(check.mistake_gradient).max() < np.abs(check.gradient).max()
    # the mistaken loss of a confident right answer stays far above 0
    assert softmax.exercise_9_1([50.0, 0.0, 0.0], 0).mistake_loss > 0.5


def test_binary_losses_show_the_bce_clamp():
    losses = softmax.binary_losses([1000.0, -3.0, 0.5], target=1)
    z = torch.tensor([1000.0, -3.0, 0.5], dtype=torch.float64)
    y = torch.tensor([0.0, 1.0, 0.0], dtype=torch.float64)
    np.testing.assert_allclose(losses.bce_with_logits, torch.nn.BCEWithLogitsLoss(reduction="none")(z, y), atol=1e-9)
    np.testing.assert_allclose(losses.bce, torch.nn.BCELoss(reduction="none")(torch.sigmoid(z), y), atol=1e-9)
    assert losses.bce[0] == 100.0 and losses.bce_with_logits[0] == 1000.0


@settings(max_examples=60, deadline=None)
@given(st.lists(st.floats(-50, 50), min_size=2, max_size=10), st.floats(-20, 20))
def test_sigmoid_vs_softmax_against_torch(logits, shift):
    target = len(logits) - 1
    result = softmax.sigmoid_vs_softmax(logits, target, shift)
    z = torch.tensor(logits, dtype=torch.float64) + shift
    y = torch.nn.functional.one_hot(torch.tensor(target), len(logits)).double()
    np.testing.assert_allclose(result.sigmoid, torch.sigmoid(z), atol=1e-9)
    np.testing.assert_allclose(result.softmax, torch.softmax(z, 0), atol=1e-9)
    np.testing.assert_allclose(
        result.losses.bce_with_logits, torch.nn.BCEWithLogitsLoss(reduction="none")(z, y), atol=1e-6
    )
    assert result.cross_entropy == pytest.approx(torch.nn.CrossEntropyLoss()(z[None], torch.tensor([target])).item())
    assert result.softmax_sum == pytest.approx(1.0)
    assert 0 < result.sigmoid_sum <= len(logits)  # in (0, K); float64 rounds sigmoid(37) to 1
    # shift moves the sigmoids, never the softmax
    np.testing.assert_allclose(result.softmax, softmax.sigmoid_vs_softmax(logits, target).softmax, atol=1e-9)


def test_sigmoid_sum_of_the_issue_example():
    assert f"{softmax.sigmoid_vs_softmax([2.0, 1.0, 0.0], 0).sigmoid_sum:.4f}" == "2.1119"


def test_two_class_curves_coincide():
    sig, soft = softmax.two_class_curves(np.linspace(-30, 30, 601))
    np.testing.assert_allclose(sig, soft, atol=1e-12)


def test_tables_and_shift_change():
    report = softmax.analyse([1000.0, -1000.0, 0.0], target=1)
    table = report.overflow_table()
    assert math.isinf(table["naive e^z float64"][0]) and table["torch p"][0] == 1.0
    assert list(report.table()) == ["class", "z", "e^z", "p", "log p", "target q", "∂L/∂z"]
    assert softmax.analyse([0.2, 0.1, -0.1], 0, temperature=2.0).shift_change(500.0) < 1e-12
