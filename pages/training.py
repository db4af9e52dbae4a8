import streamlit as st

from explainer.data import digits
from explainer.figures import digits as digit_figures
from explainer.figures.describe import probabilities_description
from explainer.i18n import _
from explainer.links import DATA_SOURCES
from explainer.maths import softmax
from explainer.training.experiment import Experiment
from explainer.training.workbench import RunRecord
from explainer.ui import resources as ui
from explainer.ui.sections import room_map, training_settings
from explainer.ui.sections import training as ui_training
from explainer.ui.sections.logit_controls import open_in_softmax_page
from explainer.ui.sections.run_comparison import run_comparison
from explainer.ui.shell.accessibility import describe
from explainer.ui.shell.lecture_outline import lecture_outline
from explainer.ui.shell.page_frame import lesson_footer, page_header, picture_first_columns

PAGE = "training"

page_header(
    PAGE,
    _("Press Start and watch the loss fall; then raise the learning rate to 0.1 and compare the two curves."),
)
bench = ui.workbench(PAGE)
room_map.cell_box(PAGE, bench, ui.mnist_tensors)  # in a class that maps the grid together: this phone's cell
settings, live = picture_first_columns([2, 3])
with settings:
    st.subheader(_("Settings"))
    experiment = training_settings.experiment_controls(PAGE, Experiment(), 784, 10, DATA_SOURCES)
with live:
    ui_training.run_buttons(PAGE, bench, experiment, ui.mnist_tensors)
    status_slot = st.container()  # filled below, once the overlay choice in the run table is known


def outline_of(record: RunRecord | None) -> None:
    """The lecture's steps for the run in progress, or for the settings of the next one."""
    if record is not None:
        lecture_outline(record.config, record.job.status)
    else:
        lecture_outline((experiment or Experiment()).config, None)


st.subheader(_("Runs of this session"))
overlay = run_comparison(PAGE, bench)
with status_slot:
    ui_training.run_status(bench, overlay, outline=outline_of, lecture_reference=True)

record = bench.current
logits = record.snapshot().test_logits if record else None  # (N_test, 10) after the latest epoch
if logits is not None:
    st.subheader(_("What run #{number} predicts on test digits").format(number=record.number))
    mnist = ui.mnist_data(record.data_name)
    probabilities = softmax.softmax(logits)  # (N_test, 10)
    mistakes_first = st.toggle(_("Mistakes first"), value=True, key="training:mistakes_first")
    shown = digits.prediction_order(probabilities, mnist.test_labels, mistakes_first)[:8]
    columns = st.columns(4) + st.columns(4)
    for column, i in zip(columns, shown, strict=False):
        label, predicted = int(mnist.test_labels[i]), int(probabilities[i].argmax())
        # One above the other: beside the digit, a quarter of 1280 px cut the bars off after class 6.
        alt = _("Test digit {index}: a handwritten {label}").format(index=i, label=label)
        column.image(digits.enlarge(mnist.test_images[i]), width=112, alt=alt)
        column.markdown(
            _("true **{label}** · predicted :{color}[**{predicted}**]").format(
                label=label, color="green" if label == predicted else "red", predicted=predicted
            )
        )
        with column:
            st.plotly_chart(digit_figures.prediction_bars(probabilities[i], label), key=f"training:bars{i}")
            describe(
                f"training-bars{i}",
                _("Test digit {index}: probabilities").format(index=i),
                probabilities_description(probabilities[i], label),
            )
        if column.button(
            _("Softmax page"),
            key=f"training:open{i}",
            icon=":material/open_in_new:",
            help=_("Open this digit's logits and true class in the softmax page"),
        ):
            open_in_softmax_page(logits[i], label)

lesson_footer("training")
