import numpy as np
import streamlit as st

from explainer.i18n import _
from explainer.links import DATA_SOURCES
from explainer.training.engine import Snapshot
from explainer.training.experiment import Experiment
from explainer.training.workbench import RunRecord
from explainer.ui import resources as ui
from explainer.ui.sections import evaluation as ui_evaluation
from explainer.ui.sections import run_choice
from explainer.ui.sections.logit_controls import open_in_softmax_page
from explainer.ui.shell.page_frame import lesson_footer, page_header

PAGE = "evaluation"
ASKED = 9  # the lecture's hard digit: "which class will the model confuse with 9?"


def evaluate(record: RunRecord, snapshot: Snapshot) -> None:
    mnist = ui.mnist_data(record.data_name)
    logits = snapshot.test_logits  # (N_test, 10) after the latest finished epoch
    labels = mnist.test_labels  # (N_test,)

    def open_in_softmax(i: int) -> None:
        open_in_softmax_page(logits[i], int(labels[i]))

    ui_evaluation.confusion_panel(
        PAGE,
        labels,
        logits,
        [str(k) for k in range(10)],
        per_epoch_predictions=snapshot.test_predictions,
        images=mnist.test_images,
        on_open=open_in_softmax,
        file_stem=f"run{record.number}",
        beside=lambda: beside_matrix(record, snapshot, labels),
    )


def beside_matrix(record: RunRecord, snapshot: Snapshot, labels: np.ndarray) -> None:
    """Under the matrix's controls: whether the run is still training, then the lecture's question."""
    run_choice.status_note(record, snapshot)
    ui_evaluation.guess_confused_with(PAGE, labels, snapshot.test_predictions[-1], ASKED)


page_header(
    PAGE,
    _("Hide the diagonal and click the brightest mistake: its digits appear below, the most confident first."),
)
ui_evaluation.follow_link(PAGE)
bench = ui.workbench("training")  # this session's runs, shared with the training page
chosen = run_choice.choose_run(PAGE, bench)
if chosen is not None:
    evaluate(*chosen)
training_first = chosen is None  # no model yet: the training comes first, else it waits below the evaluation
label = _("Train the lecture's network here") if training_first else _("Train another run here")
with st.expander(label, expanded=training_first, icon=":material/model_training:"):
    run_choice.train_here(PAGE, bench, Experiment(), ui.mnist_tensors, DATA_SOURCES)

lesson_footer("evaluation")
