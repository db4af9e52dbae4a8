"""Where the store lives: one setting, read by the app's processes and set by the classroom launcher.

A module without SQLAlchemy, so that ``deploy/classroom.py`` names the setting without importing the store.
"""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

STORE_ENV = "EXPLAINER_STORE"  # a SQLAlchemy URL: sqlite:///PATH or postgresql+psycopg://USER@HOST/DB
STORE_FILE = "explainer-store.sqlite3"  # the SQLite file's name in its folder


def sqlite_url(folder: str | Path) -> str:
    """The SQLite store in ``folder`` (the classroom launcher's runtime folder).

    >>> sqlite_url("/tmp/room")
    'sqlite:////tmp/room/explainer-store.sqlite3'
    """
    return f"sqlite:///{Path(folder) / STORE_FILE}"


def store_url() -> str:
    """$EXPLAINER_STORE, else SQLite in the machine's temporary folder: every process of this user on this machine
    shares it (``streamlit run`` alone, or the replicas of ``make classroom``, which point it at its runtime folder).

    A bare ``postgresql://`` URL gets the psycopg 3 driver, the one installed.
    """
    url = os.environ.get(STORE_ENV) or sqlite_url(tempfile.gettempdir())
    if url.startswith(("postgresql://", "postgres://")):
        url = "postgresql+psycopg://" + url.split("://", 1)[1]
    return url
