"""This session's part in mapping the landscape together: its finished runs sent to the class's map, its cell of the
grid, and the teacher's "Map it together".

A run is sent from its training thread when it ends (the tab may be closed by then); if the store cannot be reached
then, it waits in the session and goes with the class's next poll that reaches the store, under the same id (sent
twice, it is kept once).
"""

from __future__ import annotations

import secrets
import threading
from collections.abc import Callable
from typing import TYPE_CHECKING

import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session import room_map
from explainer.class_session.room_map import Cell, Grid
from explainer.store.database import Store, StoreUnavailable
from explainer.ui.class_room import session
from explainer.ui.class_room.memory import voter
from explainer.ui.class_room.projector import teacher_action
from explainer.ui.class_room.session import code, store, teaching

if TYPE_CHECKING:  # the engine imports torch: a phone handed a cell, or a class poll, never waits for it
    from explainer.training.engine import Snapshot

UNSENT = "class:unsent_runs"  # runs whose end found the store out of reach: (code, run id, runner, RoomRun)
MAPPING_DRAWN = "class:mapping_drawn"  # whether the Training page last drew a cell (follow reruns it on a change)
CELL_KEY = "class:cell"  # the cell (code, index) whose settings this session's Training page has applied
MAP_PAGE, CELL_PAGE = "explore", "training"  # the projector shows the map there; a phone trains its cell here


class _Outbox:
    """Runs waiting for the store, shared by the session and its training threads."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._runs: list[tuple] = []

    def put(self, item: tuple) -> None:
        with self._lock:
            self._runs.append(item)

    def send(self, target: Store) -> None:
        """Send every waiting run; those the store still refuses stay."""
        with self._lock:
            waiting, self._runs = self._runs, []
        for index, item in enumerate(waiting):
            try:
                room_map.record_run(target, *item)
            except cs.ClassError:
                continue  # the class ended: nothing to send it to
            except StoreUnavailable:
                with self._lock:
                    self._runs[:0] = waiting[index:]
                return


def _outbox() -> _Outbox:
    return st.session_state.setdefault(UNSENT, _Outbox())


def run_listener() -> Callable[[Snapshot], None] | None:
    """For a student in a class: what sends the run about to start to the class's map when it ends (None else)."""
    if code() is None or teaching() or session.pending():
        return None
    target, class_code, runner, run_id, outbox = store(), code(), voter(), secrets.token_hex(8), _outbox()

    def send(snapshot: Snapshot) -> None:
        item = (class_code, run_id, runner, room_map.run_of(snapshot))
        try:
            room_map.record_run(target, *item)
        except StoreUnavailable:
            outbox.put(item)

    return send


def send_waiting_runs() -> None:
    """The class's poll reached the store: the runs that could not be sent go now."""
    if UNSENT in st.session_state:
        _outbox().send(store())


def student_page(state: cs.ClassState) -> str:
    """Where a following phone goes: the teacher's page, but while the room maps the grid, its Training page."""
    return CELL_PAGE if state.mapping and state.page == MAP_PAGE else state.page


def forget_drawn_cell() -> None:
    """A whole run of the page begins: it draws the cell box (or not) after the stage, so the stage need not ask."""
    st.session_state.pop(MAPPING_DRAWN, None)


def redraw_for_map(url_path: str, state: cs.ClassState) -> bool:
    """In the class's poll: the Training page drew its cell box for another mapping state than the class's, and must
    run again."""
    drawn = st.session_state.get(MAPPING_DRAWN)
    return url_path == CELL_PAGE and not teaching() and drawn is not None and drawn != state.mapping


def my_cell(another: bool = False) -> Cell | None:
    """This phone's cell while the room maps (None: not mapping, not in a class, or the store out of reach); its
    settings are applied to the Training page once per cell."""
    st.session_state[MAPPING_DRAWN] = False
    if code() is None or teaching() or session.pending():
        return None
    try:
        cell = room_map.claim_cell(store(), code(), voter(), another=another)
    except StoreUnavailable:
        return None
    st.session_state[MAPPING_DRAWN] = cell is not None
    return cell


def cell_is_new(cell: Cell) -> bool:
    """True once per cell: the first time this session's Training page shows it (its settings are to be applied)."""
    if st.session_state.get(CELL_KEY) == (code(), cell.index):
        return False
    st.session_state[CELL_KEY] = (code(), cell.index)
    return True


def start_mapping(grid: Grid) -> None:
    """The teacher's "Map it together" (a button's callback)."""
    teacher_action(room_map.start_map, grid)


def stop_mapping() -> None:
    teacher_action(room_map.stop_map)
