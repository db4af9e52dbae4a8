"""Who is in a class, in the store (SQLite and a real PostgreSQL): a phone counted once however many replicas and
polls tell it, gone once unseen for HERE_SECONDS, counted by page and step, forgotten with the class; and a store out
of reach gives no count rather than 0."""

import pytest

from explainer.class_session import classes as cs
from explainer.class_session import presence
from explainer.store.database import Store, StoreUnavailable
from explainer.store.database import presence as presence_table


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
