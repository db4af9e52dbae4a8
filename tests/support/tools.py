"""Debian tools that some tests need: missing, such a test is skipped, except under CI=true, where `make test` must
have installed it, so a missing one fails."""

from __future__ import annotations

import os

import pytest


def require(available: bool, what: str, install: str) -> None:
    """Skip the calling test (fail it under CI=true) unless ``available``; ``install`` says how to get ``what``."""
    if available:
        return
    if os.environ.get("CI") == "true":
        pytest.fail(f"CI=true but {what} is missing: {install}")
    pytest.skip(f"no {what}: {install}")
