"""The draw-a-digit page in AppTest: the pad's message is put into the session as the browser would send it."""

import base64
import functools

import numpy as np
import pytest
import streamlit as st

from explainer.data.mnist import load_mnist
from explainer.ui.components.drawing_pad import decode
from tests.support.apptest import (
    ROOT,
    announced,
    metric,
    no_exceptions,
    open_page,
    plotly_specs,
    run_status,
    run_until,
)

PAD_KEY = "draw:pad:kept"  # where drawing_pad keeps the latest drawing
MODEL_CHOICE = "Model that reads the drawing"


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
    # the pad's alternative for whoever has no pointer (WCAG 2.5.7), then the model
    assert [s.label for s in page.selectbox] == ["No mouse or pen? Take a test-set digit instead", MODEL_CHOICE]
    assert page.selectbox(key="draw:test_digit").value is None
    assert page.selectbox[1].value == "Default model"
    assert any("trained once on this server" in c.value for c in page.caption)


@functools.cache
def a_large_three() -> np.ndarray:
    """The bundled test set's first 3, enlarged to (140, 140) as if drawn large (read once for the tests below)."""
    mnist = load_mnist(source="bundled")
    index = int(np.flatnonzero(mnist.test_labels == 3)[0])
    return np.kron(mnist.test_images[index], np.ones((5, 5), dtype=np.uint8))


def draw_a_three(page) -> None:
    """A large 3 on the pad (each test that reads a drawing draws it itself, so that any of them runs alone, with
    -k)."""
    page.session_state[PAD_KEY] = pad_message(a_large_three())
    page.run()
    no_exceptions(page)


def test_an_enlarged_mnist_digit_is_read_right_through_every_layer(page):
    draw_a_three(page)
    assert metric(page, "Prediction") == "3"
    layers = next(spec for spec in plotly_specs(page) if len(spec["data"]) == 6)  # 784-512-256-128-64-10
    assert [a["text"].split("<br>")[0] for a in layer_annotations(layers)] == ["784", "512", "256", "128", "64", "10"]


def layer_annotations(spec: dict) -> list[dict]:
    return [a for a in spec["layout"]["annotations"] if "<br>" in a["text"]]


def test_choosing_the_true_class_shows_the_loss_and_its_gradient(page):
    draw_a_three(page)
    page.pills(key="draw:target").set_value(5).run()
    no_exceptions(page)
    assert any("Cross-entropy loss of this drawing as a 5" in h.value for h in page.subheader)
    assert [(m.value, m.delta) for m in page.metric if m.label == "Prediction"] == [("3", "wrong")]


def test_open_in_softmax_page_carries_this_drawings_logits_and_true_class(page):
    draw_a_three(page)
    page.pills(key="draw:target").set_value(5).run()
    page.button(key="draw:open").click().run()
    no_exceptions(page)
    assert page.title[0].value == "Softmax and cross-entropy"
    example = page.session_state["softmax:example"]
    assert example.target == 5 and len(example.logits) == 10
    assert max(range(10), key=lambda k: example.logits[k]) == 3
    page.switch_page(str(ROOT / "pages" / "draw_digit.py")).run()  # back, for the tests below


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


def test_the_sessions_latest_training_run_is_chosen_over_the_default_model():
    at = open_page("training", {"data": "bundled", "epochs": "1", "batch": "256"})
    try:
        at.button(key="training:start").click().run()
        run_until(at, lambda at: "finished" in run_status(at))
        at.switch_page(str(ROOT / "pages" / "draw_digit.py")).run()
        no_exceptions(at)
        box = at.selectbox(key="draw:model")
        assert box.options == ["Run #1 from the training page", "Default model"]
        assert box.value == "Run #1 from the training page"
        assert any("Your run #1" in c.value and "after 1 epoch" in c.value for c in at.caption)
        at.session_state[PAD_KEY] = pad_message(np.kron(np.eye(28, dtype=np.uint8) * 255, np.ones((5, 5), np.uint8)))
        at.run()
        no_exceptions(at)
        assert metric(at, "Prediction") in [str(k) for k in range(10)]
    finally:
        st.cache_resource.clear()  # releases the session's workbench: stops and joins its training thread


def test_a_test_set_digit_is_read_without_drawing():
    """No pointer: choosing a digit of the test set runs it through the page as a drawing would."""
    at = open_page("draw_digit", timeout=120)
    at.selectbox(key="draw:test_digit").set_value(7).run()
    no_exceptions(at)
    assert metric(at, "Prediction") == "7"
    assert announced(at, "draw:test_digit") == ["Took a handwritten 7 from the test set."]
