import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.i18n import N_, _
from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_LOGITS, LECTURE_TARGET, LECTURE_Y_PRED1
from explainer.links import Example
from explainer.maths import formulas, softmax
from explainer.server.process import fragment
from explainer.ui import class_room
from explainer.ui.components.logit_lab import logit_lab
from explainer.ui.components.numbers_table import overflow_note, table
from explainer.ui.sections import logit_controls
from explainer.ui.sections.softmax_sections import (
    SectionPlaces,
    choose_section,
    draw_section,
    lit_step,
    section_frame,
)
from explainer.ui.sections.worked_example import lab_panel
from explainer.ui.shell.accessibility import announce
from explainer.ui.shell.lecture import lecture_mode
from explainer.ui.shell.page_frame import lesson_footer, page_header, picture_first_columns

PAGE = "softmax"
LECTURE = Example(LECTURE_LOGITS, LECTURE_TARGET)
PRESETS = {  # the names are keys: the preset buttons show _(name)
    N_("Lecture z"): LECTURE,
    N_("Batch row 0"): Example(LECTURE_Y_PRED1[0], LECTURE_BATCH_TARGETS[0]),
    N_("Overflow ±1000"): Example((1000.0, -1000.0, 0.0), 0),
}

page_header(
    PAGE,
    _("Drag the true class's logit up: its probability rises, the others fall, the loss drops."),
)


@fragment()
def the_example() -> None:
    """The example's shape (presets, classes, true class, knobs): a change there redraws the whole picture."""
    controls, view = picture_first_columns([2, 3])
    with controls:
        logits_place = logit_controls.example_controls(PAGE, LECTURE, PRESETS, extras=not lecture_mode())
    with view:
        picture_place = st.container()
        st.caption(
            _(
                "Gradient descent moves each logit against its gradient: down where ∂L/∂z > 0 (purple), "
                "up where it is < 0 (blue)."
            )
        )
    follows_the_section(logits_place, picture_place)


@fragment()
def follows_the_section(logits_place: DeltaGenerator, picture_place: DeltaGenerator) -> None:
    """The section open below and what in it does not follow the logits (a step's buttons, title and formula): a
    teacher's move within the page (a section, a step) reruns this, not the example's shape."""
    # Only the chosen section is computed and drawn (unlike st.tabs), which keeps the sliders snappy.
    section = choose_section(PAGE, extras=not lecture_mode())
    # In a container of its own: Streamlit names a fragment by where it is called, and the inner one must keep its
    # name (and the places it writes into) whatever the frame holds (a guess answered draws one element fewer).
    with st.container():
        section_places = section_frame(section, PAGE, logit_controls.current_example(PAGE))
    follows_the_logits(logits_place, picture_place, section, section_places)
    class_room.follow_in_fragment(PAGE)  # last: a teacher's Next redraws this fragment, once it has all been drawn


@fragment()
def follows_the_logits(
    logits_place: DeltaGenerator, picture_place: DeltaGenerator, section: str, section_places: SectionPlaces
) -> None:
    """Everything that depends on the logits: a release or a slider move reruns only this, not the example's shape
    nor the section's frame, in the places the outer fragments left for it (issue 32: their widgets were a third of
    a move's cost)."""
    with logits_place:
        example = logit_controls.logit_inputs(PAGE)
    report = softmax.analyse(example.logits, example.target, example.temperature, example.label_smoothing)
    step = lit_step(PAGE, section, report)

    with picture_place:
        # the numbers table right under the bars, in the same component: pointing at one lights the other
        logit_lab(PAGE, example, "softmax", highlight=lab_panel(step), table=table(report, step))
        if report.predicted == example.target:
            result = _("Loss {loss:.4f}. Predicted class {predicted}, right; p of the true class {target}: {p:.4f}.")
        else:
            result = _("Loss {loss:.4f}. Predicted class {predicted}, wrong; p of the true class {target}: {p:.4f}.")
        announce(
            f"{PAGE}:result",
            result.format(
                loss=report.loss,
                predicted=report.predicted,
                target=example.target,
                p=report.probabilities[example.target],
            ),
        )
        overflow_note(report)
        st.latex(formulas.lab_formulas(report))

    draw_section(section, PAGE, example, report, section_places)
    class_room.note_drawn(PAGE)  # a student's own Next reruns only this


the_example()

lesson_footer("softmax")
