"""The training page tells the lecture: its four steps lit as a run goes, its printout, its run as a reference."""

from __future__ import annotations

import re

import pytest

from explainer.figures.network import network_diagram
from explainer.training.lecture_run import LECTURE_RUN_LABEL
from models import parameter_count
from tests.support.apptest import no_exceptions, open_page, plotly_specs, run_status, run_until

FAST = {"data": "bundled", "epochs": "2", "batch": "256"}
STEPS = ("1 · Prepare dataset", "2 · Design model", "3 · Construct loss and optimizer", "4 · Training cycle + test")


pytestmark = pytest.mark.usefixtures("release_runs")  # tests/conftest.py: trainings stopped after each test


def outline_line(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("The lecture's steps:"))


def test_the_four_steps_light_up_as_a_run_goes_and_the_log_prints_like_the_lecture():
    at = open_page("training", FAST)
    no_exceptions(at)
    before = outline_line(at)
    assert all(step in before for step in STEPS) and "orange-background" not in before
    at.button(key="training:start").click().run()
    lit = re.search(r":orange-background\[:material/play_circle: \*\*(.+?)\*\*\]", outline_line(at))
    if "finished" not in run_status(at):  # a run this small may already be done
        assert lit and lit.group(1) in (STEPS[0], STEPS[3])
    run_until(at, lambda at: "finished" in run_status(at))
    done = outline_line(at)
    assert done.count(":material/check_circle:") == 4 and "orange-background" not in done
    log = "\n".join(c.value for c in at.code if "loss:" in c.value)
    accuracy_lines = [line for line in log.splitlines() if line.startswith("Accuracy")]
    assert accuracy_lines  # the page shows the last 12 lines
    assert all(re.fullmatch(r"Accuracy on test set: \d{1,3} %", line) for line in accuracy_lines)


def test_the_lecture_run_is_a_faint_reference_under_the_curves():
    at = open_page("training", FAST)
    at.button(key="training:start").click().run()
    run_until(at, lambda at: "finished" in run_status(at))
    references = [t for spec in plotly_specs(at) for t in spec["data"] if t.get("name") == LECTURE_RUN_LABEL]
    loss, accuracy = references
    assert loss["y"] == [0.335, 0.154, 0.067, 0.005]
    assert accuracy["y"] == [90, 93, 97] and accuracy["x"] == [1, 2, 10]
    assert loss["line"]["dash"] == "dot"


def test_the_lecture_code_of_each_step_follows_the_settings():
    at = open_page("training", {**FAST, "lr": "0.1"})
    code = "\n".join(c.value for c in at.code)
    assert "optimizer = optim.SGD(model.parameters(), lr=0.1, momentum=0.5)" in code
    assert "DataLoader(train_dataset, shuffle=True, batch_size=256)" in code
    assert "for epoch in range(2):" in code


def test_the_network_is_drawn_as_columns_with_relu_between_hidden_layers_only():
    widths = (784, 512, 256, 128, 64, 10)
    counts = [parameter_count(pair) for pair in zip(widths[:-1], widths[1:], strict=True)]
    fig = network_diagram(widths, counts)
    texts = [a.text for a in fig.layout.annotations]
    assert [f"<b>{w:,}</b>" for w in widths] == [t for t in texts if t.startswith("<b>")]
    relus = [a for a in fig.layout.annotations if a.text == "ReLU"]
    assert len(relus) == 4  # after each of the four hidden layers, none after the logits
    assert all(0 < a.x < len(widths) - 1 for a in relus)
    assert "402k w" in texts and "650 w" in texts  # 784·512 + 512 and 64·10 + 10
    assert fig.layout.yaxis.type != "log"


def test_no_hidden_layer_means_no_relu():
    fig = network_diagram((784, 10), [7850])
    assert not [a for a in fig.layout.annotations if a.text == "ReLU"]
