"""AppTest: the MNIST page shows a digit as numbers in the lecture's three views."""

import json

import numpy as np
import pytest

from explainer.figures.digit_zoom import CENTRE, ZOOM
from tests.support.apptest import no_exceptions, open_page


def grid_values(at) -> np.ndarray:
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "mnist:grid" in c.proto.id)
    return np.array(spec["data"][0]["z"], dtype=float)


@pytest.fixture(scope="module")
def at():
    return open_page("mnist_data", timeout=60)


def chart(at, key: str) -> dict:
    return next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if key in c.proto.id)


def test_opens_with_the_data_source_stated_and_the_server_path_out_of_sight(at):
    no_exceptions(at)
    (data,) = [e for e in at.expander if e.label.startswith("Data:")]
    assert "digits" in data.label and "/" not in data.label  # what was loaded, no file path
    assert data.proto.expanded is False  # the notice (with any path) stays folded away
    assert not [i for i in at.info if "Data:" in i.value]
    assert grid_values(at).shape == (28, 28)


def test_a_window_of_the_digit_prints_its_numbers_at_projector_size(at):
    raw = grid_values(at)
    zoom = chart(at, "mnist:zoom")["data"][0]
    assert zoom["textfont"]["size"] >= 16 and zoom["texttemplate"]  # 9 px before: unreadable
    np.testing.assert_array_equal(np.array(zoom["z"]), raw[CENTRE : CENTRE + ZOOM, CENTRE : CENTRE + ZOOM])
    at.slider(key="mnist:top").set_value(0).run()
    at.slider(key="mnist:left").set_value(28 - ZOOM).run()
    no_exceptions(at)
    zoom = chart(at, "mnist:zoom")["data"][0]
    np.testing.assert_array_equal(np.array(zoom["z"]), raw[0:ZOOM, 28 - ZOOM :])
    (window,) = chart(at, "mnist:grid")["layout"]["shapes"]
    assert (window["x0"], window["y0"]) == (28 - ZOOM - 0.5, -0.5)  # the outline on the whole digit follows


def test_views_follow_the_lecture(at):
    raw = grid_values(at)
    assert raw.max() <= 255 and raw.min() >= 0
    at.segmented_control(key="mnist:view").set_value("Normalize").run()
    no_exceptions(at)
    np.testing.assert_allclose(grid_values(at), (raw / 255 - 0.1307) / 0.3081, atol=1e-4)


def test_class_filter_and_index(at):
    at.selectbox(key="mnist:class").set_value(7).run()
    at.number_input(key="mnist:index").set_value(3).run()
    no_exceptions(at)
    assert next(m.value for m in at.metric if m.label == "Label") == "7"
    at.button(key="mnist:random").click().run()
    assert next(m.value for m in at.metric if m.label == "Label") == "7"
