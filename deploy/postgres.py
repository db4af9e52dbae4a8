"""A real PostgreSQL server in a temporary folder (Debian's postgresql package): the tests' store, and the benches'.

initdb refuses to run as root, so as root the server runs as the ``postgres`` user in a folder it owns; as
anyone else, as that user. It listens on a unix socket in the folder only (no TCP port to collide on).
"""

from __future__ import annotations

import contextlib
import itertools
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import sqlalchemy as sa

# Debian installs each major version in its own folder (15 on bookworm); take the newest one there.
BIN = max(Path("/usr/lib/postgresql").glob("*/bin"), key=lambda p: int(p.parent.name), default=Path("/nonexistent"))
USER = "app"


def available() -> bool:
    return (BIN / "pg_ctl").exists()


class Postgres:
    """A running server: :meth:`url` of a new empty database, :meth:`stop` and :meth:`start` it mid-test."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.running = False
        self._databases = itertools.count()

    def _as_owner(self, *command: str) -> None:
        prefix = ["runuser", "-u", "postgres", "--"] if os.geteuid() == 0 else []
        subprocess.run([*prefix, *command], check=True, capture_output=True, timeout=60)

    def init(self) -> None:
        self._as_owner(str(BIN / "initdb"), "-D", str(self.folder / "data"), "-A", "trust", "-U", USER)

    def start(self) -> None:
        options = f"-k {self.folder} -c listen_addresses='' -c fsync=off"  # a test server: no fsync, quicker
        self._as_owner(str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-o", options, "-l",
                       str(self.folder / "log"), "-w", "start")  # fmt: skip
        self.running = True

    def stop(self) -> None:
        self._as_owner(str(BIN / "pg_ctl"), "-D", str(self.folder / "data"), "-m", "fast", "-w", "stop")
        self.running = False

    def start_if_stopped(self) -> None:
        """After a test that stopped it, whatever became of the test."""
        if not self.running:
            self.start()

    def url(self, database: str = "postgres") -> str:
        return f"postgresql+psycopg://{USER}@/{database}?host={self.folder}"

    def new_database(self) -> str:
        """The URL of a fresh, empty database on this server."""
        name = f"test_{os.getpid()}_{next(self._databases)}"
        engine = sa.create_engine(self.url(), isolation_level="AUTOCOMMIT")
        with engine.connect() as db:
            db.execute(sa.text(f'CREATE DATABASE "{name}"'))
        engine.dispose()
        return self.url(name)


@contextlib.contextmanager
def postgres_server() -> Iterator[Postgres]:
    """initdb and start a server in a new temporary folder; stop it and remove the folder at the end."""
    folder = Path(tempfile.mkdtemp(prefix="explainer-postgres-"))  # in /tmp, which the postgres user can reach
    if os.geteuid() == 0:
        shutil.chown(folder, "postgres")
    server = Postgres(folder)
    try:
        server.init()
        server.start()
        yield server
    finally:
        with contextlib.suppress(subprocess.SubprocessError):
            server.stop()
        shutil.rmtree(folder, ignore_errors=True)
