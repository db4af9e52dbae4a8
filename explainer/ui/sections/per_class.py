"""Every class of the evaluation page at once: precision, recall, F1 and support, their averages, scikit-learn's
zero_division rule and the numbers as CSV."""

from __future__ import annotations

import numpy as np
import pandas as pd
import streamlit as st

from explainer.figures import metrics as metric_figures
from explainer.figures.style import legible
from explainer.maths import metrics
from explainer.maths.csv_export import matrix_csv, report_csv
from explainer.maths.evaluation import ZERO_DIVISION_CHOICES, report_table, undefined_notes
from explainer.ui.sections.words import Words
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.session_keys import session_key


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
    st.subheader("Every class: precision, recall, F1 and support")
    table_col, chart_col = st.columns([3, 2], gap="medium")  # narrower cut the tables' last column at 1280 px
    number = st.column_config.NumberColumn(format="%.4f")
    columns = {
        "precision": number,
        "recall": st.column_config.NumberColumn(
            "recall (Sen)", format="%.4f", help="Recall, also called sensitivity: the lecture's Sen."
        ),
        "f1": st.column_config.NumberColumn("F1", format="%.4f"),
    }
    with table_col:
        st.dataframe(report, column_config=columns, height="content")
        st.dataframe(averages, column_config=columns)
        st.caption(
            f"**Micro F1 = {averages.loc['micro', 'f1']:.4f} = accuracy {metrics.accuracy(matrix):.4f}**: with "
            f"one label per {words.item} every mistake is one FP (of the predicted class) and one FN (of the true "
            "class), so micro precision = micro recall = accuracy. Macro: the plain mean over classes; "
            "weighted: the mean weighted by support."
        )
    with chart_col:
        chart(
            legible(metric_figures.per_class_bars(report, chosen)),
            "Precision, recall and F1 of every class",
            key=session_key(key, "per_class"),
            config={"displayModeBar": False},
        )
        for note in undefined_notes(matrix, names, zero_division):
            st.warning(note, icon=":material/info:")
        if not lecture_mode():  # scikit-learn's 0/0 rule and the files: beyond the lecture
            with st.expander("More: the value of 0/0, and the numbers as CSV", icon=":material/tune:"):
                _zero_division_choice(key, words)
                _downloads(key, matrix, report, averages, names=names, mode=mode, epoch=epoch, file_stem=file_stem)


def _zero_division_choice(key: str, words: Words) -> None:
    """scikit-learn's zero_division: what the page reports for a 0/0 precision or recall."""
    st.radio(
        "Value for 0/0 (scikit-learn's zero_division)",
        list(ZERO_DIVISION_CHOICES),
        horizontal=True,
        key=session_key(key, "zero_division"),
    )
    st.caption(
        "Precision of a class that is never predicted (TP + FP = 0) and recall of a class absent "
        f"from the {words.held_out} set (TP + FN = 0) are 0/0. Like scikit-learn, the page reports "
        "zero_division instead."
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
        "Confusion matrix (CSV)",
        matrix_csv(metrics.normalize(matrix, mode), names),
        f"{file_stem}_confusion_epoch{epoch}_{mode}.csv",
        "text/csv",
        icon=":material/download:",
        key=session_key(key, "matrix_csv"),
        width="stretch",
        help="The matrix as shown (counts or shares), diagonal included.",
    )
    report_button.download_button(
        "Per-class metrics (CSV)",
        report_csv(report_table(report, averages)),
        f"{file_stem}_metrics_epoch{epoch}.csv",
        "text/csv",
        icon=":material/download:",
        key=session_key(key, "metrics_csv"),
        width="stretch",
    )
