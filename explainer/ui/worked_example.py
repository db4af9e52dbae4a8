"""The softmax page's worked example: the slides' steps with Previous / Next, each lighting what it is about.

The step number lives in ``st.session_state["<page>:step"]``; the page reads it with :func:`current_step`
before it draws the logit lab, so the lab lights the same panel as the step shown below it.
"""

from __future__ import annotations

import streamlit as st

from explainer.maths.softmax import OVERFLOW_AT, SoftmaxReport
from explainer.maths.worked_example import Step, step_formula, worked_steps

LAB_PANELS = {"logits": 0, "probabilities": 1, "none": None}  # Step.panel -> the lab's panel index


def _key(page: str) -> str:
    return f"{page}:step"


def current_step(page: str, report: SoftmaxReport) -> tuple[int, Step]:
    """The step shown now (0-based) and its content for the current numbers."""
    steps = worked_steps(report)
    index = min(max(st.session_state.get(_key(page), 0), 0), len(steps) - 1)
    return index, steps[index]


def lab_panel(step: Step) -> int | None:
    """Which panel of the logit lab the step lights."""
    return LAB_PANELS[step.panel]


def _go(page: str, index: int) -> None:
    st.session_state[_key(page)] = index


def _cell(value: float, lit: bool) -> str:
    text = "∞" if value == float("inf") else f"{value:.4f}"
    return f":blue-background[**{text}**]" if lit else text


def numbers_table(report: SoftmaxReport, step: Step) -> None:
    """The page's numbers, 4 decimals, with the step's cells lit (its columns; only its rows, where it names them).

    A markdown table, not a styled dataframe: a pandas Styler cost ≈ 7 ms of server CPU on every slider move.
    """
    table = report.table()
    columns = [name for name in table if name != "class"]
    lines = ["| class | " + " | ".join(columns) + " |", "|---|" + "--:|" * len(columns)]
    for row, k in enumerate(table["class"]):
        cells = [
            _cell(table[name][row], name in step.columns and (step.rows is None or row in step.rows))
            for name in columns
        ]
        lines.append(f"| {k}{' ✓' if k == report.target else ''} | " + " | ".join(cells) + " |")
    st.markdown("\n".join(lines))
    if any(value == float("inf") for value in report.exps):
        st.caption(
            f"∞: e^z overflows float64 past z ≈ {OVERFLOW_AT['float64']:.1f} (float32, the lecture's tensors, past "
            f"≈ {OVERFLOW_AT['float32']:.1f}). torch computes e^(z − max z) instead: the same p, no overflow."
        )


def worked_example(page: str, report: SoftmaxReport) -> None:
    """Previous / Next through the slides' steps: the formula with the step's term lit, and its numbers."""
    index, step = current_step(page, report)
    count = len(worked_steps(report))
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button("Previous", on_click=_go, args=(page, index - 1), disabled=index == 0, key=f"{page}:step_back")
        st.button(
            "Next",
            on_click=_go,
            args=(page, index + 1),
            disabled=index == count - 1,
            type="primary",
            key=f"{page}:step_next",
        )
        st.markdown(f"**Step {index + 1} of {count}: {step.title}**")
    st.latex(step_formula(step.term, report.temperature))
    st.latex(step.latex)
    st.markdown(step.note)
