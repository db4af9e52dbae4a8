"""AppTest: the sweep page runs the plan its link names, fills the map, picks a cell, and refuses what it cannot run."""

import urllib.parse

import optuna
import pytest

from explainer.figures.style import HIGHLIGHT
from explainer.sweep.plan import BUDGET_ENV
from tests.support.apptest import open_page, plotly_specs, run_until, texts

TINY = {"lrs": "0.01,0.1", "per_decade": "1", "momenta": "0,0.5", "trial_epochs": "1"}  # 2 x 2 cells, 1 epoch


pytestmark = pytest.mark.usefixtures("release_runs")  # tests/conftest.py: the sweep's workers stopped after each test


def test_a_linked_sweep_fills_its_map_and_offers_its_cells_best_first(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_STORE", f"sqlite:///{tmp_path}/store.sqlite3")
    at = open_page("explore", TINY, timeout=120)
    at = run_until(at, lambda at: "**4 of 4** trials done" in texts(at))
    heatmap = next(spec for spec in plotly_specs(at) if spec["data"][0]["type"] == "heatmap")["data"][0]
    assert heatmap["x"] == ["0.01", "0.1"] and heatmap["y"] == ["0", "0.5"]
    assert all(text.endswith("%") or text == "✗" for row in heatmap["text"] for text in row)
    choice = at.selectbox(key="explore:cell_choice")
    assert len(choice.options) == 4 and choice.options[0].startswith("lr ")
    assert at.query_params["momenta"] == "0,0.5"  # the link still names the sweep
    assert at.get("link_button")[0].proto.label == "Open the best on the Training page"
    link = urllib.parse.urlsplit(at.get("link_button")[0].proto.url)
    opened = dict(urllib.parse.parse_qsl(link.query))  # the best cell as the Training page reads it: one epoch, ...
    assert link.path == "training" and opened["epochs"] == "1" and opened["hidden"] == "512,256,128,64"
    assert (float(opened["lr"]), float(opened["momentum"])) in {(0.01, 0.0), (0.01, 0.5), (0.1, 0.0), (0.1, 0.5)}
    choice.select(next(option for option in choice.options if option.startswith("lr 0.01 · momentum 0 ·"))).run()
    wide = next(spec for spec in plotly_specs(at) if spec["data"][0]["type"] == "heatmap")
    outlined = {(shape["x0"] + 0.5, shape["y0"] + 0.5, shape["line"]["color"]) for shape in wide["layout"]["shapes"]}
    assert (0, 0, "#000000") in outlined  # the chosen cell (lr 0.01, momentum 0: column 0, row 0), black on white
    assert (0, 1, HIGHLIGHT) in outlined  # the lecture's (0.01, 0.5), blue


def test_the_preset_over_the_servers_budget_is_refused_naming_the_budget(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_STORE", f"sqlite:///{tmp_path}/store.sqlite3")
    monkeypatch.setenv(BUDGET_ENV, "100")
    at = open_page("explore", timeout=60)
    assert [error.value for error in at.error] == [
        "This sweep asks for 44 trials x 5 epochs = 220 trial-epochs; this server's budget is 100. Narrow a range, "
        "vary fewer things, or train fewer epochs."
    ]


def test_hostile_link_values_are_named_and_the_preset_stands_in(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_STORE", f"sqlite:///{tmp_path}/store.sqlite3")
    monkeypatch.setenv(BUDGET_ENV, "1")  # nothing starts: this test reads the messages only
    at = open_page("explore", {"lrs": "0,1", "momenta": "1.5", "method": "<script>"}, timeout=60)
    warnings = [warning.value for warning in at.warning]
    assert "Link parameter 'lrs' ignored: Learning rate 0 must be in (0, 100], got 0." in warnings
    assert "Link parameter 'momenta' ignored: Momentum 0 must be in [0, 0.99], got 1.5." in warnings
    assert "Link parameter 'method' ignored: Search must be one of grid, random, tpe, got '<script>'." in warnings


def test_the_form_explains_an_inverted_range_and_keeps_the_sweep(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_STORE", f"sqlite:///{tmp_path}/store.sqlite3")
    monkeypatch.setenv(BUDGET_ENV, "1")
    at = open_page("explore", timeout=60)
    lrs = next(box for box in at.text_input if box.label.startswith("Learning rates"))
    lrs.input("1, 0.001")
    next(button for button in at.get("form_submit_button") if "Run this sweep" in button.proto.label).click()
    at.run()
    assert any("empty or inverted: 1 to 0.001" in error.value for error in at.error)


def test_more_than_two_parameters_varied_add_parallel_coordinates_and_importances(monkeypatch, tmp_path):
    monkeypatch.setenv("EXPLAINER_STORE", f"sqlite:///{tmp_path}/store.sqlite3")
    three = {**TINY, "batches": "32,128", "nets": "none"}  # lr x momentum x batch size: 8 cells
    at = open_page("explore", three, timeout=120)
    at = run_until(at, lambda at: "**8 of 8** trials done" in texts(at))
    names = [spec["layout"]["title"]["text"] for spec in plotly_specs(at) if spec["layout"].get("title")]
    assert any("Parallel Coordinate" in name for name in names)
    assert any("importances (fANOVA)" in name for name in names)
    fitted = []
    fit = optuna.importance.get_param_importances
    monkeypatch.setattr(optuna.importance, "get_param_importances", lambda study: fitted.append(1) or fit(study))
    at.run()
    at.run()
    assert fitted == [] and any(
        "importances (fANOVA)" in name
        for name in (spec["layout"]["title"]["text"] for spec in plotly_specs(at) if spec["layout"].get("title"))
    ), "fANOVA's forest is fitted once per sweep and count of finished trials, not on every rerun"
