"""The header of an uploaded Otto CSV: comma-separated, its columns exactly the expected ones (in any order), and
each way it can be wrong named with what to fix: a data row where the header should be, a training file given as
the test file or the other way round, missing, unnamed, unexpected or repeated columns."""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Sequence

from explainer.data.otto import MORE_COLUMNS, OttoFormatError, listing
from explainer.i18n import N_, _, ngettext


def column_letter(position: int) -> str:
    """Spreadsheet column letter of a 0-based column position: 0 -> A, 26 -> AA."""
    letters = ""
    position += 1
    while position:
        position, rem = divmod(position - 1, 26)
        letters = chr(ord("A") + rem) + letters
    return letters


# Delimiters other than commas, each with its whole message (translated where it is raised).
_DELIMITERS = (
    (
        ";",
        N_(
            "the columns are separated by semicolons (;), not commas. Save the file as a comma-separated CSV "
            "(in Excel: 'CSV UTF-8 (comma delimited)')."
        ),
    ),
    (
        "\t",
        N_(
            "the columns are separated by tabs, not commas. Save the file as a comma-separated CSV "
            "(in Excel: 'CSV UTF-8 (comma delimited)')."
        ),
    ),
    (
        "|",
        N_(
            "the columns are separated by vertical bars (|), not commas. Save the file as a comma-separated CSV "
            "(in Excel: 'CSV UTF-8 (comma delimited)')."
        ),
    ),
    (
        " ",
        N_(
            "the columns are separated by spaces, not commas. Save the file as a comma-separated CSV "
            "(in Excel: 'CSV UTF-8 (comma delimited)')."
        ),
    ),
)


def read_header(text: str, what: str, expected: Sequence[str]) -> list[str]:
    """The header's column names (whitespace-stripped), after checking the file is comma-separated."""
    first_line = text.split("\n", 1)[0].rstrip("\r")
    if not first_line.strip():
        # pandas would take the blank line as the header; and row numbers must match the file.
        raise OttoFormatError(
            what,
            [
                _(
                    "line 1 is empty; the header ({expected}) must be on line 1. Delete the empty lines above it."
                ).format(expected=expected_text(expected))
            ],
        )
    names = [name.strip() for name in next(csv.reader([first_line]))]
    if len(names) == 1 and len(expected) > 1:
        for delimiter, message in _DELIMITERS:
            if first_line.strip().count(delimiter) >= 1:
                raise OttoFormatError(what, [_(message)])
        raise OttoFormatError(
            what,
            [
                _("the header has a single column ({name}); expected {expected}.").format(
                    name=repr(names[0]), expected=expected_text(expected)
                )
            ],
        )
    return names


def expected_text(expected: Sequence[str]) -> str:
    """'id, feat_1 … feat_93, target' for a column list."""
    feats = [c for c in expected if c.startswith("feat_")]
    if len(feats) > 3 and feats == [f"feat_{i}" for i in range(1, len(feats) + 1)]:
        others = [c for c in expected if c not in feats]
        middle = f"{feats[0]} … {feats[-1]}"
        parts = [c for c in others if c == "id"] + [middle] + [c for c in others if c != "id"]
        return ", ".join(parts)
    return ", ".join(expected)


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def check_columns(names: Sequence[str], expected: Sequence[str], what: str, kind: str) -> None:
    """Raise OttoFormatError unless ``names`` are exactly ``expected`` (in any order): at once for a file that is not
    the one asked for, else with every problem of its columns."""
    _not_this_file(names, expected, what, kind)
    problems = _missing_or_misplaced(names, expected, kind) + _unexpected(names, expected, kind)
    if problems:
        raise OttoFormatError(what, problems)


def _not_this_file(names: Sequence[str], expected: Sequence[str], what: str, kind: str) -> None:
    present, expected_set = set(names), set(expected)
    # A data row as header: no expected name, mostly numbers (a real row ends in Class_k).
    if not present & expected_set and sum(map(_looks_numeric, names)) > len(names) / 2:
        message = _("the first row looks like data, not a header. Add the header row ({expected}) as the first line.")
        raise OttoFormatError(what, [message.format(expected=expected_text(expected))])
    if kind == "train" and [c for c in expected if c not in present] == ["target"] and present <= expected_set:
        message = _(
            "there is no 'target' column, so this looks like test.csv. Training needs train.csv, "
            "whose last column 'target' holds Class_1 … Class_9."
        )
        raise OttoFormatError(what, [message])


def _missing_or_misplaced(names: Sequence[str], expected: Sequence[str], kind: str) -> list[str]:
    problems = []
    if kind == "test" and "target" in names:
        problems.append(
            _(
                "it has a 'target' column, so it looks like a training file. The test file has only "
                "{expected}; upload test.csv here (and train.csv on the training step)."
            ).format(expected=expected_text(expected))
        )
    missing = [c for c in expected if c not in set(names)]
    if missing:
        if kind == "test":
            message = ngettext(
                "missing column {columns}, which the training data has. The header must be {expected}.",
                "missing columns {columns}, which the training data has. The header must be {expected}.",
                len(missing),
            )
        else:
            message = ngettext(
                "missing column {columns}, which is required. The header must be {expected}.",
                "missing columns {columns}, which are required. The header must be {expected}.",
                len(missing),
            )
        problems.append(message.format(columns=listing(missing, more=MORE_COLUMNS), expected=expected_text(expected)))
    return problems


def _unexpected(names: Sequence[str], expected: Sequence[str], kind: str) -> list[str]:
    """Columns without a name, with a name not expected, or named twice."""
    problems = []
    blank = [_("column {letter}").format(letter=column_letter(i)) for i, n in enumerate(names) if not n]
    if blank:
        message = ngettext(
            "{columns} of the header has no name (often a trailing comma). Remove the empty column(s).",
            "{columns} of the header have no name (often a trailing comma). Remove the empty column(s).",
            len(blank),
        )
        problems.append(message.format(columns=listing(blank, more=MORE_COLUMNS)))
    extra = [
        _("{name} (column {letter})").format(name=n, letter=column_letter(i))
        for i, n in enumerate(names)
        if n and n not in set(expected) and not (kind == "test" and n == "target")
    ]
    if extra:
        message = ngettext(
            "unexpected column {columns}. Remove it, or check the spelling (names are case-sensitive).",
            "unexpected columns {columns}. Remove it, or check the spelling (names are case-sensitive).",
            len(extra),
        )
        problems.append(message.format(columns=listing(extra, more=MORE_COLUMNS)))
    duplicated = [n for n, count in Counter(names).items() if n and count > 1]
    if duplicated:
        message = ngettext(
            "column {columns} appears more than once in the header. Keep one of each.",
            "columns {columns} appear more than once in the header. Keep one of each.",
            len(duplicated),
        )
        problems.append(message.format(columns=listing(duplicated, more=MORE_COLUMNS)))
    return problems
