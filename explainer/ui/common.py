"""The Streamlit pieces several pages share: page header, the logit controls and URL state.

State on the logit pages has one home: an :class:`~explainer.links.Example` in
``st.session_state["<page>:example"]``. Widgets are views of it: they are written from it before
they are drawn and write back to it in their ``on_change`` callbacks, so a preset, a text field and a
slider can all change the same logits without fighting. The URL query mirrors it after every run.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace

import streamlit as st

from explainer.data import mnist as data
from explainer.figures import style as figures
from explainer.lesson import PAGES_DIR
from explainer.links import (
    LOGIT_LIMIT,
    MAX_CLASSES,
    MIN_CLASSES,
    Example,
    InputError,
    example_from_query,
    example_to_query,
    format_logits,
    parse_logits,
    resize,
)
from explainer.training.config import OPTIMIZERS, choose_device
from explainer.training.engine import Tensors
from explainer.training.experiment import (
    MAX_EPOCHS,
    Experiment,
    experiment_from_query,
    experiment_to_query,
    parse_hidden,
)
from explainer.training.jobs import JobStatus, shared_limiter
from explainer.training.workbench import (
    RunRecord,
    Workbench,
    WorkbenchError,
    comparison_rows,
    curve_series,
    history_csv,
    log_every_for,
    mlp_parameter_count,
    run_view,
    weights_bytes,
)

NARROW_RANGE = 10.0  # slider range for everyday logits; wider values switch the sliders to ±1000


@st.cache_resource(show_spinner="Loading MNIST (offline, this falls back to the bundled 5,000 digits)…")
def mnist_data(source: str = "auto") -> data.MnistData:
    """The data set, loaded once per server and shared read-only by every session."""
    return data.load_mnist(source=source)


def page_header(title: str, try_this: str) -> None:
    """Every page opens with its title and one sentence saying what to try."""
    st.title(title)
    st.markdown(f"#### {try_this}")


def _key(page: str, name: str) -> str:
    return f"{page}:{name}"


def current_example(page: str) -> Example:
    return st.session_state[_key(page, "example")]


def set_example(page: str, example: Example) -> None:
    """Replace the page's example (for presets and 'open in the softmax page' links)."""
    st.session_state[_key(page, "example")] = example
    st.session_state.pop(_key(page, "text_error"), None)


def open_in_softmax_page(logits: tuple[float, ...], target: int) -> None:
    """Show a model's real logits for one example on the softmax page (from training, evaluation)."""
    set_example("softmax", Example(tuple(round(float(z), 4) for z in logits), target))
    st.switch_page(PAGES_DIR / "softmax.py")


def _init_from_url(page: str, default: Example) -> None:
    """On a page's first run in this session, take its state from the URL query, else the default."""
    if _key(page, "example") in st.session_state:
        return
    example, errors = example_from_query(st.query_params.to_dict(), default)
    st.session_state[_key(page, "example")] = example
    st.session_state[_key(page, "url_errors")] = errors


def _update(page: str, **changes: object) -> None:
    set_example(page, replace(current_example(page), **changes))


def _on_slider(page: str, index: int) -> None:
    logits = list(current_example(page).logits)
    logits[index] = float(st.session_state[_key(page, f"z{index}")])
    _update(page, logits=tuple(logits))


def _on_text(page: str) -> None:
    text = st.session_state[_key(page, "logits_text")]
    try:
        logits = parse_logits(text)
    except InputError as error:
        st.session_state[_key(page, "text_error")] = f"{error} The logits were left as they were."
        return
    example = current_example(page)
    set_example(page, replace(example, logits=logits, target=min(example.target, len(logits) - 1)))


def _on_num_classes(page: str) -> None:
    set_example(page, resize(current_example(page), st.session_state[_key(page, "K")]))


def _on_field(page: str, field: str) -> None:
    _update(page, **{field: st.session_state[_key(page, field)]})


def _bind(page: str, name: str, value: object) -> str:
    """Write the model value into the widget's key before the widget is drawn; return the key."""
    key = _key(page, name)
    if st.session_state.get(key) != value:  # only on a real change: rewriting it would fight fast slider moves
        st.session_state[key] = value
    return key


def logit_controls(
    page: str,
    default: Example,
    query_names: tuple[str, ...],
    presets: dict[str, Example] | None = None,
) -> Example:
    """Class count, one slider per logit, a text field, the true class and the page's extra knobs.

    ``query_names`` says which URL parameters this page shares (``logits``, ``target``, ``T``,
    ``eps``, ``shift``); only those knobs are drawn. Returns the example to show.
    """
    _init_from_url(page, default)
    for message in st.session_state.get(_key(page, "url_errors"), []):
        st.warning(message, icon=":material/link_off:")

    if presets:
        columns = st.columns(2)
        for i, (label, example) in enumerate(presets.items()):
            columns[i % 2].button(
                label,
                on_click=set_example,
                args=(page, example),
                width="stretch",
                key=_key(page, label),
            )

    example = current_example(page)
    st.slider(
        "Number of classes K",
        MIN_CLASSES,
        MAX_CLASSES,
        key=_bind(page, "K", example.num_classes),
        on_change=_on_num_classes,
        args=(page,),
    )
    st.radio(
        "True class y",
        range(example.num_classes),
        horizontal=True,
        key=_bind(page, "target", example.target),
        on_change=_on_field,
        args=(page, "target"),
    )
    wide = max(abs(z) for z in example.logits) > NARROW_RANGE
    limit, step = (LOGIT_LIMIT, 1.0) if wide else (NARROW_RANGE, 0.1)
    slider_columns = st.columns(2 if example.num_classes > 5 else 1)
    for i in range(example.num_classes):
        slider_columns[i % len(slider_columns)].slider(
            f"z{i}" + (" (true class)" if i == example.target else ""),
            -limit,
            limit,
            step=step,
            key=_bind(page, f"z{i}", example.logits[i]),
            on_change=_on_slider,
            args=(page, i),
        )
    st.text_input(
        "Logits as text (2 to 10 numbers within ±1000, comma-separated)",
        key=_bind(page, "logits_text", format_logits(example.logits)),
        on_change=_on_text,
        args=(page,),
        help="Type exact values, e.g. 1000, -1000, 0 to see numerical overflow.",
    )
    if text_error := st.session_state.get(_key(page, "text_error")):
        st.error(text_error, icon=":material/error:")
    knobs: dict[str, tuple[str, float, float, float, str]] = {
        "T": ("Temperature T (divides the logits)", 0.1, 5.0, 0.1, "temperature"),
        "eps": ("Label smoothing ε", 0.0, 0.5, 0.01, "label_smoothing"),
        "shift": ("Shift c (added to every logit)", -10.0, 10.0, 0.5, "shift"),
    }
    for name, (label, low, high, step, field) in knobs.items():
        if name in query_names:
            value = getattr(example, field)
            if not low <= value <= high:  # from a link; widen rather than refuse a valid value
                low, high = min(low, value), max(high, value)
            st.slider(
                label,
                low,
                high,
                step=step,
                key=_bind(page, field, value),
                on_change=_on_field,
                args=(page, field),
            )
    st.query_params.from_dict(example_to_query(example, query_names))
    return example


# --- Training: controls, the run panel and run comparison, shared by the MNIST and Otto pages ---------

POLL_SECONDS = 0.5  # how often a training page redraws while its run trains
LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512, 1024)


@st.cache_resource(scope="session", on_release=Workbench.release, show_spinner=False)
def workbench(page: str) -> Workbench:
    """This session's runs on ``page``: never shared between sessions, released when the tab closes."""
    return Workbench()


def _with(options: tuple, value: object) -> list:
    """The widget's options plus a value that came from a link, in order."""
    return sorted({*options, value})


def experiment_controls(
    page: str, default: Experiment, input_size: int, num_classes: int, data_sources: dict[str, str] | None
) -> Experiment | None:
    """Every hyperparameter, defaulting to the lecture's and mirrored in the URL; None while invalid.

    Without ``data_sources`` there is no data choice: the data is the caller's ``default.data`` (e.g. the
    Otto page's current file), and it is neither read from nor written to the URL.
    """
    if _key(page, "experiment") not in st.session_state:  # first run in this session: the URL decides
        query = st.query_params.to_dict()
        if not data_sources:
            query.pop("data", None)
        experiment, errors = experiment_from_query(query, default)
        st.session_state[_key(page, "experiment")] = experiment
        st.session_state[_key(page, "url_errors")] = errors
    saved: Experiment = st.session_state[_key(page, "experiment")]
    c = saved.config
    for name, value in (
        ("data", saved.data),
        ("epochs", c.epochs),
        ("batch", c.batch_size),
        ("lr", c.lr),
        ("momentum", c.momentum),
        ("optimizer", c.optimizer),
        ("hidden", ",".join(map(str, c.hidden))),
        ("seed", c.seed),
    ):
        st.session_state.setdefault(_key(page, name), value)  # widgets forget their state when the page is left
    for message in st.session_state[_key(page, "url_errors")]:
        st.warning(message, icon=":material/link_off:")
    if data_sources:
        st.selectbox("Data", list(data_sources), format_func=data_sources.get, key=_key(page, "data"))
    epochs_col, batch_col = st.columns(2)
    epochs_col.number_input("Epochs", 1, MAX_EPOCHS, key=_key(page, "epochs"))
    batch_col.select_slider("Batch size", _with(BATCH_SIZES, saved.config.batch_size), key=_key(page, "batch"))
    st.select_slider(
        "Learning rate", _with(LEARNING_RATES, saved.config.lr), key=_key(page, "lr"), format_func=lambda lr: f"{lr:g}"
    )
    optimizer_col, momentum_col = st.columns(2)
    optimizer = optimizer_col.radio(
        "Optimizer", OPTIMIZERS, horizontal=True, key=_key(page, "optimizer"), format_func=str.upper
    )
    momentum_col.slider("Momentum (SGD)", 0.0, 0.99, step=0.05, key=_key(page, "momentum"), disabled=optimizer != "sgd")
    hidden_col, seed_col = st.columns([3, 2])
    hidden_text = hidden_col.text_input(
        "Hidden layer widths",
        key=_key(page, "hidden"),
        help="Comma-separated, e.g. 512,256,128,64; empty: no hidden layer",
    )
    seed_col.number_input("Seed", 0, 2**31 - 1, key=_key(page, "seed"))
    try:
        hidden = parse_hidden(hidden_text)
    except InputError as error:
        st.error(f"{error} Fix it to start a run.", icon=":material/error:")
        return None
    s = st.session_state
    experiment = Experiment(
        saved.config.replace(
            epochs=int(s[_key(page, "epochs")]),
            batch_size=int(s[_key(page, "batch")]),
            lr=float(s[_key(page, "lr")]),
            momentum=float(s[_key(page, "momentum")]),
            optimizer=optimizer,
            hidden=hidden,
            seed=int(s[_key(page, "seed")]),
        ),
        s.get(_key(page, "data"), saved.data) if data_sources else default.data,
    )
    s[_key(page, "experiment")] = experiment
    st.plotly_chart(figures.network_diagram((input_size, *hidden, num_classes)), key=_key(page, "network"))
    st.caption(
        f"{input_size}-{'-'.join(map(str, hidden))}{'-' if hidden else ''}{num_classes} with ReLU: "
        f"**{mlp_parameter_count(input_size, hidden, num_classes):,}** weights and biases to learn."
    )
    query = experiment_to_query(experiment)
    if not data_sources:
        query.pop("data")
    st.query_params.from_dict(query)
    return experiment


def _start(page: str, bench: Workbench, experiment: Experiment, load: Callable[[str], Tensors]) -> None:
    st.session_state.pop(_key(page, "start_error"), None)
    try:
        tensors = load(experiment.data)
        config = experiment.config.replace(log_every=log_every_for(len(tensors.y_train), experiment.config.batch_size))
        bench.start_new(config, tensors, experiment.data)
        st.session_state.pop(_key(page, "overlay"), None)  # overlay every earlier run by default
    except (WorkbenchError, ValueError, RuntimeError) as error:  # bad settings or data: say so, keep the runs
        st.session_state[_key(page, "start_error")] = str(error)


def _resume(page: str, bench: Workbench) -> None:
    try:
        bench.resume()
    except WorkbenchError as error:
        st.session_state[_key(page, "start_error")] = str(error)


def run_buttons(page: str, bench: Workbench, experiment: Experiment | None, load: Callable[[str], Tensors]) -> None:
    """Start / Stop / Resume / Reset, each enabled only when it makes sense (callbacks: right after a click)."""
    status = bench.current.job.status if bench.current else None
    start, stop, resume, reset = st.columns(4)
    start.button(
        "Start",
        icon=":material/play_arrow:",
        type="primary",
        width="stretch",
        disabled=bench.active or experiment is None,
        on_click=_start,
        args=(page, bench, experiment, load),
        key=_key(page, "start"),
    )
    stop.button(
        "Stop",
        icon=":material/pause:",
        width="stretch",
        disabled=not bench.active,
        on_click=bench.stop,
        key=_key(page, "stop"),
    )
    resume.button(
        "Resume",
        icon=":material/resume:",
        width="stretch",
        disabled=status not in (JobStatus.PAUSED, JobStatus.IDLE),
        on_click=_resume,
        args=(page, bench),
        key=_key(page, "resume"),
    )
    reset.button(
        "Reset",
        icon=":material/restart_alt:",
        width="stretch",
        disabled=status in (None, JobStatus.QUEUED, JobStatus.RUNNING),
        on_click=bench.reset,
        key=_key(page, "reset"),
    )
    if error := st.session_state.get(_key(page, "start_error")):
        st.error(error, icon=":material/error:")


def run_status(
    bench: Workbench,
    overlay: list[RunRecord],
    held_out: str = "test",
    extra: Callable[[list[RunRecord]], None] | None = None,
) -> None:
    """The current run, live: status, progress, numbers, curves and the lecture's log lines.

    ``held_out`` names the engine's test set (the Otto page's is a validation split); ``extra`` draws
    more about the runs (current first, then the overlay) inside the same live fragment, above the log lines.

    Drawn in a fragment that polls while the run trains; when it stops, one full rerun re-enables the
    buttons and the polling ends.
    """
    polling = bench.active

    @st.fragment(run_every=POLL_SECONDS if polling else None)
    def live() -> None:
        record = bench.current
        if record is None:
            st.info("No run yet: choose the settings and press **Start**.", icon=":material/info:")
            return
        if polling and not bench.active:
            st.rerun()  # the run just stopped: redraw the whole page once, buttons included
        view = run_view(record, shared_limiter().limit)
        st.markdown(f"**Run #{record.number}** — {view.status_line}")
        st.progress(view.progress, text=view.progress_text)
        if view.alert:
            st.error(view.alert, icon=":material/warning:")
        columns = st.columns(4)
        for column, (label, value) in zip(columns, view.numbers.items(), strict=True):
            column.metric(label.replace("Test", held_out.capitalize()), value)
        records = [record, *[r for r in overlay if r is not record]]
        loss_col, accuracy_col = st.columns(2)
        loss_col.plotly_chart(figures.run_curves(curve_series(records, "loss", figures.RUN_COLORS), "running loss"))
        accuracy_col.plotly_chart(
            figures.run_curves(
                curve_series(records, "test_accuracy", figures.RUN_COLORS),
                f"{held_out} accuracy %",
                percent=True,
                y_range=(0, 100),
            )
        )
        if extra is not None:
            extra(records)
        lines = [line.replace("test set", f"{held_out} set") for line in view.log_lines[-12:]]
        st.code("\n".join(lines) or "(the lecture's log lines appear here)", language=None)

    live()


def run_comparison(page: str, bench: Workbench, held_out: str = "test") -> list[RunRecord]:
    """Every run of this session with its settings and results; returns the runs chosen for overlay."""
    if not bench.runs:
        return []
    rows = [{name.replace("test", held_out): v for name, v in row.items()} for row in comparison_rows(bench.runs)]
    st.dataframe(rows, hide_index=True)
    others = [r for r in bench.runs if r is not bench.current]
    labels = {r.label: r for r in bench.runs}
    chosen = st.multiselect(
        "Overlay these runs on the curves", list(labels), default=[r.label for r in others], key=_key(page, "overlay")
    )
    remove_col, button_col, weights_col, csv_col = st.columns([2, 1, 1, 1], vertical_alignment="bottom")
    doomed = remove_col.selectbox(
        "Run",
        [r.number for r in bench.runs],
        format_func=lambda n: bench.find(n).label,
        key=_key(page, "remove_choice"),
    )
    button_col.button(
        "Remove run",
        icon=":material/delete:",
        on_click=bench.remove,
        args=(doomed,),
        disabled=bench.active and doomed == bench.current.number,
        key=_key(page, "remove"),
    )
    record = bench.find(doomed)
    weights_col.download_button(
        "Weights (.pt)",
        lambda: weights_bytes(record),
        f"run{doomed}_weights.pt",
        icon=":material/download:",
        key=_key(page, "weights"),
    )
    csv_col.download_button(
        "History (CSV)",
        history_csv(record),
        f"run{doomed}_history.csv",
        "text/csv",
        icon=":material/download:",
        key=_key(page, "history"),
    )
    return [labels[label] for label in chosen if label in labels]


@st.cache_resource(show_spinner="Preparing the digits as normalized tensors…")
def mnist_tensors(source: str) -> Tensors:
    """ToTensor + Normalize applied once to every digit, on the GPU if there is one; shared read-only."""
    return Tensors.from_mnist(mnist_data(source), choose_device())
