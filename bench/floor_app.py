"""Streamlit's floor for one move on the softmax page (issue 32): the page's three fragments drawing the same widgets
(the example's shape; inside it the section choice and the step-by-step section's Previous, Next and guess; inside
that the logit sliders and text, which a move reruns), and nothing else: no numbers, no formulas, no torch.
`bench/move_cost.py --floor` measures a move here twice: without the logit lab, and with it (EXPLAINER_FLOOR_LAB=1),
since the lab is a widget of the move's fragment too (Streamlit registers a component's state and its trigger as two
widgets; its bars are the sliders a person drags), drawn with its own data and without the numbers table under it."""

import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))  # the repo root, as explainer/Home.py does

import streamlit as st  # noqa: E402
from streamlit.delta_generator import DeltaGenerator  # noqa: E402

from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET  # noqa: E402
from explainer.links import Example  # noqa: E402
from explainer.server.batched_sends import batch_event_loop_wakeups  # noqa: E402
from explainer.server.process import fragment, one_torch_thread  # noqa: E402
from explainer.server.theme_message import cache_theme_messages  # noqa: E402
from explainer.ui.components.logit_lab import logit_lab  # noqa: E402
from explainer.ui.sections import logit_controls  # noqa: E402
from explainer.ui.sections.softmax_sections import choose_section  # noqa: E402
from explainer.ui.shell.language import start_language  # noqa: E402
from explainer.ui.shell.page_frame import picture_first_columns  # noqa: E402
from explainer.ui.shell.session_keys import session_key  # noqa: E402

PAGE = "softmax"  # the same widget keys as the page's
LECTURE = Example(LECTURE_LOGITS, LECTURE_TARGET)
PRESETS = {"Lecture z": LECTURE, "Batch row 0": LECTURE, "Overflow ±1000": LECTURE}  # three buttons, as the page's
WITH_LAB = os.environ.get("EXPLAINER_FLOOR_LAB") == "1"

one_torch_thread()
batch_event_loop_wakeups()  # the same server as the app's
cache_theme_messages()
start_language()
st.set_page_config(layout="wide")


@fragment()
def the_example() -> None:
    controls, view = picture_first_columns([2, 3])
    with controls:
        logits_place = logit_controls.example_controls(PAGE, LECTURE, PRESETS, extras=True)
    with view:
        picture_place = st.container()
    follows_the_section(logits_place, picture_place)


@fragment()
def follows_the_section(logits_place: DeltaGenerator, picture_place: DeltaGenerator) -> None:
    choose_section(PAGE, extras=True)
    with st.container(horizontal=True):  # the step-by-step section's widgets, as its frame draws them
        st.button("Previous", disabled=True, key=session_key(PAGE, "step_back"))
        st.button("Next", type="primary", key=session_key(PAGE, "step_next"))
    st.radio("Predict", ("Up", "Down", "It stays the same"), index=None, key=session_key(PAGE, "guess_raise"))
    follows_the_logits(logits_place, picture_place)


@fragment()
def follows_the_logits(logits_place: DeltaGenerator, picture_place: DeltaGenerator) -> None:
    with logits_place:
        example = logit_controls.logit_inputs(PAGE)
    if WITH_LAB:
        with picture_place:
            logit_lab(PAGE, example, "softmax")


the_example()
