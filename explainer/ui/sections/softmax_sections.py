"""The softmax page's 'Go deeper' sections: which ones it offers (lecture mode, ``extras=False``, drops the
extras) and how each one draws. Only the chosen section is computed, which keeps a slider release cheap."""

from __future__ import annotations

import streamlit as st

from explainer.figures import style as figures
from explainer.figures.pipeline import cross_entropy_pipeline
from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_Y_PRED1, LECTURE_Y_PRED2
from explainer.links import Example
from explainer.maths import snippets, softmax
from explainer.maths.softmax import SoftmaxReport
from explainer.maths.worked_example import Step
from explainer.ui.sections.predict import predict_then_reveal
from explainer.ui.sections.worked_example import current_step, worked_example
from explainer.ui.shell.accessibility import chart
from explainer.ui.shell.session_keys import session_key

STEP_BY_STEP = "Step by step"
LECTURE_SECTIONS = (STEP_BY_STEP, "CrossEntropyLoss", "Mini-batch", "Numerical stability")
EXTRA_SECTIONS = ("Label smoothing",)  # not in the lecture


def choose_section(page: str, extras: bool = True) -> str:
    """The section to compute and draw: only that one, which keeps a slider release cheap on the server."""
    sections = LECTURE_SECTIONS + (EXTRA_SECTIONS if extras else ())
    key = session_key(page, "section")
    if st.session_state.get(key) not in sections:  # e.g. label smoothing was open when lecture mode came on
        st.session_state[key] = sections[0]
    return st.segmented_control("Go deeper", sections, key=key, required=True) or sections[0]


def lit_step(page: str, section: str, report: SoftmaxReport) -> Step | None:
    """The worked example's current step while its section is open (the logit lab and the numbers table light
    what it is about), else None."""
    return current_step(page, report)[1] if section == STEP_BY_STEP else None


def step_by_step(page: str, example: Example, report: SoftmaxReport) -> None:
    """The slides' walk beside the lecture's numpy code (the numbers table under the logit lab lights each step's
    cells), and a guess."""
    walk, code = st.columns(2, gap="medium")
    with walk:
        worked_example(page, report)
    with code:
        st.markdown("**The lecture's numpy code**, with the numbers above: it prints the loss.")
        st.code(snippets.lecture_numpy_snippet(example), language="python", wrap_lines=True)
    raised = softmax.softmax([example.logits[0] + 1, *example.logits[1:]], example.temperature)
    predict_then_reveal(
        session_key(page, "guess_raise"),
        "z0 goes up by 1: does p1 go up or down?",
        ("Up", "Down", "It stays the same"),
        "Down",
        f"p1 goes from {report.probabilities[1]:.4f} to {raised[1]:.4f}. The probabilities share one total of 1: "
        "raising z0 grows e^z0, the sum under every fraction, so every other class loses a share.",
    )


def cross_entropy_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The lecture's torch code and notes, its closing picture, Exercise 9-1 and the classic mistake."""
    check = softmax.exercise_9_1(example.logits, example.target)
    code, notes = st.columns([3, 2], gap="medium")
    with code:
        st.markdown("**The lecture's torch code**, with the numbers above:")
        st.code(snippets.lecture_torch_snippet(example), language="python", wrap_lines=True)
    with notes:
        st.markdown(
            "- `CrossEntropyLoss` takes the **raw logits** z: no softmax before it, it applies log-softmax itself.\n"
            "- The target is the true **class index** as a `LongTensor` (`y = torch.LongTensor([0])`), not one-hot.\n"
            "- `NLLLoss` takes **log-probabilities** and applies no log: it only picks −input[y] and averages."
        )
        predict_then_reveal(
            session_key(page, "guess_nll"),
            "what does NLLLoss return on the raw logits z (no log_softmax first)?",
            (f"The cross-entropy {check.cross_entropy:.4f}", f"−z[y] = {check.nll_of_logits:.4f}", "An error"),
            f"−z[y] = {check.nll_of_logits:.4f}",
            f"NLLLoss(z, y) = {check.nll_of_logits:.4f}: it takes no log and no softmax, it just negates the true "
            f"class's input. Only NLLLoss(LogSoftmax(z), y) gives the loss {check.cross_entropy:.4f}.",
        )
    st.markdown("**The lecture's closing picture:** Softmax, then Log, then NLLLoss is CrossEntropyLoss in one step.")
    chart(
        cross_entropy_pipeline(
            report.logits, report.probabilities, report.log_probabilities, example.target, check.cross_entropy
        ),
        "Softmax, then log, then NLLLoss",
        key=session_key(page, "ce_pipeline"),
        description=f"Softmax, log and NLLLoss in turn give the loss {check.cross_entropy:.4f}, CrossEntropyLoss's.",
    )
    st.markdown("**Exercise 9-1:** three ways torch gets the same loss.")
    for column, (form, value) in zip(st.columns(3), check.forms().items(), strict=True):
        column.metric(form, f"{value:.6f}")
    st.markdown(f"Largest difference: **{check.largest_difference:.1e}**.")
    st.subheader("The classic mistake: softmax before CrossEntropyLoss")
    st.markdown(
        f"CrossEntropyLoss(softmax(z), y) = **{check.mistake_loss:.4f}** instead of {check.cross_entropy:.4f}: "
        "softmax is applied twice, the loss can never get near 0, and the gradient shrinks."
    )
    chart(
        figures.compare_bars(
            {"correct ∂L/∂z": check.gradient, "softmax applied twice": check.mistake_gradient},
            {"correct ∂L/∂z": figures.SOFTMAX, "softmax applied twice": figures.PREDICTED_WRONG},
            "∂L/∂z",
            example.target,
        ),
        "The gradient, correct and with softmax applied twice",
        key=session_key(page, "mistake"),
    )


def mini_batch_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The lecture's mini-batch Y = [2, 0, 1]: the batch loss is the mean of its samples' losses."""
    st.markdown("**The lecture's mini-batch**: the loss of a batch is the **mean** of its samples' losses.")
    st.code(snippets.lecture_batch_snippet(), language="python")
    for column, (name, logits) in zip(
        st.columns(2), (("Y_pred1", LECTURE_Y_PRED1), ("Y_pred2", LECTURE_Y_PRED2)), strict=True
    ):
        mean, rows = softmax.batch_rows(logits, LECTURE_BATCH_TARGETS)
        column.metric(f"Batch loss of {name}", f"{mean:.4f}")
        # logits as one short text column, so the five columns fit half a projector's width
        column.dataframe(
            [{**row.__dict__, "logits": ", ".join(f"{z:g}" for z in row.logits)} for row in rows],
            hide_index=True,
            column_config={
                "p_target": st.column_config.NumberColumn(format="%.4f"),
                "loss": st.column_config.NumberColumn(format="%.4f"),
            },
        )


def numerical_stability_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """Where the textbook formula overflows, in float32 and float64, and why torch subtracts the max."""
    st.markdown(
        f"The textbook formula e^z / Σ e^z overflows once a logit passes ≈ {softmax.OVERFLOW_AT['float32']:.1f} "
        f"in float32, the lecture's tensors (e^89 = inf), and ≈ {softmax.OVERFLOW_AT['float64']:.1f} in float64 "
        "(e^710 = inf). torch subtracts the largest logit first (log-sum-exp), which changes nothing "
        "mathematically: try the **Overflow** preset."
    )
    st.dataframe(report.overflow_table(), hide_index=True)
    shift = st.slider("Add c to every logit", -1000.0, 1000.0, 0.0, step=10.0, key=session_key(page, "stability_shift"))
    st.metric("max |softmax(z + c) − softmax(z)|", f"{report.shift_change(shift):.1e}")
    st.markdown("The lecture's numpy code, made safe by subtracting the max:")
    st.code(snippets.safe_numpy_snippet(example), language="python")


def label_smoothing_section(page: str, example: Example, report: SoftmaxReport) -> None:
    """The smoothed target and the loss floor it sets (not in the lecture: an extra)."""
    st.markdown(
        f"With ε = {example.label_smoothing:g} the target is q = (1 − ε)·onehot + ε/K. The best possible "
        f"prediction is p = q, so the loss can never go below the entropy H(q)."
    )
    st.metric("Loss floor H(q)", f"{report.loss_floor:.4f}")
    chart(
        figures.compare_bars(
            {"target q": report.target_distribution, "prediction p": report.probabilities},
            {"target q": figures.TRUE_CLASS, "prediction p": figures.SOFTMAX},
            "probability",
            example.target,
        ),
        "Smoothed target q beside the prediction p",
        key=session_key(page, "smoothing"),
    )


SECTIONS = {
    STEP_BY_STEP: step_by_step,
    "CrossEntropyLoss": cross_entropy_section,
    "Mini-batch": mini_batch_section,
    "Numerical stability": numerical_stability_section,
    "Label smoothing": label_smoothing_section,
}


def draw_section(section: str, page: str, example: Example, report: SoftmaxReport) -> None:
    SECTIONS[section](page, example, report)
