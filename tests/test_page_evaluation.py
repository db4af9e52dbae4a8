"""AppTest: the evaluation page trains here when there is no model, then explains its confusion matrix.

One module-scoped session trains the lecture's network for 3 epochs on the bundled digits through
the page's own controls; the tests then poke that session in order (as a student would).
"""

from __future__ import annotations

import io

import numpy as np
import pandas as pd
import pytest
import streamlit as st
from sklearn.metrics import precision_recall_fscore_support

from explainer.data.mnist import load_bundled
from explainer.maths.csv_export import matrix_csv
from explainer.maths.metrics import normalize
from tests.support.apptest import (
    ROOT,
    heatmap_cells,
    heatmap_spec,
    metric,
    no_exceptions,
    open_page,
    run_status,
    run_until,
)

PAGE = "evaluation"
EPOCHS = 3


def heatmap(at) -> dict:
    return heatmap_spec(at, PAGE)


def cells(at) -> np.ndarray:
    return heatmap_cells(at, PAGE)


def counts_from_hover(at) -> np.ndarray:
    """The counts, whatever the mode: every cell's hover text says 'count N'."""
    hover = heatmap(at)["data"][1]["hovertext"]
    return np.array([int(h.split("count ")[1].split("<")[0]) for h in hover]).reshape(10, 10)


def release_sessions():
    """Stop and join every training thread. AppTest gives every test the same session id, hence the same
    workbench: the tests that need their own runs release before and after, and come before the shared one."""
    st.cache_resource.clear()


@pytest.fixture(scope="module")
def trained():
    release_sessions()
    at = open_page(PAGE, timeout=60)
    no_exceptions(at)
    at.selectbox(key=f"{PAGE}:data").set_value("bundled").run()
    at.number_input(key=f"{PAGE}:epochs").set_value(EPOCHS).run()
    at.button(key=f"{PAGE}:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at) and any(m.label == "Test accuracy" for m in at.metric))
    yield at
    release_sessions()


@pytest.fixture
def evaluation(trained):
    """The trained session, back on the evaluation page whatever the previous test did with it."""
    trained.switch_page(str(ROOT / "pages" / "evaluation.py")).run()
    no_exceptions(trained)
    return trained


@pytest.fixture(scope="module")
def bundled_labels() -> np.ndarray:
    return np.asarray(load_bundled().test_labels)


def test_without_a_model_the_page_offers_to_train_here():
    release_sessions()
    try:
        at = open_page(PAGE, timeout=60)
        no_exceptions(at)
        assert any("No trained model" in info.value for info in at.info)
        assert not at.button(key=f"{PAGE}:start").disabled
        assert not at.get("plotly_chart")  # no empty matrix
    finally:
        release_sessions()


def test_removed_and_diverged_runs_never_crash():
    release_sessions()
    try:
        at = open_page("training", {"data": "bundled", "epochs": "5", "lr": "10", "batch": "256"})
        at.button(key="training:start").click().run()
        run_until(at, lambda at: "stopped itself" in run_status(at))  # lr=10 diverges in its first epoch (seed 0)
        at.switch_page(str(ROOT / "pages" / "evaluation.py")).run()
        no_exceptions(at)
        assert [w.value for w in at.warning] == ["Run #1 cannot be evaluated: it has not finished an epoch yet."]
        at.switch_page(str(ROOT / "pages" / "training.py")).run()
        at.button(key="training:remove").click().run()
        at.switch_page(str(ROOT / "pages" / "evaluation.py")).run()
        no_exceptions(at)
        assert any("No trained model" in info.value for info in at.info)
    finally:
        release_sessions()


def test_a_run_still_training_is_evaluated_at_its_last_finished_epoch():
    release_sessions()
    try:
        at = open_page(PAGE)
        at.selectbox(key=f"{PAGE}:data").set_value("bundled").run()
        at.number_input(key=f"{PAGE}:epochs").set_value(1000).run()  # still training when the test looks
        at.button(key=f"{PAGE}:start").click().run()
        run_until(at, lambda at: any(m.label == "Test accuracy" for m in at.metric))
        (note,) = [i.value for i in at.info if "is still training" in i.value]
        done = int(note.split("after epoch ")[1].split()[0])
        assert f"after epoch {done} of 1000, the last one it finished" in note
        assert metric(at, "After epoch") == f"{done} of {done}"
        assert "training epoch" in run_status(at)
    finally:
        release_sessions()


def test_a_run_stopped_before_its_first_epoch_is_not_evaluated():
    release_sessions()
    try:
        at = open_page(PAGE)
        at.selectbox(key=f"{PAGE}:data").set_value("bundled").run()
        at.button(key=f"{PAGE}:start").click().run()
        at.button(key=f"{PAGE}:stop").click().run()
        run_until(at, lambda at: "paused" in run_status(at) or "fresh weights" in run_status(at))
        if not any(m.label == "Test accuracy" for m in at.metric):  # stopped within epoch 1, as is likely
            assert any("not finished an epoch" in w.value for w in at.warning)
            assert not at.button(key=f"{PAGE}:resume").disabled
    finally:
        release_sessions()


def test_a_link_opens_the_matrix_explaining_its_class_with_the_diagonal_hidden_and_training_does_not_move_it():
    release_sessions()
    try:
        at = open_page(PAGE, {"digit": "4", "diagonal": "hidden"})
        no_exceptions(at)
        at.selectbox(key=f"{PAGE}:data").set_value("bundled").run()
        at.number_input(key=f"{PAGE}:epochs").set_value(2).run()
        at.button(key=f"{PAGE}:start").click().run()
        run_until(at, lambda at: "finished" in run_status(at) and any(m.label == "Test accuracy" for m in at.metric))
        assert at.selectbox(key=f"{PAGE}:class").value == 4  # not the suggested weakest class, epoch after epoch
        assert any(s.value == "Class 4 against the rest" for s in at.subheader)
        assert at.toggle(key=f"{PAGE}:hide_diagonal").value
        assert np.isnan(np.diag(cells(at))).all()
        assert not [w for w in at.warning if "Link parameter" in w.value]
    finally:
        release_sessions()


def test_train_here_shows_the_matrix_of_the_finished_run(evaluation, bundled_labels):
    at = evaluation
    assert metric(at, "After epoch") == f"{EPOCHS} of {EPOCHS}"
    assert any(f"{EPOCHS}/{EPOCHS} epochs" in m.value for m in at.markdown)
    spec = heatmap(at)
    assert spec["layout"]["xaxis"]["title"]["text"] == "predicted class"
    assert spec["layout"]["yaxis"]["title"]["text"] == "true class"
    counts = cells(at)
    assert counts.shape == (10, 10)
    np.testing.assert_array_equal(counts.sum(axis=1), np.bincount(bundled_labels, minlength=10))  # rows: true class
    accuracy = np.trace(counts) / counts.sum()
    assert metric(at, "Test accuracy") == f"{accuracy:.2%}"


def test_numbers_equal_scikit_learn(evaluation):
    at = evaluation
    counts = cells(at).astype(int)
    y_true = np.repeat(np.arange(10), counts.sum(axis=1))
    y_pred = np.concatenate([np.repeat(np.arange(10), row) for row in counts])
    report, averages = at.dataframe[0].value, at.dataframe[1].value
    precision, recall, f1, support = precision_recall_fscore_support(
        y_true, y_pred, labels=range(10), average=None, zero_division=0
    )
    np.testing.assert_allclose(report["precision"], precision)
    np.testing.assert_allclose(report["recall"], recall)
    np.testing.assert_allclose(report["f1"], f1)
    np.testing.assert_array_equal(report["support"], support)
    for kind in ("macro", "weighted", "micro"):
        expected = precision_recall_fscore_support(y_true, y_pred, labels=range(10), average=kind, zero_division=0)
        np.testing.assert_allclose(averages.loc[kind, ["precision", "recall", "f1"]], expected[:3])
    assert averages.loc["micro", "f1"] == pytest.approx(np.trace(counts) / counts.sum())  # micro F1 = accuracy
    assert any("Micro F1" in c.value and "accuracy" in c.value for c in at.caption)


def test_one_vs_rest_formulas_use_the_chosen_class(evaluation):
    at = evaluation
    at.selectbox(key=f"{PAGE}:class").set_value(3).run()
    no_exceptions(at)
    counts = cells(at).astype(int)
    tp, fp, fn = counts[3, 3], counts[:, 3].sum() - counts[3, 3], counts[3].sum() - counts[3, 3]
    latex = [element.value for element in at.latex]
    assert any(rf"\frac{{{tp}}}{{{tp} + {fp}}}" in text and "precision" in text for text in latex)
    assert any(rf"\frac{{{tp}}}{{{tp} + {fn}}}" in text and "recall" in text for text in latex)
    assert any("F_1" in text for text in latex)
    assert any("Row 3" in m.value and "Column 3" in m.value for m in at.markdown)


def test_normalization_modes_and_hidden_diagonal(evaluation):
    at = evaluation
    counts = counts_from_hover(at)
    at.radio(key=f"{PAGE}:mode").set_value("row").run()
    no_exceptions(at)
    np.testing.assert_allclose(cells(at), normalize(counts, "row"))
    np.testing.assert_allclose(cells(at).sum(axis=1), 1.0)
    at.radio(key=f"{PAGE}:mode").set_value("column").run()
    predicted = counts.sum(axis=0) > 0
    np.testing.assert_allclose(cells(at).sum(axis=0)[predicted], 1.0)
    at.toggle(key=f"{PAGE}:hide_diagonal").set_value(True).run()
    no_exceptions(at)
    assert np.isnan(np.diag(cells(at))).all()
    assert any("Diagonal hidden" in caption.value for caption in at.caption)
    at.toggle(key=f"{PAGE}:hide_diagonal").set_value(False).run()
    at.radio(key=f"{PAGE}:mode").set_value("counts").run()
    np.testing.assert_array_equal(cells(at), counts)


def test_epoch_slider_scrubs_the_matrix(evaluation, bundled_labels):
    at = evaluation
    at.slider(key=f"{PAGE}:epoch").set_value(1).run()
    no_exceptions(at)
    assert metric(at, "After epoch") == f"1 of {EPOCHS}"
    first = cells(at)
    np.testing.assert_array_equal(first.sum(axis=1), np.bincount(bundled_labels, minlength=10))
    assert any("after epoch 3, the latest" in c.value for c in at.caption)
    at.slider(key=f"{PAGE}:epoch").set_value(EPOCHS).run()
    assert metric(at, "After epoch") == f"{EPOCHS} of {EPOCHS}"


def test_drill_down_shows_the_cell_most_confident_first(evaluation, bundled_labels):
    at = evaluation
    counts = counts_from_hover(at)
    off = counts * (1 - np.eye(10, dtype=int))
    true, predicted = np.unravel_index(off.argmax(), off.shape)
    at.selectbox(key=f"{PAGE}:true").set_value(int(true)).run()
    at.selectbox(key=f"{PAGE}:pred").set_value(int(predicted)).run()
    no_exceptions(at)
    n = counts[true, predicted]
    assert any(m.value.startswith(f"**{n:,}** test images are") for m in at.markdown)
    cards = [m.value for m in at.markdown if m.value.startswith("p(predicted) **")]
    assert len(cards) == min(n, 10)
    assert all("\nloss = −log p(true) **" in card for card in cards)  # both numbers say what they are
    confidences = [float(card.split("**")[1]) for card in cards]
    assert confidences == sorted(confidences, reverse=True)
    table = at.dataframe[-1].value  # every image of the cell, with its loss
    assert len(table) == n and (bundled_labels[table.index] == true).all()
    assert np.all(table["loss"] > 0)
    first = table.iloc[0]  # the first card: p of the predicted class, loss from the true class's p
    assert cards[0] == f"p(predicted) **{first['confidence']:.3f}**  \nloss = −log p(true) **{first['loss']:.2f}**"
    assert first["loss"] == pytest.approx(-np.log(first["p_true"]), rel=1e-3)


@pytest.fixture
def media_files(monkeypatch):
    """Capture AppTest's in-memory media storage, where download buttons put their data."""
    from streamlit.runtime.memory_media_file_storage import MemoryMediaFileStorage
    from streamlit.testing.v1 import app_test

    stores: list[MemoryMediaFileStorage] = []

    class Recording(MemoryMediaFileStorage):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            stores.append(self)

    monkeypatch.setattr(app_test, "MemoryMediaFileStorage", Recording)
    return stores


def download(at, stores, label: str) -> bytes:
    button = next(b for b in at.get("download_button") if b.proto.label == label)
    return stores[-1].get_file(button.proto.url.rsplit("/", 1)[-1]).content


def test_downloads_hold_the_matrix_and_the_metrics(evaluation, media_files):
    at = evaluation
    at.run()
    counts = counts_from_hover(at)
    assert download(at, media_files, "Confusion matrix (CSV)") == matrix_csv(counts, [str(k) for k in range(10)])
    at.radio(key=f"{PAGE}:mode").set_value("row").run()
    shares = pd.read_csv(io.BytesIO(download(at, media_files, "Confusion matrix (CSV)")), index_col=0)
    np.testing.assert_allclose(shares.to_numpy(), normalize(counts, "row"))
    at.radio(key=f"{PAGE}:mode").set_value("counts").run()
    table = pd.read_csv(io.BytesIO(download(at, media_files, "Per-class metrics (CSV)")), index_col=0)
    assert list(table.columns) == ["precision", "recall", "f1", "support"]
    assert list(table.index[-3:]) == ["macro avg", "weighted avg", "micro avg"]
    np.testing.assert_allclose(table.iloc[:10]["f1"], at.dataframe[0].value["f1"])


def test_zero_division_choice_is_stated_and_applied(evaluation):
    at = evaluation
    at.radio(key=f"{PAGE}:zero_division").set_value("1").run()
    no_exceptions(at)
    assert any("zero_division" in c.value for c in at.caption)
    at.radio(key=f"{PAGE}:zero_division").set_value("0").run()


def test_open_in_softmax_page_loads_the_logits(evaluation):
    at = evaluation
    counts = counts_from_hover(at)
    true = int(at.selectbox(key=f"{PAGE}:true").value)
    assert counts[true, int(at.selectbox(key=f"{PAGE}:pred").value)] > 0
    opener = next(b for b in at.button if b.key and b.key.startswith(f"{PAGE}:open"))
    opener.click().run()
    no_exceptions(at)
    assert at.radio(key="softmax:target").value == true  # the softmax page, with the image's true class
    assert at.slider(key="softmax:K").value == 10
    assert any(s.label.endswith("(true class)") for s in at.slider)


def test_guess_which_digit_is_confused_with_9_then_reveal(evaluation):
    at = evaluation
    key = f"{PAGE}:confused_with_9"
    assert at.radio(key=key).value is None  # no answer before a guess
    assert not [s for s in [*at.success, *at.info] if "were predicted 9" in s.value]
    counts = counts_from_hover(at)
    both_ways = counts[9] + counts[:, 9]
    both_ways[9] = -1
    partner = int(both_ways.argmax())
    at.radio(key=key).set_value(str(partner)).run()
    no_exceptions(at)
    (answer,) = [s.value for s in at.success if "were predicted 9" in s.value]
    assert answer.startswith("**Right.**")
    assert f"{counts[9, partner]} of the 9s were predicted {partner}" in answer
    wrong = str((partner + 1) % 9)
    at.radio(key=key).set_value(wrong).run()
    (answer,) = [i.value for i in at.info if "were predicted 9" in i.value]
    assert answer.startswith(f"**It is: {partner}.**")


def test_recall_is_named_sensitivity(evaluation):
    at = evaluation
    assert any("**sensitivity** (the lecture's *Sen*)" in m.value for m in at.markdown)


def test_rare_controls_sit_in_one_expander_and_lecture_mode_hides_them(evaluation):
    at = evaluation
    (more,) = [e for e in at.expander if e.label.startswith("More: the value of 0/0")]
    assert {r.key for r in more.radio} == {f"{PAGE}:zero_division"}
    assert len(at.get("download_button")) == 2
    at.toggle(key="lecture_mode").set_value(True).run()
    try:
        no_exceptions(at)
        assert not [e for e in at.expander if e.label.startswith("More:")]
        assert not at.get("download_button") and not any(r.key == f"{PAGE}:zero_division" for r in at.radio)
        assert any(m.label == "Test accuracy" for m in at.metric)  # the lecture's part stays
    finally:
        at.toggle(key="lecture_mode").set_value(False).run()
