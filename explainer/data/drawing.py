"""A hand drawing made to look like an MNIST digit, with MNIST's own preprocessing.

LeCun et al. describe how MNIST was made from NIST's black-and-white scans: each digit was
"size normalized to fit in a 20x20 pixel box while preserving their aspect ratio", with anti-aliasing
giving grey levels, then "centered in a 28x28 image by computing the center of mass of the pixels,
and translating the image so as to position this point at the center of the 28x28 field".
:func:`preprocess` does the same to a drawing, keeps every stage for the page to show, and ends with
the lecture's ``ToTensor()`` and ``Normalize((0.1307,), (0.3081,))``.

Measured on the bundled digits: the largest side of every digit's ink is 20 pixels (3,999 of 4,000),
and the centre of mass sits at row 14.0 ± 0.3, column 14.0 ± 0.3 (0-based pixel indices).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from PIL import Image

from explainer.data.mnist import SIDE, normalize, to_unit
from explainer.i18n import _

BOX = 20  # MNIST's digits fit a 20 x 20 box ...
CENTRE = 14.0  # ... placed so that their centre of mass lands on pixel (14, 14) of the 28 x 28 field
INK_LEVEL = 8  # pixels at or below this (of 255) count as background: anti-aliasing haze, not ink
SMALLEST_INK = 0.08  # ink spanning less than this fraction of the pad is a dot, not a digit


class DrawingError(ValueError):
    """A drawing that cannot become a digit; the message says what to draw instead, in the reader's language."""


@dataclass(frozen=True)
class Preprocessed:
    """Every stage from the pad to the network's input.

    Attributes
    ----------
    drawing : uint8 (H, W), 0 for paper up to 255 for ink (as MNIST stores digits), as drawn
    box : (top, bottom, left, right), bottom and right exclusive: the ink's bounding box in ``drawing``
    scaled : uint8 (h, w) with max(h, w) == 20: the ink, scaled keeping its aspect ratio
    digit : uint8 (28, 28): ``scaled`` placed so that its centre of mass is at the centre
    offset : (row, column) of ``scaled``'s top-left corner in ``digit``
    normalized : float32 (28, 28): ToTensor then Normalize, what the network multiplies
    """

    drawing: np.ndarray
    box: tuple[int, int, int, int]
    scaled: np.ndarray
    digit: np.ndarray
    offset: tuple[int, int]
    normalized: np.ndarray


def ink_box(image: np.ndarray) -> tuple[int, int, int, int]:
    """(top, bottom, left, right) of the pixels brighter than INK_LEVEL; bottom and right exclusive.

    >>> image = np.zeros((10, 10), dtype=np.uint8); image[2:5, 3:9] = 255
    >>> ink_box(image)
    (2, 5, 3, 9)
    """
    ink = np.asarray(image) > INK_LEVEL
    if not ink.any():
        raise DrawingError(_("The pad is empty: draw a digit with the mouse, a finger or a pen."))
    rows, cols = np.flatnonzero(ink.any(1)), np.flatnonzero(ink.any(0))
    return int(rows[0]), int(rows[-1]) + 1, int(cols[0]), int(cols[-1]) + 1


def scale_into_box(crop: np.ndarray, box: int = BOX) -> np.ndarray:
    """Resize so the longer side is ``box`` pixels, keeping the aspect ratio; grey levels from the filter.

    Pillow's bilinear filter widens with the shrink factor, so shrinking averages every source pixel
    (anti-aliasing) and enlarging interpolates; it never overshoots 0..255.

    >>> scale_into_box(np.full((100, 50), 255, dtype=np.uint8)).shape
    (20, 10)
    """
    height, width = crop.shape
    factor = box / max(height, width)
    size = (max(1, round(width * factor)), max(1, round(height * factor)))  # PIL wants (width, height)
    resized = Image.fromarray(np.asarray(crop, dtype=np.float32), mode="F").resize(size, Image.Resampling.BILINEAR)
    return np.clip(np.rint(np.asarray(resized)), 0, 255).astype(np.uint8)


def centre_of_mass(image: np.ndarray) -> tuple[float, float]:
    """(row, column) of the brightness-weighted mean pixel position.

    >>> centre_of_mass(np.array([[0, 0], [0, 9]]))
    (1.0, 1.0)
    """
    weights = np.asarray(image, dtype=np.float64)
    total = weights.sum()
    rows, cols = np.indices(weights.shape)
    return float((rows * weights).sum() / total), float((cols * weights).sum() / total)


def place_by_mass(scaled: np.ndarray, side: int = SIDE) -> tuple[np.ndarray, tuple[int, int]]:
    """Put ``scaled`` into a black side x side field, its centre of mass as near (14, 14) as whole pixels allow.

    The shift is clamped so that no ink falls off the field (a lopsided digit ends up a little off-centre).
    """
    height, width = scaled.shape
    mass_row, mass_col = centre_of_mass(scaled)
    top = int(np.clip(round(CENTRE - mass_row), 0, side - height))
    left = int(np.clip(round(CENTRE - mass_col), 0, side - width))
    field = np.zeros((side, side), dtype=np.uint8)
    field[top : top + height, left : left + width] = scaled
    return field, (top, left)


def preprocess(drawing: np.ndarray) -> Preprocessed:
    """Crop to the ink, scale into 20 x 20, centre by mass in 28 x 28, then ToTensor and Normalize.

    ``drawing`` is a 2-D uint8 image (or anything castable), 0 paper .. 255 ink, as the pad sends it.
    Raises :class:`DrawingError` for an empty pad or a dot too small to be a digit.

    >>> pad = np.zeros((140, 140), dtype=np.uint8); pad[10:110, 100:112] = 255  # a "1" near the edge
    >>> result = preprocess(pad)
    >>> result.scaled.shape, [round(c) for c in centre_of_mass(result.digit)]
    ((20, 2), [14, 14])
    """
    image = np.asarray(drawing)
    if image.ndim != 2 or min(image.shape) < 1:
        raise DrawingError(_("A drawing is a 2-D grey image, got an array of shape {shape}.").format(shape=image.shape))
    image = np.clip(image, 0, 255).astype(np.uint8)
    top, bottom, left, right = ink_box(image)
    if max(bottom - top, right - left) < SMALLEST_INK * max(image.shape):
        raise DrawingError(
            _(
                "That is a dot, not a digit: draw the digit large, about as tall as the pad. "
                "(MNIST would blow a dot up into a 20 × 20 blob.)"
            )
        )
    scaled = scale_into_box(image[top:bottom, left:right])
    digit, offset = place_by_mass(scaled)
    return Preprocessed(image, (top, bottom, left, right), scaled, digit, offset, normalize(to_unit(digit)))
