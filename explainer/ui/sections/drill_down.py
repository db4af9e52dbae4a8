"""The samples behind one confusion cell, most confident first: each image, its softmax bars and its loss."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd
import streamlit as st

from explainer.data.digits import enlarge
from explainer.figures import digits as digit_figures
from explainer.figures.describe import probabilities_description
from explainer.figures.style import legible
from explainer.maths.drill_down import drill_down_table
from explainer.maths.evaluation import page_of
from explainer.maths.softmax import sample_losses
from explainer.ui.sections.words import Words
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.session_keys import session_key

PER_PAGE = 10  # drill-down images per page: two rows of five
PER_ROW = 5  # wide enough for ten readable softmax bars under each image
IMAGE_WIDTH = 140  # pixels: 28 x 28 digits enlarged 5x, sharp


@dataclass(frozen=True)
class HeldOutSamples:
    """The held-out samples and one model's outputs on them, after its latest epoch."""

    y: np.ndarray  # (N,) true classes
    logits: np.ndarray  # (N, K)
    prob: np.ndarray  # (N, K) their softmax
    latest: np.ndarray  # (N,) the predicted classes, argmax of prob
    names: list[str]  # K class names
    images: np.ndarray | None  # (N, H, W) uint8; without them, bars only


@dataclass(frozen=True)
class _Cell:
    """The (true, predicted) cell drilled into, and what the page calls its samples."""

    key: str  # the panel's widget key prefix
    true: int
    predicted: int
    names: list[str]
    words: Words

    @property
    def short_names(self) -> bool:
        """Whether the class names fit upright under ten narrow bars; longer names stand on end."""
        return max(map(len, self.names)) <= 3


def drill_down_section(
    key: str,
    samples: HeldOutSamples,
    *,
    epoch: int,
    epochs: int,
    on_open: Callable[[int], None] | None,
    words: Words,
) -> None:
    """The samples of one (true, predicted) cell, most confident first, each with its softmax bars and loss.

    ``epoch`` is the one the matrix above shows, of ``epochs``; the samples' outputs are the latest epoch's.
    ``on_open(sample_index)`` opens a sample on the softmax page; ``words`` names the samples ("images",
    "products") and the split they come from.
    """
    items, held_out, names = words.items, words.held_out, samples.names
    st.subheader(f"The {items} behind a cell")
    true_col, pred_col, text_col = st.columns([1, 1, 4], vertical_alignment="bottom")
    t = true_col.selectbox("True class", range(len(names)), format_func=names.__getitem__, key=session_key(key, "true"))
    p = pred_col.selectbox(
        "Predicted class", range(len(names)), format_func=names.__getitem__, key=session_key(key, "pred")
    )
    table = drill_down_table(samples.y, samples.latest, samples.prob, t, p)
    table["loss"] = sample_losses(samples.logits[table.index], samples.y[table.index])
    text_col.markdown(
        f"**{len(table):,}** {held_out} {items} are :green[**{names[t]}**] and were predicted "
        + (f":green[**{names[p]}**] (right)" if t == p else f":red[**{names[p]}**] (mistakes)")
        + ", the most confident first."
    )
    if epoch != epochs:
        st.caption(
            f"The {items} use the model after epoch {epochs}, the latest: softmax outputs are kept for the "
            f"latest epoch only (the matrix above shows epoch {epoch})."
        )
    if table.empty:
        st.info(
            f"No {held_out} {items.removesuffix('s')} in this cell: choose another one (or click a non-empty cell).",
            icon=":material/info:",
        )
        return
    _sample_cards(_Cell(key, t, p, names, words), table, samples, on_open)
    with st.expander(f"All {len(table):,} {items} of this cell as a table"):
        st.dataframe(table, column_config={"confidence": st.column_config.NumberColumn("p(predicted)", format="%.4f")})


def _page_of_samples(key: str, table: pd.DataFrame) -> np.ndarray:
    """The sample indices on the page chosen: a page number appears once the cell holds more than one page."""
    pages = -(-len(table) // PER_PAGE)
    page = 1
    if pages > 1:
        if st.session_state.get(session_key(key, "page"), 1) > pages:
            st.session_state.pop(session_key(key, "page"))
        page = st.columns([1, 4])[0].number_input(f"Page (of {pages})", 1, pages, key=session_key(key, "page"))
    return page_of(table.index.to_numpy(), int(page), PER_PAGE)


def _sample_cards(
    cell: _Cell, table: pd.DataFrame, samples: HeldOutSamples, on_open: Callable[[int], None] | None
) -> None:
    """One page of the cell's samples, PER_ROW cards a row."""
    shown = _page_of_samples(cell.key, table)
    st.caption(
        "Under each: its softmax output, one bar per class. Green: the true class; vermillion: the wrong "
        "prediction. p(predicted) is the winning bar's height; the loss is −log of the true class's bar, so a "
        "confident mistake costs a lot."
    )
    for start in range(0, len(shown), PER_ROW):
        for column, i in zip(st.columns(PER_ROW, gap="medium"), shown[start : start + PER_ROW], strict=False):
            with column:
                image = None if samples.images is None else np.asarray(samples.images[i])
                _sample_card(cell, i, table.loc[i], samples.prob[i], image=image, on_open=on_open)


def _sample_card(
    cell: _Cell,
    i: int,
    row: pd.Series,
    probabilities: np.ndarray,
    *,
    image: np.ndarray | None,
    on_open: Callable[[int], None] | None,
) -> None:
    """Sample ``i``: its image, p(predicted) and loss, its softmax bars and a button to open it on the softmax page."""
    names, items, held_out = cell.names, cell.words.items, cell.words.held_out
    t, p = cell.true, cell.predicted
    if image is not None:
        alt = f"{held_out.capitalize()} {items.removesuffix('s')} {i}: a {names[t]}, predicted {names[p]}"
        st.image(enlarge(image, 5), width=IMAGE_WIDTH, alt=alt)
    st.markdown(  # the classes are the cell's, named above: short enough for a narrow card
        f"p(predicted) **{row['confidence']:.3f}**  \nloss = −log p(true) **{row['loss']:.2f}**"
    )
    bars = legible(digit_figures.prediction_bars(probabilities, t, 170 if cell.short_names else 250), 15)
    bars.update_xaxes(  # every bar named as in the matrix
        tickvals=[str(k) for k in range(len(names))], ticktext=names, tickangle=0 if cell.short_names else -90
    )
    chart(
        bars,
        f"{items.capitalize().removesuffix('s')} {i}: probability of each class",
        key=session_key(cell.key, f"bars{i}"),
        description=probabilities_description(probabilities, t),
        config={"displayModeBar": False},
    )
    if on_open is not None and st.button(
        "Open in softmax",
        key=session_key(cell.key, f"open{i}"),
        icon=":material/open_in_new:",
        width="stretch",
        help=f"{held_out.capitalize()} {items.removesuffix('s')} #{i}: its logits and true class on the softmax page",
    ):
        on_open(int(i))
