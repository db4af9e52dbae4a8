"""The softmax page's worked example: the slides' steps with Previous / Next, each lighting what it is about; its
frame (buttons, title, formula) apart from its numbers, which a move redraws.

The step number lives in ``st.session_state["<page>:step"]``; the page reads it with :func:`current_step`
before it draws the logit lab, so the lab lights the same panel as the step shown below it.
"""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.figures import style
from explainer.i18n import _
from explainer.maths.softmax import SoftmaxReport
from explainer.maths.worked_example import Step, step_formula, worked_steps
from explainer.ui.class_room import publish_position
from explainer.ui.shell.session_keys import session_key

STEP_OF = "Step {number} of {count}"  # the step's heading, before its title (the benches read it by this name)
# The heading as a person reads it is one message, "**Step {number} of {count}: {title}**": keep STEP_OF its start.
LAB_PANELS = {"logits": 0, "probabilities": 1, "none": None}  # Step.panel -> the lab's panel index


def _step_key(page: str) -> str:
    return session_key(page, "step")


def current_step(page: str, report: SoftmaxReport) -> tuple[int, Step]:
    """The step shown now (0-based) and its content for the current numbers."""
    steps = worked_steps(report)
    index = min(max(st.session_state.get(_step_key(page), 0), 0), len(steps) - 1)
    return index, steps[index]


def lab_panel(step: Step | None) -> int | None:
    """Which panel of the logit lab the step lights (no step: none)."""
    return None if step is None else LAB_PANELS[step.panel]


def _go(page: str, index: int) -> None:
    st.session_state[_step_key(page)] = index


def worked_example_frame(page: str, report: SoftmaxReport) -> DeltaGenerator:
    """Previous / Next through the slides' steps, the step's title and its formula with the step's term lit: what
    does not follow the logits, drawn where a move does not redraw it. Returns the place for the step's numbers
    (:func:`worked_example_numbers`)."""
    index, step = current_step(page, report)
    count = len(worked_steps(report))
    publish_position(page)  # a teacher's step goes to the class (a Next reruns only the page's fragment)
    with st.container(horizontal=True, vertical_alignment="center"):
        st.button(
            _("Previous"), on_click=_go, args=(page, index - 1), disabled=index == 0, key=session_key(page, "step_back")
        )
        st.button(
            _("Next"),
            on_click=_go,
            args=(page, index + 1),
            disabled=index == count - 1,
            type="primary",
            key=session_key(page, "step_next"),
        )
        st.markdown(_("**Step {number} of {count}: {title}**").format(number=index + 1, count=count, title=step.title))
    st.latex(step_formula(step.term, style.HIGHLIGHT, report.temperature))
    return st.container()


def worked_example_numbers(page: str, report: SoftmaxReport) -> None:
    """The step's computation with the current numbers, and why."""
    step = current_step(page, report)[1]
    # One element, which a move redraws (issue 32): st.latex is this same markdown, a formula alone.
    st.markdown(f"$$\n{step.latex}\n$$\n\n{step.note}")
