import streamlit as st

from explainer.figures import style as figures
from explainer.links import Example
from explainer.maths import formulas, snippets, softmax
from explainer.ui import common as ui
from explainer.ui import logit_controls
from explainer.ui.logit_lab import logit_lab

PAGE = "softmax"
LECTURE = Example(softmax.LECTURE_LOGITS, softmax.LECTURE_TARGET)
PRESETS = {
    "Lecture z = 0.2, 0.1, −0.1": LECTURE,
    "Lecture batch, row 0": Example(softmax.LECTURE_Y_PRED1[0], softmax.LECTURE_BATCH_TARGETS[0]),
    "Overflow ±1000": Example((1000.0, -1000.0, 0.0), 0),
}

ui.page_header(
    "Softmax and cross-entropy",
    "Drag the true class's logit up: its probability rises, every other one falls, and the loss drops.",
)
controls, view = st.columns([2, 3], gap="large")
with controls:
    example = logit_controls.logit_controls(PAGE, LECTURE, ("logits", "target", "T", "eps"), PRESETS)
report = softmax.analyse(example.logits, example.target, example.temperature, example.label_smoothing)

with view:
    logit_lab(PAGE, example, "softmax")
    st.caption(
        "Green: true class (green dash: target q) · vermillion: predicted class when wrong · "
        "gradient: purple > 0 > blue. Gradient descent moves each logit against its gradient."
    )
    st.latex(formulas.softmax_latex(report))
    st.latex(formulas.loss_latex(report))
    st.latex(formulas.gradient_latex(report))

# Only the chosen section is computed and drawn (unlike st.tabs), which keeps the sliders snappy.
section = st.segmented_control(
    "Go deeper",
    ["Numbers", "Mini-batch", "Exercise 9-1", "Numerical stability", "Label smoothing", "Show the code"],
    default="Numbers",
    key="softmax:section",
)
if section == "Numbers":
    st.dataframe(report.table(), hide_index=True)
elif section == "Mini-batch":
    st.markdown("`Y = torch.LongTensor([2, 0, 1])`; the loss of a batch is the **mean** of its samples' losses.")
    for name, logits in (("Y_pred1", softmax.LECTURE_Y_PRED1), ("Y_pred2", softmax.LECTURE_Y_PRED2)):
        mean, rows = softmax.batch_rows(logits, softmax.LECTURE_BATCH_TARGETS)
        st.metric(f"Batch loss of {name}", f"{mean:.4f}")
        st.dataframe([row.__dict__ for row in rows], hide_index=True)
elif section == "Exercise 9-1":
    check = softmax.exercise_9_1(example.logits, example.target)
    for column, (form, value) in zip(st.columns(3), check.forms().items(), strict=True):
        column.metric(form, f"{value:.6f}")
    st.markdown(
        f"Largest difference: **{check.largest_difference:.1e}**"
        " — CrossEntropyLoss *is* LogSoftmax followed by NLLLoss."
    )
    st.subheader("The classic mistake: softmax before CrossEntropyLoss")
    st.markdown(
        f"CrossEntropyLoss(softmax(z), y) = **{check.mistake_loss:.4f}** instead of {check.cross_entropy:.4f}: "
        "softmax is applied twice, the loss can never get near 0, and the gradient shrinks."
    )
    st.plotly_chart(
        figures.compare_bars(
            {"correct ∂L/∂z": check.gradient, "softmax applied twice": check.mistake_gradient},
            {"correct ∂L/∂z": figures.SOFTMAX, "softmax applied twice": figures.PREDICTED_WRONG},
            "∂L/∂z",
            example.target,
        ),
    )
elif section == "Numerical stability":
    st.markdown(
        f"The textbook formula e^z / Σ e^z overflows once a logit passes ≈ {softmax.OVERFLOW_AT['float32']:.1f} "
        f"in float32, the lecture's tensors (e^89 = inf), and ≈ {softmax.OVERFLOW_AT['float64']:.1f} in float64 "
        "(e^710 = inf). torch subtracts the largest logit first (log-sum-exp), which changes nothing "
        "mathematically: try the **Overflow** preset."
    )
    st.dataframe(report.overflow_table(), hide_index=True)
    shift = st.slider("Add c to every logit", -1000.0, 1000.0, 0.0, step=10.0, key="softmax:stability_shift")
    st.metric("max |softmax(z + c) − softmax(z)|", f"{report.shift_change(shift):.1e}")
elif section == "Label smoothing":
    st.markdown(
        f"With ε = {example.label_smoothing:g} the target is q = (1 − ε)·onehot + ε/K. The best possible "
        f"prediction is p = q, so the loss can never go below the entropy H(q)."
    )
    st.metric("Loss floor H(q)", f"{report.loss_floor:.4f}")
    st.plotly_chart(
        figures.compare_bars(
            {"target q": report.target_distribution, "prediction p": report.probabilities},
            {"target q": figures.TRUE_CLASS, "prediction p": figures.SOFTMAX},
            "probability",
            example.target,
        ),
    )
elif section == "Show the code":
    st.markdown("Copy, run, and get the numbers above.")
    st.code(snippets.numpy_snippet(example), language="python")
    st.code(snippets.torch_snippet(example), language="python")
