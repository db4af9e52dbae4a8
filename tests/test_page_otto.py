"""AppTest: the Otto exercise page, end to end: data in (synthetic or uploaded, with validation), explore,
train live, evaluate, submit. Every CSV is generated here in Otto's schema, then broken on purpose."""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
import pytest

from explainer.data import otto, otto_synthetic
from tests.support.apptest import metric, no_exceptions, open_page, plotly_specs, run_status, run_until

FAST = {"epochs": "1", "batch": "256", "hidden": "64"}


pytestmark = pytest.mark.usefixtures("release_runs")  # tests/conftest.py: trainings stopped after each test


@pytest.fixture(scope="module")
def otto_session():
    """One session for the upload checks (no training): each upload is a new file for the same page."""
    at = open_page("otto", timeout=120)
    no_exceptions(at)
    return at


@pytest.fixture
def at_module(otto_session):
    """The shared session as a new visitor finds it, whatever the previous test uploaded: the synthetic
    sample in use and no upload messages."""
    at = otto_session
    if any(button.key == "otto:synthetic" for button in at.button):  # shown only while an upload is in use
        at.button(key="otto:synthetic").click().run()
    for kind in ("train", "test"):
        if f"otto:{kind}_error" in at.session_state:
            del at.session_state[f"otto:{kind}_error"]
    return at.run()


def csv(frame: pd.DataFrame) -> bytes:
    return frame.to_csv(index=False).encode()


def small_train(n_rows: int = 300, seed: int = 5) -> pd.DataFrame:
    return otto_synthetic.synthetic_sample(n_rows, seed)


def upload(at, kind: str, name: str, content: bytes):
    at.file_uploader(key=f"otto:{kind}_file").set_value((name, content, "text/csv")).run()
    no_exceptions(at)
    return at


def errors(at) -> str:
    return "\n".join(e.value for e in at.error)


def in_use(at) -> str:
    return " ".join(box.value for box in [*at.warning, *at.success] if "In use" in box.value)


def test_opens_on_the_synthetic_sample_clearly_labelled(at_module):
    at = at_module
    assert "synthetic" in in_use(at) and "NOT the real Kaggle data" in in_use(at)
    assert metric(at, "Rows") == f"{otto.REAL_TRAIN_ROWS:,}"
    assert [h.value.split(" · ")[0] for h in at.header] == ["1", "2", "3", "4", "5"]
    assert any("The classes are imbalanced" in m.value for m in at.markdown)
    assert "93-256-128-9" in " ".join(c.value for c in at.caption)  # the default net for 93 inputs
    assert any("No run yet" in i.value for i in at.info)


def test_transform_control_changes_what_the_network_is_fed(at_module):
    at = at_module

    def scale_traces() -> list[str]:
        spec = next(s for s in plotly_specs(at) if any("largest count" in t.get("name", "") for t in s["data"]))
        return [trace["name"] for trace in spec["data"]]

    assert "log1p+standardize: std" in scale_traces()
    at.segmented_control(key="otto:transform").set_value("none").run()
    no_exceptions(at)
    assert scale_traces() == ["raw: largest count", "raw: std"]
    assert any(m.value.startswith("**none**") for m in at.markdown)
    at.segmented_control(key="otto:transform").set_value("log1p+standardize").run()


BAD_TRAIN_FILES = {
    "empty": (b"", "the file is empty"),
    "binary": (b"PK\x03\x04\x00\x00binary", "ZIP archive"),
    "semicolons": (small_train(20).to_csv(index=False, sep=";").encode(), "separated by semicolons"),
    "missing column": (csv(small_train(20).drop(columns=["feat_7"])), "missing column feat_7"),
    "extra column": (csv(small_train(20).assign(price=1)), "unexpected column price"),
    "non-numeric count": (csv(small_train(20).astype({"feat_3": object}).assign(feat_3="many")), "Non-numeric"),
    "negative count": (csv(small_train(20).assign(feat_9=-2)), "Negative counts"),
    "unknown target": (csv(small_train(20).replace({"target": {"Class_4": "Class_42"}})), "'Class_42'"),
    "test file as train": (csv(small_train(20).drop(columns=["target"])), "looks like test.csv"),
    "too few rows to hold out": (csv(small_train(9)), "only 1 row"),
}


@pytest.mark.parametrize("kind", list(BAD_TRAIN_FILES))
def test_bad_train_file_is_explained_and_nothing_changes(at_module, kind):
    at = at_module
    before = (in_use(at), metric(at, "Rows"))
    content, expected = BAD_TRAIN_FILES[kind]
    upload(at, "train", f"{kind}.csv", content)
    assert expected.lower() in errors(at).lower(), errors(at)
    assert f"Could not load {kind}.csv" in errors(at)
    assert "stays as it was" in errors(at)
    assert (in_use(at), metric(at, "Rows")) == before  # nothing half-loaded


def test_bad_cells_are_named_by_row_and_column(at_module):
    frame = small_train(20).astype({"feat_12": object})
    frame.loc[4, "feat_12"] = "lots"  # spreadsheet row 6
    upload(at_module, "train", "cells.csv", csv(frame))
    assert "feat_12 row 6 ('lots')" in errors(at_module)


def test_valid_upload_replaces_the_data_then_a_bad_one_keeps_it(at_module):
    at = at_module
    upload(at, "train", "my_train.csv", csv(small_train(300)))
    assert not at.error
    assert "my_train.csv" in in_use(at) and "synthetic" not in in_use(at).lower()
    assert metric(at, "Rows") == "300"
    upload(at, "train", "broken.csv", b"id;feat_1\n1;2\n")
    assert "semicolons" in errors(at)
    assert "my_train.csv" in in_use(at) and metric(at, "Rows") == "300"
    at.button(key="otto:synthetic").click().run()  # back to the built-in sample
    assert "synthetic" in in_use(at) and metric(at, "Rows") == f"{otto.REAL_TRAIN_ROWS:,}"
    assert not at.error


def test_test_file_must_match_training_columns(at_module):
    at = at_module
    test = otto_synthetic.synthetic_test(50, seed=2)
    upload(at, "test", "test_missing.csv", csv(test.drop(columns=["feat_93"])))
    assert "missing column feat_93" in errors(at).lower() and "no test file is loaded" in errors(at)
    upload(at, "test", "test_ok.csv", csv(test))
    assert not at.error
    upload(at, "test", "train_as_test.csv", csv(small_train(20)))
    assert "'target' column" in errors(at) and "the test file in use stays as it was" in errors(at)


def page_text(at) -> str:
    """Every sentence, heading, label and notice on the page, one per line."""
    blocks = [*at.markdown, *at.caption, *at.info, *at.warning, *at.success, *at.header, *at.subheader]
    labels = [m.label for m in at.metric] + [e.label for e in at.expander] + [b.label for b in at.button]
    return "\n".join([b.value for b in blocks] + labels)


def test_train_live_evaluate_and_submit():
    at = open_page("otto", FAST, timeout=120)
    no_exceptions(at)
    assert at.query_params.get("data") is None  # the Otto page has no MNIST data choice in its links
    at.button(key="otto:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    assert metric(at, "Epochs done") == "1/1"
    kaggle = float(metric(at, "Validation log loss (Kaggle)"))
    engine = float(metric(at, "Mean cross-entropy (engine)"))
    table = at.dataframe[0].value
    assert table["data"].tolist() == ["synthetic · log1p+standardize"]
    assert kaggle == pytest.approx(table["validation loss"].iloc[0], abs=1e-4) and kaggle == pytest.approx(engine)
    assert kaggle < float(metric(at, "Class frequencies only")) < np.log(9)  # it learned more than class sizes
    assert metric(at, "Validation accuracy").endswith("%")
    assert any("Accuracy on validation set" in c.value for c in at.code)  # the lecture's printout, renamed
    log_loss_chart = next(
        s for s in plotly_specs(at) if s["layout"]["yaxis"].get("title", {}).get("text") == "log loss"
    )
    assert log_loss_chart["data"][0]["y"] == pytest.approx([engine], abs=1e-4)
    # Evaluate: the evaluation page's confusion matrix, on the 12,376 validation rows, 9 Otto classes.
    (mistakes,) = [m for m in at.metric if m.label.startswith("Mistakes")]
    assert mistakes.label == f"Mistakes (of {int(np.ceil(0.2 * otto.REAL_TRAIN_ROWS)):,})"
    assert any(s["data"][0].get("type") == "heatmap" and len(s["data"][0]["z"]) == 9 for s in plotly_specs(at))
    # Otto's words, not MNIST's: products scored on the validation rows; bars named like the matrix's rows.
    text = page_text(at)
    assert not re.search(r"\bimages?\b|test (accuracy|set|images?)", text, re.IGNORECASE), re.findall(
        r".{40}(?:\bimages?\b|test (?:accuracy|set)).{40}", text, re.IGNORECASE
    )
    assert "validation products are" in text
    bars = [s for s in plotly_specs(at) if s["layout"].get("xaxis", {}).get("ticktext")]
    assert bars and all(s["layout"]["xaxis"]["ticktext"] == list(otto.CLASS_NAMES) for s in bars)
    # Submit: the synthetic test.csv, clearly labelled, previewed, and downloadable.
    assert any("synthetic" in w.value and "test.csv" in w.value for w in at.warning)
    preview = next(d.value for d in at.dataframe if "Class_9" in d.value.columns)
    assert list(preview.columns) == ["id", *otto.CLASS_NAMES]
    np.testing.assert_allclose(preview[list(otto.CLASS_NAMES)].sum(axis=1), 1, atol=1e-6)
    at.download_button(key="otto:submission").click().run()
    no_exceptions(at)


def test_runs_survive_a_bad_upload_and_record_their_transform():
    at = open_page("otto", FAST, timeout=120)
    at.segmented_control(key="otto:transform").set_value("none").run()
    at.button(key="otto:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    upload(at, "train", "empty.csv", b"")
    assert "The file is empty" in errors(at)
    assert at.dataframe[0].value["data"].tolist() == ["synthetic · none"]
    at.segmented_control(key="otto:transform").set_value("log1p").run()
    at.button(key="otto:start").click().run()
    run_until(at, lambda at: "Run #2" in run_status(at) and "finished" in run_status(at))
    assert at.dataframe[0].value["data"].tolist() == ["synthetic · none", "synthetic · log1p"]
    assert at.multiselect(key="otto:overlay").value == ["#1 sgd lr=0.01 m=0.5 b=256"]
    curves = next(s for s in plotly_specs(at) if s["layout"]["yaxis"].get("title", {}).get("text") == "log loss")
    assert [t["name"].split(" ")[0] for t in curves["data"]][:2] == ["#2", "#1"]  # current run first, overlay after
    # Evaluate and submit any run: the newest by default, run #1 on request.
    assert any(m.value.startswith("Run #2 predicts") for m in at.markdown)
    at.selectbox(key="otto:eval:run").set_value(1).run()
    no_exceptions(at)
    assert any(m.value.startswith("Run #1 predicts") for m in at.markdown)
