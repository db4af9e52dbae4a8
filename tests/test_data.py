"""MNIST sources: torchvision folder (tiny hand-written IDX files), fallback, transforms, synthetic sets."""

import gzip
import socket
import struct
import urllib.request
from pathlib import Path

import numpy as np
import pytest
from PIL import Image
from torchvision import datasets, transforms

from bench import mnist_sized
from explainer.data import mnist as data
from explainer.data.mnist import DataError, MnistData

NAMES = {
    "train_images": "train-images-idx3-ubyte",
    "train_labels": "train-labels-idx1-ubyte",
    "test_images": "t10k-images-idx3-ubyte",
    "test_labels": "t10k-labels-idx1-ubyte",
}


def idx_bytes(array: np.ndarray) -> bytes:
    """IDX written independently of data.write_idx: big-endian magic 0x0803 / 0x0801, sizes, uint8."""
    magic = 0x00000803 if array.ndim == 3 else 0x00000801
    return struct.pack(f">{1 + array.ndim}I", magic, *array.shape) + array.astype(np.uint8).tobytes()


@pytest.fixture(scope="module")
def digits():
    images, labels = data.bundled_digits()
    pick = np.r_[0:12:3, 500:5000:500]  # a few of each class: the set is sorted by class
    return images[pick], labels[pick]


@pytest.fixture
def mnist_root(tmp_path, digits):
    """A tiny but valid MNIST folder: 13 training and 13 test digits in ROOT/MNIST/raw."""
    images, labels = digits
    raw = tmp_path / "MNIST" / "raw"
    raw.mkdir(parents=True)
    arrays = {"train_images": images, "train_labels": labels, "test_images": images[::-1], "test_labels": labels[::-1]}
    for key, name in NAMES.items():
        (raw / name).write_bytes(idx_bytes(arrays[key]))
    return tmp_path


def test_transforms_match_torchvision_exactly(digits):
    images, _ = digits
    lecture = transforms.Compose([transforms.ToTensor(), transforms.Normalize((0.1307,), (0.3081,))])
    for image in images:
        pil = Image.fromarray(image, mode="L")
        assert np.array_equal(data.to_unit(image), transforms.ToTensor()(pil).numpy()[0])
        assert np.array_equal(data.normalize(data.to_unit(image)), lecture(pil).numpy()[0])


def test_bundled_split_is_stratified_disjoint_seeded_and_read_only():
    loaded = data.load_bundled()
    assert (loaded.n_train, loaded.n_test, loaded.source) == (4000, 1000, "bundled")
    assert loaded.train_images.shape == (4000, 28, 28) and loaded.train_images.dtype == np.uint8
    assert loaded.test_labels.dtype == np.int64
    assert np.bincount(loaded.test_labels).tolist() == [100] * 10
    assert np.bincount(loaded.train_labels).tolist() == [400] * 10
    assert "5,000-digit" in loaded.notice and "97%" in loaded.notice
    with pytest.raises(ValueError):
        loaded.train_images[0, 0, 0] = 1
    labels = data.bundled_digits()[1]
    train, test = data.stratified_split(labels, 1000, seed=0)
    assert len(np.union1d(train, test)) == 5000 and len(np.intersect1d(train, test)) == 0
    assert np.array_equal(test, data.stratified_split(labels, 1000, seed=0)[1])
    assert not np.array_equal(test, data.stratified_split(labels, 1000, seed=1)[1])
    assert np.diff(loaded.train_labels).any(), "shuffled, not sorted by class"


def test_data_dir_from_argument_then_environment_then_repo(monkeypatch, tmp_path):
    monkeypatch.setenv(data.DATA_DIR_ENV, str(tmp_path / "env"))
    assert data.resolve_data_dir(tmp_path / "flag") == tmp_path / "flag"
    assert data.resolve_data_dir() == tmp_path / "env"
    monkeypatch.delenv(data.DATA_DIR_ENV)
    assert data.resolve_data_dir() == Path(data.__file__).resolve().parent.parent / "data"


def test_torchvision_folder_is_read_through_torchvision(mnist_root, digits):
    images, labels = digits
    loaded = data.load_mnist(mnist_root, "torchvision", download=False)
    assert loaded.source == "torchvision" and "13 training" in loaded.notice
    assert np.array_equal(loaded.train_images, images) and np.array_equal(loaded.train_labels, labels)
    assert np.array_equal(loaded.test_images, images[::-1]) and loaded.test_labels.dtype == np.int64
    assert data.load_mnist(mnist_root, "auto", download=False).source == "torchvision"


def test_write_mnist_raw_writes_what_torchvision_reads(tmp_path, digits):
    images, labels = digits
    written = MnistData(images, labels, images[:3], labels[:3], "bundled", "")
    raw = mnist_sized.write_mnist_raw(tmp_path, written)
    for key, name in NAMES.items():
        assert (raw / name).read_bytes() == idx_bytes(getattr(written, key))
    assert np.array_equal(datasets.MNIST(str(tmp_path), train=False).data.numpy(), images[:3])


def corrupt(raw: Path, case: str) -> str:
    """Damage the folder; return the file name the error must mention."""
    images, labels = raw / NAMES["train_images"], raw / NAMES["train_labels"]
    if case == "missing":
        labels.unlink()
        return labels.name
    if case == "empty":
        images.write_bytes(b"")
    elif case == "truncated":
        images.write_bytes(images.read_bytes()[:-100])
    elif case == "garbage":
        images.write_bytes(b"<html>404 not found</html>" * 100)
    elif case == "gzipped":
        images.write_bytes(gzip.compress(images.read_bytes()))
    elif case == "wrong-shape":
        images.write_bytes(idx_bytes(np.zeros((13, 20, 20), np.uint8)))
    elif case == "count-mismatch":
        labels.write_bytes(idx_bytes(np.zeros(5, np.uint8)))
        return labels.name
    elif case == "a-folder":
        images.unlink()
        images.mkdir()
    elif case == "labels-above-9":
        labels.write_bytes(idx_bytes(np.full(13, 12, np.uint8)))
        return labels.name
    return images.name


CASES = [
    "missing",
    "empty",
    "truncated",
    "garbage",
    "gzipped",
    "wrong-shape",
    "count-mismatch",
    "labels-above-9",
    "a-folder",
]


@pytest.mark.parametrize("case", CASES)
def test_damaged_folder_raises_a_clear_error_naming_the_file(mnist_root, case):
    name = corrupt(mnist_root / "MNIST" / "raw", case)
    with pytest.raises(DataError, match=name):
        data.load_mnist(mnist_root, "torchvision", download=False)


@pytest.mark.parametrize("case", ["missing", "truncated", "garbage"])
def test_auto_falls_back_to_the_subset_and_says_why(mnist_root, case):
    name = corrupt(mnist_root / "MNIST" / "raw", case)
    loaded = data.load_mnist(mnist_root, "auto", download=False)
    assert loaded.source == "bundled" and loaded.n_train == 4000
    assert name in loaded.notice and "Fell back to the 5,000-digit MNIST subset" in loaded.notice


@pytest.fixture
def online(monkeypatch):
    """The tests' servers are told the machine is offline (tests/conftest.py); these tests try mirrors of their own."""
    monkeypatch.delenv(data.OFFLINE_ENV, raising=False)


def test_a_machine_known_offline_tries_no_mirror(monkeypatch, tmp_path):
    monkeypatch.setenv(data.OFFLINE_ENV, "1")
    monkeypatch.setattr(data, "download_mnist", lambda *args, **kwargs: pytest.fail("a mirror was tried"))
    loaded = data.load_mnist(tmp_path, "auto")
    assert loaded.source == "bundled" and "missing" in loaded.notice


@pytest.mark.usefixtures("online")
def test_unreachable_mirror_fails_with_a_clear_error(monkeypatch, tmp_path):
    monkeypatch.setattr(datasets.MNIST, "mirrors", ["https://mnist.invalid/"])
    with pytest.raises(DataError, match="no MNIST mirror answered within 0.5 s"):
        data.load_mnist(tmp_path, "torchvision", timeout=0.5)
    fallback = data.load_mnist(tmp_path, "auto", timeout=0.5)
    assert fallback.source == "bundled" and "no MNIST mirror answered" in fallback.notice


@pytest.mark.usefixtures("online")
def test_mirror_that_never_answers_fails_within_the_timeout(monkeypatch, tmp_path):
    """A server that accepts the connection and then stays silent, like a stalled network."""
    with socket.create_server(("127.0.0.1", 0)) as silent:
        monkeypatch.setattr(datasets.MNIST, "mirrors", [f"http://127.0.0.1:{silent.getsockname()[1]}/"])
        timeouts = []
        real_urlopen = urllib.request.urlopen

        def urlopen(url, *args, timeout=None, **kwargs):
            timeouts.append(timeout)
            return real_urlopen(url, *args, timeout=timeout, **kwargs)

        monkeypatch.setattr(urllib.request, "urlopen", urlopen)
        with pytest.raises(DataError, match="Could not download train-images-idx3-ubyte.gz"):
            data.load_mnist(tmp_path, "torchvision", timeout=0.5)
        assert timeouts and set(timeouts) == {0.5}  # every read of the stalled mirror gives up after 0.5 s
    assert not list((tmp_path / "MNIST" / "raw").iterdir()), "no partial file left behind"


def test_unknown_source_is_rejected():
    with pytest.raises(DataError, match="source must be one of"):
        data.load_mnist(source="kaggle")


def test_shifted_copies_keep_every_digit_whole_and_labelled(digits):
    images, labels = digits
    copies, copy_labels = mnist_sized.shifted_copies(images, labels, size=130, seed=0)
    assert copies.shape == (130, 28, 28) and copies.dtype == np.uint8
    source = np.arange(130) % len(images)
    assert np.array_equal(copy_labels, labels[source])
    padded = np.pad(images[source], ((0, 0), (2, 2), (2, 2)))  # (130, 32, 32), black border
    shifts = [(dy, dx) for dy in range(-2, 3) for dx in range(-2, 3)]
    for copy, original in zip(copies, padded, strict=True):
        windows = [original[2 - dy : 30 - dy, 2 - dx : 30 - dx] for dy, dx in shifts]
        assert any(np.array_equal(copy, window) for window in windows), "a copy is its source shifted <= 2 px"
    moved = (copies != images[source]).any((1, 2)).mean()
    assert 0.8 < moved < 1, "about 24 in 25 copies are shifted"


def test_full_size_set_round_trips_through_torchvision(tmp_path):
    grown = mnist_sized.full_size_from_bundled(sizes=(8000, 2000))  # each bundled digit twice
    assert (grown.n_train, grown.n_test) == (8000, 2000)
    assert np.bincount(grown.train_labels).tolist() == [800] * 10
    assert np.bincount(grown.test_labels).tolist() == [200] * 10
    mnist_sized.write_mnist_raw(tmp_path, grown)
    loaded = data.load_mnist(tmp_path, "torchvision", download=False)
    assert np.array_equal(loaded.train_images, grown.train_images)
    assert np.array_equal(loaded.test_labels, grown.test_labels)
