"""A class maps the learning rate x momentum landscape together: every finished run of the room's Training pages
lands on the class's map, and "Map it together" hands each phone a cell of a grid to train.

- The grid (its cells and the settings they share) is the teacher's to start and stop; it is kept in the store, so
  that every replica hands out cells of the same grid.
- :func:`claim_cell` gives a phone its cell: the one handed out least so far, and among those the first in an
  order that spreads the first phones over every learning rate (cell k of a grid of L learning rates sits at
  learning rate k mod L and momentum (k mod L + k div L) mod M), so that a small room still maps every column. A
  phone keeps its cell until it asks for another; two replicas handing out cells at once queue on one lock.
- :func:`record_run` keeps a finished or diverged run once under its own random id: recorded again (a retry after
  an outage, a second replica), it replaces itself.

Anonymous: a run and a cell name the phone's answer token, never a person.
"""

from __future__ import annotations

import json
import time
from dataclasses import asdict, dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy import exc

from explainer.class_session.classes import ClassError, require_teacher
from explainer.i18n import _
from explainer.store.database import Store, classes, room_cells, room_maps, room_runs

if TYPE_CHECKING:  # the engine imports torch: a phone handed a cell, or a class poll, never waits for it
    from explainer.training.engine import Snapshot


@dataclass(frozen=True)
class Grid:
    """What the room maps: the (learning rate, momentum) cells, and the settings they share (link parameters of the
    Training page: epochs, batch, ...)."""

    cells: tuple[tuple[float, float], ...]
    settings: dict[str, str]

    @property
    def learning_rates(self) -> list[float]:
        return sorted({lr for lr, _momentum in self.cells})

    @property
    def momenta(self) -> list[float]:
        return sorted({m for _lr, m in self.cells})

    def spread_order(self) -> list[int]:
        """The cells' indices in the order a room takes them: every learning rate first, on a diagonal of momenta.

        >>> Grid(tuple((lr, m) for m in (0, 0.9) for lr in (0.1, 1, 10)), {}).spread_order()
        [0, 4, 2, 3, 1, 5]
        """
        lrs, momenta = self.learning_rates, self.momenta
        where = {cell: index for index, cell in enumerate(self.cells)}
        order = []
        for k in range(len(lrs) * len(momenta)):
            a = k % len(lrs)
            cell = (lrs[a], momenta[(a + k // len(lrs)) % len(momenta)])
            if cell in where:
                order.append(where[cell])
        return order


@dataclass(frozen=True)
class Cell:
    """A phone's cell: its index in the grid, its learning rate and momentum, and the Training page's settings."""

    index: int
    lr: float
    momentum: float
    settings: dict[str, str]

    def link(self) -> dict[str, str]:
        """The Training page's link parameters that prepare this cell's run."""
        return {**self.settings, "lr": f"{self.lr:g}", "momentum": f"{self.momentum:g}", "optimizer": "sgd"}


@dataclass(frozen=True)
class RoomRun:
    """One finished run of the room, as the map shows it."""

    lr: float
    momentum: float
    optimizer: str
    batch_size: int
    hidden: str
    epochs: int
    diverged: bool
    accuracy: float | None  # final test accuracy, 0..1

    @property
    def on_map(self) -> bool:
        """SGD runs have a place on the learning rate x momentum map (Adam's have no momentum)."""
        return self.optimizer == "sgd"


def run_of(snapshot: Snapshot) -> RoomRun:
    """A run that ended (all its epochs, or diverged) as the map keeps it: its settings and final test accuracy."""
    config = snapshot.config
    return RoomRun(
        lr=config.lr,
        momentum=config.momentum if config.optimizer == "sgd" else 0.0,
        optimizer=config.optimizer,
        batch_size=config.batch_size,
        hidden="-".join(map(str, config.hidden)),
        epochs=len(snapshot.epochs),
        diverged=snapshot.divergence is not None,
        accuracy=snapshot.epochs[-1].test_accuracy if snapshot.epochs else None,
    )


def start_map(store: Store, code: str, secret: str | None, grid: Grid) -> None:
    """The room maps ``grid`` from now on (a grid already being mapped is replaced, its hand-outs forgotten)."""
    require_teacher(store, code, secret, "map it together")
    if not grid.cells:
        raise ClassError(_("The grid to map has no cells."))  # the teacher's button shows it
    text = json.dumps({"cells": [list(cell) for cell in grid.cells], "settings": grid.settings})
    now = time.time()
    with store.begin() as db:
        Store.serialized(db, "room_maps")
        db.execute(room_maps.delete().where(room_maps.c.code == code))
        db.execute(room_cells.delete().where(room_cells.c.code == code))
        db.execute(room_maps.insert().values(code=code, grid=text, started=now))
        db.execute(classes.update().where(classes.c.code == code).values(touched=now))


def stop_map(store: Store, code: str, secret: str | None) -> None:
    """No more cells are handed out; the runs stay on the map."""
    require_teacher(store, code, secret, "stop mapping")
    with store.begin() as db:
        db.execute(room_maps.delete().where(room_maps.c.code == code))
        db.execute(room_cells.delete().where(room_cells.c.code == code))


def _grid(db: sa.Connection, code: str) -> Grid | None:
    text = db.execute(sa.select(room_maps.c.grid).where(room_maps.c.code == code)).scalar()
    if text is None:
        return None
    data = json.loads(text)
    return Grid(tuple((float(lr), float(m)) for lr, m in data["cells"]), dict(data["settings"]))


def current_grid(store: Store, code: str) -> Grid | None:
    """The grid the room maps now, or None."""
    with store.begin() as db:
        return _grid(db, code)


def claim_cell(store: Store, code: str, runner: str, another: bool = False) -> Cell | None:
    """``runner``'s cell of the grid (None when the room is not mapping): the one it holds, or with ``another`` (or
    none held yet) the cell handed out least so far that it has not had, in :meth:`Grid.spread_order`."""
    with store.begin() as db:  # most calls: a phone's page drawing the cell it holds, no lock needed
        grid = _grid(db, code)
        held = None if grid is None or another else _held(db, code, runner)
    if grid is not None and held is None:
        with store.begin() as db:
            Store.serialized(db, "room_maps")  # two replicas handing out the last free cell: one after the other
            grid = _grid(db, code)
            held = None if grid is None else _hand_out(db, code, runner, grid, another)
    if grid is None:
        return None
    lr, momentum = grid.cells[held]
    return Cell(held, lr, momentum, grid.settings)


def _held(db: sa.Connection, code: str, runner: str) -> int | None:
    key = (room_cells.c.code == code) & (room_cells.c.runner == runner)
    return db.execute(sa.select(room_cells.c.cell).where(key).order_by(room_cells.c.claimed.desc()).limit(1)).scalar()


def _hand_out(db: sa.Connection, code: str, runner: str, grid: Grid, another: bool) -> int:
    rows = db.execute(sa.select(room_cells.c.runner, room_cells.c.cell).where(room_cells.c.code == code)).all()
    had = {cell for who, cell in rows if who == runner}
    if had and not another:  # handed out by another replica between the two reads
        return _held(db, code, runner)
    handed = [0] * len(grid.cells)
    for _runner, cell in rows:
        handed[cell] += 1
    order = grid.spread_order()
    fresh = [i for i in order if i not in had] or order  # every cell had: the round starts again
    index = min(fresh, key=lambda i: (handed[i], order.index(i)))
    key = (room_cells.c.code == code) & (room_cells.c.runner == runner) & (room_cells.c.cell == index)
    db.execute(room_cells.delete().where(key))  # its second time in this phone's hands
    db.execute(room_cells.insert().values(code=code, runner=runner, cell=index, claimed=time.time()))
    return index


def record_run(store: Store, code: str, run_id: str, runner: str, run: RoomRun) -> None:
    """Keep ``run`` on the class's map under ``run_id`` (again: it replaces itself); ClassError if the class ended."""
    row = {"code": code, "run": run_id, "runner": runner, **asdict(run), "finished": time.time()}
    with store.begin() as db:
        touched = db.execute(classes.update().where(classes.c.code == code).values(touched=time.time())).rowcount
        if not touched:
            raise ClassError(f"The class {code} has ended: the run stays on this page only.")
        try:
            with db.begin_nested():
                db.execute(room_runs.insert().values(**row))
        except exc.IntegrityError:  # recorded before (a retry): the same run, its latest result
            key = (room_runs.c.code == code) & (room_runs.c.run == run_id)
            db.execute(room_runs.update().where(key).values(**row))


def room_runs_of(store: Store, code: str) -> list[RoomRun]:
    """Every run the room has finished, oldest first."""
    columns = [room_runs.c[name] for name in RoomRun.__dataclass_fields__]
    with store.begin() as db:
        rows = db.execute(sa.select(*columns).where(room_runs.c.code == code).order_by(room_runs.c.finished)).all()
    return [RoomRun(*row) for row in rows]


def runners(store: Store, code: str) -> int:
    """How many phones have a run on the map."""
    with store.begin() as db:
        query = sa.select(sa.func.count(sa.distinct(room_runs.c.runner))).where(room_runs.c.code == code)
        return int(db.execute(query).scalar() or 0)
