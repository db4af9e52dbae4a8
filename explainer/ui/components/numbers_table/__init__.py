"""The softmax page's numbers table, under the logit lab: z, e^z, p, log p, q and ∂L/∂z (rows) for every class
(columns), with the worked example's current step's cells lit. Pointing at a class's column lights its bars in
the logit lab, and pointing at a bar frames its column.

While a bar of the lab is dragged, the cells follow it frame by frame (the lab's numbers, printed as
:func:`explainer.maths.numbers.table_cell` prints); the server's numbers replace them when the page reruns on release.

Drawn in the browser, so the hover and the drag live there (``page_events.js``) and cost the server nothing (a pandas
Styler cost ≈ 7 ms of server CPU on every slider move, this costs its data); by the logit lab's component, under its
bars (``logit_lab(..., table=table(report, step))``): one element a move, not two (issue 32).
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from explainer.figures import style
from explainer.i18n import N_, _
from explainer.maths.numbers import table_cell
from explainer.maths.softmax import OVERFLOW_AT, SoftmaxReport
from explainer.maths.worked_example import Step

HERE = Path(__file__).resolve().parent
JS_PATH = HERE / "numbers_table.js"  # the NumbersTable class, in the logit lab's module
CSS_PATH = HERE / "numbers_table.css"


def is_lit(step: Step | None, quantity: str, k: int) -> bool:
    """Whether the step lights class k's cell of a quantity (no step: none is)."""
    return step is not None and quantity in step.quantities and (step.classes is None or k in step.classes)


# Each row's field in the logit lab's numbers (labMaths in logit_lab.js), which the row follows during a drag.
LIVE_FIELDS = {
    "z": "logits",
    "e^z": "exps",
    "e^(z/T)": "exps",
    "p": "p",
    "log p": "logP",
    "target q": "q",
    "∂L/∂z": "gradient",
}


# The rows' names as a person reads them (the names themselves are keys: LIVE_FIELDS, Step.quantities).
ROW_LABELS = {"target q": N_("target q")}


def words() -> dict[str, str]:
    """What the table says in the browser, in the reader's language (numbers_table.js fills the {placeholders})."""
    return {
        "class": _("class"),
        "region": _("The numbers of every class: scrolls sideways"),
        "shown": _("Classes {first}–{last} of {count} shown: scroll sideways, or point at a bar."),
    }


def table_data(report: SoftmaxReport, step: Step | None) -> dict:
    """What the table shows: a column per class (its label, ✓ on the true class, and its bars' colour in the
    logit lab), a row per quantity (its name, the lab's field it follows during a drag, its cells as printed,
    and which of them the step lights)."""
    values = report.table()
    classes = [int(k) for k in values.pop("class")]
    colors = style.class_colors(len(classes), report.target, report.predicted)
    labels = style.class_labels(len(classes), report.target, report.predicted)
    return {
        "classes": [{"k": k, "label": labels[k], "color": colors[k]} for k in classes],
        "rows": [
            {
                "name": name,
                "label": _(ROW_LABELS[name]) if name in ROW_LABELS else name,
                "live": LIVE_FIELDS[name],
                "cells": [table_cell(v) for v in row],
                "lit": [is_lit(step, name, k) for k in classes],
            }
            for name, row in values.items()
        ],
    }


def table(report: SoftmaxReport, step: Step | None) -> dict:
    """The page's numbers, a column per class, 4 decimals, the worked example's step (if any) lighting its cells: what
    the logit lab draws under its bars (``logit_lab(..., table=...)``)."""
    return {**table_data(report, step), "highlight": style.HIGHLIGHT, "words": words()}


def overflow_note(report: SoftmaxReport) -> None:
    """Where e^z overflowed, what the table's ∞ means (under the table)."""
    if any(value == math.inf for value in report.exps):
        st.caption(
            _(
                "∞: e^z overflows float64 past z ≈ {float64:.1f} (float32, the lecture's tensors, past "
                "≈ {float32:.1f}). torch computes e^(z − max z) instead: the same p, no overflow."
            ).format(float64=OVERFLOW_AT["float64"], float32=OVERFLOW_AT["float32"])
        )
