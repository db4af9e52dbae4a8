"""What the server process adds to Streamlit: closed tabs' sessions shut down, one torch thread, imports frozen."""

import contextlib
import gc
import os
from dataclasses import dataclass
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from deploy.browser import wait_for_script
from deploy.serving import open_files, streamlit_server
from explainer.server import process as server_process
from explainer.server.process import ShutdownOnExpiry
from tests.support.waiting import Clock, wait_until


@dataclass
class FakeSession:
    id: str
    shut_down: int = 0

    def shutdown(self) -> None:
        self.shut_down += 1


@dataclass
class FakeInfo:
    session: FakeSession
    client: None = None
    script_run_count: int = 0


def stored(ids: str, clock: Clock, ttl: float = 10.0) -> tuple[ShutdownOnExpiry, dict[str, FakeInfo]]:
    store = ShutdownOnExpiry(ttl, timer=clock)
    infos = {name: FakeInfo(FakeSession(name)) for name in ids}
    for info in infos.values():
        store.save(info)
    return store, infos


def test_a_closed_tab_can_reconnect_until_its_time_runs_out():
    clock = Clock()
    store, infos = stored("ab", clock)
    assert store.get("a") is infos["a"]
    assert {info.session.id for info in store.list()} == {"a", "b"}
    clock.now += 10.0
    assert store.get("a") is None  # expired: the reconnecting tab gets a new session
    assert store.list() == []


def test_reap_shuts_down_each_expired_session_once_and_only_those():
    clock = Clock()
    store, infos = stored("ab", clock)
    clock.now += 5.0
    store.save(FakeInfo(FakeSession("c")))  # closed later: 5 s left when a and b expire
    clock.now += 5.0
    assert store.reap() == 2
    assert store.reap() == 0
    assert [infos["a"].session.shut_down, infos["b"].session.shut_down] == [1, 1]
    assert store.get("c") is not None
    clock.now += 5.0
    assert store.reap() == 1


def test_a_reconnected_session_is_never_shut_down_and_a_second_close_starts_a_new_wait():
    clock = Clock()
    store, infos = stored("a", clock)
    clock.now += 9.0
    session = store.get("a")
    store.delete("a")  # what Streamlit does when the tab reconnects
    clock.now += 5.0
    assert store.reap() == 0
    store.save(session)  # closed again
    clock.now += 9.0
    assert store.reap() == 0
    clock.now += 1.0
    assert store.reap() == 1
    assert infos["a"].session.shut_down == 1


def test_every_fragment_run_uses_one_torch_thread():
    def app():
        import streamlit as st
        import torch

        from explainer.server.process import fragment

        torch.set_num_threads(2)  # what this thread would otherwise have

        @fragment()
        def numbers() -> None:
            st.session_state["threads"] = torch.get_num_threads()

        numbers()

    assert AppTest.from_function(app).run().session_state["threads"] == 1


def test_freezing_after_an_import_takes_the_objects_alive_out_of_the_collectors_walks():
    server_process._freeze_after_import.clear()
    gc.unfreeze()
    try:
        server_process.freeze_imported_objects()
        assert gc.get_freeze_count() > 10_000
    finally:
        gc.unfreeze()


def event_loops(pid: int) -> int:
    """How many epoll instances the process holds: the server's own event loop's, and one for each session alive."""
    found = 0
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        with contextlib.suppress(OSError):  # closed meanwhile
            found += os.readlink(fd) == "anon_inode:[eventpoll]"
    return found


@pytest.mark.browser
def test_closed_tabs_sessions_are_shut_down_when_their_reconnect_time_runs_out(browser):
    """Each session owns an event loop (an epoll and a socket pair): Streamlit's own store kept them all."""
    ttl = 2
    with streamlit_server({"STREAMLIT_SERVER_DISCONNECTED_SESSION_TTL": str(ttl)}) as server:
        url, pid = server.url, server.pid
        server_loops = event_loops(pid)  # no session yet

        def visit(tabs: int) -> None:
            contexts = [browser.new_context() for _ in range(tabs)]
            for context in contexts:
                page = context.new_page()
                page.goto(f"{url}/sigmoid_vs_softmax")
                wait_for_script(page)
            assert event_loops(pid) == server_loops + tabs, "a session for each tab"
            for context in contexts:
                context.close()

        visit(1)  # loads the pages' imports
        wait_until(  # the closed tab's session shut down, its event loop closed (a real server has no clock to set)
            lambda: event_loops(pid) == server_loops, timeout=ttl + 30, what="the closed tab's session to shut down"
        )
        before = open_files(pid)
        visit(3)
        wait_until(  # expired, reaped, and the memory released a second later
            lambda: open_files(pid) <= before + 1,
            timeout=ttl + 30,
            what=lambda: f"the closed tabs' files to close: {sorted(Path(f'/proc/{pid}/fd').iterdir())}",
        )
