"""The suite's own scheduling: the files conftest starts first exist (a renamed file would silently run last)."""

from pathlib import Path

from tests.conftest import LONGEST_FILES


def test_every_file_started_first_exists():
    assert [name for name in LONGEST_FILES if not (Path(__file__).parent / name).is_file()] == []
