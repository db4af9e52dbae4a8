import streamlit as st

from explainer.data import digits
from explainer.data.drawing import DrawingError, preprocess
from explainer.figures import drawing as figures
from explainer.figures import softmax as softmax_figures
from explainer.figures.describe import probabilities_description
from explainer.i18n import _
from explainer.maths import softmax
from explainer.training.reading import read_digit
from explainer.ui import resources as ui
from explainer.ui.components.drawing_pad import drawing_pad
from explainer.ui.sections.digit_models import choose_model
from explainer.ui.sections.drawing_stages import preprocessing_steps
from explainer.ui.sections.logit_controls import open_in_softmax_page
from explainer.ui.shell.accessibility import announce, chart, describe
from explainer.ui.shell.page_frame import lesson_footer, page_header

page_header(
    "draw_digit",
    _("Draw a digit on the pad and watch the network read it: then draw it badly, and see what it thinks."),
)
pad_col, answer_col = st.columns([2, 3], gap="large")
TEST_DIGIT = "draw:test_digit"
with pad_col:
    pixels = drawing_pad("draw:pad", on_draw=lambda: st.session_state.pop(TEST_DIGIT, None))
    # Without a pointer (WCAG 2.5.7: dragging has an alternative): a handwritten digit from the test set instead.
    test_digit = st.selectbox(
        _("No mouse or pen? Take a test-set digit instead"),
        range(10),
        index=None,
        format_func=lambda k: _("a handwritten {digit} from the test set (a stroke on the pad replaces it)").format(
            digit=k
        ),
        placeholder=_("choose a digit"),
        key=TEST_DIGIT,
    )
    if test_digit is not None:
        mnist = ui.mnist_data("bundled")
        pixels = digits.enlarge(mnist.test_images[int(mnist.test_labels.tolist().index(test_digit))])
        announce(
            "draw:test_digit",
            _("Took a handwritten {digit} from the test set.").format(digit=test_digit),
            on_appear=True,
        )
    chosen = choose_model("draw:model")

try:
    stages = preprocess(pixels) if pixels is not None else None
except DrawingError as error:
    stages = None
    answer_col.warning(str(error), icon=":material/gesture:")
if stages is None:
    if pixels is None:
        answer_col.info(
            _("Draw one digit, 0 to 9, as large as the pad: the prediction appears when you lift the pen."),
            icon=":material/draw:",
        )
else:
    reading = read_digit(chosen.model, stages.normalized)
    with answer_col:
        (first, p_first), *runners_up = reading.top(3)
        reads_col, p_col = st.columns(2)
        known = st.session_state.get("draw:target")  # the true-class pills below, as last set
        verdict = None if known is None else (_("right") if first == known else _("wrong"))
        reads_col.metric(_("Prediction"), first, verdict, "green" if first == known else "red", delta_arrow="off")
        p_col.metric(f"p({first})", f"{p_first:.1%}")
        second, third = (f"**{k}** ({p:.1%})" for k, p in runners_up)  # top(3): two runners-up
        st.markdown(_("Then {second} and {third}").format(second=second, third=third))
        target = st.pills(_("True class: what did you draw? (shows the loss)"), list(range(10)), key="draw:target")
        st.plotly_chart(figures.probability_bars(reading.probabilities, target), key="draw:bars")
        description = probabilities_description(reading.probabilities, target)
        describe("draw-bars", _("The network's probability for each digit"), description)
        announce(
            "draw:reading", _("The network reads a {digit}. {description}").format(digit=first, description=description)
        )
        if st.button(_("Open in softmax page"), icon=":material/open_in_new:", key="draw:open"):
            open_in_softmax_page(reading.logits, reading.predicted if target is None else target)

    if target is not None:
        report = softmax.analyse(reading.logits, target)
        st.subheader(
            _("Cross-entropy loss of this drawing as a {target}: −log p({target}) = {loss:.3f}").format(
                target=target, loss=report.loss
            )
        )
        chart(softmax_figures.softmax_pipeline(report), _("Logits, probabilities and gradient"), key="draw:pipeline")
        st.caption(
            _(
                "Green: the true class · vermillion: the prediction when wrong · "
                "gradient ∂L/∂z = p − q: purple > 0 > blue. "
                "A training step on this drawing would push every logit against its gradient."
            )
        )

    st.subheader(_("Through the layers: a chain of matrix products and ReLUs"))
    chart(figures.layer_activations(reading.activations), _("Every layer's units, input to logits"), key="draw:layers")
    widths = " → ".join(str(len(a)) for a in reading.activations)
    st.caption(
        _(
            "{widths}: each panel is the one before times a weight matrix plus a bias, then ReLU (negative → 0, "
            'white; "on": the share of units above 0). '
            "Darker = larger; the indigo box is each layer's strongest unit. The logits' box is the prediction."
        ).format(widths=widths)
    )

    preprocessing_steps(stages)

lesson_footer("draw_digit")
