import numpy as np
import pytest
from torchvision import transforms

from explainer.data import digits


def test_views_match_the_lectures_torchvision_transforms():
    image = np.random.default_rng(0).integers(0, 256, (28, 28), dtype=np.uint8)
    views = digits.pixel_views(image)
    lecture = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    expected = lecture(image[:, :, None]).numpy()[0]  # ToTensor takes (H, W, C)
    np.testing.assert_allclose(views["Normalize"].values, expected, atol=1e-6)
    np.testing.assert_allclose(views["ToTensor 0–1"].values, transforms.ToTensor()(image[:, :, None])[0], atol=1e-7)
    assert views["raw 0–255"].values.max() == image.max()
    assert list(views) == list(digits.VIEWS)


def test_worked_pixel_follows_the_formula():
    raw, unit, norm = digits.worked_pixel(np.array([[0, 51], [255, 3]], dtype=np.uint8))
    assert (raw, unit) == (255, 1.0)
    assert norm == pytest.approx((1.0 - 0.1307) / 0.3081, abs=1e-5)


def test_examples_per_class_and_counts():
    labels = np.repeat(np.arange(10), 7)
    chosen = digits.examples_per_class(labels, 3, seed=1)
    assert labels[chosen].tolist() == np.repeat(np.arange(10), 3).tolist()
    assert len(set(chosen.tolist())) == 30
    assert digits.class_counts(np.array([0, 0, 9]), 10).tolist() == [2, 0, 0, 0, 0, 0, 0, 0, 0, 1]
