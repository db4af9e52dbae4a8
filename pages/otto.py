import streamlit as st

from explainer.i18n import _
from explainer.training.experiment import Experiment
from explainer.training.otto import DEFAULT_CONFIG
from explainer.ui import resources as ui
from explainer.ui.sections import otto as ui_otto
from explainer.ui.sections import training as ui_training
from explainer.ui.sections import training_settings
from explainer.ui.sections.run_comparison import run_comparison
from explainer.ui.shell.page_frame import lesson_footer, page_header

PAGE = ui_otto.PAGE

page_header(
    PAGE,
    _(
        "Check which data is in use below (or upload Kaggle's train.csv), press Start in section 3, then train "
        "again with the transform “none” and compare the validation log loss."
    ),
)
st.header(_("1 · Data: 93 counts per product, 9 classes"))
key, data = ui_otto.data_section()

st.header(_("2 · Explore: why transform the counts?"))
ready = ui_otto.explore_section(key, data)

st.header(_("3 · Train: 93 → hidden → 9, scored on the validation rows"))
bench = ui.workbench(PAGE)
ui_otto.forget_unused(bench)
settings, live = st.columns([2, 3], gap="large")
with settings:
    experiment = training_settings.experiment_controls(PAGE, Experiment(DEFAULT_CONFIG, ready.label), 93, 9, None)
with live:
    ui_training.run_buttons(PAGE, bench, experiment, ui_otto.loader(ready))
    status_slot = st.container()  # filled below, once the overlay choice in the run table is known
st.subheader(_("Runs of this session"))
overlay = run_comparison(PAGE, bench, "validation")
with status_slot:
    ui_training.run_status(bench, overlay, "validation", ui_otto.validation_panel)

st.header(_("4 · Evaluate: which products get confused?"))
chosen = ui_otto.evaluate_section(bench)

st.header(_("5 · Predict test.csv and download a submission"))
ui_otto.submission_section(chosen)

lesson_footer("otto")
