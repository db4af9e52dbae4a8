"""Every class of the evaluation page at once: precision, recall, F1 and support, their averages, scikit-learn's
zero_division rule and the numbers as CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explainer.figures import metrics as metric_figures
from explainer.figures.style import legible
from explainer.i18n import N_, _
from explainer.maths import metrics
from explainer.maths.csv_export import matrix_csv, report_csv
from explainer.maths.evaluation import ZERO_DIVISION_CHOICES, report_table, undefined_notes, zero_division_label
from explainer.ui.sections.words import Words
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.session_keys import session_key

AVERAGE_LABELS = {"macro": N_("macro"), "weighted": N_("weighted"), "micro": N_("micro")}


def metric_columns() -> dict:
    """The report tables' column headers in the reader's language (their data keeps scikit-learn's names)."""
    number = st.column_config.NumberColumn
    return {
        "_index": st.column_config.TextColumn(_("class")),
        "precision": number(_("precision"), format="%.4f"),
        "recall": number(
            _("recall (Sen)"), format="%.4f", help=_("Recall, also called sensitivity: the lecture's Sen.")
        ),
        "f1": number("F1", format="%.4f"),
        "support": number(_("support")),
    }


def per_class_section(
    key: str,
    matrix: np.ndarray,
    report: pd.DataFrame,
    averages: pd.DataFrame,
    *,
    chosen: int,
    zero_division: float,
    names: list[str],
    mode: str,
    epoch: int,
    file_stem: str,
    words: Words,
) -> None:
    """Every class's precision, recall, F1 and support, the averages, the zero_division rule, the downloads."""
    st.subheader(_("Every class: precision, recall, F1 and support"))
    table_col, chart_col = st.columns([3, 2], gap="medium")  # narrower cut the tables' last column at 1280 px
    columns = metric_columns()
    with table_col:
        st.dataframe(report, column_config=columns, height="content")
        shown = averages.rename(index=lambda kind: _(AVERAGE_LABELS[kind]) if kind in AVERAGE_LABELS else kind)
        st.dataframe(shown, column_config={**columns, "_index": st.column_config.TextColumn(_("average"))})
        st.caption(
            _(
                "**Micro F1 = {micro:.4f} = accuracy {accuracy:.4f}**: with one label per {item} every mistake is "
                "one FP (of the predicted class) and one FN (of the true class), so micro precision = micro recall "
                "= accuracy. Macro: the plain mean over classes; weighted: the mean weighted by support."
            ).format(micro=averages.loc["micro", "f1"], accuracy=metrics.accuracy(matrix), item=words.item_shown)
        )
    with chart_col:
        chart(
            legible(metric_figures.per_class_bars(report, chosen)),
            _("Precision, recall and F1 of every class"),
            key=session_key(key, "per_class"),
            config={"displayModeBar": False},
        )
        for note in undefined_notes(matrix, names, zero_division):
            st.warning(note, icon=":material/info:")
        if not lecture_mode():  # scikit-learn's 0/0 rule and the files: beyond the lecture
            with st.expander(_("More: the value of 0/0, and the numbers as CSV"), icon=":material/tune:"):
                _zero_division_choice(key, words)
                _downloads(key, matrix, report, averages, names=names, mode=mode, epoch=epoch, file_stem=file_stem)


def _zero_division_choice(key: str, words: Words) -> None:
    """scikit-learn's zero_division: what the page reports for a 0/0 precision or recall."""
    st.radio(
        _("Value for 0/0 (scikit-learn's zero_division)"),
        list(ZERO_DIVISION_CHOICES),
        format_func=zero_division_label,
        horizontal=True,
        key=session_key(key, "zero_division"),
    )
    st.caption(
        _(
            "Precision of a class that is never predicted (TP + FP = 0) and recall of a class absent from the "
            "{held_out_set} (TP + FN = 0) are 0/0. Like scikit-learn, the page reports zero_division instead."
        ).format(held_out_set=words.held_out_set)
    )


def _downloads(
    key: str,
    matrix: np.ndarray,
    report: pd.DataFrame,
    averages: pd.DataFrame,
    *,
    names: list[str],
    mode: str,
    epoch: int,
    file_stem: str,
) -> None:
    """The matrix as shown and the per-class metrics, as CSV files named after the run's epoch."""
    matrix_button, report_button = st.columns(2)
    matrix_button.download_button(
        _("Confusion matrix (CSV)"),
        matrix_csv(metrics.normalize(matrix, mode), names),
        f"{file_stem}_confusion_epoch{epoch}_{mode}.csv",
        "text/csv",
        icon=":material/download:",
        key=session_key(key, "matrix_csv"),
        width="stretch",
        help=_("The matrix as shown (counts or shares), diagonal included."),
    )
    report_button.download_button(
        _("Per-class metrics (CSV)"),
        report_csv(report_table(report, averages)),
        f"{file_stem}_metrics_epoch{epoch}.csv",
        "text/csv",
        icon=":material/download:",
        key=session_key(key, "metrics_csv"),
        width="stretch",
    )
