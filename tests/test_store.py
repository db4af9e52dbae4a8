"""The store on SQLite and on a real PostgreSQL server: tables made on first use, by several processes at once,
and an unreachable server reported as StoreUnavailable, then used again once it is back."""

import subprocess
import sys

import pytest
import sqlalchemy as sa

from deploy.serving import ROOT
from explainer.store.database import LOCK_NAMES, Store, StoreUnavailable, classes, locks


def test_the_tables_are_made_on_first_use_with_the_named_locks(store):
    with store.begin() as db:
        assert set(db.execute(sa.select(locks.c.name)).scalars()) == {"trainings", "sweeps", "room_maps"}
        assert db.execute(sa.select(sa.func.count()).select_from(classes)).scalar_one() == 0


MAKE_TABLES = "import sys; from explainer.store.database import Store; Store(sys.argv[1]).begin().__enter__()"


def test_processes_opening_a_new_store_at_once_all_get_its_tables(store_url):
    children = [
        subprocess.Popen([sys.executable, "-c", MAKE_TABLES, store_url], cwd=ROOT, stderr=subprocess.PIPE)
        for _ in range(4)
    ]
    for child in children:
        assert child.wait(60) == 0, child.stderr.read().decode()
    with Store(store_url).begin() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(locks)).scalar_one() == len(LOCK_NAMES)


def test_a_store_whose_lock_row_another_process_inserts_meanwhile_still_opens(store_url):
    """The race the test above can only hit by luck, made certain: the other process inserts the lock row after
    this one saw it missing and before it inserts it (a duplicate: SQLite's UNIQUE constraint failed)."""
    other, late = Store(store_url), Store(store_url)
    with other.begin():
        pass
    with other.engine.begin() as db:
        db.execute(locks.delete())  # the tables made, the lock row not yet

    raced = []

    def insert_first(conn, cursor, statement, parameters, context, executemany):
        if statement.startswith("INSERT INTO locks") and not raced:
            raced.append(statement)
            with other.engine.begin() as db:
                db.execute(locks.insert(), [{"name": "trainings", "taken": 0}])

    sa.event.listen(late.engine, "before_cursor_execute", insert_first)
    with late.begin() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(locks)).scalar_one() == len(LOCK_NAMES)
    assert raced, "the other process's insert came first"


def test_sqlite_is_in_wal_mode_so_readers_never_wait_for_a_writer(tmp_path):
    with Store(f"sqlite:///{tmp_path}/s.sqlite3").begin() as db:
        assert db.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"


def test_a_sqlite_store_in_a_folder_not_there_yet_makes_it_and_the_sweeps_journal_opens_beside(tmp_path):
    from explainer.sweep.plan import PRESET
    from explainer.sweep.study import load_trials

    store = Store(f"sqlite:///{tmp_path}/new/room/s.sqlite3")  # EXPLAINER_STORE naming a folder not made yet
    assert load_trials(PRESET, store) == []  # the explore page's first read: no study yet, nothing to show
    with store.begin() as db:
        assert db.execute(sa.select(sa.func.count()).select_from(classes)).scalar() == 0


def test_a_stopped_server_is_reported_then_used_again_once_back(postgres):
    store = Store(postgres.new_database())
    with store.begin() as db:
        db.execute(sa.select(1))
    postgres.stop()
    try:
        with pytest.raises(StoreUnavailable, match="cannot be reached"), store.begin() as db:
            db.execute(sa.select(1))
    finally:
        postgres.start()
    with store.begin() as db:  # the pool's dead connections are replaced, no restart of the app
        assert db.execute(sa.select(1)).scalar_one() == 1
