"""The cells of an Otto table: counts, ids and targets, every problem reported at once with its rows."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np
import pandas as pd

from explainer.data.otto import (
    CLASS_NAMES,
    MAX_COUNT,
    MORE_COLUMNS,
    MORE_LABELS,
    MORE_REPEATED_IDS,
    SHOW_AT_MOST,
    OttoFormatError,
    RowsProblem,
    listing,
    rows_text,
)
from explainer.i18n import _, ngettext


def _numeric(frame: pd.DataFrame, columns: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(values float64 (N, C), NaN where not a number; missing mask; not-a-number mask).

    Missing means empty, whitespace-only or a pandas NA marker ("NA", "nan", ...); not a number
    means any other text, or an infinite value.
    """
    block = frame[list(columns)]
    if all(pd.api.types.is_numeric_dtype(dtype) for dtype in block.dtypes):
        values = block.to_numpy(dtype=np.float64, na_value=np.nan)
        missing = np.isnan(values)
    else:
        values = np.empty((len(block), len(columns)), dtype=np.float64)
        missing = np.empty((len(block), len(columns)), dtype=bool)
        for j, column in enumerate(columns):
            series = block[column]
            if pd.api.types.is_numeric_dtype(series.dtype):
                values[:, j] = series.to_numpy(dtype=np.float64, na_value=np.nan)
                missing[:, j] = np.isnan(values[:, j])
            else:
                cells = series.astype("str").str.strip()
                cells = cells.mask(cells == "")
                missing[:, j] = cells.isna().to_numpy()
                values[:, j] = pd.to_numeric(cells, errors="coerce").to_numpy(dtype=np.float64, na_value=np.nan)
    not_number = ~missing & ~np.isfinite(values)
    return values, missing, not_number


def _cells_problem(
    mask: np.ndarray, frame: pd.DataFrame, columns: Sequence[str], describe: str, fix: str
) -> str | None:
    """'<describe> in N cells (R rows; columns ...): feat_3 row 5 ('abc'), ... <fix>', or None."""
    row_pos, col_pos = np.nonzero(mask)
    if row_pos.size == 0:
        return None
    rows = frame.index.to_numpy()
    examples = [
        _("{column} row {row} ({value})").format(
            column=columns[c], row=rows[r], value=_cell_text(frame, int(r), columns[c])
        )
        for r, c in zip(row_pos[:SHOW_AT_MOST], col_pos[:SHOW_AT_MOST], strict=True)
    ]
    cols_hit = [columns[c] for c in np.unique(col_pos)]
    n_rows = int(np.unique(row_pos).size)
    n = int(row_pos.size)
    shown = ", ".join(examples)
    if n > SHOW_AT_MOST:
        shown = _("{examples} and {more} more").format(examples=shown, more=n - SHOW_AT_MOST)
    columns_text = ngettext("column {columns}", "columns {columns}", len(cols_hit)).format(
        columns=listing(cols_hit, more=MORE_COLUMNS)
    )
    return RowsProblem(
        _("{describe} in {cells} ({rows}; {columns}): {examples}. {fix}").format(
            describe=describe,
            cells=ngettext("{n} cell", "{n} cells", n).format(n=n),
            rows=ngettext("{n} row", "{n} rows", n_rows).format(n=n_rows),
            columns=columns_text,
            examples=shown,
            fix=fix,
        )
    )


def _cell_text(frame: pd.DataFrame, row_position: int, column: str) -> str:
    """A cell as the user wrote it, for messages: 'abc' quoted, numbers plain, 'empty'."""
    value = frame[column].iloc[row_position]
    if pd.isna(value) or (isinstance(value, str) and not value.strip()):
        return _("empty")
    if isinstance(value, (int, float, np.integer, np.floating)):
        return f"{value:g}"
    return repr(str(value))


def _group_rows(values: list, rows: list[int]) -> dict:
    """Spreadsheet rows grouped by the offending value, in order of first appearance."""
    groups: dict = {}
    for value, row in zip(values, rows, strict=True):
        groups.setdefault(value, []).append(row)
    return groups


def _rows_where(frame: pd.DataFrame, mask: np.ndarray) -> list[int]:
    return [int(r) for r in frame.index.to_numpy()[mask]]


def _check_ids(frame: pd.DataFrame, problems: list[str]) -> np.ndarray:
    """The id column as int64 (0 where unusable); appends a sentence per kind of bad id."""
    values, missing, not_number = _numeric(frame, ["id"])
    values, missing, not_number = values[:, 0], missing[:, 0], not_number[:, 0]
    # Beyond 2**53 float64 cannot hold every whole number, so such an id cannot be trusted.
    fraction = ~missing & ~not_number & ((values != np.round(values)) | (np.abs(values) > 2**53))
    for mask in (missing, not_number, fraction):
        if mask.any():
            rows = _rows_where(frame, mask)
            n = len(rows)
            if mask is missing:
                message = ngettext(
                    "{rows} has no id. Every row needs a whole-number id.",
                    "{rows} have no id. Every row needs a whole-number id.",
                    n,
                )
            elif mask is not_number:
                message = ngettext(
                    "{rows} has an id that is not a number ({values}). Every row needs a whole-number id.",
                    "{rows} have an id that is not a number ({values}). Every row needs a whole-number id.",
                    n,
                )
            else:
                message = ngettext(
                    "{rows} has an id that is not a whole number ({values}). Every row needs a whole-number id.",
                    "{rows} have an id that is not a whole number ({values}). Every row needs a whole-number id.",
                    n,
                )
            shown = ", ".join(_cell_text(frame, int(i), "id") for i in np.flatnonzero(mask)[:SHOW_AT_MOST])
            problems.append(message.format(rows=rows_text(rows).capitalize(), values=shown))
    usable = ~(missing | not_number | fraction)
    ids = np.where(usable, values, 0).astype(np.int64)
    duplicated = np.zeros(ids.size, dtype=bool)
    duplicated[usable] = pd.Series(ids[usable]).duplicated(keep=False).to_numpy()
    if duplicated.any():
        groups = _group_rows([int(i) for i in ids[duplicated]], _rows_where(frame, duplicated))
        described = [_("id {id} on {rows}").format(id=i, rows=rows_text(rows)) for i, rows in groups.items()]
        problems.append(
            RowsProblem(
                _("Duplicate ids: {ids}. Each id must appear once; remove or renumber the repeated rows.").format(
                    ids=listing(described, more=MORE_REPEATED_IDS)
                )
            )
        )
    return ids


def validate_frame(
    frame: pd.DataFrame, feature_names: Sequence[str], what: str, *, with_target: bool
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """(ids int64, features float32, labels int64 or None), or OttoFormatError listing every problem.

    ``frame``'s index must be the spreadsheet row numbers.
    """
    if len(frame) == 0:
        raise OttoFormatError(what, [_("The file has a header but no data rows.")])
    problems: list[str] = []
    ids = _check_ids(frame, problems)

    values, missing, not_number = _numeric(frame, feature_names)
    # One cheap pass for the usual all-good file; the per-problem masks only when something is off.
    # (NaN fails every comparison, so missing and non-numeric cells also make this False.)
    with np.errstate(invalid="ignore"):
        all_good = bool(np.all((values >= 0) & (values <= MAX_COUNT) & (values == np.floor(values))))
    if not all_good:
        with np.errstate(invalid="ignore"):
            usable = ~missing & ~not_number
            negative = usable & (values < 0)
            fraction = usable & ~negative & (values != np.floor(values))
            too_large = usable & ~fraction & (values > MAX_COUNT)
        checks = (
            (missing, _("Missing values"), _("Every feature needs a count; write 0 for none.")),
            (not_number, _("Non-numeric counts"), _("Counts must be whole numbers like 0, 1 or 17.")),
            (negative, _("Negative counts"), _("Counts cannot be negative.")),
            (fraction, _("Non-integer counts"), _("Counts must be whole numbers (Otto features are counts).")),
            (too_large, _("Counts above {limit:,}").format(limit=MAX_COUNT), _("These are not plausible Otto counts.")),
        )
        for mask, describe, fix in checks:
            text = _cells_problem(mask, frame, feature_names, describe, fix)
            if text:
                problems.append(text)

    labels = _labels(frame, problems) if with_target else None
    if problems:
        raise OttoFormatError(what, problems)
    return ids, values.astype(np.float32), labels


def _labels(frame: pd.DataFrame, problems: list[str]) -> np.ndarray:
    """Each row's class index from its target (-1 where it is not exactly a class name); missing and unknown targets
    are added to ``problems``."""
    target = frame["target"].astype("str").str.strip()
    target = target.mask(target == "")
    no_target = target.isna().to_numpy()
    if no_target.any():
        rows = _rows_where(frame, no_target)
        problems.append(
            RowsProblem(
                _("Missing target on {rows}. Every training row needs its class (Class_1 … Class_9).").format(
                    rows=rows_text(rows)
                )
            )
        )
    # -1 for anything that is not exactly a class name (including missing).
    labels = pd.Index(CLASS_NAMES).get_indexer(target).astype(np.int64)
    unknown = (labels < 0) & ~no_target
    if unknown.any():
        by_label = _group_rows([str(label) for label in target[unknown]], _rows_where(frame, unknown))
        described = [
            _("{label} on {rows}").format(label=repr(label), rows=rows_text(rows)) for label, rows in by_label.items()
        ]
        message = ngettext(
            "Unknown target label {labels}. Allowed: Class_1 … Class_9 (exact spelling, case-sensitive).",
            "Unknown target labels {labels}. Allowed: Class_1 … Class_9 (exact spelling, case-sensitive).",
            len(by_label),
        )
        problems.append(RowsProblem(message.format(labels=listing(described, more=MORE_LABELS))))
    return labels
