"""The worked example's numbers table: z, e^z, p, log p, q and ∂L/∂z for every class, with the current step's
cells lit. Pointing at a row lights its class's bars in the logit lab, and pointing at a bar lights its row.

A small st.components.v2 table, so the hover lives in the browser (``class_hover.js``) and costs the server
nothing; a pandas Styler cost ≈ 7 ms of server CPU on every slider move, this costs its data.
"""

from __future__ import annotations

import math
from pathlib import Path

import streamlit as st

from explainer.figures import style
from explainer.maths.softmax import OVERFLOW_AT, SoftmaxReport
from explainer.maths.worked_example import Step
from explainer.ui.class_hover import with_class_hover

HERE = Path(__file__).resolve().parent

# Registered once, when the module is first imported; the page only mounts it.
_component = st.components.v2.component(
    "explainer.numbers_table",
    js=with_class_hover(HERE / "numbers_table.js"),
    css=(HERE / "numbers_table.css").read_text(encoding="utf-8"),
)


def shown(value: float) -> str:
    """A cell as the table prints it: 4 decimals, ∞ where e^z overflowed float64.

    >>> shown(1.2214027581601699), shown(-0.1), shown(math.inf)
    ('1.2214', '-0.1000', '∞')
    """
    return "∞" if value == math.inf else f"{value:.4f}"


def table_data(report: SoftmaxReport, step: Step) -> dict:
    """What the table shows: its columns, and for each class its label (✓ on the true class), its bars' colour
    in the logit lab, its cells as printed and which of them the step lights (its columns; only its rows,
    where it names them)."""
    table = report.table()
    columns = [name for name in table if name != "class"]
    colors = style.class_colors(len(report.logits), report.target, report.predicted)
    rows = []
    for row, k in enumerate(int(k) for k in table["class"]):
        step_row = step.rows is None or row in step.rows
        rows.append(
            {
                "k": k,
                "label": f"{k} ✓" if k == report.target else str(k),
                "color": colors[k],
                "cells": [shown(table[name][row]) for name in columns],
                "lit": [step_row and name in step.columns for name in columns],
            }
        )
    return {"columns": columns, "rows": rows}


def numbers_table(page: str, report: SoftmaxReport, step: Step) -> None:
    """The page's numbers, 4 decimals, with the step's cells lit; ∞ explained under it where e^z overflowed."""
    _component(
        key=f"{page}:numbers",
        data={**table_data(report, step), "page": page, "highlight": style.SOFTMAX},  # as the lab's lit panel
    )
    if any(value == math.inf for value in report.exps):
        st.caption(
            f"∞: e^z overflows float64 past z ≈ {OVERFLOW_AT['float64']:.1f} (float32, the lecture's tensors, past "
            f"≈ {OVERFLOW_AT['float32']:.1f}). torch computes e^(z − max z) instead: the same p, no overflow."
        )
