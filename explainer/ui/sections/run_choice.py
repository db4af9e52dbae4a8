"""Which of a session's runs to evaluate, and training one right on the evaluation page.

Shared by the MNIST evaluation page and the Otto page: a run that is still training is evaluated at
its last finished epoch, one that cannot be evaluated says why.
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from explainer.i18n import _
from explainer.links import LINKS
from explainer.training.engine import Snapshot, Tensors
from explainer.training.experiment import Experiment
from explainer.training.jobs import JobStatus
from explainer.training.tensors import split_name
from explainer.training.workbench import ACTIVE, RunRecord, Workbench, run_problem, status_name
from explainer.ui.sections import training as ui_training
from explainer.ui.shell.session_keys import session_key


def run_label(record: RunRecord, snapshot: Snapshot, held_out: str = "test") -> str:
    """'#2 sgd lr=0.01 m=0.5 b=64 · 10/10 epochs · 87.30% test accuracy'."""
    done, last, status = len(snapshot.epochs), snapshot.epochs[-1], record.job.status
    numbers = dict(
        label=record.label,
        done=done,
        epochs=snapshot.config.epochs,
        accuracy=last.test_accuracy,
        held_out=split_name(held_out),
    )
    if status == JobStatus.FINISHED:
        return _("{label} · {done}/{epochs} epochs · {accuracy:.2%} {held_out} accuracy").format(**numbers)
    return _("{label} · {done}/{epochs} epochs · {accuracy:.2%} {held_out} accuracy · {status}").format(
        **numbers, status=status_name(status)
    )


def choose_run(
    page: str, bench: Workbench, held_out: str = "test", while_training: bool = True
) -> tuple[RunRecord, Snapshot] | None:
    """The run to evaluate (newest first, a selectbox when there are several) and its snapshot; None if none.

    Runs with a finished epoch and finite outputs are offered; a run still training is evaluated after
    its last finished epoch, labelled so (unless not ``while_training``). A run removed or released
    meanwhile is skipped, and a choice that no longer exists falls back to the newest.
    """

    usable: dict[int, tuple[RunRecord, Snapshot]] = {}
    for record in reversed(list(bench.runs)):
        if record.job.status in ACTIVE and not while_training:
            continue  # evaluated once it stops
        try:
            snapshot = record.snapshot()
        except RuntimeError:  # released by another rerun (removed on the training page)
            continue
        if run_problem(snapshot) is None:
            usable[record.number] = (record, snapshot)
    if not usable:
        return None
    key = session_key(page, "run")
    if st.session_state.get(key) not in usable:
        st.session_state.pop(key, None)
    labels = {number: run_label(*pair, held_out) for number, pair in usable.items()}
    if len(usable) == 1:
        number = next(iter(usable))
        # one line, like the choice between several runs
        st.markdown(_("Evaluating run **{run}**.").format(run=labels[number]))
    else:  # on one line, as tall as the sentence above: the matrix below must fit a 1280 x 720 screen
        words, choice = st.columns([1, 4], vertical_alignment="center")
        words.markdown(_("Evaluating run"))
        number = choice.selectbox(
            _("Run to evaluate (this session's runs, newest first)"),
            list(usable),
            format_func=labels.get,
            key=key,
            label_visibility="collapsed",
        )
    return usable[number]


def status_note(record: RunRecord, snapshot: Snapshot) -> None:
    """Say so when the evaluated run is still training or stopped itself: its model is the last finished epoch's.

    Apart from :func:`choose_run` so that a page can put it beside its matrix rather than above it.
    """
    if record.job.status in ACTIVE:
        st.info(
            _(
                "Run #{number} is still training: this evaluates its model after epoch {epoch} of {epochs}, the "
                "last one it finished. Change anything on the page to see a later epoch."
            ).format(number=record.number, epoch=len(snapshot.epochs), epochs=snapshot.config.epochs),
            icon=":material/hourglass_top:",
        )
    elif snapshot.divergence is not None:
        st.warning(
            _(
                "Run #{number} stopped itself: {why} This evaluates its model after epoch {epoch}, the last one it "
                "finished."
            ).format(number=record.number, why=snapshot.divergence.message, epoch=len(snapshot.epochs)),
            icon=":material/warning:",
        )


def train_here(
    page: str,
    bench: Workbench,
    default: Experiment,
    load: Callable[[str], Tensors],
    data_sources: dict[str, str],
) -> None:
    """Train ``default`` (with the data and epochs chosen here) on this page, with its progress.

    Uses the same Start / Stop / Resume / Reset buttons as the training page, on the same workbench,
    so the run shows up there too.
    """

    record = bench.current
    problem = None
    if record is not None:
        try:
            problem = run_problem(record.snapshot())
        except RuntimeError:
            problem = None
    if record is None:
        st.info(
            _(
                "No trained model in this session yet. Train the lecture's network here (the Training page has "
                "every setting): on the 5,000-digit subset an epoch takes about half a second."
            ),
            icon=":material/model_training:",
        )
    elif bench.active and problem is not None:
        st.info(
            _("Run #{number} is training: its evaluation appears once it finishes its first epoch.").format(
                number=record.number
            ),
            icon=":material/info:",
        )
    elif problem is not None:
        st.warning(
            _("Run #{number} cannot be evaluated: {problem}").format(number=record.number, problem=problem),
            icon=":material/warning:",
        )
    data_col, epochs_col = st.columns([3, 1])
    data = data_col.selectbox(
        _("Data"),
        list(data_sources),
        format_func=lambda source: _(data_sources[source]),
        key=session_key(page, "data"),
    )
    epochs_param = LINKS["epochs"]
    epochs = epochs_col.number_input(
        _(epochs_param.label),
        int(epochs_param.low),
        int(epochs_param.high),
        value=default.config.epochs,
        key=session_key(page, "epochs"),
    )
    experiment = Experiment(default.config.replace(epochs=int(epochs)), data)
    ui_training.run_buttons(page, bench, experiment, load)
    ui_training.live_run(bench)
