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
from explainer.i18n import N_, _
from explainer.maths.drill_down import drill_down_table
from explainer.maths.evaluation import page_of
from explainer.maths.softmax import sample_losses
from explainer.ui.sections.words import Words
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.session_keys import session_key

PER_PAGE = 10  # drill-down images per page: two rows of five
PER_ROW = 5  # wide enough for ten readable softmax bars under each image
IMAGE_WIDTH = 140  # pixels: 28 x 28 digits enlarged 5x, sharp

# The section's sentences for each kind of samples (Words: items, held-out split), whole, as a translation needs
# them: a language does not glue "test" + "images" into its sentences as English does.
TEXTS: dict[tuple[str, str], dict[str, str]] = {
    ("images", "test"): {
        "heading": N_("The images behind a cell"),
        "right": N_(
            "**{count:,}** test images are :green[**{true}**] and were predicted :green[**{predicted}**] (right), "
            "the most confident first."
        ),
        "mistakes": N_(
            "**{count:,}** test images are :green[**{true}**] and were predicted :red[**{predicted}**] (mistakes), "
            "the most confident first."
        ),
        "older": N_(
            "The images use the model after epoch {epochs}, the latest: softmax outputs are kept for the latest "
            "epoch only (the matrix above shows epoch {epoch})."
        ),
        "empty": N_("No test image in this cell: choose another one (or click a non-empty cell)."),
        "table": N_("All {count:,} images of this cell as a table"),
        "alt": N_("Test image {i}: a {true}, predicted {predicted}"),
        "bars": N_("Image {i}: probability of each class"),
        "open": N_("Test image #{i}: its logits and true class on the softmax page"),
    },
    ("products", "validation"): {
        "heading": N_("The products behind a cell"),
        "right": N_(
            "**{count:,}** validation products are :green[**{true}**] and were predicted "
            ":green[**{predicted}**] (right), the most confident first."
        ),
        "mistakes": N_(
            "**{count:,}** validation products are :green[**{true}**] and were predicted :red[**{predicted}**] "
            "(mistakes), the most confident first."
        ),
        "older": N_(
            "The products use the model after epoch {epochs}, the latest: softmax outputs are kept for the latest "
            "epoch only (the matrix above shows epoch {epoch})."
        ),
        "empty": N_("No validation product in this cell: choose another one (or click a non-empty cell)."),
        "table": N_("All {count:,} products of this cell as a table"),
        "alt": N_("Validation product {i}: a {true}, predicted {predicted}"),
        "bars": N_("Product {i}: probability of each class"),
        "open": N_("Validation product #{i}: its logits and true class on the softmax page"),
    },
}
# Other words (no page uses them yet) get these sentences in English, the words filled in.
ENGLISH = {
    "heading": "The {items} behind a cell",
    "right": "**{{count:,}}** {held_out} {items} are :green[**{{true}}**] and were predicted :green[**{{predicted}}**] "
    "(right), the most confident first.",
    "mistakes": "**{{count:,}}** {held_out} {items} are :green[**{{true}}**] and were predicted "
    ":red[**{{predicted}}**] (mistakes), the most confident first.",
    "older": "The {items} use the model after epoch {{epochs}}, the latest: softmax outputs are kept for the latest "
    "epoch only (the matrix above shows epoch {{epoch}}).",
    "empty": "No {held_out} {item} in this cell: choose another one (or click a non-empty cell).",
    "table": "All {{count:,}} {items} of this cell as a table",
    "alt": "{Held_out} {item} {{i}}: a {{true}}, predicted {{predicted}}",
    "bars": "{Item} {{i}}: probability of each class",
    "open": "{Held_out} {item} #{{i}}: its logits and true class on the softmax page",
}


def say(words: Words, text: str) -> str:
    """Sentence ``text`` of the section for ``words``, in the reader's language, its numbers still to fill in."""
    known = TEXTS.get((words.items, words.held_out))
    if known is not None:
        return _(known[text])
    held_out, item = words.held_out, words.item
    return ENGLISH[text].format(
        items=words.items, item=item, held_out=held_out, Item=item.capitalize(), Held_out=held_out.capitalize()
    )


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
    names = samples.names
    st.subheader(say(words, "heading"))
    true_col, pred_col, text_col = st.columns([1, 1, 4], vertical_alignment="bottom")
    t = true_col.selectbox(
        _("True class"), range(len(names)), format_func=names.__getitem__, key=session_key(key, "true")
    )
    p = pred_col.selectbox(
        _("Predicted class"), range(len(names)), format_func=names.__getitem__, key=session_key(key, "pred")
    )
    table = drill_down_table(samples.y, samples.latest, samples.prob, t, p)
    table["loss"] = sample_losses(samples.logits[table.index], samples.y[table.index])
    text_col.markdown(
        say(words, "right" if t == p else "mistakes").format(count=len(table), true=names[t], predicted=names[p])
    )
    if epoch != epochs:
        st.caption(say(words, "older").format(epochs=epochs, epoch=epoch))
    if table.empty:
        st.info(say(words, "empty"), icon=":material/info:")
        return
    _sample_cards(_Cell(key, t, p, names, words), table, samples, on_open)
    with st.expander(say(words, "table").format(count=len(table))):
        st.dataframe(
            table,
            column_config={  # the columns' names are the program's; the headers are the reader's
                "_index": st.column_config.Column(_("sample")),
                "confidence": st.column_config.NumberColumn(_("p(predicted)"), format="%.4f"),
                "p_true": st.column_config.Column(_("p_true")),
                "loss": st.column_config.Column(_("loss")),
            },
        )


def _page_of_samples(key: str, table: pd.DataFrame) -> np.ndarray:
    """The sample indices on the page chosen: a page number appears once the cell holds more than one page."""
    pages = -(-len(table) // PER_PAGE)
    page = 1
    if pages > 1:
        if st.session_state.get(session_key(key, "page"), 1) > pages:
            st.session_state.pop(session_key(key, "page"))
        page = st.columns([1, 4])[0].number_input(
            _("Page (of {pages})").format(pages=pages), 1, pages, key=session_key(key, "page")
        )
    return page_of(table.index.to_numpy(), int(page), PER_PAGE)


def _sample_cards(
    cell: _Cell, table: pd.DataFrame, samples: HeldOutSamples, on_open: Callable[[int], None] | None
) -> None:
    """One page of the cell's samples, PER_ROW cards a row."""
    shown = _page_of_samples(cell.key, table)
    st.caption(
        _(
            "Under each: its softmax output, one bar per class. Green: the true class; vermillion: the wrong "
            "prediction. p(predicted) is the winning bar's height; the loss is −log of the true class's bar, so a "
            "confident mistake costs a lot."
        )
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
    names, words = cell.names, cell.words
    t, p = cell.true, cell.predicted
    if image is not None:
        alt = say(words, "alt").format(i=i, true=names[t], predicted=names[p])
        st.image(enlarge(image, 5), width=IMAGE_WIDTH, alt=alt)
    st.markdown(  # the classes are the cell's, named above: short enough for a narrow card
        _("p(predicted) **{confidence:.3f}**  \nloss = −log p(true) **{loss:.2f}**").format(
            confidence=row["confidence"], loss=row["loss"]
        )
    )
    bars = legible(digit_figures.prediction_bars(probabilities, t, 170 if cell.short_names else 250), 15)
    bars.update_xaxes(  # every bar named as in the matrix
        tickvals=[str(k) for k in range(len(names))], ticktext=names, tickangle=0 if cell.short_names else -90
    )
    chart(
        bars,
        say(words, "bars").format(i=i),
        key=session_key(cell.key, f"bars{i}"),
        description=probabilities_description(probabilities, t),
        config={"displayModeBar": False},
    )
    if on_open is not None and st.button(
        _("Open in softmax"),
        key=session_key(cell.key, f"open{i}"),
        icon=":material/open_in_new:",
        width="stretch",
        help=say(words, "open").format(i=i),
    ):
        on_open(int(i))
