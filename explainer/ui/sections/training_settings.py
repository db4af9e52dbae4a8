"""The training pages' settings: one widget per hyperparameter over its declared range (:data:`explainer.links.
LINKS`), defaulting to the lecture's, mirrored in the URL, and the network they describe drawn under them."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from explainer.figures.network import network_diagram
from explainer.i18n import _
from explainer.links import LINK_OWNERS, LINKS, InputError
from explainer.training.experiment import Experiment, experiment_from_query, experiment_to_query
from explainer.ui.shell import link_state
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.session_keys import session_key
from models import parameter_count

LEARNING_RATES = (0.0001, 0.0003, 0.001, 0.003, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
BATCH_SIZES = (8, 16, 32, 64, 128, 256, 512, 1024)


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
