"""Which network reads the drawing: this session's runs from the training page, or a default model.

The default model is trained once per server, the first time anyone needs it, with the lecture's
settings on the bundled 4,000 training digits, then shared read-only by every session.
"""

from __future__ import annotations

from dataclasses import dataclass

import streamlit as st

from explainer.i18n import N_, _
from explainer.training.config import TrainConfig
from explainer.training.engine import EpochResult, TrainingRun
from explainer.training.jobs import JobStatus
from explainer.ui.resources import mnist_tensors, workbench
from models import MLP

DEFAULT_LABEL = N_("Default model")
STATUS_NAMES = {
    JobStatus.IDLE: N_("idle"),
    JobStatus.QUEUED: N_("queued"),
    JobStatus.RUNNING: N_("running"),
    JobStatus.PAUSED: N_("paused"),
    JobStatus.FINISHED: N_("finished"),
    JobStatus.DIVERGED: N_("diverged"),
    JobStatus.FAILED: N_("failed"),
    JobStatus.RELEASED: N_("released"),
}


@dataclass(frozen=True)
class DigitModel:
    label: str  # the choice box's value: English whatever the language, so a choice survives a change of language
    title: str  # the label in the reader's language, shown in the choice box
    description: str  # one line under it: where the model comes from and how good it is
    model: MLP


@st.cache_resource(show_spinner=False)  # default_model says what is happening, in the reader's language
def _default_network() -> tuple[MLP, float]:
    """The lecture's network and settings (10 epochs, SGD lr 0.01, momentum 0.5, batch 64), and its test accuracy."""
    run = TrainingRun(TrainConfig(), mnist_tensors("bundled"))
    accuracy = [e.test_accuracy for e in run.events() if isinstance(e, EpochResult)][-1]
    return run.model.eval().requires_grad_(False), accuracy


def default_model() -> DigitModel:
    """The default network, trained once per server on first need and shared read-only, in the reader's words."""
    with st.spinner(
        _("Training the default model once for this server: the lecture's settings on 4,000 bundled digits…")
    ):
        model, accuracy = _default_network()
    return DigitModel(
        DEFAULT_LABEL,
        _(DEFAULT_LABEL),
        _(
            "Default model: the lecture's network and settings, trained once on this server on the 4,000 bundled "
            "MNIST digits; {right:.0%} of the 1,000 test digits right. Train your own on the training page."
        ).format(right=accuracy),
        model,
    )


def session_models() -> list[DigitModel]:
    """This session's runs from the training page, newest first, each with its status and accuracy."""
    models = []
    for record in reversed(workbench("training").runs):
        epochs = record.snapshot().epochs
        status = record.job.status
        status = _(STATUS_NAMES[status]) if status in STATUS_NAMES else str(status)
        if epochs:
            description = _(
                "Your run {run} ({status}), {accuracy:.1%} test accuracy after {epochs} epoch(s), hidden layers "
                "{hidden}."
            ).format(
                run=record.label,
                status=status,
                accuracy=epochs[-1].test_accuracy,
                epochs=len(epochs),
                hidden=record.config.hidden,
            )
        else:
            description = _("Your run {run} ({status}), untrained, hidden layers {hidden}.").format(
                run=record.label, status=status, hidden=record.config.hidden
            )
        models.append(
            DigitModel(
                f"Run #{record.number} from the training page",
                _("Run #{number} from the training page").format(number=record.number),
                description,
                record.job.run.model,
            )
        )
    return models


def choose_model(key: str) -> DigitModel:
    """A box listing this session's runs (newest first, chosen by default) and the default model."""
    choices = [*session_models(), default_model()]
    labels = [choice.label for choice in choices]
    titles = {choice.label: choice.title for choice in choices}
    if st.session_state.get(key) not in labels:  # first visit, or a run was removed on the training page
        st.session_state[key] = labels[0]
    label = st.selectbox(_("Model that reads the drawing"), labels, format_func=titles.__getitem__, key=key)
    chosen = choices[labels.index(label)]
    st.caption(chosen.description)
    return chosen
