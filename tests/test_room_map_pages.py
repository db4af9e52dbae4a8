"""AppTest: a class maps the landscape together. The projector's "Map it together" sends a following phone to its
Training page with its cell prepared; "Train my cell" trains it and the run lands on the room's map; a run by hand
lands there too; the map questions are refused until the map can answer them, then revealed on it."""

import pytest

from explainer.class_session import classes as cs
from explainer.class_session import room_map
from explainer.class_session.room_map import RoomRun
from explainer.lesson import step_for
from explainer.store.database import shared_store
from explainer.store.settings import STORE_ENV, sqlite_url
from explainer.ui.sections.room_map import ANOTHER_CELL, MAP_TOGETHER, STOP_MAPPING, TRAIN_MY_CELL, preset_grid
from tests.support.apptest import button, home, no_exceptions, plotly_specs, run_until, texts

pytestmark = pytest.mark.usefixtures("release_runs")


@pytest.fixture
def store(tmp_path, monkeypatch):
    monkeypatch.setenv(STORE_ENV, sqlite_url(tmp_path))
    return shared_store()


def on_explore(at):
    at.switch_page("../pages/explore.py")
    return at.run()


def captions(at) -> str:
    return " ".join(caption.value for caption in at.caption)


def room_heatmap(at) -> dict:
    """The room's wide map (the first heatmap on the page: the server's sweep is off in a class)."""
    return next(spec for spec in plotly_specs(at) if spec["data"] and spec["data"][0]["type"] == "heatmap")


def test_map_it_together_gives_a_phone_its_cell_and_its_run_lands_on_the_projectors_map(store):
    code, secret = cs.start_class(store, "explore")
    teacher = on_explore(home({"class": code, "teacher": secret}))
    no_exceptions(teacher)
    assert "**The room's map**: **0** runs from 0 phones" in texts(teacher)
    assert teacher.toggle(key="explore:server_sweep").value is False, "in a class the server's sweep waits"
    button(teacher, MAP_TOGETHER).click().run()
    assert cs.find_class(store, code).mapping and button(teacher, STOP_MAPPING)

    student = home({"class": code})
    student.run()  # the poll: the teacher is on the map, so the phone goes to its Training page
    no_exceptions(student)
    assert student.title[0].value == step_for("training").title
    cell = room_map.claim_cell(store, code, student.session_state["class:voter"][1])
    assert (cell.lr, cell.momentum) == preset_grid().cells[preset_grid().spread_order()[0]]
    assert f"learning rate **{cell.lr:g}**" in texts(student) and "5 epochs" in texts(student)
    assert student.session_state["training:lr"] == cell.lr and student.session_state["training:epochs"] == 5
    button(student, TRAIN_MY_CELL).click().run()
    run_until(student, lambda at: "on the projector's map" in captions(at) or "diverged" in captions(at), timeout=180)
    runs = room_map.room_runs_of(store, code)
    assert [(r.lr, r.momentum, r.epochs) for r in runs] == [(cell.lr, cell.momentum, 5)]

    teacher.run()
    assert "**1** runs from 1 phone" in texts(teacher) and "1 of 44 cells mapped" in texts(teacher)
    text = [t for row in room_heatmap(teacher)["data"][0]["text"] for t in row if t]
    assert text == [f"{100 * runs[0].accuracy:.0f}%"] or runs[0].diverged

    button(student, ANOTHER_CELL).click().run()
    other = room_map.claim_cell(store, code, student.session_state["class:voter"][1])
    assert other.index != cell.index and student.session_state["training:lr"] == other.lr


def test_map_questions_wait_for_the_map_then_are_revealed_on_it(store):
    code, secret = cs.start_class(store, "explore")
    teacher = on_explore(home({"class": code, "teacher": secret}))
    teacher.selectbox(key="class-question").select("map_best_momentum").run()
    button(teacher, "Ask").click().run()
    assert "No run of the room is on the map yet" in texts(teacher) and cs.find_class(store, code).question is None
    for n, (momentum, accuracy) in enumerate(((0.0, 0.9), (0.5, 0.95), (0.9, 0.6))):
        run = RoomRun(0.1, momentum, "sgd", 64, "512-256-128-64", 5, False, accuracy)
        room_map.record_run(store, code, f"r{n}", f"p{n}", run)
    button(teacher, "Ask").click().run()
    no_exceptions(teacher)
    assert "at learning rate **0.1**" in texts(teacher)
    button(teacher, "Reveal the answer").click().run()
    assert "Answer: 0.5." in texts(teacher)
    shapes = room_heatmap(teacher)["layout"]["shapes"]
    columns = room_heatmap(teacher)["data"][0]["x"]
    rows = room_heatmap(teacher)["data"][0]["y"]
    marked = {(columns[round(s["x0"] + 0.5)], rows[round(s["y0"] + 0.5)]) for s in shapes if s["line"]["width"] == 7}
    assert marked == {("0.1", "0.5")}, "the reveal outlines the answer's cell"
