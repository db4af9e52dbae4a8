"""The suite's own scheduling: the files conftest starts first exist (a renamed file would silently run last)."""

from pathlib import Path

from tests.support.schedule import LONGEST_FILES

TESTS = Path(__file__).parent


def test_every_file_started_first_exists():
    assert [name for name in LONGEST_FILES if not (TESTS / name).is_file()] == []
