"""The softmax page's 'Go deeper' sections: which ones it offers (lecture mode, ``extras=False``, drops the
extras) and how each one draws. Only the chosen section is computed, which keeps a slider release cheap."""

from __future__ import annotations

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.figures import style as figures
from explainer.figures.pipeline import cross_entropy_pipeline
from explainer.i18n import N_, _
from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_Y_PRED1, LECTURE_Y_PRED2
from explainer.links import Example
from explainer.maths import snippets, softmax
from explainer.maths.softmax import SoftmaxReport
from explainer.maths.worked_example import Step
from explainer.ui.sections.predict import predict, predict_then_reveal, reveal
from explainer.ui.sections.worked_example import current_step, worked_example_frame, worked_example_numbers
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.session_keys import session_key

STEP_BY_STEP = "Step by step"
LECTURE_SECTIONS = (STEP_BY_STEP, "CrossEntropyLoss", "Mini-batch", "Numerical stability")
EXTRA_SECTIONS = ("Label smoothing",)  # not in the lecture
# The sections as a person reads them (the values above are the session's keys, the same in every language).
SECTION_LABELS = {
    STEP_BY_STEP: N_("Step by step"),
    "CrossEntropyLoss": N_("CrossEntropyLoss"),
    "Mini-batch": N_("Mini-batch"),
    "Numerical stability": N_("Numerical stability"),
    "Label smoothing": N_("Label smoothing"),
}


def choose_section(page: str, extras: bool = True) -> str:
    """The section to compute and draw: only that one, which keeps a slider release cheap on the server."""
    sections = LECTURE_SECTIONS + (EXTRA_SECTIONS if extras else ())
    key = session_key(page, "section")
    if st.session_state.get(key) not in sections:  # e.g. label smoothing was open when lecture mode came on
        st.session_state[key] = sections[0]
    return (
        st.segmented_control(
            _("Go deeper"), sections, format_func=lambda section: _(SECTION_LABELS[section]), key=key, required=True
        )
        or sections[0]
    )


def lit_step(page: str, section: str, report: SoftmaxReport) -> Step | None:
    """The worked example's current step while its section is open (the logit lab and the numbers table light
    what it is about), else None."""
    return current_step(page, report)[1] if section == STEP_BY_STEP else None


GUESS_RAISE = "guess_raise"


def step_by_step_frame(page: str, example: Example) -> tuple[DeltaGenerator, DeltaGenerator]:
    """The step-by-step section's parts that do not follow the logits: the walk's buttons, title and formula, the
    code's heading, the guess's question. Returns the places for the walk's numbers and for the code
    (:func:`step_by_step` draws them, and the guess's answer under its question)."""
    walk, code = st.columns(2, gap="medium")
    with walk:
        report = softmax.analyse(example.logits, example.target, example.temperature, example.label_smoothing)
        walk_numbers = worked_example_frame(page, report)
    with code:
        st.markdown(_("**The lecture's numpy code**, with the numbers above: it prints the loss."))
        code_place = st.container()
    predict(
        session_key(page, GUESS_RAISE),
        _("z0 goes up by 1: does p1 go up or down?"),
        (_("Up"), _("Down"), _("It stays the same")),
    )
    return walk_numbers, code_place


def step_by_step(
    page: str, example: Example, report: SoftmaxReport, places: tuple[DeltaGenerator, DeltaGenerator]
) -> None:
    """The slides' walk beside the lecture's numpy code (the numbers table under the logit lab lights each step's
    cells), in the places :func:`step_by_step_frame` left, and the guess's answer."""
    walk_numbers, code_place = places
    with walk_numbers:
        worked_example_numbers(page, report)
    with code_place:
        st.code(snippets.lecture_numpy_snippet(example), language="python", wrap_lines=True)
    raised = softmax.softmax([example.logits[0] + 1, *example.logits[1:]], example.temperature)
    reveal(
        st.session_state.get(session_key(page, GUESS_RAISE)),
        _("Down"),
        _(
            "p1 goes from {before:.4f} to {after:.4f}. The probabilities share one total of 1: "
            "raising z0 grows e^z0, the sum under every fraction, so every other class loses a share."
        ).format(before=report.probabilities[1], after=raised[1]),
    )


def cross_entropy_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The lecture's torch code and notes, its closing picture, Exercise 9-1 and the classic mistake."""
    check = softmax.exercise_9_1(example.logits, example.target)
    code, notes = st.columns([3, 2], gap="medium")
    with code:
        st.markdown(_("**The lecture's torch code**, with the numbers above:"))
        st.code(snippets.lecture_torch_snippet(example), language="python", wrap_lines=True)
    with notes:
        st.markdown(
            _(
                "- `CrossEntropyLoss` takes the **raw logits** z: no softmax before it, it applies log-softmax "
                "itself.\n"
                "- The target is the true **class index** as a `LongTensor` (`y = torch.LongTensor([0])`), not "
                "one-hot.\n"
                "- `NLLLoss` takes **log-probabilities** and applies no log: it only picks −input[y] and averages."
            )
        )
        negated = f"−z[y] = {check.nll_of_logits:.4f}"
        predict_then_reveal(
            session_key(page, "guess_nll"),
            _("what does NLLLoss return on the raw logits z (no log_softmax first)?"),
            (
                _("The cross-entropy {value:.4f}").format(value=check.cross_entropy),
                negated,
                _("An error"),
            ),
            negated,
            _(
                "NLLLoss(z, y) = {nll:.4f}: it takes no log and no softmax, it just negates the true "
                "class's input. Only NLLLoss(LogSoftmax(z), y) gives the loss {loss:.4f}."
            ).format(nll=check.nll_of_logits, loss=check.cross_entropy),
        )
    st.markdown(
        _("**The lecture's closing picture:** Softmax, then Log, then NLLLoss is CrossEntropyLoss in one step.")
    )
    chart(
        cross_entropy_pipeline(
            report.logits, report.probabilities, report.log_probabilities, example.target, check.cross_entropy
        ),
        _("Softmax, then log, then NLLLoss"),
        key=session_key(page, "ce_pipeline"),
        description=_("Softmax, log and NLLLoss in turn give the loss {loss:.4f}, CrossEntropyLoss's.").format(
            loss=check.cross_entropy
        ),
    )
    st.markdown(_("**Exercise 9-1:** three ways torch gets the same loss."))
    for column, (form, value) in zip(st.columns(3), check.forms().items(), strict=True):
        column.metric(form, f"{value:.6f}")
    st.markdown(_("Largest difference: **{difference:.1e}**.").format(difference=check.largest_difference))
    _the_classic_mistake(page, example, check)


def _the_classic_mistake(page: str, example: Example, check: softmax.Exercise91) -> None:
    """Softmax before CrossEntropyLoss: the loss it gives and the gradient it shrinks, beside the correct one."""
    st.subheader(_("The classic mistake: softmax before CrossEntropyLoss"))
    st.markdown(
        _(
            "CrossEntropyLoss(softmax(z), y) = **{mistake:.4f}** instead of {loss:.4f}: "
            "softmax is applied twice, the loss can never get near 0, and the gradient shrinks."
        ).format(mistake=check.mistake_loss, loss=check.cross_entropy)
    )
    correct, twice = _("correct ∂L/∂z"), _("softmax applied twice")
    chart(
        figures.compare_bars(
            {correct: check.gradient, twice: check.mistake_gradient},
            {correct: figures.SOFTMAX, twice: figures.PREDICTED_WRONG},
            "∂L/∂z",
            example.target,
        ),
        _("The gradient, correct and with softmax applied twice"),
        key=session_key(page, "mistake"),
    )


def mini_batch_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The lecture's mini-batch Y = [2, 0, 1]: the batch loss is the mean of its samples' losses."""
    st.markdown(_("**The lecture's mini-batch**: the loss of a batch is the **mean** of its samples' losses."))
    st.code(snippets.lecture_batch_snippet(), language="python")
    for column, (name, logits) in zip(
        st.columns(2), (("Y_pred1", LECTURE_Y_PRED1), ("Y_pred2", LECTURE_Y_PRED2)), strict=True
    ):
        mean, rows = softmax.batch_rows(logits, LECTURE_BATCH_TARGETS)
        column.metric(_("Batch loss of {name}").format(name=name), f"{mean:.4f}")
        # logits as one short text column, so the five columns fit half a projector's width
        column.dataframe(
            [{**row.__dict__, "logits": ", ".join(f"{z:g}" for z in row.logits)} for row in rows],
            hide_index=True,
            column_config={
                "sample": st.column_config.NumberColumn(_("sample")),
                "target": st.column_config.NumberColumn(_("target")),
                "p_target": st.column_config.NumberColumn(_("p_target"), format="%.4f"),
                "loss": st.column_config.NumberColumn(_("loss"), format="%.4f"),
            },
        )


# The overflow table's columns (SoftmaxReport.overflow_table's keys) as a person reads them.
OVERFLOW_COLUMNS = {
    "class": N_("class"),
    "naive e^z float32": N_("naive e^z float32"),
    "naive p float32": N_("naive p float32"),
    "naive e^z float64": N_("naive e^z float64"),
    "naive p float64": N_("naive p float64"),
    "torch p": N_("torch p"),
}


def numerical_stability_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """Where the textbook formula overflows, in float32 and float64, and why torch subtracts the max."""
    st.markdown(
        _(
            "The textbook formula e^z / Σ e^z overflows once a logit passes ≈ {float32:.1f} "
            "in float32, the lecture's tensors (e^89 = inf), and ≈ {float64:.1f} in float64 "
            "(e^710 = inf). torch subtracts the largest logit first (log-sum-exp), which changes nothing "
            "mathematically: try the **Overflow** preset."
        ).format(float32=softmax.OVERFLOW_AT["float32"], float64=softmax.OVERFLOW_AT["float64"])
    )
    st.dataframe(
        report.overflow_table(),
        hide_index=True,
        column_config={name: _(label) for name, label in OVERFLOW_COLUMNS.items()},
    )
    shift = st.slider(
        _("Add c to every logit"), -1000.0, 1000.0, 0.0, step=10.0, key=session_key(page, "stability_shift")
    )
    st.metric("max |softmax(z + c) − softmax(z)|", f"{report.shift_change(shift):.1e}")
    st.markdown(_("The lecture's numpy code, made safe by subtracting the max:"))
    st.code(snippets.safe_numpy_snippet(example), language="python")


def label_smoothing_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The smoothed target and the loss floor it sets (not in the lecture: an extra)."""
    st.markdown(
        _(
            "With ε = {eps:g} the target is q = (1 − ε)·onehot + ε/K. The best possible "
            "prediction is p = q, so the loss can never go below the entropy H(q)."
        ).format(eps=example.label_smoothing)
    )
    st.metric(_("Loss floor H(q)"), f"{report.loss_floor:.4f}")
    target, prediction = _("target q"), _("prediction p")
    chart(
        figures.compare_bars(
            {target: report.target_distribution, prediction: report.probabilities},
            {target: figures.TRUE_CLASS, prediction: figures.SOFTMAX},
            _("probability"),
            example.target,
        ),
        _("Smoothed target q beside the prediction p"),
        key=session_key(page, "smoothing"),
    )


SECTIONS = {  # the sections drawn whole by the fragment that follows the logits
    "CrossEntropyLoss": cross_entropy_section,
    "Mini-batch": mini_batch_section,
    "Numerical stability": numerical_stability_section,
    "Label smoothing": label_smoothing_section,
}
SectionPlaces = tuple[DeltaGenerator, DeltaGenerator] | None


def section_frame(section: str, page: str, example: Example) -> SectionPlaces:
    """Draw the open section's parts that do not follow the logits, where a move does not redraw them (only the
    step-by-step section has any); returns the places for the rest (:func:`draw_section`)."""
    return step_by_step_frame(page, example) if section == STEP_BY_STEP else None


def draw_section(section: str, page: str, example: Example, report: SoftmaxReport, places: SectionPlaces) -> None:
    """Draw the open section's numbers, in the places its frame left, or all of it."""
    if places is not None:
        step_by_step(page, example, report, places)
    else:
        SECTIONS[section](page, example, report)
