"""Which network reads the drawing: this session's runs from the training page, or a default model.

The default model is trained once per server, the first time anyone needs it, with the lecture's
settings on the bundled 4,000 training digits, then shared read-only by every session.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explainer.training.config import TrainConfig
from explainer.training.engine import EpochResult, TrainingRun
from explainer.ui.resources import mnist_tensors, workbench
from models import MLP

DEFAULT_LABEL = "Default model"


@dataclass(frozen=True)
class DigitModel:
    label: str  # for the choice box
    description: str  # one line under it: where the model comes from and how good it is
    model: MLP


@st.cache_resource(
    show_spinner="Training the default model once for this server: the lecture's settings on 4,000 bundled digits…"
)
def default_model() -> DigitModel:
    """The lecture's network and settings (10 epochs, SGD lr 0.01, momentum 0.5, batch 64), shared read-only."""
    run = TrainingRun(TrainConfig(), mnist_tensors("bundled"))
    accuracy = [e.test_accuracy for e in run.events() if isinstance(e, EpochResult)][-1]
    model = run.model.eval().requires_grad_(False)
    return DigitModel(
        DEFAULT_LABEL,
        f"{DEFAULT_LABEL}: the lecture's network and settings, trained once on this server on the 4,000 bundled "
        f"MNIST digits; {accuracy:.0%} of the 1,000 test digits right. Train your own on the training page.",
        model,
    )


def session_models() -> list[DigitModel]:
    """This session's runs from the training page, newest first, each with its status and accuracy."""
    models = []
    for record in reversed(workbench("training").runs):
        epochs = record.snapshot().epochs
        accuracy = (
            f"{epochs[-1].test_accuracy:.1%} test accuracy after {len(epochs)} epoch(s)" if epochs else "untrained"
        )
        models.append(
            DigitModel(
                f"Run #{record.number} from the training page",
                f"Your run {record.label} ({record.job.status}), {accuracy}, hidden layers {record.config.hidden}.",
                record.job.run.model,
            )
        )
    return models


def choose_model(key: str) -> DigitModel:
    """A box listing this session's runs (newest first, chosen by default) and the default model."""
    choices = [*session_models(), default_model()]
    labels = [choice.label for choice in choices]
    if st.session_state.get(key) not in labels:  # first visit, or a run was removed on the training page
        st.session_state[key] = labels[0]
    label = st.selectbox("Model that reads the drawing", labels, key=key)
    chosen = choices[labels.index(label)]
    st.caption(chosen.description)
    return chosen
