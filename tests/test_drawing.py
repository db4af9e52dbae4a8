"""MNIST's preprocessing applied to drawings: hand-built cases, then real MNIST digits put through it."""

import numpy as np
import pytest

from explainer.data.drawing import BOX, DrawingError, centre_of_mass, preprocess
from explainer.data.mnist import MEAN, STD, load_mnist

PAD = 140  # the side of the image the drawing pad sends


def pad_with(*rectangles: tuple[int, int, int, int]) -> np.ndarray:
    """A black pad with white rectangles (top, bottom, left, right)."""
    pad = np.zeros((PAD, PAD), dtype=np.uint8)
    for top, bottom, left, right in rectangles:
        pad[top:bottom, left:right] = 255
    return pad


@pytest.fixture(scope="module")
def mnist():
    return load_mnist(source="bundled")


def test_an_off_centre_stroke_ends_up_centred_by_mass():
    corner_l = pad_with((2, 60, 2, 12), (50, 60, 2, 40))  # an "L" in the top-left corner
    result = preprocess(corner_l)
    row, col = centre_of_mass(result.digit)
    assert abs(row - 14) <= 0.5 and abs(col - 14) <= 0.5
    assert centre_of_mass(corner_l)[0] < 40  # it really was off-centre


def test_the_aspect_ratio_is_kept_and_the_longer_side_is_20():
    assert preprocess(pad_with((10, 110, 40, 90))).scaled.shape == (BOX, BOX // 2)  # tall 100 x 50
    assert preprocess(pad_with((60, 90, 10, 130))).scaled.shape == (5, BOX)  # wide 30 x 120


def test_grey_levels_are_anti_aliased_within_0_to_255():
    diagonal = np.zeros((PAD, PAD), dtype=np.uint8)
    for i in range(10, 130):
        diagonal[i, max(0, i - 6) : i + 6] = 255
    result = preprocess(diagonal)
    assert result.digit.dtype == np.uint8
    levels = np.unique(result.digit)
    assert levels.min() == 0 and levels.max() <= 255
    assert ((levels > 0) & (levels < 255)).sum() >= 10  # greys along the edges, not black and white only


def test_the_network_input_is_to_tensor_then_normalize():
    result = preprocess(pad_with((10, 110, 60, 75)))
    expected = (result.digit.astype(np.float32) / 255 - MEAN) / STD
    np.testing.assert_allclose(result.normalized, expected, rtol=1e-6, atol=1e-6)
    assert result.normalized.shape == (28, 28)


def test_mnist_digits_pass_through_nearly_unchanged(mnist):
    changed = []
    for image in mnist.test_images:
        digit = preprocess(image).digit
        changed.append(np.abs(digit.astype(int) - image.astype(int)).mean())
    changed = np.array(changed)
    assert np.median(changed) == 0  # most digits come back pixel for pixel
    assert np.mean(changed < 1) > 0.95  # the rest move by a pixel at most on average


def test_an_mnist_digit_drawn_five_times_larger_comes_back_close_to_itself(mnist):
    """What the pad does: a large drawing of the digit, shrunk back by the same steps."""
    for image in mnist.test_images[::100]:
        large = np.kron(image, np.ones((5, 5), dtype=np.uint8))  # (140, 140)
        digit = preprocess(large).digit.astype(float)
        correlation = np.corrcoef(digit.ravel(), image.astype(float).ravel())[0, 1]
        assert correlation > 0.9


def test_bad_drawings_say_what_to_draw_instead():
    with pytest.raises(DrawingError, match="empty"):
        preprocess(np.zeros((PAD, PAD), dtype=np.uint8))
    with pytest.raises(DrawingError, match="dot"):
        preprocess(pad_with((70, 74, 70, 74)))
    with pytest.raises(DrawingError, match="2-D"):
        preprocess(np.zeros((3, PAD, PAD), dtype=np.uint8))


def test_a_drawing_at_the_edge_and_a_huge_scribble_give_sensible_digits():
    at_edge = preprocess(pad_with((0, PAD, PAD - 12, PAD)))  # a "1" touching three edges
    assert at_edge.scaled.shape[0] == BOX and at_edge.digit.max() == 255
    everything = preprocess(np.full((PAD, PAD), 255, dtype=np.uint8))
    assert everything.scaled.shape == (BOX, BOX) and everything.digit.sum() == 255 * BOX * BOX
