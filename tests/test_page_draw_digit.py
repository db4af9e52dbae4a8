"""The draw-a-digit page in AppTest: the pad's message is put into the session as the browser would send it."""

import base64

import numpy as np
import pytest

from explainer.data.mnist import load_mnist
from explainer.ui.drawing_pad import decode
from tests.apptest_helpers import metric, no_exceptions, open_page, plotly_specs

PAD_KEY = "draw:pad:kept"  # where drawing_pad keeps the latest drawing


def pad_message(image: np.ndarray) -> dict:
    """What the pad sends: a square of ink levels 0..255, base64-encoded."""
    return {"side": image.shape[0], "pixels": base64.b64encode(image.tobytes()).decode(), "strokes": []}


@pytest.fixture(scope="module")
def page():
    at = open_page("draw_digit", timeout=120)  # the first visit trains the default model
    no_exceptions(at)
    return at


def test_before_drawing_the_page_says_what_to_do(page):
    assert any("Draw one digit" in info.value for info in page.info)
    assert [s.label for s in page.selectbox] == ["Model that reads the drawing"]
    assert page.selectbox[0].value == "Default model"
    assert any("trained once on this server" in c.value for c in page.caption)


def test_an_enlarged_mnist_digit_is_read_right_through_every_layer(page):
    mnist = load_mnist(source="bundled")
    index = int(np.flatnonzero(mnist.test_labels == 3)[0])
    drawing = np.kron(mnist.test_images[index], np.ones((5, 5), dtype=np.uint8))  # (140, 140), drawn large
    page.session_state[PAD_KEY] = pad_message(drawing)
    page.run()
    no_exceptions(page)
    assert metric(page, "Prediction") == "3"
    layers = next(spec for spec in plotly_specs(page) if len(spec["data"]) == 6)  # 784-512-256-128-64-10
    assert [a["text"].split("<br>")[0] for a in layer_annotations(layers)] == ["784", "512", "256", "128", "64", "10"]


def layer_annotations(spec: dict) -> list[dict]:
    return [a for a in spec["layout"]["annotations"] if "<br>" in a["text"]]


def test_choosing_the_true_class_shows_the_loss_and_its_gradient(page):
    page.pills(key="draw:target").set_value(5).run()
    no_exceptions(page)
    assert any("Cross-entropy loss of this drawing as a 5" in h.value for h in page.subheader)


@pytest.mark.parametrize(
    ("ink", "message"),
    [(np.zeros((140, 140), dtype=np.uint8), "empty"), (np.pad(np.full((3, 3), 255, np.uint8), 68), "dot")],
)
def test_an_empty_pad_or_a_dot_gets_a_message_not_a_traceback(page, ink, message):
    page.session_state[PAD_KEY] = pad_message(ink)
    page.run()
    no_exceptions(page)
    assert any(message in w.value for w in page.warning)


def test_a_message_that_is_not_from_the_pad_counts_as_not_drawn():
    assert decode({"side": 140, "pixels": "not base64!"}) is None
    assert decode({"side": 3, "pixels": base64.b64encode(bytes(5)).decode()}) is None
    assert decode(None) is None
