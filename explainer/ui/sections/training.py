"""The training pages' Streamlit pieces, shared by the MNIST and Otto pages: the run's buttons and the live run
(their settings are :mod:`explainer.ui.sections.training_settings`'). A run trains in a background thread of the
session's :class:`~explainer.training.workbench.Workbench`; :func:`live_run` redraws it while it trains. The
session's runs side by side are :mod:`explainer.ui.sections.run_comparison`'s.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from explainer.figures import training as training_figures
from explainer.figures.describe import curves_description
from explainer.i18n import N_, _
from explainer.server.process import fragment
from explainer.training.engine import Tensors
from explainer.training.experiment import Experiment
from explainer.training.jobs import JobStatus, shared_limiter
from explainer.training.lecture_run import LECTURE_RUN_LABEL, lecture_curve
from explainer.training.tensors import split_name
from explainer.training.workbench import (
    RunRecord,
    RunView,
    Workbench,
    WorkbenchError,
    curve_series,
    log_every_for,
    run_view,
)
from explainer.ui.class_room.mapping import CELL_PAGE, run_listener
from explainer.ui.shell import page_frame
from explainer.ui.shell.accessibility import announce, describe
from explainer.ui.shell.session_keys import session_key

POLL_SECONDS = 0.5  # how often a training page redraws while its run trains
# ... and while it waits for a slot: a room of phones queued behind two slots (Map it together) redrawing twice a
# second saturated two cores (bench/README.md, "A class maps it together")
QUEUED_POLL_SECONDS = 3.0
# The run's headline numbers, by the stable names run_view gives them ("Test accuracy": the held-out split's).
NUMBER_LABELS = {
    "Epochs done": N_("Epochs done"),
    "Running loss": N_("Running loss"),
    "Train accuracy": N_("Train accuracy"),
}


def _capital(text: str) -> str:
    """``text`` with a capital first letter ("test accuracy" -> "Test accuracy"); Chinese as it is."""
    return text[:1].upper() + text[1:]


def held_out_accuracy(held_out: str) -> str:
    """'test accuracy' (or 'validation accuracy') in the reader's language."""
    return _("{held_out} accuracy").format(held_out=split_name(held_out))


def _number_label(name: str, held_out: str) -> str:
    """The metric label of one of run_view's numbers; its test accuracy named after ``held_out``."""
    if name == "Test accuracy":
        return _capital(held_out_accuracy(held_out))
    return _(NUMBER_LABELS[name]) if name in NUMBER_LABELS else name


def start_run(page: str, bench: Workbench, experiment: Experiment, load: Callable[[str], Tensors]) -> None:
    """Start ``experiment`` as the page's new run (a button's callback); in a class, the MNIST page's run goes to the
    class's map when it ends."""
    st.session_state.pop(session_key(page, "start_error"), None)
    try:
        tensors = load(experiment.data)
        config = experiment.config.replace(log_every=log_every_for(len(tensors.y_train), experiment.config.batch_size))
        bench.start_new(config, tensors, experiment.data, on_end=run_listener() if page == CELL_PAGE else None)
        st.session_state.pop(session_key(page, "overlay"), None)  # overlay every earlier run by default
    except (WorkbenchError, ValueError, RuntimeError) as error:  # bad settings or data: say so, keep the runs
        st.session_state[session_key(page, "start_error")] = str(error)


def _resume(page: str, bench: Workbench) -> None:
    try:
        bench.resume()
    except WorkbenchError as error:
        st.session_state[session_key(page, "start_error")] = str(error)


def run_buttons(page: str, bench: Workbench, experiment: Experiment | None, load: Callable[[str], Tensors]) -> None:
    """Start / Stop / Resume / Reset, each enabled only when it makes sense (callbacks: right after a click).

    Only Start has an icon: four labelled buttons with icons were cut to "Re…" in a 1280-pixel window. One row, not
    four columns: on a phone, columns stack into four full-width rows that pushed the curves off the first screen.
    """
    status = bench.current.job.status if bench.current else None
    row = st.container(horizontal=True, gap="small")
    row.button(
        _("Start"),
        icon=":material/play_arrow:",
        type="primary",
        width="stretch",
        disabled=bench.active or experiment is None,
        on_click=start_run,
        args=(page, bench, experiment, load),
        key=session_key(page, "start"),
    )
    row.button(
        _("Stop"),
        width="stretch",
        disabled=not bench.active,
        on_click=bench.stop,
        key=session_key(page, "stop"),
    )
    row.button(
        _("Resume"),
        width="stretch",
        disabled=status not in (JobStatus.PAUSED, JobStatus.IDLE),
        on_click=_resume,
        args=(page, bench),
        key=session_key(page, "resume"),
    )
    row.button(
        _("Reset"),
        width="stretch",
        disabled=status in (None, JobStatus.QUEUED, JobStatus.RUNNING),
        on_click=bench.reset,
        key=session_key(page, "reset"),
    )
    if error := st.session_state.get(session_key(page, "start_error")):
        st.error(error, icon=":material/error:")


def live_run(
    bench: Workbench,
    details: Callable[[RunRecord, RunView], None] | None = None,
    idle: Callable[[], None] | None = None,
) -> None:
    """The current run's status line and progress bar, then ``details``, redrawn while it trains.

    Drawn in a fragment that polls while the run trains (slower while it waits for a slot); when it gets its slot
    or stops, one full rerun redraws the page (its buttons, a model to evaluate) and the polling changes or ends. A
    run that stopped while this full run drew the page counts as training: the sections above may have drawn it so
    (a second run not yet offered for evaluation). ``idle`` draws what stands there before the first run.
    """
    polling = bench.active or bench.ended_since(page_frame.script_started())
    queued = bench.current is not None and bench.current.job.status == JobStatus.QUEUED

    @fragment(run_every=(QUEUED_POLL_SECONDS if queued else POLL_SECONDS) if polling else None)
    def live() -> None:
        record = bench.current
        if record is None:
            # An empty sentence under the run's key: a run that ends before its first look (one short epoch) is
            # then a change, and said, not a text that was already there when the page opened.
            announce("training:run", "")
            if idle is not None:
                idle()
            return
        if (polling and not bench.active) or (queued and record.job.status != JobStatus.QUEUED):
            st.rerun()  # it ended, or got its slot: the page again, polling at the new pace
        try:
            view = run_view(record, shared_limiter().limit)
        except RuntimeError:  # released meanwhile (removed by another rerun of this session)
            return
        st.markdown(_("**Run #{number}** — {status}").format(number=record.number, status=view.status_line))
        announce("training:run", run_announcement(record, view))
        st.progress(view.progress, text=view.progress_text)
        if view.alert:
            st.error(view.alert, icon=":material/warning:")
        if details is not None:
            details(record, view)

    live()


def run_announcement(record: RunRecord, view: RunView) -> str:
    """What a screen reader hears about a run: a sentence that changes when it starts, when an epoch ends and when it
    stops, not on every running-loss update. Worded apart from the status line, which the page shows already."""
    n, status, numbers = record.number, record.job.status, view.numbers
    done = numbers["Epochs done"]
    if status == JobStatus.QUEUED:
        return _("Run {n} waits for a free training slot.").format(n=n)
    if status in (JobStatus.DIVERGED, JobStatus.FAILED):
        return _("Run {n} stopped by itself: the page says why.").format(n=n)
    train, test = numbers["Train accuracy"], numbers["Test accuracy"]
    if status == JobStatus.FINISHED:
        return _("Run {n} has ended after {epochs} epochs: train accuracy {train}, test accuracy {test}.").format(
            n=n, epochs=done.split("/")[0], train=train, test=test
        )
    if status == JobStatus.PAUSED:
        return _("Run {n} is paused after {done} epochs.").format(n=n, done=done)
    if done.startswith("0/"):
        return _("Run {n} started.").format(n=n)
    return _("Run {n}: {done} epochs done, train accuracy {train}, test accuracy {test}.").format(
        n=n, done=done, train=train, test=test
    )


def _curves(records: list[RunRecord], held_out: str, lecture_reference: bool) -> None:
    """The loss and accuracy curves of ``records`` side by side (the lecture's printed run faintly under them)."""
    loss_col, accuracy_col = st.columns(2)
    loss_name = _("running loss")
    accuracy_name = _("{held_out} accuracy %").format(held_out=split_name(held_out))
    loss_series = curve_series(records, "loss", training_figures.RUN_COLORS)
    accuracy_series = curve_series(records, "test_accuracy", training_figures.RUN_COLORS)
    loss = training_figures.run_curves(loss_series, loss_name)
    accuracy = training_figures.run_curves(accuracy_series, accuracy_name, percent=True, y_range=(0, 100))
    if lecture_reference:
        reference = _(LECTURE_RUN_LABEL)
        training_figures.with_reference(loss, reference, *lecture_curve("loss"))
        training_figures.with_reference(accuracy, reference, *lecture_curve("test_accuracy"), percent=True)
    for column, figure, series, quantity, name, key in (
        (loss_col, loss, loss_series, loss_name, _("running loss against epochs"), "loss"),
        (
            accuracy_col,
            accuracy,
            accuracy_series,
            accuracy_name,
            _("{held_out} accuracy against epochs").format(held_out=split_name(held_out)),
            "%",  # the key's end as it was: the accuracy's quantity ends in " %"
        ),
    ):
        with column:
            st.plotly_chart(figure)
            describe(f"curves-{key}", name, curves_description(series, quantity))


def run_status(
    bench: Workbench,
    overlay: list[RunRecord],
    held_out: str = "test",
    extra: Callable[[list[RunRecord]], None] | None = None,
    outline: Callable[[RunRecord | None], None] | None = None,
    lecture_reference: bool = False,
) -> None:
    """The current run, live: status, progress, curves, numbers and the lecture's log lines.

    The curves come right under the progress bar, before any run too (empty, or the reference run), so
    that they stand on a 1280 x 720 projector's first screen and do not move when a run starts.
    ``held_out`` names the engine's test set (the Otto page's is a validation split); ``extra`` draws
    more about the runs (current first, then the overlay) inside the same live fragment, above the log lines;
    ``outline`` draws the lecture's steps under the numbers, given the current run (None before the first).
    ``lecture_reference`` draws the lecture's printed full-MNIST run faintly under the curves.
    """

    def details(record: RunRecord, view: RunView) -> None:
        records = [record, *[r for r in overlay if r is not record]]
        _curves(records, held_out, lecture_reference)
        columns = st.columns(2) + st.columns(2)  # two by two: four across were cut to "24.…" at 1280 px
        for column, (label, value) in zip(columns, view.numbers.items(), strict=True):
            column.metric(_number_label(label, held_out), value)
        if outline is not None:
            outline(record)
        if extra is not None:
            extra(records)
        lines = [line.replace("test set", f"{held_out} set") for line in view.log_lines[-12:]]
        st.code("\n".join(lines) or _("(the lecture's log lines appear here)"), language=None)

    def idle() -> None:
        st.info(_("No run yet: choose the settings and press **Start**."), icon=":material/info:")
        _curves([], held_out, lecture_reference)
        if outline is not None:
            outline(None)

    live_run(bench, details, idle)
