"""AppTest: the MNIST page shows a digit as numbers in the lecture's three views."""

import json

import numpy as np
import pytest

from tests.apptest_helpers import no_exceptions, open_page


def grid_values(at) -> np.ndarray:
    spec = next(json.loads(c.proto.spec) for c in at.get("plotly_chart") if "mnist:grid" in c.proto.id)
    return np.array(spec["data"][0]["z"], dtype=float)


@pytest.fixture(scope="module")
def at():
    return open_page("mnist_data", timeout=60)


def test_opens_with_the_data_source_stated(at):
    no_exceptions(at)
    assert any("Data:" in info.value and "MNIST" in info.value for info in at.info)
    assert grid_values(at).shape == (28, 28)


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
