"""The Streamlit pieces of the Otto exercise page: data in, exploration, live validation scores, submission.

Data sets are read once and cached for every session (keyed by the file's content); what a session
uses is a reference in its ``st.session_state``. A file that fails validation leaves the data in use
untouched and shows what is wrong. Models stay in the session's workbench (see :mod:`explainer.ui.resources`).
"""

from __future__ import annotations

from collections.abc import Callable

import numpy as np
import streamlit as st

from explainer.data import otto, otto_features
from explainer.figures import otto as otto_figures
from explainer.figures import training as training_figures
from explainer.figures.describe import curves_description
from explainer.i18n import N_, _
from explainer.training import otto as otto_run
from explainer.training.engine import Tensors
from explainer.training.otto import Prepared
from explainer.training.workbench import RunRecord, Workbench, curve_series
from explainer.ui.sections import evaluation as ui_evaluation
from explainer.ui.sections import run_choice
from explainer.ui.sections.otto_data import (
    feature_scale,
    prepared,
    source_text,
    synthetic_csv,
    synthetic_test,
    synthetic_train,
    uploaded_test,
    uploaded_train,
)
from explainer.ui.shell.accessibility import announce, chart
from explainer.ui.shell.lecture import lecture_mode

PAGE = "otto"
MAX_UPLOAD_MB = 100  # Kaggle's test.csv is 28 MB, train.csv 12 MB
SYNTHETIC_KEY = f"synthetic-{otto.REAL_TRAIN_ROWS}-0"
_TRAIN, _TEST, _PREPARED = f"{PAGE}:train_data", f"{PAGE}:test_data", f"{PAGE}:prepared"
UPLOADS = (("train", N_("Kaggle's train.csv")), ("test", N_("Kaggle's test.csv (optional: to predict)")))


def _use_synthetic() -> None:
    st.session_state[_TRAIN] = (SYNTHETIC_KEY, synthetic_train())
    st.session_state.pop(f"{PAGE}:train_error", None)


def _on_upload(kind: str) -> None:
    """Validate a new file; only a valid one replaces the data in use. A cleared uploader changes nothing."""
    s = st.session_state
    if _TRAIN not in s:
        _use_synthetic()
    s.pop(f"{PAGE}:{kind}_error", None)
    file = s.get(f"{PAGE}:{kind}_file")
    if file is None:
        return
    raw = file.getvalue()
    key = otto_run.content_key(raw)
    try:
        if kind == "train":
            data = uploaded_train(key, file.name, raw)
            otto_run.check_splittable(data)
            s[_TRAIN] = (key, data)
        else:
            s[_TEST] = uploaded_test(key, file.name, raw, s[_TRAIN][1])
    except ValueError as error:  # OttoFormatError, or too few rows of a class to hold some out
        if kind == "train":
            kept = _("Nothing was loaded from this file: the data in use stays as it was.")
        elif _TEST in s:
            kept = _("Nothing was loaded from this file: the test file in use stays as it was.")
        else:
            kept = _("Nothing was loaded from this file: no test file is loaded.")
        if isinstance(error, otto.OttoFormatError):
            headline = str(error)
        else:
            headline = _("Could not load {what}. {problem}").format(what=file.name, problem=error)
        s[f"{PAGE}:{kind}_error"] = f"{headline}\n\n{kept}"


def data_section() -> tuple[str, otto.OttoData]:
    """The data in use clearly labelled with its numbers, then uploads with validation messages.

    The data in use comes first, across the page: beside the uploads its notice pushed its numbers off a
    1280 x 720 screen. Returns (content key, data).
    """
    if _TRAIN not in st.session_state:
        _use_synthetic()
    key, data = st.session_state[_TRAIN]  # an upload's callback has already run
    if data.is_synthetic:
        st.warning(
            _("**In use: the built-in synthetic sample.** {notice}").format(notice=_(otto.SYNTHETIC_NOTICE)),
            icon=":material/science:",
        )
    else:
        st.success(
            _("**In use: {source}**, uploaded and checked.").format(source=data.source), icon=":material/check_circle:"
        )
        announce(
            f"{PAGE}:upload",
            _("Loaded {source}: {rows:,} products, checked.").format(source=data.source, rows=data.n_rows),
            on_appear=True,
        )
    rows, zeros, largest = st.columns(3)
    rows.metric(_("Rows"), f"{data.n_rows:,}")
    zeros.metric(_("Zero cells"), f"{otto_features.overall_sparsity(data.features):.0%}")
    largest.metric(_("Largest count"), f"{int(data.features.max()):,}")
    if not data.is_synthetic:
        st.button(_("Use the synthetic sample instead"), on_click=_use_synthetic, key=f"{PAGE}:synthetic")
    for column, (kind, label) in zip(st.columns(2, gap="large"), UPLOADS, strict=True):
        with column:
            st.file_uploader(
                _(label), key=f"{PAGE}:{kind}_file", on_change=_on_upload, args=(kind,), max_upload_size=MAX_UPLOAD_MB
            )
            if error := st.session_state.get(f"{PAGE}:{kind}_error"):
                st.error(error, icon=":material/error:")
                announce(
                    f"{PAGE}:{kind}_error",
                    _("The upload failed: {error}").format(error=error.splitlines()[0]),
                    on_appear=True,
                )
    if not lecture_mode():  # files to try the uploads with: beyond the lecture's exercise
        _synthetic_downloads()
    return key, data


def _synthetic_downloads() -> None:
    st.caption(_("Synthetic files in Kaggle's format, to try the uploads with:"))
    buttons = st.container(horizontal=True)  # each as wide as its file name: half a column cut them at 1280 px
    for kind in ("train", "test"):
        buttons.download_button(
            f"synthetic_{kind}.csv",
            lambda kind=kind: synthetic_csv(kind),
            f"synthetic_{kind}.csv",
            "text/csv",
            icon=":material/download:",
            on_click="ignore",
            key=f"{PAGE}:download_{kind}",
            help=_("Not the real data: generated by this app in Kaggle's format."),
        )


def explore_section(key: str, data: otto.OttoData) -> Prepared:
    """Class balance, sparsity and scale as plots, and the transform for the next run; returns its data."""
    plots = st.container()  # drawn above the transform control, filled once its data is ready
    transform = st.segmented_control(
        _("Feature transform for the next run"),
        otto_features.FEATURE_TRANSFORMS,
        format_func=otto_run.transform_label,
        default="log1p+standardize",
        required=True,
        key=f"{PAGE}:transform",
    )
    label = f"{otto_run.data_label(data, key)} · {transform}"
    ready = prepared(key, transform, otto_run.SPLIT_SEED, label, data)  # uploads were checked to be splittable
    scale = feature_scale(key, transform, otto_run.SPLIT_SEED, ready)
    classes_col, zeros_col = plots.columns(2, gap="large")
    with classes_col:
        st.markdown(otto_run.imbalance_sentence(data))
        chart(
            otto_figures.class_bars(otto_features.class_distribution(data.labels)),
            _("Products per class"),
            key=f"{PAGE}:classes",
        )
    with zeros_col:
        st.markdown(otto_run.sparsity_sentence(data))
        chart(
            otto_figures.sparsity_bars(scale.zero_fraction, data.feature_names),
            _("Share of zeros per feature"),
            key=f"{PAGE}:zeros",
        )
    note_col, chart_col = st.columns([1, 2], gap="large")
    shown = otto_run.transform_label(transform)
    note_col.markdown(_("**{transform}**: {note}").format(transform=shown, note=_(otto_run.TRANSFORM_NOTES[transform])))
    note_col.caption(
        _(
            "Fitted on the {train:,} training rows only; the {validation:,} validation rows "
            "({fraction:.0%}, stratified by class) and test.csv get the same formula: `{formula}`."
        ).format(
            train=len(ready.train_idx),
            validation=len(ready.val_idx),
            fraction=otto_run.VALIDATION_FRACTION,
            formula=ready.transform.formula,
        )
    )
    with chart_col:
        chart(
            otto_figures.scale_lines(scale, transform, data.feature_names, shown),
            _("Feature scales, raw and after {transform}").format(transform=shown),
            key=f"{PAGE}:scale",
        )
    return ready


def loader(ready: Prepared) -> Callable[[str], Tensors]:
    """What the Start button trains on: these tensors; remembers them so that the run can predict later."""

    def load(label: str) -> Tensors:
        st.session_state.setdefault(_PREPARED, {})[label] = ready
        return ready.tensors

    return load


def prepared_for(record: RunRecord) -> Prepared | None:
    return st.session_state.get(_PREPARED, {}).get(record.data_name)


def forget_unused(bench: Workbench) -> None:
    """Drop the remembered data of runs that were removed."""
    used = {record.data_name for record in bench.runs}
    registry = st.session_state.get(_PREPARED, {})
    for label in [label for label in registry if label not in used]:
        del registry[label]


def validation_panel(records: list[RunRecord]) -> None:
    """Live, under the run's curves: the competition's metric on the validation rows, and its curve."""
    record = records[0]
    y_val = record.job.run.data.y_test.cpu().numpy()
    snapshot = record.snapshot()
    prior = otto_run.prior_log_loss(y_val)
    kaggle, engine, baseline = st.columns(3)
    kaggle_label, engine_label = _("Validation log loss (Kaggle)"), _("Mean cross-entropy (engine)")
    if snapshot.test_logits is not None:
        scores = otto_run.validation_scores(snapshot.test_logits, y_val)
        kaggle.metric(kaggle_label, f"{scores.kaggle_log_loss:.4f}")
        engine.metric(engine_label, f"{scores.mean_cross_entropy:.4f}")
    else:
        kaggle.metric(kaggle_label, "–")
        engine.metric(engine_label, "–")
    baseline.metric(_("Class frequencies only"), f"{prior:.4f}")
    validation = curve_series(records, "test_loss", training_figures.RUN_COLORS)
    training = curve_series([record], "train_loss", training_figures.RUN_COLORS)[0]
    chart(
        otto_figures.loss_curves(validation, training, prior),
        _("Log loss against epochs"),
        key=f"{PAGE}:log_loss",
        description=curves_description(validation, _("validation log loss")),
    )
    st.caption(
        _(
            "Kaggle scores by the log loss: the lecture's cross-entropy averaged over rows, with each "
            "probability clipped to [1e-15, 1 − 1e-15] so one confident miss costs at most 34.5. Lower is better; "
            "guessing 1/9 scores ln 9 = {ln9:.3f}. Dashed: the training loss, averaged over each epoch "
            "while the weights still moved; validation below training early on is that lag, not luck."
        ).format(ln9=np.log(9))
    )


def evaluate_section(bench: Workbench) -> tuple[RunRecord, Prepared] | None:
    """The evaluation page's confusion matrix and per-class metrics, on a run's validation rows."""
    chosen = run_choice.choose_run(f"{PAGE}:eval", bench, N_("validation"), while_training=False)
    if chosen is None:
        if bench.active:
            message = _("Run #{number} is training: it is evaluated here once it stops.").format(
                number=bench.current.number
            )
        else:
            message = _("Train a run for at least one epoch: its validation predictions appear here.")
        st.info(message, icon=":material/info:")
        return None
    record, snapshot = chosen
    run_choice.status_note(record, snapshot)
    ready = prepared_for(record)
    if ready is None:  # cannot happen through the page; a run started elsewhere has no Otto data
        st.warning(
            _("Run #{number} was not trained on Otto data.").format(number=record.number), icon=":material/warning:"
        )
        return None
    st.caption(_("Scored on the validation rows: rows of train.csv the run never trained on."))
    ui_evaluation.confusion_panel(
        f"{PAGE}:eval",
        ready.y_val,
        snapshot.test_logits,
        ready.data.class_names,
        per_epoch_predictions=snapshot.test_predictions,
        file_stem=f"otto_run{record.number}",
        words=ui_evaluation.Words(N_("products"), N_("validation")),
    )
    return record, ready


def submission_section(chosen: tuple[RunRecord, Prepared] | None) -> None:
    """Predict test.csv with the evaluated run and offer Kaggle's submission file."""
    if chosen is None:
        st.info(_("Train a run first: it predicts test.csv here."), icon=":material/info:")
        return
    record, ready = chosen
    test = st.session_state.get(_TEST)
    if test is None and not ready.data.is_synthetic:
        st.info(_("Upload Kaggle's test.csv above to predict it."), icon=":material/upload_file:")
        return
    test = test or synthetic_test()
    if test.is_synthetic:
        st.warning(
            _(
                "Predicting the **synthetic** test.csv ({rows:,} rows, not Kaggle's): the file has the real "
                "format, but its score means nothing on the leaderboard."
            ).format(rows=test.n_rows),
            icon=":material/science:",
        )
    elif ready.data.is_synthetic:
        st.warning(
            _(
                "Run #{number} was trained on the synthetic sample, not on a real train.csv: its predictions "
                "for {source} are meaningless. Upload train.csv and train a run on it first."
            ).format(number=record.number, source=source_text(test)),
            icon=":material/warning:",
        )
    run = record.job.run  # never the one training: choose_run offers stopped and finished runs only
    st.markdown(
        _(
            "Run #{number} predicts all **{rows:,}** rows of {source}: one row per id, the "
            "9 softmax probabilities summing to 1, the format Kaggle scores by log loss. The first rows:"
        ).format(number=record.number, rows=test.n_rows, source=source_text(test))
    )
    st.dataframe(otto_run.submission_preview(run, ready, test), hide_index=True)
    st.download_button(
        _("Download submission.csv"),
        lambda: otto_run.submission_bytes(run, ready, test),
        f"submission_run{record.number}.csv",
        "text/csv",
        type="primary",
        icon=":material/download:",
        on_click="ignore",
        key=f"{PAGE}:submission",
    )
