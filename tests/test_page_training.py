"""AppTest: the training page trains live on the bundled digits, stops, resumes, compares, explains divergence."""

import pytest

from tests.support.apptest import ROOT, announced, metric, no_exceptions, open_page, run_status, run_until, torch_loss

FAST = {"data": "bundled", "epochs": "3", "batch": "256"}


pytestmark = pytest.mark.usefixtures("release_runs")  # tests/conftest.py: trainings stopped after each test


def test_link_prepares_but_does_not_start():
    at = open_page("training", {**FAST, "lr": "0.1", "hidden": "64,32", "optimizer": "adam"})
    no_exceptions(at)
    assert at.select_slider(key="training:lr").value == 0.1
    assert at.text_input(key="training:hidden").value == "64,32"
    assert at.radio(key="training:optimizer").value == "adam"
    assert not run_status(at)  # nothing trains until Start
    assert any("No run yet" in i.value for i in at.info)
    assert "784-64-32-10" in " ".join(c.value for c in at.caption)


def test_start_stop_resume_finish():
    at = open_page("training", FAST)
    # Before a run the live region's source for it is there and empty, so a run over before the browser's first look
    # still changes it and is said (an epoch of the bundled digits takes half a second).
    assert announced(at, "training:run") == [""]
    at.button(key="training:start").click().run()
    assert at.button(key="training:start").disabled  # no second training while one runs
    at.button(key="training:stop").click().run()
    # stopped mid-run, or (on a loaded machine) before its first batch, or too late to stop it
    run_until(at, lambda at: any(word in run_status(at) for word in ("paused", "not trained yet", "finished")))
    if "finished" not in run_status(at):
        at.button(key="training:resume").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    assert metric(at, "Epochs done") == "3/3"
    assert metric(at, "Test accuracy").endswith("%")
    assert announced(at, "training:run")[0].startswith("Run 1 has ended after 3 epochs: train accuracy ")
    assert len(at.get("plotly_chart")) >= 3  # network, loss curve, accuracy curve


def test_two_runs_are_listed_and_overlaid():
    at = open_page("training", FAST)
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    at.select_slider(key="training:lr").set_value(0.1).run()
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "Run #2" in run_status(at) and "finished" in run_status(at))
    assert len(at.dataframe[0].value) == 2
    overlay = at.multiselect(key="training:overlay")
    assert overlay.value == ["#1 sgd lr=0.01 m=0.5 b=256"]


def test_divergent_run_is_explained():
    at = open_page("training", {**FAST, "lr": "10", "epochs": "5"})
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "diverged" in run_status(at) or "finished" in run_status(at))
    assert "diverged" in run_status(at)
    assert any("lower it" in e.value for e in at.error)


def test_bad_settings_say_what_to_fix():
    at = open_page("training", {**FAST, "hidden": "512,abc", "lr": "-1"})
    no_exceptions(at)
    warnings = " ".join(w.value for w in at.warning)
    assert "'lr' ignored" in warnings and "'hidden' ignored" in warnings
    at.text_input(key="training:hidden").input("512, -3").run()
    no_exceptions(at)
    assert any("Hidden layer widths must be in [1, 4096], got -3." in e.value for e in at.error)
    assert at.button(key="training:start").disabled


def test_leaving_and_coming_back_keeps_the_run_and_the_settings():
    at = open_page("training", FAST)
    at.select_slider(key="training:lr").set_value(0.03).run()
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    at.switch_page(str(ROOT / "pages" / "softmax.py")).run()
    at.switch_page(str(ROOT / "pages" / "training.py")).run()
    no_exceptions(at)
    assert "Run #1" in run_status(at) and "finished" in run_status(at)
    assert at.select_slider(key="training:lr").value == 0.03


def test_a_test_digit_opens_in_the_softmax_page_with_its_logits():
    at = open_page("training", FAST)
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    open_buttons = [b for b in at.button if b.key and b.key.startswith("training:open")]
    assert len(open_buttons) == 8
    open_buttons[0].click().run()
    no_exceptions(at)
    assert float(torch_loss(at)) > 0  # now on the softmax page, showing that digit's logits
    assert at.slider(key="softmax:K").value == 10  # all ten digit classes
