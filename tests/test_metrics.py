"""explainer.maths.metrics and explainer.figures.metrics against scikit-learn (and torch for the loss)."""

from __future__ import annotations

import io
import math

import numpy as np
import pandas as pd
import pytest
import torch
from sklearn.exceptions import UndefinedMetricWarning
from sklearn.metrics import (
    accuracy_score,
    confusion_matrix,
    multilabel_confusion_matrix,
    precision_recall_fscore_support,
)

from explainer.figures import metrics as metric_figures
from explainer.figures.style import FONT_SIZE, PREDICTED_WRONG, TRUE_CLASS
from explainer.maths.csv_export import MATRIX_CSV_INDEX_LABEL, matrix_csv, report_csv
from explainer.maths.drill_down import drill_down, drill_down_table
from explainer.maths.metrics import (
    NORMALIZE_MODES,
    accuracy,
    averages,
    confusion,
    normalize,
    one_vs_rest,
    per_class_report,
)

# Any warning (sklearn's UndefinedMetricWarning, numpy's divide-by-zero) fails the test.
pytestmark = pytest.mark.filterwarnings("error")

TOL = 1e-12
ZERO_DIVISIONS = [0.0, 1.0, np.nan]

# 6 classes: 3 is present but never predicted, 4 is absent but predicted, 5 is absent and never
# predicted (so precision, recall and F1 are all undefined for it).
K_EDGE = 6
Y_TRUE_EDGE = np.array([0, 0, 0, 1, 1, 1, 2, 2, 3, 3, 3, 0, 1, 2])
Y_PRED_EDGE = np.array([0, 0, 1, 1, 1, 4, 2, 0, 0, 1, 2, 4, 1, 2])
NEVER_PREDICTED, ABSENT_PREDICTED, ABSENT_NEVER = 3, 4, 5


def _random_case(num_classes: int, n: int, seed: int, accuracy_level: float = 0.7):
    rng = np.random.default_rng(seed)
    y_true = rng.integers(0, num_classes, n)
    y_pred = np.where(rng.random(n) < accuracy_level, y_true, rng.integers(0, num_classes, n))
    return y_true, y_pred


CASES = {
    "edge": (Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE),
    "mnist-like": (*_random_case(10, 500, 0), 10),
    "otto-like": (*_random_case(9, 400, 1, 0.5), 9),
}


@pytest.fixture(params=list(CASES), ids=list(CASES))
def case(request):
    return CASES[request.param]


def _close(a, b) -> None:
    np.testing.assert_allclose(np.asarray(a, dtype=float), np.asarray(b, dtype=float), rtol=0, atol=TOL)


# ----------------------------------------------------------------------------------- confusion


def test_confusion_matches_sklearn_and_is_k_by_k(case):
    y_true, y_pred, k = case
    m = confusion(y_true, y_pred, k)
    assert m.shape == (k, k)
    np.testing.assert_array_equal(m, confusion_matrix(y_true, y_pred, labels=list(range(k))))
    assert m.sum() == len(y_true)
    np.testing.assert_array_equal(m.sum(axis=1), np.bincount(y_true, minlength=k))  # rows = true
    np.testing.assert_array_equal(m.sum(axis=0), np.bincount(y_pred, minlength=k))  # columns = predicted


def test_confusion_keeps_absent_and_never_predicted_classes():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    assert m[:, NEVER_PREDICTED].sum() == 0 and m[NEVER_PREDICTED].sum() > 0
    assert m[ABSENT_PREDICTED].sum() == 0 and m[:, ABSENT_PREDICTED].sum() > 0
    assert m[ABSENT_NEVER].sum() == 0 and m[:, ABSENT_NEVER].sum() == 0
    # Only one class present at all: still K x K.
    assert confusion([2, 2], [2, 2], 10).shape == (10, 10)


def test_confusion_accepts_lists_tensors_and_integral_floats():
    expected = confusion(np.array([0, 1, 2]), np.array([0, 2, 2]), 3)
    np.testing.assert_array_equal(confusion([0, 1, 2], [0, 2, 2], 3), expected)
    np.testing.assert_array_equal(confusion(torch.tensor([0, 1, 2]), torch.tensor([0, 2, 2]), 3), expected)
    np.testing.assert_array_equal(confusion(np.array([0.0, 1.0, 2.0]), [0, 2, 2], 3), expected)


def test_confusion_of_no_samples_is_all_zero():
    m = confusion([], [], 4)
    assert m.shape == (4, 4) and m.sum() == 0
    assert accuracy(m) == 0.0


@pytest.mark.parametrize(
    ("y_true", "y_pred", "k"),
    [([0, 3], [0, 1], 3), ([0, -1], [0, 1], 3), ([0, 1], [0], 3), ([[0, 1]], [[0, 1]], 3), ([0.5], [0], 2)],
)
def test_confusion_rejects_bad_labels(y_true, y_pred, k):
    with pytest.raises(ValueError):
        confusion(y_true, y_pred, k)


# ----------------------------------------------------------------------------------- normalize


@pytest.mark.parametrize("mode", ["row", "by true class (rows)"])
def test_normalize_rows_sum_to_one_or_zero(mode):
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    r = normalize(m, mode)
    assert not np.isnan(r).any()
    sums = r.sum(axis=1)
    present = m.sum(axis=1) > 0
    _close(sums[present], 1.0)
    _close(sums[~present], 0.0)
    _close(r, confusion_matrix(Y_TRUE_EDGE, Y_PRED_EDGE, labels=list(range(K_EDGE)), normalize="true"))
    # The diagonal of the row-normalised matrix is the recall.
    _close(np.diag(r), per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)["recall"])


@pytest.mark.parametrize("mode", ["column", "by predicted class (columns)"])
def test_normalize_columns_sum_to_one_or_zero(mode):
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    c = normalize(m, mode)
    assert not np.isnan(c).any()
    sums = c.sum(axis=0)
    predicted = m.sum(axis=0) > 0
    _close(sums[predicted], 1.0)
    _close(sums[~predicted], 0.0)
    _close(c, confusion_matrix(Y_TRUE_EDGE, Y_PRED_EDGE, labels=list(range(K_EDGE)), normalize="pred"))
    _close(np.diag(c), per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)["precision"])


def test_normalize_counts_is_an_unchanged_copy():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    c = normalize(m, "counts")
    np.testing.assert_array_equal(c, m)
    assert c.dtype.kind == "i"
    c[0, 0] += 1
    assert c[0, 0] != m[0, 0]


def test_normalize_modes_and_bad_mode():
    assert list(NORMALIZE_MODES) == ["counts", "row", "column"]
    assert NORMALIZE_MODES["row"] == "by true class (rows)"
    assert NORMALIZE_MODES["column"] == "by predicted class (columns)"
    with pytest.raises(ValueError):
        normalize(np.eye(3), "rows")
    with pytest.raises(ValueError):
        normalize(np.ones((2, 3)), "row")


# ---------------------------------------------------------------------------------- one vs rest


@pytest.mark.parametrize("zero_division", ZERO_DIVISIONS)
def test_one_vs_rest_matches_sklearn(case, zero_division):
    y_true, y_pred, k = case
    m = confusion(y_true, y_pred, k)
    labels = list(range(k))
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=labels, average=None, zero_division=zero_division
    )
    mcm = multilabel_confusion_matrix(y_true, y_pred, labels=labels)  # [[tn, fp], [fn, tp]] per class
    for c in range(k):
        o = one_vs_rest(m, c, zero_division=zero_division)
        assert (o.tn, o.fp, o.fn, o.tp) == tuple(int(v) for v in mcm[c].ravel())
        assert o.tp + o.fn + o.fp + o.tn == len(y_true) == o.n
        assert o.support == s[c] == o.tp + o.fn
        assert o.predicted == o.tp + o.fp
        _close([o.precision, o.recall, o.f1], [p[c], r[c], f[c]])
        if not (o.precision_undefined or o.recall_undefined or o.f1_undefined):
            assert o.precision == o.tp / (o.tp + o.fp)
            assert o.recall == o.tp / (o.tp + o.fn)
            if o.precision + o.recall > 0:
                assert math.isclose(o.f1, 2 * o.precision * o.recall / (o.precision + o.recall), abs_tol=TOL)


def test_one_vs_rest_flags_and_notes_for_undefined_ratios():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    ok = one_vs_rest(m, 0)
    assert not (ok.precision_undefined or ok.recall_undefined) and ok.notes == ()

    never = one_vs_rest(m, NEVER_PREDICTED)
    assert never.precision_undefined and not never.recall_undefined and not never.f1_undefined
    assert (never.precision, never.recall, never.f1) == (0.0, 0.0, 0.0)
    assert never.precision_undefined and "never predicted" in never.notes[0]

    absent = one_vs_rest(m, ABSENT_PREDICTED)
    assert absent.recall_undefined and not absent.precision_undefined and not absent.f1_undefined
    assert absent.support == 0 and absent.fp > 0
    assert "absent" in absent.notes[0]

    both = one_vs_rest(m, ABSENT_NEVER, zero_division=1.0)
    assert both.precision_undefined and both.recall_undefined and both.f1_undefined
    assert (both.precision, both.recall, both.f1) == (1.0, 1.0, 1.0)
    assert len(both.notes) == 3 and all("shown as 1" in n for n in both.notes)

    # Present but never predicted: F1 = 0 whatever zero_division is (as in sklearn).
    assert one_vs_rest(m, NEVER_PREDICTED, zero_division=1.0).f1 == 0.0
    assert math.isnan(one_vs_rest(m, ABSENT_NEVER, zero_division=np.nan).precision)


def test_one_vs_rest_table_and_bad_input():
    o = one_vs_rest([[5, 1], [2, 4]], 0)
    assert (o.tp, o.fn, o.fp, o.tn) == (5, 1, 2, 4)
    with pytest.raises(ValueError):
        one_vs_rest(np.eye(3), 3)
    with pytest.raises(ValueError):
        one_vs_rest(np.eye(3), 0, zero_division=0.5)


# -------------------------------------------------------------------------------------- reports


def test_sklearn_really_warns_for_these_cases_without_zero_division():
    # The fixture is a genuine zero-division case: sklearn's default warns ...
    with pytest.warns(UndefinedMetricWarning):
        precision_recall_fscore_support(Y_TRUE_EDGE, Y_PRED_EDGE, labels=list(range(K_EDGE)))


@pytest.mark.parametrize("zero_division", ZERO_DIVISIONS)
def test_per_class_report_matches_sklearn_without_warnings(case, zero_division):
    # ... ours does not (pytestmark turns any warning into an error).
    y_true, y_pred, k = case
    names = [f"Class_{i + 1}" for i in range(k)]
    rep = per_class_report(y_true, y_pred, k, names, zero_division=zero_division)
    p, r, f, s = precision_recall_fscore_support(
        y_true, y_pred, labels=list(range(k)), average=None, zero_division=zero_division
    )
    assert list(rep.columns) == ["precision", "recall", "f1", "support"]
    assert list(rep.index) == names and rep.index.name == "class"
    assert rep.shape == (k, 4)
    _close(rep["precision"], p)
    _close(rep["recall"], r)
    _close(rep["f1"], f)
    np.testing.assert_array_equal(rep["support"], s)
    assert rep["support"].dtype == np.int64


def test_per_class_report_default_names_and_bad_names():
    rep = per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    assert list(rep.index) == [str(i) for i in range(K_EDGE)]
    with pytest.raises(ValueError):
        per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE, ["a", "b"])
    with pytest.raises(ValueError):
        per_class_report([], [], 3)


@pytest.mark.parametrize("zero_division", ZERO_DIVISIONS)
def test_averages_match_sklearn(case, zero_division):
    y_true, y_pred, k = case
    avg = averages(y_true, y_pred, k, zero_division=zero_division)
    assert list(avg.index) == ["macro", "weighted", "micro"] and avg.index.name == "average"
    assert list(avg.columns) == ["precision", "recall", "f1", "support"]
    for kind in avg.index:
        p, r, f, _ = precision_recall_fscore_support(
            y_true, y_pred, labels=list(range(k)), average=kind, zero_division=zero_division
        )
        _close(avg.loc[kind, ["precision", "recall", "f1"]].to_numpy(dtype=float), [p, r, f])
    assert (avg["support"] == len(y_true)).all()


def test_macro_average_is_the_plain_mean_of_the_report(case):
    y_true, y_pred, k = case
    rep = per_class_report(y_true, y_pred, k)
    avg = averages(y_true, y_pred, k)
    _close(avg.loc["macro", ["precision", "recall", "f1"]].to_numpy(dtype=float), rep.iloc[:, :3].mean())
    weights = rep["support"] / rep["support"].sum()
    _close(avg.loc["weighted", "recall"], (rep["recall"] * weights).sum())


def test_micro_f1_equals_accuracy(case):
    y_true, y_pred, k = case
    avg = averages(y_true, y_pred, k)
    acc = accuracy_score(y_true, y_pred)
    _close(avg.loc["micro", ["precision", "recall", "f1"]].to_numpy(dtype=float), [acc, acc, acc])
    _close(accuracy(confusion(y_true, y_pred, k)), acc)


# ----------------------------------------------------------------------------------- drill down


def _logits_case(seed: int = 3, n: int = 400, k: int = 10):
    gen = torch.Generator().manual_seed(seed)
    logits = torch.randn(n, k, generator=gen, dtype=torch.float64) * 3
    y_true = torch.randint(0, k, (n,), generator=gen)
    probs = torch.softmax(logits, dim=1)
    y_pred = probs.argmax(dim=1)
    return logits, probs.numpy(), y_true.numpy(), y_pred.numpy()


def test_drill_down_returns_the_cell_sorted_by_confidence():
    logits, probs, y_true, y_pred = _logits_case()
    m = confusion(y_true, y_pred, 10)
    seen = 0
    for t in range(10):
        for p in range(10):
            idx = drill_down(y_true, y_pred, probs, t, p)
            assert idx.dtype == np.int64 and len(idx) == m[t, p]
            assert set(idx) == set(np.flatnonzero((y_true == t) & (y_pred == p)))
            conf = probs[idx, p]
            assert np.all(np.diff(conf) <= 0)  # most confident first
            table = drill_down_table(y_true, y_pred, probs, t, p)
            np.testing.assert_array_equal(table.index, idx)
            assert table.index.name == "sample"
            _close(table["confidence"], conf)
            _close(table["p_true"], probs[idx, t])
            seen += len(idx)
    assert seen == len(y_true)


def test_drill_down_ties_keep_sample_order_and_empty_cell():
    probs = np.array([[0.2, 0.8], [0.1, 0.9], [0.2, 0.8], [0.6, 0.4]])
    y_true, y_pred = [0, 0, 0, 1], [1, 1, 1, 0]
    np.testing.assert_array_equal(drill_down(y_true, y_pred, probs, 0, 1), [1, 0, 2])
    empty = drill_down(y_true, y_pred, probs, 1, 1)
    assert empty.shape == (0,) and empty.dtype == np.int64
    assert drill_down_table(y_true, y_pred, probs, 1, 1).empty
    with pytest.raises(ValueError):
        drill_down(y_true, y_pred, probs, 2, 0)
    with pytest.raises(ValueError):
        drill_down(y_true, y_pred, probs[:3], 0, 1)


# ------------------------------------------------------------------------------------------ CSV


def test_matrix_csv_round_trip_counts_and_fractions():
    names = [f"Class_{i + 1}" for i in range(K_EDGE)]
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    for mode in NORMALIZE_MODES:
        values = normalize(m, mode)
        data = matrix_csv(values, names)
        assert isinstance(data, bytes)
        back = pd.read_csv(io.BytesIO(data), index_col=0)
        assert list(back.index) == names and list(back.columns) == names
        assert back.index.name == MATRIX_CSV_INDEX_LABEL
        np.testing.assert_array_equal(back.to_numpy(), values)  # exact, not just close
    # Digit names stay strings after the round trip only if read as such; the values are what matter.
    digits = pd.read_csv(io.BytesIO(matrix_csv(m)), index_col=0)
    np.testing.assert_array_equal(digits.to_numpy(), m)
    with pytest.raises(ValueError):
        matrix_csv(m, names[:2])


def test_report_csv_round_trip():
    names = [f"Class_{i + 1}" for i in range(K_EDGE)]
    rep = per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE, names)
    back = pd.read_csv(io.BytesIO(report_csv(rep)), index_col=0)
    pd.testing.assert_frame_equal(back, rep, check_exact=True)
    avg = averages(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    back = pd.read_csv(io.BytesIO(report_csv(avg)), index_col=0)
    pd.testing.assert_frame_equal(back, avg, check_exact=True)


# -------------------------------------------------------------------------------------- figures


def test_heatmap_counts_z_text_axes_and_customdata():
    names = [f"Class_{i + 1}" for i in range(K_EDGE)]
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    fig = metric_figures.confusion_heatmap(m, names, "counts")
    heat = fig.data[0]
    assert heat.type == "heatmap"
    assert [list(r) for r in heat.z] == m.tolist()
    assert [list(r) for r in heat.text] == [[str(v) for v in row] for row in m.tolist()]
    assert list(heat.x) == names and list(heat.y) == names
    assert fig.layout.xaxis.title.text == "predicted class"
    assert fig.layout.yaxis.title.text == "true class"
    assert list(fig.layout.yaxis.range) == [K_EDGE - 0.5, -0.5]  # class 0 at the top, exactly K rows
    assert list(fig.layout.xaxis.range) == [-0.5, K_EDGE - 0.5]
    expected_custom = [[[i, j] for j in range(K_EDGE)] for i in range(K_EDGE)]
    assert [list(map(list, r)) for r in heat.customdata] == expected_custom
    # Click targets for Streamlit: one point per cell, row by row.
    cells = fig.data[1]
    assert cells.type == "scatter" and len(cells.customdata) == K_EDGE * K_EDGE
    assert [list(c) for c in cells.customdata[: K_EDGE + 1]] == [[0, j] for j in range(K_EDGE)] + [[1, 0]]
    assert list(cells.x[:2]) == names[:2] and cells.y[K_EDGE] == names[1]
    assert not fig.layout.shapes


def test_heatmap_shrinks_the_cell_text_for_full_mnists_four_digit_counts():
    """Full MNIST's diagonal holds ~1,000 digits a class: "1135" at the usual size ran out of its cell."""
    small = np.diag([100] * 10)
    full = np.diag([980, 1135, 1032, 1010, 982, 892, 958, 1028, 974, 1009])
    assert metric_figures.confusion_heatmap(small).data[0].textfont.size == FONT_SIZE
    assert metric_figures.confusion_heatmap(full).data[0].textfont.size < FONT_SIZE * 0.8
    assert metric_figures.confusion_heatmap(full, mode="row").data[0].textfont.size == FONT_SIZE  # "1.00" fits


@pytest.mark.parametrize("mode", ["row", "column", "by true class (rows)"])
def test_heatmap_fraction_modes_use_normalize(mode):
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    heat = metric_figures.confusion_heatmap(m, None, mode).data[0]
    expected = normalize(m, mode)
    _close(np.array(heat.z, dtype=float), expected)
    assert heat.text[0][0] == f"{expected[0, 0]:.2f}"
    assert heat.text[NEVER_PREDICTED][NEVER_PREDICTED] == "0"


def test_heatmap_hidden_diagonal():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    fig = metric_figures.confusion_heatmap(m, None, "counts", hide_diagonal=True)
    heat = fig.data[0]
    for i in range(K_EDGE):
        for j in range(K_EDGE):
            if i == j:
                assert heat.z[i][j] is None and heat.text[i][j] == ""
            else:
                assert heat.z[i][j] == m[i, j]
    off = m[~np.eye(K_EDGE, dtype=bool)]
    assert heat.zmax == off.max()  # the colour scale spans the mistakes only
    assert "diagonal hidden" in fig.layout.title.text


def test_heatmap_highlight_row_green_and_column_vermillion():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    k = 1
    fig = metric_figures.confusion_heatmap(m, None, "counts", highlight_class=k)
    row, col = fig.layout.shapes
    assert row.line.color == TRUE_CLASS and col.line.color == PREDICTED_WRONG
    assert (row.y0, row.y1, row.x0, row.x1) == (k - 0.5, k + 0.5, -0.5, K_EDGE - 0.5)
    assert (col.x0, col.x1, col.y0, col.y1) == (k - 0.5, k + 0.5, -0.5, K_EDGE - 0.5)
    o = one_vs_rest(m, k)
    assert f"recall {o.recall:.3f}" in fig.layout.title.text
    assert f"precision {o.precision:.3f}" in fig.layout.title.text
    never = metric_figures.confusion_heatmap(m, None, "counts", highlight_class=NEVER_PREDICTED)
    assert "never predicted" in never.layout.title.text
    with pytest.raises(ValueError):
        metric_figures.confusion_heatmap(m, None, "counts", highlight_class=K_EDGE)


def test_heatmap_serialises_to_plain_json():
    m = confusion(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE)
    spec = metric_figures.confusion_heatmap(m, None, "row", hide_diagonal=True, highlight_class=2).to_json()
    assert '"bdata"' not in spec  # plain lists, easy to read back in AppTest


def test_per_class_bars():
    names = [f"Class_{i + 1}" for i in range(K_EDGE)]
    rep = per_class_report(Y_TRUE_EDGE, Y_PRED_EDGE, K_EDGE, names)
    fig = metric_figures.per_class_bars(rep, highlight_class=2)
    assert [t.type for t in fig.data] == ["bar"] * 3
    assert fig.layout.barmode == "group"
    for trace, column in zip(fig.data, ["precision", "recall", "f1"], strict=True):
        assert list(trace.x) == names
        _close(trace.y, rep[column])
    assert fig.data[0].marker.color == PREDICTED_WRONG and fig.data[1].marker.color == TRUE_CLASS
    assert list(fig.data[0].marker.opacity).index(1.0) == 2


def test_heatmap_outlines_the_drill_down_cell_itself():
    fig = metric_figures.confusion_heatmap([[3, 1], [2, 4]], ["a", "b"], selected_cell=(1, 0))
    outlines = [shape for shape in fig.layout.shapes if shape.name == "drill-down cell"]
    assert [(s.x0, s.x1, s.y0, s.y1) for s in outlines] == [(-0.5, 0.5, 0.5, 1.5)] * 2
    assert fig.data[0].showscale is False  # every cell carries its number
