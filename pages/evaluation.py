import streamlit as st

from explainer.links import DATA_SOURCES
from explainer.training.experiment import Experiment
from explainer.ui import common as ui
from explainer.ui import evaluation as ui_evaluation

PAGE = "evaluation"

ui.page_header(
    "Evaluation",
    "Hide the diagonal and click the brightest mistake: its digits appear below, the most confident first.",
)
bench = ui.workbench("training")  # this session's runs, shared with the training page
chosen = ui_evaluation.choose_run(PAGE, bench)
training_first = chosen is None or bench.active  # no model yet, or one on its way: the training comes first
label = "Train the lecture's network here" if training_first else "Train another run here"
with st.expander(label, expanded=training_first, icon=":material/model_training:"):
    ui_evaluation.train_here(PAGE, bench, Experiment(), ui.mnist_tensors, DATA_SOURCES)
if chosen is None:
    st.stop()

record, snapshot = chosen
mnist = ui.mnist_data(record.data_name)
logits = snapshot.test_logits  # (N_test, 10) after the latest epoch
labels = mnist.test_labels  # (N_test,)


def open_in_softmax(i: int) -> None:
    ui.open_in_softmax_page(logits[i], int(labels[i]))


ui_evaluation.confusion_panel(
    PAGE,
    labels,
    logits,
    [str(k) for k in range(10)],
    per_epoch_predictions=snapshot.test_predictions,
    images=mnist.test_images,
    on_open=open_in_softmax,
    file_stem=f"run{record.number}",
)
