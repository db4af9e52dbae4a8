"""The class's map, drawn: on the sweep page the room's runs on learning rate x momentum (with the teacher's "Map it
together"), and on a phone's Training page the cell it was handed.

The grid the room maps is the sweep's preset (11 learning rates x 4 momenta, 5 epochs): the room's map and the
server's sweep of the same cells can be compared cell by cell.
"""

from __future__ import annotations

from collections.abc import Callable

import pandas as pd
import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session import room_map
from explainer.class_session.phases import Phase
from explainer.class_session.questions.explore import lr_words
from explainer.class_session.room_map import Cell, Grid, RoomRun
from explainer.figures.sweep import DIVERGED_MARK
from explainer.i18n import N_, _, ngettext
from explainer.links import LINK_OWNERS
from explainer.server.process import fragment
from explainer.store.database import StoreUnavailable
from explainer.sweep.plan import PRESET
from explainer.sweep.study import TrialView
from explainer.sweep.worker import trial_config
from explainer.training.engine import Tensors
from explainer.training.experiment import Experiment, experiment_from_query, experiment_to_query
from explainer.training.workbench import Workbench
from explainer.ui.class_room import mapping
from explainer.ui.class_room.session import code, store, teaching
from explainer.ui.sections import training as ui_training
from explainer.ui.sections.sweep import wide_and_tall_maps
from explainer.ui.shell import link_state
from explainer.ui.shell.accessibility import announce
from explainer.ui.shell.session_keys import session_key

POLL_SECONDS = 2.0  # the projector's map fills this often while the room trains
PHONE_POLL_SECONDS = 6.0  # a phone looking at the map: a room of them costs a third
MAP_TOGETHER = N_("Map it together")
STOP_MAPPING = N_("Stop handing out cells")
TRAIN_MY_CELL = N_("Train my cell")
ANOTHER_CELL = N_("Another cell")
SHARED = ("epochs", "batch", "hidden", "seed", "data")  # the settings every cell of the grid shares


def preset_grid() -> Grid:
    """The sweep's preset as the room's grid: its cells, momentum by momentum, and the settings of its trials."""
    first = next(iter(PRESET.grid()))  # the settings every cell shares are any cell's
    names = tuple(name for name in SHARED if name in LINK_OWNERS["training"])
    settings = experiment_to_query(Experiment(trial_config(PRESET, first)), names)
    cells = tuple((lr, m) for m in PRESET.momenta for lr in PRESET.learning_rates())
    return Grid(cells, settings)


def _views(runs: list[RoomRun]) -> list[TrialView]:
    """The room's runs as the sweep's map draws trials (the best run of a cell is its colour and number)."""
    return [
        TrialView(n, {"lr": run.lr, "momentum": run.momentum}, "diverged" if run.diverged else "finished",
                  run.accuracy, [], "")
        for n, run in enumerate(runs, 1)
    ]  # fmt: skip


def _summary(runs: list[RoomRun], phones: int, grid: Grid, mapping_on: bool) -> str:
    on_map = [run for run in runs if run.on_map]
    cells = {(run.lr, run.momentum) for run in on_map}
    words = [
        ngettext("**{runs}** runs from {phones} phone", "**{runs}** runs from {phones} phones", phones).format(
            runs=len(on_map), phones=phones
        )
    ]
    words.append(
        _("{mapped} of {cells} cells mapped").format(mapped=len(cells & set(grid.cells)), cells=len(grid.cells))
    )
    if diverged := sum(run.diverged for run in on_map):
        words.append(_("{n} diverged {mark}").format(n=diverged, mark=DIVERGED_MARK))
    if off := len(runs) - len(on_map):
        words.append(
            ngettext(
                "{n} Adam run not on the map (no momentum)", "{n} Adam runs not on the map (no momentum)", off
            ).format(n=off)
        )
    sentence = _("{items}.").format(items=" · ".join(words))
    if mapping_on:
        sentence = _("{summary} Each phone has a cell on its Training page: **{train}** there fills it here.").format(
            summary=sentence, train=_(TRAIN_MY_CELL)
        )
    return sentence


NUMBERS_COLUMNS = {
    "learning rate": N_("learning rate"),
    "momentum": N_("momentum"),
    "batch": N_("batch"),
    "epochs": N_("epochs"),
    "test accuracy %": N_("test accuracy %"),
    "diverged": N_("diverged"),
}


def _numbers(runs: list[RoomRun]) -> pd.DataFrame:
    rows = [
        {"learning rate": run.lr, "momentum": run.momentum, "batch": run.batch_size, "epochs": run.epochs,
         "test accuracy %": None if run.accuracy is None else round(100 * run.accuracy, 1),
         "diverged": DIVERGED_MARK if run.diverged else ""}
        for run in runs if run.on_map
    ]  # fmt: skip
    table = pd.DataFrame(rows, columns=list(NUMBERS_COLUMNS))
    return table.rename(columns={name: _(header) for name, header in NUMBERS_COLUMNS.items()})


def _description(runs: list[RoomRun]) -> str:
    on_map = [run for run in runs if run.on_map]
    if not on_map:
        return _("The room's map of final test accuracy over learning rate and momentum; no run has finished yet.")
    best = max((run for run in on_map if not run.diverged), key=lambda run: run.accuracy or 0, default=None)
    text = _("The room's runs: final test accuracy over learning rate and momentum.")
    if best is not None:
        percent = 100 * (best.accuracy or 0)
        text = _("{text} Best: learning rate {lr}, momentum {momentum:g}, {percent:.0f}%.").format(
            text=text, lr=lr_words(best.lr), momentum=best.momentum, percent=percent
        )
    diverged = sorted(run.lr for run in on_map if run.diverged)
    if diverged:
        text = _("{text} Diverged ({mark}) from learning rate {lr} up.").format(
            text=text, mark=DIVERGED_MARK, lr=lr_words(diverged[0])
        )
    return text


def _teacher_buttons(state: cs.ClassState, grid: Grid) -> None:
    if state.mapping:
        st.button(_(STOP_MAPPING), on_click=mapping.stop_mapping, icon=":material/stop_circle:",
                  help=_("Phones keep the runs they made; no new cells are handed out."))  # fmt: skip
    else:
        st.button(_(MAP_TOGETHER), on_click=mapping.start_mapping, args=(grid,), type="primary",
                  icon=":material/grid_view:",
                  help=_("Each phone gets one of the {n} cells on its Training page; the map fills here as the room "
                         "trains.").format(n=len(grid.cells)))  # fmt: skip


def room_map_section() -> None:
    """In a class: the room's runs on the map, redrawn as they come; the teacher's Map it together."""
    if code() is None:
        return
    grid = preset_grid()

    @fragment(run_every=POLL_SECONDS if teaching() else PHONE_POLL_SECONDS)
    def live() -> None:
        try:
            state = cs.find_class(store(), code())
            runs = room_map.room_runs_of(store(), code())
            phones = room_map.runners(store(), code())
        except (cs.ClassError, StoreUnavailable):
            st.warning(
                _("The class's map cannot be read just now; it comes back by itself."), icon=":material/cloud_off:"
            )
            return
        with st.container(horizontal=True, vertical_alignment="center"):
            st.markdown(
                _("**The room's map**: {summary}").format(summary=_summary(runs, phones, grid, state.mapping)),
                width="stretch",
            )
            if teaching():
                _teacher_buttons(state, grid)
        asked = state.question
        mark = asked.mark if asked is not None and state.phase is Phase.REVEALED else None
        on_map = [run for run in runs if run.on_map]
        lrs = sorted({*grid.learning_rates, *(run.lr for run in on_map)})
        momenta = sorted({*grid.momenta, *(run.momentum for run in on_map)})
        description = _description(runs)
        wide_and_tall_maps(
            "room-map", _views(on_map), lrs, momenta, mark, _("The room's map"), description,
            key=lambda shape: f"room-map-{shape}-chart", numbers=_numbers(runs) if on_map else None,
            config={"displayModeBar": False},
        )  # fmt: skip
        announce("explore:room", _("{n} runs on the room's map.").format(n=len(on_map)))

    live()


def _train(page: str, bench: Workbench, cell: Cell, load: Callable[[str], Tensors]) -> None:
    """Train the cell's settings, whatever the widgets were moved to meanwhile (they show the cell again)."""
    experiment, _errors = experiment_from_query(cell.link(), Experiment(), tuple(cell.link()))
    link_state.open_on_page(page, cell.link())
    ui_training.start_run(page, bench, experiment, load)


def _another() -> None:
    mapping.my_cell(another=True)


def _cell_state(bench: Workbench, cell: Cell) -> tuple[str, bool]:
    """What the phone's cell box says of its run, and whether the cell is done (on the map)."""
    record = bench.current
    if record is None or (record.config.lr, record.config.momentum, record.config.optimizer) != (
        cell.lr, cell.momentum, "sgd"
    ):  # fmt: skip
        said = _("Press **{train}**: the projector's map fills as the room trains.").format(train=_(TRAIN_MY_CELL))
        return said, False
    snapshot = record.snapshot()
    if snapshot.divergence is not None:
        return _("Your cell diverged {mark}: that is on the map too. Take another cell?").format(
            mark=DIVERGED_MARK
        ), True
    if snapshot.finished:
        percent = 100 * snapshot.epochs[-1].test_accuracy
        return _("Done: **{percent:.0f}%**, on the projector's map. Take another cell?").format(percent=percent), True
    return _("Training your cell… (the run below)"), False


def cell_box(page: str, bench: Workbench, load: Callable[[str], Tensors]) -> None:
    """On a phone in a class that maps the grid: its cell, prepared in the settings below, and the button that
    trains it."""
    cell = mapping.my_cell()
    if cell is None:
        return
    if mapping.cell_is_new(cell):
        link_state.open_on_page(page, cell.link())  # the settings below start from the cell, in this very run
    with st.container(border=True, key="class-cell"):
        st.markdown(
            _(
                "**{map_together}** · your cell: learning rate **{lr}** · momentum **{momentum:g}** · {epochs} epochs"
            ).format(
                map_together=_(MAP_TOGETHER), lr=lr_words(cell.lr), momentum=cell.momentum,
                epochs=cell.settings.get("epochs", "?"),
            )
        )  # fmt: skip
        said, done = _cell_state(bench, cell)
        st.caption(said)
        train, another = st.columns(2)
        train.button(_(TRAIN_MY_CELL), type="secondary" if done else "primary", icon=":material/play_arrow:",
                     width="stretch", disabled=bench.active, on_click=_train, args=(page, bench, cell, load),
                     key=session_key(page, "train_cell"))  # fmt: skip
        another.button(_(ANOTHER_CELL), type="primary" if done else "secondary", width="stretch",
                       disabled=bench.active, on_click=_another, key=session_key(page, "another_cell"))  # fmt: skip


def server_sweep_wanted() -> bool:
    """Whether the page runs the server's own sweep: always outside a class; in a class when asked (its workers
    would take the training slots the room trains its cells in)."""
    if code() is None:
        return True
    st.subheader(_("The server's sweep"))
    return st.toggle(
        _("Run the server's sweep of the same cells"),
        key=session_key("explore", "server_sweep"),
        help=_("Off in a class: the room's runs get every training slot. On: the server trains the cells too."),
    )
