"""The training pages' Streamlit pieces, shared by the MNIST and Otto pages: settings, buttons, the live run.

Every setting's range and message comes from its one declaration in :data:`explainer.links.LINKS`; the
settings are mirrored in the URL. A run trains in a background thread of the session's
:class:`~explainer.training.workbench.Workbench`; :func:`live_run` redraws it while it trains. The session's
runs side by side are :mod:`explainer.ui.sections.run_comparison`'s.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

import streamlit as st

from explainer.figures import training as training_figures
from explainer.figures.describe import curves_description
from explainer.figures.network import network_diagram
from explainer.i18n import N_, _
from explainer.links import LINK_OWNERS, LINKS, InputError
from explainer.server.process import fragment
from explainer.training.engine import Tensors
from explainer.training.experiment import Experiment, experiment_from_query, experiment_to_query
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
from explainer.ui.shell import link_state, page_frame
from explainer.ui.shell.accessibility import announce, chart, describe
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.session_keys import session_key
from models import parameter_count

POLL_SECONDS = 0.5  # how often a training page redraws while its run trains
# ... and while it waits for a slot: a room of phones queued behind two slots (Map it together) redrawing twice a
# second saturated two cores (bench/README.md, "A class maps it together")
QUEUED_POLL_SECONDS = 3.0
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512, 1024)
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


def _with(options: tuple, value: object) -> list:
    """The widget's options plus a value that came from a link, in order."""
    return sorted({*options, value})


def _opener(page: str, default: Experiment) -> link_state.Opener:
    """How a link sets the page's settings: those it carries, the others kept; the widgets start again from them."""

    def open_link(link: Mapping[str, str]) -> list[str]:
        names = tuple(name for name in LINK_OWNERS[page] if name in link)
        saved = st.session_state.get(session_key(page, "experiment"), default)
        st.session_state[session_key(page, "experiment")], errors = experiment_from_query(link, saved, names)
        for name in names:
            st.session_state.pop(session_key(page, name), None)
        return errors

    return open_link


def _saved_experiment(page: str, default: Experiment) -> Experiment:
    """The page's settings as the link (on its first run) or the user left them; widgets start from them."""
    link_state.open_once(page, _opener(page, default))
    saved: Experiment = st.session_state.setdefault(session_key(page, "experiment"), default)
    values = saved.values()
    for name in LINK_OWNERS[page]:  # widgets forget their state when the page is left
        value = values[LINKS[name].field]
        st.session_state.setdefault(session_key(page, name), LINKS[name].format(value) if name == "hidden" else value)
    return saved


def _settings(page: str, saved: Experiment, data_sources: dict[str, str] | None) -> None:
    """One widget per setting, over its declared range."""
    if data_sources:
        st.selectbox(
            _label("data"),
            list(data_sources),
            format_func=lambda source: _(data_sources[source]),
            key=session_key(page, "data"),
            help=_help(LINKS["data"].help),
        )
    epochs, seed = LINKS["epochs"], LINKS["seed"]
    epochs_col, batch_col = st.columns(2)
    epochs_col.number_input(
        _(epochs.label), int(epochs.low), int(epochs.high), key=session_key(page, "epochs"), help=_help(epochs.help)
    )
    batch_col.select_slider(
        _label("batch"), _with(BATCH_SIZES, saved.config.batch_size), key=session_key(page, "batch")
    )
    st.select_slider(
        _label("lr"),
        _with(LEARNING_RATES, saved.config.lr),
        key=session_key(page, "lr"),
        format_func=lambda lr: f"{lr:g}",
    )
    optimizer_col, momentum_col = st.columns(2)
    if lecture_mode():  # the lecture's SGD only: other optimizers are beyond it
        st.session_state[session_key(page, "optimizer")] = "sgd"
        optimizer = "sgd"
        optimizer_col.markdown(_("{label}  \n**SGD**, as in the lecture").format(label=_label("optimizer")))
    else:
        optimizer = optimizer_col.radio(
            _label("optimizer"),
            LINKS["optimizer"].choices,
            horizontal=True,
            key=session_key(page, "optimizer"),
            format_func=str.upper,
        )
    momentum = LINKS["momentum"]
    momentum_col.slider(
        _("{label} (SGD)").format(label=_(momentum.label)),
        float(momentum.low),
        float(momentum.high),
        step=momentum.step,
        key=session_key(page, "momentum"),
        disabled=optimizer != "sgd",
        help=_help(momentum.help),
    )
    hidden_col, seed_col = st.columns([3, 2])
    hidden_col.text_input(_label("hidden"), key=session_key(page, "hidden"), help=_help(LINKS["hidden"].help))
    seed_col.number_input(
        _(seed.label), int(seed.low), int(seed.high), key=session_key(page, "seed"), help=_help(seed.help)
    )


def _label(name: str) -> str:
    """A setting's label (declared in explainer.links, marked there), in the reader's language."""
    return _(LINKS[name].label)


def _help(text: str | None) -> str | None:
    """A setting's help (declared in explainer.links), in the reader's language."""
    return _(text) if text else text


def _network(page: str, widths: tuple[int, ...]) -> None:
    counts = [parameter_count(pair) for pair in zip(widths[:-1], widths[1:], strict=True)]
    chart(
        network_diagram(widths, counts),
        _("The network's layers"),
        key=session_key(page, "network"),
        description=_("{widths} units; {count:,} weights and biases.").format(
            widths=" → ".join(map(str, widths)), count=sum(counts)
        ),
        config={"displayModeBar": False},
    )
    st.caption(
        _(
            "{widths}: ReLU between hidden layers and none after the last, whose outputs are the raw logits "
            "CrossEntropyLoss takes. **{count:,}** weights and biases to learn (w: per layer)."
        ).format(widths="-".join(map(str, widths)), count=parameter_count(widths))
    )


def experiment_controls(
    page: str, default: Experiment, input_size: int, num_classes: int, data_sources: dict[str, str] | None
) -> Experiment | None:
    """Every hyperparameter, defaulting to the lecture's and mirrored in the URL; None while invalid.

    Without ``data_sources`` there is no data choice: the data is the caller's ``default.data`` (e.g. the
    Otto page's current file), and it is neither read from nor written to the URL.
    """
    saved = _saved_experiment(page, default)
    link_state.link_warnings(page)
    _settings(page, saved, data_sources)
    s = st.session_state
    try:
        hidden = LINKS["hidden"].parse(s[session_key(page, "hidden")])
    except InputError as error:
        st.error(_("{error} Fix it to start a run.").format(error=error), icon=":material/error:")
        return None
    experiment = Experiment(
        saved.config.replace(
            epochs=int(s[session_key(page, "epochs")]),
            batch_size=int(s[session_key(page, "batch")]),
            lr=float(s[session_key(page, "lr")]),
            momentum=float(s[session_key(page, "momentum")]),
            optimizer=s[session_key(page, "optimizer")],
            hidden=hidden,
            seed=int(s[session_key(page, "seed")]),
        ),
        s[session_key(page, "data")] if data_sources else default.data,
    )
    s[session_key(page, "experiment")] = experiment
    _network(page, (input_size, *hidden, num_classes))
    link_state.write_back(LINK_OWNERS[page], experiment_to_query(experiment, LINK_OWNERS[page]))
    return experiment


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

    def curves(records: list[RunRecord]) -> None:
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

    def details(record: RunRecord, view: RunView) -> None:
        records = [record, *[r for r in overlay if r is not record]]
        curves(records)
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
        curves([])
        if outline is not None:
            outline(None)

    live_run(bench, details, idle)
