"""An MNIST-sized set for the benches, and MNIST's files written, which the app never needs.

The benches time training on a 60k/10k set grown from the bundled 5,000 digits (speed depends on the
size, not the digits), written as the IDX files torchvision reads; the tests use the same writer to
exercise torchvision's real loader with tiny files of their own.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np

from explainer.data.mnist import RAW_FILES, SIDE, MnistData, load_bundled, read_only

FULL_SIZE = (60_000, 10_000)


def write_idx(path: Path, array: np.ndarray) -> None:
    """Write a uint8 array as an uncompressed IDX file (big-endian magic 0x0800 + ndim, then sizes)."""
    array = np.ascontiguousarray(array, dtype=np.uint8)
    header = (0x0800 + array.ndim).to_bytes(4, "big") + b"".join(n.to_bytes(4, "big") for n in array.shape)
    path.write_bytes(header + array.tobytes())


def write_mnist_raw(root: Path, data: MnistData) -> Path:
    """Write ``data`` as the four files torchvision's MNIST reads from ``root/MNIST/raw``; return that folder."""
    raw = Path(root) / "MNIST" / "raw"
    raw.mkdir(parents=True, exist_ok=True)
    for split, (image_name, label_name) in RAW_FILES.items():
        write_idx(raw / image_name, getattr(data, f"{split}_images"))
        write_idx(raw / label_name, getattr(data, f"{split}_labels"))
    return raw


def shifted_copies(
    images: np.ndarray, labels: np.ndarray, size: int, seed: int = 0, max_shift: int = 2
) -> tuple[np.ndarray, np.ndarray]:
    """``size`` digits drawn by cycling through ``images``, each moved by up to ``max_shift`` pixels.

    Shifts fill with black, so every copy is still a plausible digit; used to build an MNIST-sized
    set from the 5k subset for benchmarks (speed depends on the size, not on the digits).

    Returns uint8 (size, 28, 28) and int64 (size,).
    """
    rng = np.random.default_rng(seed)
    source = np.arange(size) % len(images)
    out = np.zeros((size, *images.shape[1:]), dtype=np.uint8)
    shifts = rng.integers(-max_shift, max_shift + 1, size=(size, 2))
    for dy in range(-max_shift, max_shift + 1):
        for dx in range(-max_shift, max_shift + 1):
            rows = np.flatnonzero((shifts[:, 0] == dy) & (shifts[:, 1] == dx))
            moved = images[source[rows]]  # (n, 28, 28)
            out[rows, max(dy, 0) : SIDE + min(dy, 0), max(dx, 0) : SIDE + min(dx, 0)] = moved[
                :, max(-dy, 0) : SIDE + min(-dy, 0), max(-dx, 0) : SIDE + min(-dx, 0)
            ]
    return out, labels[source].astype(np.int64)


def full_size_from_bundled(seed: int = 0, sizes: tuple[int, int] = FULL_SIZE) -> MnistData:
    """An MNIST-sized (60k/10k) set grown from the bundled split; test digits never appear in training."""
    base = load_bundled(seed)
    train_images, train_labels = shifted_copies(base.train_images, base.train_labels, sizes[0], seed)
    test_images, test_labels = shifted_copies(base.test_images, base.test_labels, sizes[1], seed + 1)
    return MnistData(
        train_images=read_only(train_images),
        train_labels=read_only(train_labels),
        test_images=read_only(test_images),
        test_labels=read_only(test_labels),
        source="bundled",
        notice=f"synthetic: the 5,000-digit subset shifted into {sizes[0]:,}/{sizes[1]:,} digits (for speed tests).",
    )
