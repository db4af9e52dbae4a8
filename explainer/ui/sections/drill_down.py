"""The samples behind one confusion cell, most confident first: each image, its softmax bars and its loss."""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from explainer.data.digits import enlarge
from explainer.figures import digits as digit_figures
from explainer.figures.describe import probabilities_description
from explainer.figures.style import legible
from explainer.maths.drill_down import drill_down_table
from explainer.maths.evaluation import page_of
from explainer.maths.softmax import sample_losses
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.session_keys import session_key

PER_PAGE = 10  # drill-down images per page: two rows of five
PER_ROW = 5  # wide enough for ten readable softmax bars under each image
IMAGE_WIDTH = 140  # pixels: 28 x 28 digits enlarged 5x, sharp


def drill_down_section(
    key: str,
    y: np.ndarray,
    latest: np.ndarray,
    prob: np.ndarray,
    names: list[str],
    epoch: int,
    epochs: int,
    images: np.ndarray | None,
    logits: np.ndarray,
    on_open: Callable[[int], None] | None,
    items: str = "images",
    held_out: str = "test",
) -> None:
    """The samples of one (true, predicted) cell, most confident first, each with its softmax bars and loss.

    ``items`` names the samples ("images", "products") and ``held_out`` the split they come from.
    """
    st.subheader(f"The {items} behind a cell")
    true_col, pred_col, text_col = st.columns([1, 1, 4], vertical_alignment="bottom")
    t = true_col.selectbox("True class", range(len(names)), format_func=names.__getitem__, key=session_key(key, "true"))
    p = pred_col.selectbox(
        "Predicted class", range(len(names)), format_func=names.__getitem__, key=session_key(key, "pred")
    )
    table = drill_down_table(y, latest, prob, t, p)
    table["loss"] = sample_losses(logits[table.index], y[table.index])
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
    pages = -(-len(table) // PER_PAGE)
    page = 1
    if pages > 1:
        if st.session_state.get(session_key(key, "page"), 1) > pages:
            st.session_state.pop(session_key(key, "page"))
        page = st.columns([1, 4])[0].number_input(f"Page (of {pages})", 1, pages, key=session_key(key, "page"))
    shown = page_of(table.index.to_numpy(), int(page), PER_PAGE)
    short = max(map(len, names)) <= 3  # fit under ten narrow bars upright; longer names stand on end
    st.caption(
        "Under each: its softmax output, one bar per class. Green: the true class; vermillion: the wrong "
        "prediction. p(predicted) is the winning bar's height; the loss is −log of the true class's bar, so a "
        "confident mistake costs a lot."
    )
    for start in range(0, len(shown), PER_ROW):
        for column, i in zip(st.columns(PER_ROW, gap="medium"), shown[start : start + PER_ROW], strict=False):
            row = table.loc[i]
            if images is not None:
                alt = f"{held_out.capitalize()} {items.removesuffix('s')} {i}: a {names[t]}, predicted {names[p]}"
                column.image(enlarge(np.asarray(images[i]), 5), width=IMAGE_WIDTH, alt=alt)
            column.markdown(  # the classes are the cell's, named above: short enough for a narrow card
                f"p(predicted) **{row['confidence']:.3f}**  \nloss = −log p(true) **{row['loss']:.2f}**"
            )
            bars = legible(digit_figures.prediction_bars(prob[i], t, 170 if short else 250), 15)
            bars.update_xaxes(  # every bar named as in the matrix
                tickvals=[str(k) for k in range(len(names))], ticktext=names, tickangle=0 if short else -90
            )
            with column:
                chart(
                    bars,
                    f"{items.capitalize().removesuffix('s')} {i}: probability of each class",
                    key=session_key(key, f"bars{i}"),
                    description=probabilities_description(prob[i], t),
                    config={"displayModeBar": False},
                )
            if on_open is not None and column.button(
                "Open in softmax",
                key=session_key(key, f"open{i}"),
                icon=":material/open_in_new:",
                width="stretch",
                help=f"{held_out.capitalize()} {items.removesuffix('s')} #{i}: its logits and true class on the "
                "softmax page",
            ):
                on_open(int(i))
    with st.expander(f"All {len(table):,} {items} of this cell as a table"):
        st.dataframe(table, column_config={"confidence": st.column_config.NumberColumn("p(predicted)", format="%.4f")})
