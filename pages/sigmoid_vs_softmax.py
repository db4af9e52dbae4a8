import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.i18n import N_, _
from explainer.links import Example
from explainer.maths import softmax
from explainer.server.process import fragment
from explainer.ui.components.logit_lab import logit_lab
from explainer.ui.sections import logit_controls
from explainer.ui.sections.loss_side import LossPlaces, loss_side, loss_side_frame
from explainer.ui.sections.predict import predict, reveal
from explainer.ui.sections.two_classes import two_classes
from explainer.ui.shell.accessibility import announce
from explainer.ui.shell.page_frame import lesson_footer, page_header, picture_first_columns

PAGE = "sigmoid_vs_softmax"
DEFAULT = Example((2.0, 1.0, 0.0), 0)
CLAMPING_TRAP = N_("Clamping trap")
PRESETS = {  # the names are keys: the preset buttons show _(name)
    "z = 2, 1, 0": DEFAULT,
    N_("Ten classes"): Example((1.5, -0.5, 0.3, 2.2, -1.0, 0.0, 0.8, -2.0, 1.1, -0.3), 3),
    N_("All logits high"): Example((6.0, 5.0, 5.5, 4.0), 0),
    CLAMPING_TRAP: Example((1000.0, 0.0, -2.0), 1),
}
STAYS = N_("It stays the same")
RAISE_OPTIONS = (N_("It rises"), N_("It falls"), STAYS)  # the radio's values; shown as _(option)

page_header(
    PAGE,
    _("Raise one logit: its own sigmoid rises, the other sigmoids stay put, every other softmax bar makes room."),
)


GUESS = f"{PAGE}:guess_raise"


@fragment()
def the_example() -> None:
    """The example's shape (presets, classes, true class, shift) and what does not follow the logits (the guess's
    question, the loss side's words): a change there redraws the whole picture, not the fixed two-class curves
    below."""
    controls, view = picture_first_columns([2, 3])
    with controls:
        logits_place = logit_controls.example_controls(PAGE, DEFAULT, PRESETS)
        guess = predict(GUESS, _("z1 goes up by 1: what happens to σ(z0)?"), RAISE_OPTIONS, format_func=_)
        answer_place = st.container()
    with view:
        picture_place = st.container()
        st.subheader(_("The loss side"))
        loss_places = loss_side_frame()
        st.markdown(
            _(
                "Ten sigmoids are trained with one binary cross-entropy per class. `BCELoss` takes probabilities and "
                "clamps log at −100, so BCELoss(sigmoid(1000), 0) is **100**; `BCEWithLogitsLoss` takes the logit "
                "and gives the exact **1000**. Try the *{preset}* preset."
            ).format(preset=_(CLAMPING_TRAP))
        )
    follows_the_logits(guess, logits_place, answer_place, picture_place, loss_places)


@fragment()
def follows_the_logits(
    guess: str | None,
    logits_place: DeltaGenerator,
    answer_place: DeltaGenerator,
    picture_place: DeltaGenerator,
    loss_places: LossPlaces,
) -> None:
    """Everything that depends on the logits: a release or a slider move reruns only this, in the places the_example
    left for it (issue 32). ``guess``: as the outer one drew it (a fragment can write into a container made outside
    it only if it did so in the outer one's run)."""
    with logits_place:
        example = logit_controls.logit_inputs(PAGE)
    now = softmax.sigmoid_vs_softmax(example.logits, example.target, example.shift)
    if guess is not None:
        raised = softmax.sigmoid_vs_softmax(
            [example.logits[0], example.logits[1] + 1, *example.logits[2:]], example.target, example.shift
        )
        with answer_place:
            reveal(
                guess,
                STAYS,
                _(
                    "σ(z0) stays {sigmoid:.4f}: each sigmoid looks only at its own logit. Softmax's p0 falls from "
                    "{before:.4f} to {after:.4f}: the softmax bars share one total of 1."
                ).format(sigmoid=now.sigmoid[0], before=now.softmax[0], after=raised.softmax[0]),
                format_func=_,
            )
    with picture_place:
        logit_lab(PAGE, example, "sigmoid")
        announce(
            f"{PAGE}:sums",
            _(
                "The sigmoids sum to {sigmoids:.4f}; softmax sums to {softmax:.4f}. Softmax cross-entropy {loss:.4f}."
            ).format(sigmoids=now.sigmoid.sum(), softmax=now.softmax.sum(), loss=now.cross_entropy),
        )
    loss_side(now, example.target, loss_places)


the_example()

two_classes(PAGE)

lesson_footer("sigmoid_vs_softmax")
