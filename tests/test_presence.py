"""Who is in a class, in the store (SQLite and a real PostgreSQL): a phone counted once however many replicas and
polls tell it, gone once unseen for HERE_SECONDS, counted by page and step, forgotten with the class; and a store out
of reach gives no count rather than 0."""

import pytest

from explainer.class_session import classes as cs
from explainer.class_session import presence
from explainer.store.database import Store, StoreUnavailable
from explainer.store.database import presence as presence_table
from tests.support.waiting import wait_until


def test_a_phone_is_counted_once_by_place_until_it_goes_quiet(store):
    code, _ = cs.start_class(store, "softmax")
    other, _ = cs.start_class(store, "softmax")
    presence.beat(store, code, "phone-a", "softmax", 2, now=1000.0)
    presence.beat(store, code, "phone-a", "softmax", 3, now=1001.0)  # the same phone, moved, on another replica
    presence.beat(store, code, "phone-b", "training", 0, now=1002.0)
    presence.beat(store, other, "phone-c", "softmax", 0, now=1002.0)  # another class
    room = presence.room(store, code, now=1003.0)
    assert room == presence.Room(2, {("softmax", 3): 1, ("training", 0): 1})
    assert room.on_page("softmax") == 1
    quiet = 1001.0 + presence.HERE_SECONDS + 0.5  # phone-a's tab closed after its last poll
    assert presence.room(store, code, now=quiet).here == 1
    presence.beat(store, code, "phone-a", "softmax", 3, now=quiet)  # back (its network returned)
    assert presence.room(store, code, now=quiet).here == 2


def test_the_room_goes_with_the_class(store):
    code, secret = cs.start_class(store, "softmax")
    presence.beat(store, code, "phone-a", "softmax")
    cs.end_class(store, code, secret)
    with store.begin() as db:
        assert db.execute(presence_table.select()).all() == []


def test_a_store_out_of_reach_gives_no_count():
    with pytest.raises(StoreUnavailable):
        presence.room(Store("postgresql://nobody@127.0.0.1:1/none"), "QWERTY")


@pytest.mark.parametrize(("value", "seconds"), [(None, 32.0), ("8", 8.0), ("2", 32.0), ("soon", 32.0), ("inf", 32.0)])
def test_how_long_a_quiet_phone_counts_is_set_by_the_environment_within_reason(monkeypatch, value, seconds):
    if value is None:
        monkeypatch.delenv(presence.HERE_ENV, raising=False)
    else:
        monkeypatch.setenv(presence.HERE_ENV, value)
    assert presence._here_seconds() == seconds


def test_renewals_wait_in_the_replica_and_are_written_together_never_over_a_newer_beat(store):
    code, _ = cs.start_class(store, "softmax")
    for token in ("phone-a", "phone-b", "phone-c"):
        presence.beat(store, code, token, "softmax", 1, now=1000.0)  # arrived: written at once
    renewals = presence.Renewals(store, every=3600)  # no flush by its thread during the test
    renewals.add(code, "phone-a", "softmax", 1, now=1020.0)
    renewals.add(code, "phone-b", "softmax", 1, now=1020.0)
    renewals.add(code, "phone-b", "softmax", 2, now=1021.0)  # the newer renewal of the same phone wins
    renewals.add(code, "phone-c", "softmax", 1, now=1020.0)
    presence.beat(store, code, "phone-c", "training", 0, now=1022.0)  # moved on its own since: written at once
    late = 1000.0 + presence.HERE_SECONDS + 1
    assert presence.room(store, code, now=late).here == 1, "waiting renewals are not in the store yet"
    assert renewals.flush() == 3 and renewals.flush() == 0
    assert presence.room(store, code, now=late) == presence.Room(
        3, {("softmax", 1): 1, ("softmax", 2): 1, ("training", 0): 1}
    )


def test_a_renewal_the_store_could_not_take_waits_for_the_next_flush(store):
    code, _ = cs.start_class(store, "softmax")
    presence.beat(store, code, "phone-a", "softmax", 1, now=1000.0)
    nowhere = Store("postgresql://nobody@127.0.0.1:1/none")
    renewals = presence.Renewals(nowhere, every=3600)
    renewals.add(code, "phone-a", "softmax", 2, now=1010.0)
    assert renewals.flush() == 0
    renewals._store = lambda: store  # the store is back
    assert renewals.flush() == 1 and presence.room(store, code, now=1011.0).places == {("softmax", 2): 1}


def test_the_replicas_thread_writes_renewals_by_itself_and_ends_when_none_wait(store):
    code, _ = cs.start_class(store, "softmax")
    presence.beat(store, code, "phone-a", "softmax", 1, now=1000.0)
    renewals = presence.Renewals(store, every=0.05)
    renewals.add(code, "phone-a", "softmax", 4, now=2000.0)
    wait_until(lambda: presence.room(store, code, now=2001.0).here == 1, timeout=10, what="the renewal written")
    wait_until(lambda: renewals._flusher is None, timeout=10, what="the flushing thread to end")
    assert presence.renewals(store) is presence.renewals(store), "one batch per store in a process"


def test_a_flush_that_raises_ends_its_thread_and_the_next_renewal_starts_another(store, monkeypatch, caplog):
    code, _ = cs.start_class(store, "softmax")
    presence.beat(store, code, "phone-a", "softmax", 1, now=1000.0)
    renewals = presence.Renewals(store, every=0.05)
    real_flush = renewals.flush
    monkeypatch.setattr(renewals, "flush", lambda: 1 / 0)
    renewals.add(code, "phone-a", "softmax", 2, now=2000.0)
    wait_until(lambda: renewals._flusher is None, timeout=10, what="the failed thread to end")
    assert "presence renewals could not be written" in caplog.text
    monkeypatch.setattr(renewals, "flush", real_flush)
    renewals.add(code, "phone-a", "softmax", 3, now=2001.0)
    wait_until(lambda: presence.room(store, code, now=2002.0).places == {("softmax", 3): 1}, timeout=10, what="written")
