"""The evaluation components on made-up data (Otto-like: 9 named classes, no images), and their pure helpers.

The data has every awkward case: a class that is never predicted, a class absent from the test set
that is still predicted, and a class that is both absent and never predicted.
"""

from __future__ import annotations

import json
from types import SimpleNamespace

import numpy as np
import pandas as pd
import pytest
from sklearn.metrics import precision_recall_fscore_support
from streamlit.testing.v1 import AppTest

from explainer.figures.one_vs_rest import formula_latex
from explainer.maths import evaluation
from explainer.maths.csv_export import report_csv
from explainer.maths.metrics import averages, confusion, one_vs_rest, per_class_report
from explainer.training.workbench import run_problem
from tests.support.apptest import no_exceptions

NAMES = [f"Class_{i}" for i in range(1, 10)]
NEVER_PREDICTED, ABSENT_BUT_PREDICTED, ABSENT_AND_NEVER_PREDICTED = 2, 8, 7


def synthetic(n: int = 300, seed: int = 0) -> tuple[np.ndarray, np.ndarray, list[np.ndarray]]:
    """Labels (n,), logits (n, 9) and two epochs of predictions with the awkward classes built in."""
    rng = np.random.default_rng(seed)
    present = [k for k in range(9) if k not in (ABSENT_BUT_PREDICTED, ABSENT_AND_NEVER_PREDICTED)]
    y = rng.choice(present, size=n)
    logits = rng.normal(size=(n, 9))
    logits[np.arange(n), y] += 2.0  # mostly right
    logits[:, NEVER_PREDICTED] = -50.0  # never the argmax
    logits[:, ABSENT_AND_NEVER_PREDICTED] = -50.0
    logits[:, ABSENT_BUT_PREDICTED] = -50.0
    logits[:20, ABSENT_BUT_PREDICTED] = 50.0  # predicted for 20 samples, all of another class
    first_epoch = rng.choice(present, size=n)  # an earlier, worse epoch
    return y, logits, [first_epoch, logits.argmax(1)]


def panel_app(y, logits, per_epoch, images=None, key="t"):
    import streamlit as st

    from explainer.ui.sections import evaluation as ui_evaluation

    names = [f"Class_{i}" for i in range(1, 10)]

    def opened(i: int) -> None:
        st.session_state["opened"] = i

    ui_evaluation.confusion_panel(
        key,
        y,
        logits,
        names,
        per_epoch_predictions=per_epoch,
        images=images,
        on_open=opened,
        file_stem="otto",
    )


@pytest.fixture
def panel():
    y, logits, per_epoch = synthetic()
    at = AppTest.from_function(panel_app, args=(y, logits, per_epoch), default_timeout=30).run()
    no_exceptions(at)
    return at, y, logits


def heatmap_counts(at) -> np.ndarray:
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "t:heatmap" in c.proto.id)
    hover = spec["data"][1]["hovertext"]
    return np.array([int(h.split("count ")[1].split("<")[0]) for h in hover]).reshape(9, 9)


@pytest.mark.parametrize(("choice", "value"), [("0", 0.0), ("1", 1.0), ("nan (skip in averages)", np.nan)])
def test_tables_equal_scikit_learn_for_every_zero_division(panel, choice, value):
    at, y, logits = panel
    at.radio(key="t:zero_division").set_value(choice).run()
    no_exceptions(at)
    y_pred = logits.argmax(1)
    report, averages_shown = at.dataframe[0].value, at.dataframe[1].value
    expected = precision_recall_fscore_support(y, y_pred, labels=range(9), average=None, zero_division=value)
    for column, numbers in zip(("precision", "recall", "f1", "support"), expected, strict=True):
        np.testing.assert_allclose(report[column].to_numpy(dtype=float), numbers, equal_nan=True)
    assert list(report.index) == NAMES
    for kind in ("macro", "weighted", "micro"):
        numbers = precision_recall_fscore_support(y, y_pred, labels=range(9), average=kind, zero_division=value)
        np.testing.assert_allclose(averages_shown.loc[kind, ["precision", "recall", "f1"]], numbers[:3], equal_nan=True)
    warnings = " ".join(w.value for w in at.warning)
    assert f"Class {NAMES[NEVER_PREDICTED]} is never predicted: precision = 0/0" in warnings
    assert f"Class {NAMES[ABSENT_BUT_PREDICTED]} is absent from the test set: recall = 0/0" in warnings
    assert f"Class {NAMES[ABSENT_AND_NEVER_PREDICTED]} is never predicted and absent" in warnings
    assert "precision, recall and F1 = 0/0" in warnings
    assert f"reported as {choice.split()[0]}" in warnings


def test_matrix_is_k_by_k_with_empty_rows_and_columns(panel):
    at, y, logits = panel
    counts = heatmap_counts(at)
    np.testing.assert_array_equal(counts, confusion(y, logits.argmax(1), 9))
    assert counts[ABSENT_BUT_PREDICTED].sum() == 0 and counts[:, ABSENT_BUT_PREDICTED].sum() == 20
    assert counts[:, NEVER_PREDICTED].sum() == 0 and counts[NEVER_PREDICTED].sum() > 0


def test_explaining_a_never_predicted_class_says_undefined(panel):
    at, _, _ = panel
    at.selectbox(key="t:class").set_value(NEVER_PREDICTED).run()
    no_exceptions(at)
    precision = next(x.value for x in at.latex if "precision" in x.value)
    assert precision.strip("$\n").endswith(r"\frac{0}{0 + 0} \to 0")
    assert any("never predicted" in c.value for c in at.caption)


def test_epoch_slider_and_drill_down_without_images(panel):
    at, y, logits = panel
    at.slider(key="t:epoch").set_value(1).run()
    no_exceptions(at)
    assert any("after epoch 2, the latest" in c.value for c in at.caption)
    at.selectbox(key="t:true").set_value(0).run()
    at.selectbox(key="t:pred").set_value(ABSENT_BUT_PREDICTED).run()
    no_exceptions(at)
    n = int(((y == 0) & (logits.argmax(1) == ABSENT_BUT_PREDICTED)).sum())
    assert any(m.value.startswith(f"**{n}** test images are") for m in at.markdown)
    if n:
        at.button(key=next(b.key for b in at.button if b.key.startswith("t:open"))).click().run()
        assert y[at.session_state["opened"]] == 0


def test_bad_outputs_are_refused_politely():
    y, logits, per_epoch = synthetic()
    logits[0, 0] = np.nan
    at = AppTest.from_function(panel_app, args=(y, logits, per_epoch), default_timeout=30).run()
    no_exceptions(at)
    assert [e.value for e in at.error] == [
        "Nothing to evaluate: the outputs contain NaN or infinite values (row indices 0): the weights overflowed."
    ]
    assert not at.get("plotly_chart")


# ------------------------------------------------------------------------------ pure helpers


@pytest.mark.parametrize(
    ("selection", "expected"),
    [
        ({"selection": {"points": [{"customdata": [1, 2]}]}}, (1, 2)),
        ({"points": [{"x": "3"}, {"customdata": [0, 8]}]}, (0, 8)),
        ({"selection": {"points": [{"customdata": [9, 0]}]}}, None),  # outside 0..8
        ({"selection": {"points": [{"customdata": ["a", 0]}]}}, None),
        ({"selection": {"points": []}}, None),
        (None, None),
    ],
)
def test_cell_from_selection(selection, expected):
    assert evaluation.cell_from_selection(selection, 9) == expected


def test_first_suggestions():
    y, logits, _ = synthetic()
    matrix = confusion(y, logits.argmax(1), 9)
    i, j = evaluation.most_confused(matrix)
    off = matrix * (1 - np.eye(9, dtype=int))
    assert i != j and matrix[i, j] == off.max()
    report = per_class_report(y, logits.argmax(1), 9, NAMES)
    weakest = evaluation.weakest_class(report)
    assert report["support"].iloc[weakest] > 0  # absent classes are never "the weakest"
    assert weakest == NEVER_PREDICTED  # F1 = 0: present, never found


@pytest.mark.parametrize("k", range(9))
def test_formulas_show_scikit_learns_numbers(k):
    y, logits, _ = synthetic()
    y_pred = logits.argmax(1)
    r = one_vs_rest(confusion(y, y_pred, 9), k)
    precision, recall, f1, _ = precision_recall_fscore_support(y, y_pred, labels=[k], average=None, zero_division=0)
    latex = formula_latex(r)
    shown = {True: "{:g}", False: "{:.4f}"}  # an undefined ratio shows the bare zero_division value
    assert latex["precision"].endswith(shown[r.precision_undefined].format(precision[0]))
    assert latex["recall"].endswith(shown[r.recall_undefined].format(recall[0]))
    f1_shown = rf"\to {f1[0]:g}" if r.f1_undefined else f"&= {f1[0]:.4f}"
    assert f1_shown in latex["f1"]
    assert (r"\to" in latex["precision"]) == r.precision_undefined


def test_report_table_round_trips_through_csv():
    y, logits, _ = synthetic()
    table = evaluation.report_table(per_class_report(y, logits.argmax(1), 9, NAMES), averages(y, logits.argmax(1), 9))
    import io

    back = pd.read_csv(io.BytesIO(report_csv(table)), index_col=0)
    assert list(back.index) == [*NAMES, "macro avg", "weighted avg", "micro avg"]
    np.testing.assert_allclose(back.to_numpy(), table.to_numpy())


def test_run_problem_needs_an_epoch_and_finite_outputs():
    empty = SimpleNamespace(epochs=(), test_logits=None, test_predictions=())
    assert "not finished an epoch" in run_problem(empty)
    nan = SimpleNamespace(epochs=(1,), test_logits=np.full((3, 10), np.nan), test_predictions=(np.zeros(3),))
    assert run_problem(nan) == (
        "the outputs contain NaN or infinite values (row indices 0, 1, 2): the weights overflowed."
    )
    fine = SimpleNamespace(epochs=(1,), test_logits=np.zeros((3, 10)), test_predictions=(np.zeros(3),))
    assert run_problem(fine) is None


def test_softmax_page_gets_logits_it_accepts():
    from explainer.links import LINKS, LOGIT_LIMIT, softmax_page_logits

    logits = softmax_page_logits(np.array([1e6, -3.14159265, 0.0, np.float32(2.5)]))
    assert LINKS["logits"].parse(LINKS["logits"].format(logits)) == logits
    assert max(abs(z) for z in logits) <= LOGIT_LIMIT
