import streamlit as st

from explainer import ui, ui_evaluation
from explainer.evaluation import probabilities_from_logits, softmax_page_logits
from explainer.inputs import Example
from explainer.lesson import PAGES_DIR
from explainer.train_inputs import DATA_SOURCES, Experiment

PAGE = "evaluation"

ui.page_header(
    "Evaluation",
    "Hide the diagonal and click the brightest mistake: its digits appear below, the most confident first.",
)
bench = ui.workbench("training")  # this session's runs, shared with the training page
chosen = ui_evaluation.choose_run(PAGE, bench)
if chosen is None or bench.active:
    with st.expander("Train the lecture's network here", expanded=True, icon=":material/model_training:"):
        ui_evaluation.train_here(PAGE, bench, Experiment(), ui.mnist_tensors, DATA_SOURCES)
else:
    with st.expander("Train another run here", icon=":material/model_training:"):
        ui_evaluation.train_here(PAGE, bench, Experiment(), ui.mnist_tensors, DATA_SOURCES)
if chosen is None:
    st.stop()

record, snapshot = chosen
mnist = ui.mnist_data(record.data_name)
logits = snapshot.test_logits  # (N_test, 10) after the latest epoch
labels = mnist.test_labels  # (N_test,)


def open_in_softmax(i: int) -> None:
    ui.set_example("softmax", Example(softmax_page_logits(logits[i]), int(labels[i])))
    st.switch_page(PAGES_DIR / "softmax.py")


ui_evaluation.confusion_panel(
    PAGE,
    labels,
    probabilities_from_logits(logits),
    [str(k) for k in range(10)],
    per_epoch_predictions=snapshot.test_predictions,
    images=mnist.test_images,
    logits=logits,
    on_open=open_in_softmax,
    file_stem=f"run{record.number}",
)
