"""Reading an uploaded Otto CSV: bytes -> text -> header -> columns -> a validated container.

Each way a file can be wrong (empty, binary, not UTF-8, another delimiter, missing or extra columns,
bad rows) gets a message that names it and says what to fix; the cells themselves are checked by
:mod:`explainer.data.otto_cells`. Nothing is ever half-loaded.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd

from explainer.data.otto import (
    FEATURE_COLUMNS,
    TRAIN_COLUMNS,
    OttoData,
    OttoFormatError,
    OttoTest,
    Source,
    rows_text,
)
from explainer.data.otto_cells import validate_frame
from explainer.data.otto_header import check_columns, read_header
from explainer.i18n import N_, _, ngettext

# --------------------------------------------------------------------------------------------
# Reading and validation
# --------------------------------------------------------------------------------------------


def _read_source(source: Source, name: str | None) -> tuple[bytes, str]:
    """The raw bytes and a display name, from a path, bytes or a file-like object."""
    if isinstance(source, (bytes, bytearray, memoryview)):
        return bytes(source), name or _("the uploaded data")
    if isinstance(source, str) and ("\n" in source or "\r" in source):
        raise TypeError("Got CSV text as a str; pass a path, or the text as bytes (text.encode()).")
    if isinstance(source, (str, os.PathLike)):
        path = Path(source)
        return path.read_bytes(), name or path.name
    if hasattr(source, "read"):
        # Streamlit's UploadedFile is a BytesIO that an earlier script run may have read to the end;
        # reading from the start is what the caller means.
        if hasattr(source, "seek"):
            with contextlib.suppress(OSError, ValueError):  # a pipe or socket: read what is left
                source.seek(0)
        data = source.read()
        if isinstance(data, str):
            data = data.encode("utf-8")
        file_name = getattr(source, "name", None)
        display = name or (os.path.basename(file_name) if isinstance(file_name, str) else "")
        return bytes(data), display or _("the uploaded file")
    raise TypeError(f"Expected a path, bytes or a file-like object, got {type(source).__name__}.")


# What a file that starts with these bytes is, each a whole message (translated where it is raised).
_MAGIC = (
    (
        b"PK\x03\x04",
        N_(
            "this is a ZIP archive (Kaggle ships train.csv.zip, and .xlsx files are ZIPs too), not a CSV text file. "
            "Extract or export the .csv and upload it."
        ),
    ),
    (b"\x1f\x8b", N_("this is gzip-compressed, not a CSV text file. Extract or export the .csv and upload it.")),
    (
        b"\xd0\xcf\x11\xe0",
        N_("this is an old Excel (.xls) workbook, not a CSV text file. Extract or export the .csv and upload it."),
    ),
)


def _decode(data: bytes, what: str) -> tuple[bytes, str]:
    """(``data`` without a BOM, its UTF-8 text), or OttoFormatError for empty/binary/non-UTF-8 data."""
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]  # Excel's "CSV UTF-8" starts with a byte-order mark
    if not data.strip():
        raise OttoFormatError(what, [_("the file is empty. Upload the CSV file with its header row.")])
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        raise OttoFormatError(
            what, [_("the file is UTF-16 text. Save it as 'CSV UTF-8 (comma delimited)' and upload that.")]
        )
    for magic, message in _MAGIC:
        if data.startswith(magic):
            raise OttoFormatError(what, [_(message)])
    nul = data.find(b"\x00")
    if nul >= 0:
        line = data.count(b"\n", 0, nul) + 1
        raise OttoFormatError(
            what,
            [
                _(
                    "the file is binary, not CSV text (it contains NUL bytes, the first on line {line}). "
                    "Upload the plain .csv file."
                ).format(line=line)
            ],
        )
    try:
        return data, data.decode("utf-8")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        raise OttoFormatError(
            what,
            [
                _(
                    "the file is not UTF-8 text: byte 0x{byte:02X} on line {line} cannot be "
                    "decoded. Otto files are plain ASCII; save the file as 'CSV UTF-8' or re-download it."
                ).format(byte=data[error.start], line=line)
            ],
        ) from None


def _bad_field_counts(text: str, n_columns: int) -> list[str]:
    """Rows whose number of values differs from the header's (only called after a parser error)."""
    too_many = [
        line_number
        for line_number, fields in enumerate(csv.reader(io.StringIO(text)), start=1)
        if line_number > 1 and len(fields) > n_columns
    ]
    if not too_many:
        return []
    message = ngettext(
        "{rows} has more values than the {n_columns} header columns (a stray comma, or a comma inside a number "
        "like 1,5?). Fix those rows.",
        "{rows} have more values than the {n_columns} header columns (a stray comma, or a comma inside a number "
        "like 1,5?). Fix those rows.",
        len(too_many),
    )
    return [message.format(rows=rows_text(too_many), n_columns=n_columns)]


def _parse_body(data: bytes, text: str, names: list[str], what: str) -> pd.DataFrame:
    """The data rows, indexed by spreadsheet row number; numeric columns float64 where possible."""
    target_dtype: dict[str, Any] = {n: str for n in names if n == "target"}
    options: dict[str, Any] = {
        "header": 0,
        "names": names,
        "encoding": "utf-8",
        # Keep blank lines as all-NaN rows so that the row index still counts file lines; they
        # are dropped below (spreadsheets often write trailing empty rows).
        "skip_blank_lines": False,
        "engine": "c",
    }
    try:
        try:
            # Fast path: explicit float64 dtypes parse 62k x 95 (bytes, not str: the C parser then
            # skips re-encoding) in ~0.2 s. Float, not int, so that an empty cell or 2.5 still
            # parses and can be reported with its row and column.
            dtypes = {n: np.float64 for n in names if n != "target"} | target_dtype
            frame = pd.read_csv(io.BytesIO(data), dtype=dtypes, **options)
        except pd.errors.ParserError:
            raise
        except (ValueError, TypeError, OverflowError):
            # Some cell is not a number. Let pandas infer each column: the good ones still parse as
            # numbers, the bad ones come back as text, and _numeric finds the offending cells.
            # low_memory=False: infer each column from all its rows, not chunk by chunk (which
            # would mix numbers and strings in one column and warn).
            frame = pd.read_csv(io.BytesIO(data), dtype=target_dtype, low_memory=False, **options)
    except pd.errors.ParserError as error:
        problems = _bad_field_counts(text, len(names))
        raise OttoFormatError(
            what, problems or [_("The CSV cannot be parsed ({error}).").format(error=error)]
        ) from None
    frame.index = pd.RangeIndex(2, 2 + len(frame))  # spreadsheet row numbers
    # A blank line has no id, so only rows without one need the (costly) all-columns check.
    no_id = frame["id"].isna().to_numpy()
    if no_id.any():
        blank = np.zeros(len(frame), dtype=bool)
        blank[no_id] = frame.loc[no_id].isna().all(axis=1).to_numpy()
        frame = frame.loc[~blank]
    return frame


def _frame_rows_as_spreadsheet(frame: pd.DataFrame) -> pd.DataFrame:
    # A frame's rows are numbered as they would be after ``to_csv(index=False)``.
    frame = frame.copy(deep=False)
    frame.index = pd.RangeIndex(2, 2 + len(frame))
    return frame


def read_train_csv(source: Source, *, name: str | None = None) -> OttoData:
    """Read and validate an Otto train.csv into :class:`OttoData`; nothing is half-loaded.

    Parameters
    ----------
    source : path (str or PathLike), bytes, or a binary/text file-like object
        Streamlit's ``UploadedFile`` works as is (it is read from the start, whatever its
        position). A ``str`` is a path; pass CSV text as bytes.
    name : str, optional
        Display name for messages and ``OttoData.source``; defaults to the file's name.

    The file must be comma-separated UTF-8 (a BOM is fine) with the header
    ``id, feat_1 … feat_93, target`` in any column order, whole non-negative counts, unique
    whole-number ids and targets ``Class_1`` … ``Class_9``. Fully empty lines are skipped.

    Raises
    ------
    OttoFormatError
        For an empty, binary, non-UTF-8 or non-comma-separated file, missing/extra/duplicate
        columns, no data rows, or bad cells (missing, non-numeric, negative, non-integer counts;
        missing/duplicate ids; unknown targets). All cell problems are reported at once, each
        naming its columns and rows (spreadsheet numbering, header = row 1), first few + count.

    Timing: a full-size file (61,878 x 95, ~12 MB) loads in about 0.2-0.3 s (measured on a
    2-core machine); a file with bad cells takes a second pass of similar cost.

    >>> from explainer.data.otto_synthetic import synthetic_sample
    >>> data = read_train_csv(synthetic_sample(20).to_csv(index=False).encode(), name="t.csv")
    >>> data.features.shape, data.labels[:3].tolist(), data.source
    ((20, 93), [0, 1, 1], 't.csv')
    """
    data, display = _read_source(source, name)
    data, text = _decode(data, display)
    names = read_header(text, display, TRAIN_COLUMNS)
    check_columns(names, TRAIN_COLUMNS, display, "train")
    frame = _parse_body(data, text, names, display)
    ids, features, labels = validate_frame(frame, FEATURE_COLUMNS, display, with_target=True)
    assert labels is not None
    return OttoData(ids=ids, features=features, labels=labels, source=display)


def read_test_csv(source: Source, train: OttoData, *, name: str | None = None) -> OttoTest:
    """Read and validate an Otto test.csv whose features must match ``train``'s.

    Same input kinds and checks as :func:`read_train_csv`, but the header must be ``id`` plus
    exactly ``train.feature_names`` (any order; the result uses the training order) and there
    must be no ``target`` column (a file with one is a training file uploaded in the wrong place).
    Test ids may overlap training ids (they do in the real competition) but must be unique.

    Raises
    ------
    OttoFormatError
        As :func:`read_train_csv`, plus a 'target' column or feature columns that differ from
        training (named).
    """
    data, display = _read_source(source, name)
    data, text = _decode(data, display)
    expected = ("id", *train.feature_names)
    names = read_header(text, display, expected)
    check_columns(names, expected, display, "test")
    frame = _parse_body(data, text, names, display)
    ids, features, _labels = validate_frame(frame, train.feature_names, display, with_target=False)
    return OttoTest(ids=ids, features=features, feature_names=train.feature_names, source=display)


def read_train_frame(frame: pd.DataFrame, *, source: str = "", is_synthetic: bool = False) -> OttoData:
    """Validate a DataFrame in train.csv's schema (e.g. :func:`synthetic_sample`) as :class:`OttoData`.

    Same checks and messages as :func:`read_train_csv`; rows are numbered as in the CSV that
    ``frame.to_csv(index=False)`` would write.
    """
    what = source or _("the data")
    names = [str(c).strip() for c in frame.columns]
    check_columns(names, TRAIN_COLUMNS, what, "train")
    frame = _frame_rows_as_spreadsheet(frame.set_axis(names, axis=1))
    ids, features, labels = validate_frame(frame, FEATURE_COLUMNS, what, with_target=True)
    assert labels is not None
    return OttoData(ids=ids, features=features, labels=labels, source=source, is_synthetic=is_synthetic)


def read_test_frame(frame: pd.DataFrame, train: OttoData, *, source: str = "", is_synthetic: bool = False) -> OttoTest:
    """Validate a DataFrame in test.csv's schema (e.g. :func:`synthetic_test`) as :class:`OttoTest`."""
    what = source or _("the data")
    names = [str(c).strip() for c in frame.columns]
    expected = ("id", *train.feature_names)
    check_columns(names, expected, what, "test")
    frame = _frame_rows_as_spreadsheet(frame.set_axis(names, axis=1))
    ids, features, _labels = validate_frame(frame, train.feature_names, what, with_target=False)
    return OttoTest(
        ids=ids, features=features, feature_names=train.feature_names, source=source, is_synthetic=is_synthetic
    )
