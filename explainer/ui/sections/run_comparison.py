"""The training pages' table of the session's runs: their settings and results side by side, which to overlay on
the curves, and removing or downloading one."""

from __future__ import annotations

import streamlit as st

from explainer.i18n import N_, _
from explainer.training.tensors import split_name
from explainer.training.workbench import RunRecord, Workbench, comparison_rows, history_csv, weights_bytes
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.session_keys import session_key

# The table's headers, by comparison_rows' keys; the held-out split's are worded apart (its name goes in).
HEADERS = {
    "run": N_("run"),
    "status": N_("status"),
    "data": N_("data"),
    "optimizer": N_("optimizer"),
    "lr": N_("lr"),
    "momentum": N_("momentum"),
    "batch": N_("batch"),
    "hidden": N_("hidden"),
    "epochs": N_("epochs"),
    "s per epoch": N_("s per epoch"),
}


def _header(name: str, held_out: str) -> str:
    """A column's header in the reader's language, the held-out split named (English: "test" -> ``held_out``)."""
    split = split_name(held_out)
    if name == "test accuracy %":
        return _("{held_out} accuracy %").format(held_out=split)
    if name == "test loss":
        return _("{held_out} loss").format(held_out=split)
    return _(HEADERS[name]) if name in HEADERS else name


def run_comparison(page: str, bench: Workbench, held_out: str = "test") -> list[RunRecord]:
    """Every run of this session with its settings and results; returns the runs chosen for overlay."""
    if not bench.runs:
        return []
    rows = [{_header(name, held_out): v for name, v in row.items()} for row in comparison_rows(bench.runs)]
    st.dataframe(rows, hide_index=True)
    others = [r for r in bench.runs if r is not bench.current]
    labels = {r.label: r for r in bench.runs}
    chosen = st.multiselect(
        _("Overlay these runs on the curves"),
        list(labels),
        default=[r.label for r in others],
        key=session_key(page, "overlay"),
    )
    doomed = st.selectbox(
        _("Run"),
        [r.number for r in bench.runs],
        format_func=lambda n: bench.find(n).label,
        key=session_key(page, "remove_choice"),
    )
    with st.container(horizontal=True):  # each button as wide as its label: in columns "History (CSV)" was cut
        st.button(
            _("Remove run"),
            icon=":material/delete:",
            on_click=bench.remove,
            args=(doomed,),
            disabled=bench.active and doomed == bench.current.number,
            key=session_key(page, "remove"),
        )
        if not lecture_mode():  # saving weights and histories is beyond the lecture
            _downloads(page, bench.find(doomed))
    return [labels[label] for label in chosen if label in labels]


def _downloads(page: str, record: RunRecord) -> None:
    """The run's weights and its history, as files."""
    st.download_button(
        _("Weights (.pt)"),
        lambda: weights_bytes(record),
        f"run{record.number}_weights.pt",
        icon=":material/download:",
        key=session_key(page, "weights"),
    )
    st.download_button(
        _("History (CSV)"),
        history_csv(record),
        f"run{record.number}_history.csv",
        "text/csv",
        icon=":material/download:",
        key=session_key(page, "history"),
    )
