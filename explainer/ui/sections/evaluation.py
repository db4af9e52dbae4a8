"""Streamlit pieces of the evaluation page, generic over the data: MNIST digits now, Otto products later.

The main piece is :func:`confusion_panel`: give it true labels, the model's logits and the
class names (optionally per-epoch predictions and images) and it draws the confusion matrix
with its controls, one class against the rest with the lecture's formulas, every class's precision,
recall and F1, the CSV downloads and the images behind any cell. :func:`choose_run` and
:func:`train_here` connect it to a :class:`~explainer.training.workbench.Workbench` of training runs.

Widget keys all start with the ``key`` / ``page`` prefix given, so two panels can share a page.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence

import numpy as np
import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explainer.figures import metrics as metric_figures
from explainer.figures.describe import confusion_description
from explainer.figures.one_vs_rest import formula_latex, one_vs_rest_figure
from explainer.i18n import N_, _
from explainer.links import LINK_OWNERS, read_query
from explainer.maths import metrics
from explainer.maths.evaluation import (
    ZERO_DIVISION_CHOICES,
    cell_from_selection,
    confused_with,
    epoch_predictions,
    most_confused,
    weakest_class,
)
from explainer.maths.outputs import outputs_problem
from explainer.maths.softmax import softmax
from explainer.ui.sections.drill_down import HeldOutSamples, drill_down_section
from explainer.ui.sections.per_class import per_class_section
from explainer.ui.sections.predict import predict_then_reveal
from explainer.ui.sections.words import Words
from explainer.ui.shell import link_state
from explainer.ui.shell.accessibility import chart, describe
from explainer.ui.shell.session_keys import session_key

HEATMAP_HEIGHT = 450  # pixels: the whole matrix and its axis titles beside its controls on a 1280 x 720 screen
ON_END_LABELS = 80  # pixels more for class names too long to stand upright under the matrix (Otto's "Class_1")
MODE_NOTES = {
    "counts": N_(
        "Counts: a row adds up to the {held_out_items} of that true class, a column to the predictions of that class."
    ),
    "row": N_("Each row sums to 1: the diagonal is each class's recall."),
    "column": N_("Each column sums to 1: the diagonal is each class's precision."),
}


DIGITS = Words()


def guess_confused_with(page: str, y_true: np.ndarray, y_pred: np.ndarray, asked: int) -> None:
    """The lecture's question, asked before the matrix answers it: which class is confused with ``asked``?"""
    matrix = metrics.confusion(y_true, y_pred, 10)
    partner, asked_as_partner, partner_as_asked = confused_with(matrix, asked)
    predict_then_reveal(
        session_key(page, f"confused_with_{asked}"),
        _("which digit will the model confuse most often with {asked}?").format(asked=asked),
        [str(k) for k in range(10) if k != asked],
        str(partner),
        _(
            "{asked_as_partner} of the {asked}s were predicted {partner} and {partner_as_asked} of the {partner}s "
            "were predicted {asked}: more than any other pair with {asked}. Find row {asked}, column {partner} in "
            "the matrix, and click it to see those digits."
        ).format(asked=asked, partner=partner, asked_as_partner=asked_as_partner, partner_as_asked=partner_as_asked),
        horizontal=True,
    )


# ------------------------------------------------------------------------- the confusion panel


def _on_cell_click(key: str, num_classes: int) -> None:
    """A click on a heatmap cell chooses that cell for the drill-down."""
    cell = cell_from_selection(st.session_state.get(session_key(key, "heatmap")), num_classes)
    if cell is not None:
        st.session_state[session_key(key, "true")], st.session_state[session_key(key, "pred")] = cell


def _suggest(key: str, value: object) -> None:
    """Set a widget's value to the page's suggestion, unless the user picked another value since the last one.

    The new training results may change the suggestion (the weakest class, the most frequent mistake);
    a value the user chose stays. No callbacks: a stale value sent back by the browser cannot fake a choice.
    """
    s, last = st.session_state, session_key(key, "suggested")
    if key not in s or s[key] == s.get(last):
        s[key] = value
    s[last] = value


def _epoch(key: str, epochs: int) -> int:
    """The epoch whose matrix is shown: a slider once there are two; it follows the newest unless moved."""
    if epochs < 2:
        st.markdown(
            _("**After epoch {epoch}** (train more epochs to scrub the matrix through training)").format(epoch=epochs)
        )
        return epochs
    s, value_key, seen_key = st.session_state, session_key(key, "epoch"), session_key(key, "epochs_seen")
    value = s.get(value_key)
    if value is None or not 1 <= value <= epochs or (value == s.get(seen_key) and epochs != value):
        s[value_key] = epochs
    s[seen_key] = epochs
    return st.slider(_("After epoch (scrub the matrix through training)"), 1, epochs, key=value_key)


def _opener(key: str) -> link_state.Opener:
    """How a link (a shared one, a class's reveal) explains a class and shows or hides the diagonal, as a user's
    choice that training on does not move."""

    def open_link(link: Mapping[str, str]) -> list[str]:
        values, errors = read_query(LINK_OWNERS[key], link, {})
        s = st.session_state
        if "explained_class" in values:
            s[session_key(key, "class")] = values["explained_class"]
            s.pop(session_key(key, "class:suggested"), None)
        if "diagonal" in values:
            s[session_key(key, "hide_diagonal")] = values["diagonal"] == "hidden"
        return errors

    return open_link


def follow_link(key: str) -> None:
    """The page's class and diagonal from its link (its first run, a reveal), a warning for a bad one; the address
    then carries the user's own choices: a class picked (not the page's suggestion), a hidden diagonal."""
    link_state.open_once(key, _opener(key))
    link_state.link_warnings(key)
    s, link = st.session_state, {}
    chosen = s.get(session_key(key, "class"))
    if chosen is not None and chosen != s.get(session_key(key, "class:suggested")):
        link["digit"] = str(chosen)
    if s.get(session_key(key, "hide_diagonal")):
        link["diagonal"] = "hidden"
    link_state.write_back(LINK_OWNERS[key], link)


def _init(key: str, value: object) -> None:
    if key not in st.session_state:
        st.session_state[key] = value


def confusion_panel(
    key: str,
    y_true: Sequence[int] | np.ndarray,
    logits: np.ndarray,
    class_names: Sequence[str],
    *,
    per_epoch_predictions: Sequence[np.ndarray] = (),
    images: np.ndarray | None = None,
    on_open: Callable[[int], None] | None = None,
    file_stem: str = "evaluation",
    words: Words = DIGITS,
    beside: Callable[[], None] | None = None,
) -> None:
    """Everything the evaluation page shows about one model on one held-out set.

    Parameters
    ----------
    key : str
        Prefix of every widget key (e.g. ``"evaluation"``).
    y_true : (N,) ints in 0..K-1
        The test labels.
    logits : (N, K) floats
        The model's outputs after its latest epoch: their softmax is drawn, their argmax is the latest
        prediction, and each sample's loss comes from them (finite even where p underflows).
    class_names : K str
        Axis and table labels, e.g. ``"0".."9"`` or ``"Class_1".."Class_9"``.
    per_epoch_predictions : sequence of (N,) int arrays, optional
        Predicted labels after each epoch (``Snapshot.test_predictions``): an epoch slider scrubs the
        matrix and the metrics through training. Without it, only the latest prediction is shown.
    images : (N, H, W) uint8, optional
        Shown in the drill-down (enlarged, sharp pixels); without them the drill-down shows bars only.
    on_open : callable(sample_index), optional
        Called when a drill-down image's "Open in softmax page" button is pressed (it may switch page).
    file_stem : str
        Start of the downloaded files' names.
    words : Words
        What the samples are called and which split is scored ("images", "test" for the digits).
    beside : callable(), optional
        Draws more beside the matrix, under its controls (e.g. a question the matrix answers).

    Until the user picks them, the class explained is the weakest one (lowest F1) and the drill-down
    cell the most frequent mistake, both re-suggested as training goes on.
    """
    samples = _held_out_samples(y_true, logits, class_names, images)
    if samples is None:
        return
    per_epoch = list(per_epoch_predictions) or [samples.latest]
    epoch = _matrix_and_metrics(key, samples, per_epoch, file_stem=file_stem, words=words, beside=beside)
    drill_down_section(key, samples, epoch=epoch, epochs=len(per_epoch), on_open=on_open, words=words)


def _held_out_samples(
    y_true: Sequence[int] | np.ndarray, logits: np.ndarray, class_names: Sequence[str], images: np.ndarray | None
) -> HeldOutSamples | None:
    """The labels and the model's outputs as arrays, or None (the page says why) when they cannot be evaluated."""
    y = np.asarray(y_true, dtype=np.int64)
    logits = np.asarray(logits, dtype=np.float64)
    names = [str(name) for name in class_names]
    if (problem := outputs_problem(logits, len(y), len(names))) is not None:
        st.error(_("Nothing to evaluate: {problem}").format(problem=problem), icon=":material/error:")
        return None
    prob = softmax(logits)  # (N, K)
    return HeldOutSamples(y, logits, prob, prob.argmax(axis=1), names, images)


def _matrix_and_metrics(
    key: str,
    samples: HeldOutSamples,
    per_epoch: list[np.ndarray],
    *,
    file_stem: str,
    words: Words,
    beside: Callable[[], None] | None,
) -> int:
    """The matrix of the epoch chosen with its controls, its headline numbers, one class against the rest and every
    class's metrics; returns the epoch shown."""
    y, names = samples.y, samples.names
    _init(session_key(key, "zero_division"), next(iter(ZERO_DIVISION_CHOICES)))
    zero_division = ZERO_DIVISION_CHOICES[st.session_state[session_key(key, "zero_division")]]
    cell = _suggest_first_choices(key, y, samples.latest, names, zero_division)

    # The matrix comes first, its controls beside it: above it they pushed it off a 1280 x 720 projector.
    matrix_col, side_col = st.columns([3, 2], gap="medium")
    with side_col:
        mode, hide = _matrix_controls(key, words)
        epoch = _epoch(key, len(per_epoch))
        if beside is not None:
            beside()
    y_pred = epoch_predictions(per_epoch, epoch)
    matrix = metrics.confusion(y, y_pred, len(names))
    report = metrics.per_class_report(y, y_pred, len(names), names, zero_division)
    averages = metrics.averages(y, y_pred, len(names), zero_division)
    _headline(matrix, averages, epoch, len(per_epoch), words)
    chosen = one_vs_rest_section(key, matrix, names, zero_division, words)
    with matrix_col:
        height = HEATMAP_HEIGHT + (ON_END_LABELS if max(map(len, names)) > 3 else 0)  # the cells keep their size
        heatmap = metric_figures.confusion_heatmap(
            matrix, names, mode, hide_diagonal=hide, highlight_class=chosen, selected_cell=cell, height=height
        )
        _heatmap(key, heatmap, matrix, names, words)
    per_class_section(
        key,
        matrix,
        report,
        averages,
        chosen=chosen,
        zero_division=zero_division,
        names=names,
        mode=mode,
        epoch=epoch,
        file_stem=file_stem,
        words=words,
    )
    return epoch


def _suggest_first_choices(
    key: str, y: np.ndarray, latest: np.ndarray, names: list[str], zero_division: float
) -> tuple[int, int]:
    """Suggest the weakest class and the most frequent mistake (until the user picks); return the drill-down cell."""
    latest_matrix = metrics.confusion(y, latest, len(names))
    latest_report = metrics.per_class_report(y, latest, len(names), names, zero_division)
    _suggest(session_key(key, "class"), weakest_class(latest_report))
    for cell_key, value in zip(("true", "pred"), most_confused(latest_matrix), strict=True):
        _suggest(session_key(key, f"{cell_key}"), value)
    cell = (st.session_state[session_key(key, "true")], st.session_state[session_key(key, "pred")])
    if st.session_state.get(session_key(key, "page_cell")) != cell:
        st.session_state[session_key(key, "page_cell")] = cell
        st.session_state.pop(session_key(key, "page"), None)  # a new cell starts at its first images
    return cell


def _matrix_controls(key: str, words: Words) -> tuple[str, bool]:
    """Whether the diagonal is hidden (what the page says to try first) and what the cells show.

    Short labels, one choice a line: beside the matrix, longer ones were cut at 1280 px.
    """
    hide = st.toggle(_("Hide the diagonal"), key=session_key(key, "hide_diagonal"))
    mode = st.radio(
        _("Cells show"),
        list(metrics.NORMALIZE_MODES),
        format_func=lambda mode: _(metrics.NORMALIZE_MODES[mode]),
        key=session_key(key, "mode"),
    )
    note = _(MODE_NOTES[mode]).format(held_out_items=words.held_out_items)
    if hide:
        note += " " + _("Diagonal hidden (the right answers): the colours span the mistakes only.")
    st.caption(note)
    return mode, hide


def _heatmap(key: str, fig: go.Figure, matrix: np.ndarray, names: list[str], words: Words) -> None:
    st.plotly_chart(
        fig,
        key=session_key(key, "heatmap"),
        on_select=lambda: _on_cell_click(key, len(names)),
        selection_mode="points",
        config={"displayModeBar": False},
    )
    items = words.items_shown
    counts = pd.DataFrame(matrix, columns=[_("predicted {name}").format(name=name) for name in names])
    counts.insert(0, _("true class"), names)
    describe(f"{key}-heatmap", _("Confusion matrix"), confusion_description(matrix, names, items), counts)
    st.caption(
        _(
            "Rows: true class · columns: predicted class. Click a cell to see its {items} below (the cell outlined "
            "black and white)."
        ).format(items=items)
    )


def _headline(matrix: np.ndarray, averages: pd.DataFrame, epoch: int, epochs: int, words: Words) -> None:
    """The numbers a teacher reads out, in one row under the matrix."""
    columns = st.columns(4)
    accuracy = _("{held_out} accuracy").format(held_out=words.held_out_shown)
    columns[0].metric(accuracy[:1].upper() + accuracy[1:], f"{metrics.accuracy(matrix):.2%}")
    columns[1].metric(_("Macro F1"), f"{averages.loc['macro', 'f1']:.4f}")
    columns[2].metric(
        _("Mistakes (of {total:,})").format(total=int(matrix.sum())), f"{int(matrix.sum() - np.trace(matrix)):,}"
    )
    columns[3].metric(_("After epoch"), _("{epoch} of {epochs}").format(epoch=epoch, epochs=epochs))


def one_vs_rest_section(key: str, matrix: np.ndarray, names: list[str], zero_division: float, words: Words) -> int:
    """One class against the rest: the 2x2 table framed like the heatmap, and the three formulas with numbers.

    Returns the class chosen, which the heatmap outlines.
    """
    title = st.container()
    table_col, text_col = st.columns(2, gap="large")
    with table_col:
        k = st.selectbox(
            _("Class to explain (suggested: the weakest, lowest F1)"),
            range(len(names)),
            format_func=names.__getitem__,
            key=session_key(key, "class"),
        )
    r = metrics.one_vs_rest(matrix, k, zero_division)
    name = names[k]
    title.subheader(_("Class {name} against the rest").format(name=name))
    with table_col:
        chart(
            one_vs_rest_figure(r, name),
            _("Class {name} against the rest: TP, FN, FP, TN").format(name=name),
            key=session_key(key, "one_vs_rest"),
            description=_("TP {tp:,}, FN {fn:,}, FP {fp:,}, TN {tn:,}.").format(tp=r.tp, fn=r.fn, fp=r.fp, tn=r.tn),
            config={"displayModeBar": False, "staticPlot": True},
        )
    text_col.markdown(
        _(
            ":green[**Row {name}**] (green) holds the {support:,} {items} that really are {name}: TP + FN, the "
            "**recall**'s denominator. :red[**Column {name}**] (vermillion) holds the {predicted:,} predicted "
            "{name}: TP + FP, the **precision**'s. Recall is also called **sensitivity** (the lecture's *Sen*): the "
            "share of the real {name} the model finds."
        ).format(name=name, support=r.support, items=words.items_shown, predicted=r.predicted)
    )
    for formula in formula_latex(r).values():  # the full width: with their numbers they were cut in a column
        st.latex(formula)
    for note in r.notes:
        st.caption(note)
    return k
