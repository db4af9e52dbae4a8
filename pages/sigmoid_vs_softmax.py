import numpy as np
import streamlit as st

from explainer.figures import style as figures
from explainer.links import Example, resize
from explainer.maths import softmax
from explainer.ui import common as ui
from explainer.ui import logit_controls
from explainer.ui.lecture import lesson_footer

PAGE = "sigmoid_vs_softmax"
DEFAULT = Example((2.0, 1.0, 0.0), 0)
PRESETS = {
    "Three classes: 2, 1, 0": DEFAULT,
    "Ten classes, like MNIST": Example((1.5, -0.5, 0.3, 2.2, -1.0, 0.0, 0.8, -2.0, 1.1, -0.3), 3),
    "All logits high": Example((6.0, 5.0, 5.5, 4.0), 0),
    "Clamping trap: z = 1000": Example((1000.0, 0.0, -2.0), 1),
}

ui.page_header(
    "Why not ten sigmoids?",
    "Raise one logit: the softmax bars make room for it, the sigmoid bars do not even notice.",
)
controls, view = st.columns([2, 3], gap="large")
with controls:
    example = logit_controls.logit_controls(PAGE, DEFAULT, ("logits", "target", "shift"), PRESETS)
before = logit_controls.previous_example(PAGE, example)
sigmoids = f"{example.num_classes} sigmoids"
colors = {sigmoids: figures.SIGMOID, "1 softmax": figures.SOFTMAX}
now = softmax.sigmoid_vs_softmax(example.logits, example.target, example.shift)

with view:
    sig_col, soft_col = st.columns(2)
    sig_col.metric(f"Σ of {example.num_classes} sigmoids", f"{now.sigmoid_sum:.4f}", help="Anywhere in (0, K)")
    soft_col.metric("Σ of softmax", f"{now.softmax_sum:.4f}", help="Always 1: a distribution")
    st.plotly_chart(
        figures.compare_bars({sigmoids: now.sigmoid, "1 softmax": now.softmax}, colors, "probability", example.target)
    )
    if before.logits != example.logits or before.shift != example.shift:
        was = softmax.sigmoid_vs_softmax(resize(before, example.num_classes).logits, example.target, before.shift)
        st.markdown("**What your last move changed:** softmax probabilities compete, sigmoids do not.")
        st.plotly_chart(
            figures.compare_bars(
                {sigmoids: now.sigmoid - was.sigmoid, "1 softmax": now.softmax - was.softmax},
                colors,
                "change in probability",
                example.target,
            )
        )
    else:
        st.info("Move a logit or the shift c to see which probabilities change.", icon=":material/touch_app:")

two_classes, losses = st.columns(2, gap="large")
with two_classes:
    st.subheader("Two classes: softmax is the sigmoid")
    z = np.linspace(-8, 8, 161)
    sig, soft = softmax.two_class_curves(z)
    st.plotly_chart(
        figures.curves(
            z,
            {"sigmoid(z)": sig, "softmax([z, 0])[0]": soft},
            {"sigmoid(z)": figures.SIGMOID, "softmax([z, 0])[0]": figures.SOFTMAX},
            "logit difference z",
            "P(class 0)",
        )
    )
    st.caption(
        f"Largest gap between the curves: {np.abs(sig - soft).max():.1e}. Binary logistic regression "
        "(the previous lecture, the diabetes data) is a two-class softmax classifier."
    )
with losses:
    st.subheader("The loss side")
    bce_col, ce_col = st.columns(2)
    bce_col.metric("Σ BCE of the sigmoids", f"{now.losses.bce_with_logits.sum():.4f}")
    ce_col.metric("Softmax cross-entropy", f"{now.cross_entropy:.4f}")
    st.plotly_chart(
        figures.compare_bars(
            {"BCELoss(sigmoid(z))": now.losses.bce, "BCEWithLogitsLoss(z)": now.losses.bce_with_logits},
            {"BCELoss(sigmoid(z))": figures.OTHER_CLASS, "BCEWithLogitsLoss(z)": figures.SIGMOID},
            "loss per class",
            example.target,
        )
    )
    st.markdown(
        "Ten sigmoids are trained with one binary cross-entropy per class. `BCELoss` takes probabilities and "
        "clamps log at −100, so BCELoss(sigmoid(1000), 0) is **100**; `BCEWithLogitsLoss` takes the logit and "
        "gives the exact **1000**. Try the *Clamping trap* preset."
    )

lesson_footer("sigmoid_vs_softmax")
