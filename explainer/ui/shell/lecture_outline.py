"""The lecture's four implementation steps as an outline, the step a run is at lit (training page)."""

from __future__ import annotations

import streamlit as st

from explainer.i18n import _
from explainer.training.config import TrainConfig
from explainer.training.jobs import JobStatus
from explainer.training.lecture_run import outline, step_in_progress


def lecture_outline(config: TrainConfig, status: JobStatus | None) -> None:
    """Steps 1-4 on one line each (their code on hover); the step in progress on an orange background."""
    lit = step_in_progress(status)
    done = status == JobStatus.FINISHED
    parts = []
    for number, step in enumerate(outline(config), start=1):
        text = f"{number} · {step.title}"
        if number - 1 == lit:
            parts.append(f":orange-background[:material/play_circle: **{text}**]")
        elif done or (lit is not None and number - 1 < lit):
            parts.append(f":material/check_circle: {text}")
        else:
            parts.append(text)
    st.markdown(_("The lecture's steps: {steps}").format(steps=" → ".join(parts)))
    with st.expander(_("The lecture's code for these steps"), icon=":material/code:"):
        for number, step in enumerate(outline(config), start=1):
            st.markdown(f"**{number} · {step.title}**")
            st.code(step.code, language="python")
