"""The logit pages' controls: presets, the class count, one slider per logit, a text field, the true class, knobs.

State on the logit pages has one home: an :class:`~explainer.links.Example` in
``st.session_state["<page>:example"]``. Widgets are views of it: they are written from it before
they are drawn and write back to it in their ``on_change`` callbacks, so a preset, a text field and a
slider can all change the same logits without fighting. The URL query mirrors it after every run.
The controls come in two halves, each drawn by its own fragment of the page: :func:`example_controls` (the example's
shape) and, inside it, :func:`logit_inputs` (what a move changes).
Every range and message comes from the parameter's one declaration in :data:`explainer.links.LINKS`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import replace

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from explainer.i18n import N_, _
from explainer.lesson import PAGES_DIR
from explainer.links import (
    LINK_OWNERS,
    LINKS,
    LOGIT_LIMIT,
    MAX_CLASSES,
    MIN_CLASSES,
    Example,
    InputError,
    example_from_query,
    example_to_query,
    resize,
    softmax_page_logits,
)
from explainer.ui.shell import link_state
from explainer.ui.shell.session_keys import session_key

NARROW_RANGE = 10.0  # slider range for everyday logits; wider ones get a range just wider than the largest |z|
# (limit, step) beyond ±10: 200 to 400 steps each, fine enough to drag, coarse enough to reach the ends
WIDE_RANGES = ((20.0, 0.1), (50.0, 0.25), (100.0, 0.5), (200.0, 1.0), (500.0, 2.5), (LOGIT_LIMIT, 5.0))
KNOBS = ("T", "eps", "shift")  # the single-number link parameters a logit page may show as sliders
TRUE_CLASS = N_("z{k} (true class)")  # the true class's slider label, e.g. "z0 (true class)"
EXTRA_KNOBS = ("T", "eps")  # knobs the lecture never mentions: hidden in lecture mode


def current_example(page: str) -> Example:
    return st.session_state[session_key(page, "example")]


def set_example(page: str, example: Example) -> None:
    """Replace the page's example (for presets and 'open in the softmax page' links)."""
    st.session_state[session_key(page, "example")] = example
    st.session_state.pop(session_key(page, "text_error"), None)


def _opener(page: str, default: Example) -> link_state.Opener:
    """How a link sets the page's example: the parameters it carries over the page's default."""

    def open_link(link: Mapping[str, str]) -> list[str]:
        example, errors = example_from_query(link, default, LINK_OWNERS[page])
        set_example(page, example)
        return errors

    return open_link


def _update(page: str, **changes: object) -> None:
    set_example(page, replace(current_example(page), **changes))


def _on_slider(page: str, index: int) -> None:
    logits = list(current_example(page).logits)
    if index >= len(logits):  # a slider of a run cut short (a click in a fragment) after the classes were fewer
        return
    logits[index] = float(st.session_state[session_key(page, f"z{index}")])
    _update(page, logits=tuple(logits))


def _on_text(page: str) -> None:
    text = st.session_state[session_key(page, "logits_text")]
    try:
        logits = LINKS["logits"].parse(text)
    except InputError as error:
        st.session_state[session_key(page, "text_error")] = str(error)  # said in a sentence where it is shown
        return
    example = current_example(page)
    set_example(page, replace(example, logits=logits, target=min(example.target, len(logits) - 1)))


def _on_num_classes(page: str) -> None:
    set_example(page, resize(current_example(page), st.session_state[session_key(page, "K")]))


def _on_field(page: str, field: str) -> None:
    _update(page, **{field: st.session_state[session_key(page, field)]})


def _bind(page: str, name: str, value: object) -> str:
    """Write the model value into the widget's key before the widget is drawn; return the key."""
    key = session_key(page, name)
    if st.session_state.get(key) != value:  # only on a real change: rewriting it would fight fast slider moves
        st.session_state[key] = value
    return key


def slider_range(logits: tuple[float, ...]) -> tuple[float, float]:
    """(limit, step) of the logit sliders: ±10 in steps of 0.1, else the first range past the largest |z|.

    Trained logits (say ±14) get ±20 in steps of 0.1 rather than ±1000 in steps of 1.

    >>> slider_range((0.2, 0.1)), slider_range((14.2, -3.0)), slider_range((120.0, 0.0)), slider_range((1000.0,))
    ((10.0, 0.1), (20.0, 0.1), (200.0, 1.0), (1000.0, 5.0))
    """
    largest = max(abs(z) for z in logits)
    if largest <= NARROW_RANGE:
        return NARROW_RANGE, 0.1
    return next((limit, step) for limit, step in WIDE_RANGES if largest <= limit)


def clipped_to_narrow_range(example: Example) -> Example:
    """The example with every logit clipped into ±NARROW_RANGE: the way back to the everyday sliders."""
    return replace(example, logits=tuple(min(NARROW_RANGE, max(-NARROW_RANGE, z)) for z in example.logits))


def _preset_buttons(page: str, presets: dict[str, Example]) -> None:
    # A row that wraps: each button as wide as its label, so no label is ever cut off on a projector.
    with st.container(horizontal=True, gap="small"):
        for label, example in presets.items():
            st.button(
                _(label),  # the page marks its presets' names; the key stays the English name
                on_click=set_example,
                args=(page, example),
                help=_("Logits {logits}, true class {target}").format(
                    logits=LINKS["logits"].format(example.logits), target=example.target
                ),
                key=session_key(page, label),
            )


def _class_controls(page: str, example: Example) -> None:
    """How many classes, and which one is true."""
    st.slider(
        _("Number of classes K"),
        MIN_CLASSES,
        MAX_CLASSES,
        key=_bind(page, "K", example.num_classes),
        on_change=_on_num_classes,
        args=(page,),
    )
    st.radio(
        _("True class y"),
        range(example.num_classes),
        horizontal=True,
        key=_bind(page, "target", example.target),
        on_change=_on_field,
        args=(page, "target"),
    )


def _logit_sliders(page: str, example: Example) -> None:
    """One slider per logit over :func:`slider_range`; wide logits get a button back to ±10."""
    limit, step = slider_range(example.logits)
    if limit > NARROW_RANGE:
        st.caption(_("The sliders span ±{limit:g} (step {step:g}) to fit these logits.").format(limit=limit, step=step))
        st.button(
            _("Clip to ±{limit:g}").format(limit=NARROW_RANGE),
            help=_("Back to the everyday sliders: every logit beyond ±{limit:g} is set to ±{limit:g}.").format(
                limit=NARROW_RANGE
            ),
            on_click=set_example,
            args=(page, clipped_to_narrow_range(example)),
            icon=":material/zoom_in:",
            key=session_key(page, "narrow"),
        )
    # Two columns past five classes, else where the sliders are drawn (st.columns(1) was two more elements a move)
    slider_columns = st.columns(2) if example.num_classes > 5 else [st]
    for i in range(example.num_classes):
        slider_columns[i % len(slider_columns)].slider(
            _(TRUE_CLASS).format(k=i) if i == example.target else f"z{i}",
            -limit,
            limit,
            # the key's value wins; a value given spares Streamlit a copy of the session state (issue 32)
            value=example.logits[i],
            step=step,
            key=_bind(page, f"z{i}", example.logits[i]),
            on_change=_on_slider,
            args=(page, i),
        )


def _logits_text(page: str, example: Example) -> None:
    """Exact values by typing; a bad text leaves the logits as they were and says what to fix."""
    param = LINKS["logits"]
    st.text_input(
        _("Logits as text ({rule})").format(rule=_(param.help)),
        key=_bind(page, "logits_text", param.format(example.logits)),
        on_change=_on_text,
        args=(page,),
        help=_("Type exact values, e.g. 1000, -1000, 0 to see numerical overflow."),
    )
    if text_error := st.session_state.get(session_key(page, "text_error")):
        st.error(_("{error} The logits were left as they were.").format(error=text_error), icon=":material/error:")


def _knob(page: str, name: str, example: Example) -> None:
    """A slider over the parameter's declared range (a link can never carry a value outside it)."""
    param = LINKS[name]
    st.slider(
        _(param.label),  # links.py marks every parameter's label and help
        float(param.low),
        float(param.high),
        step=param.step,
        help=_(param.help) if param.help else None,
        key=_bind(page, param.field, getattr(example, param.field)),
        on_change=_on_field,
        args=(page, param.field),
    )


def example_controls(
    page: str,
    default: Example,
    presets: dict[str, Example] | None = None,
    extras: bool = True,
) -> DeltaGenerator:
    """The example's shape: presets, the class count, the true class and the page's extra knobs.

    The page's link parameters (:data:`explainer.links.LINK_OWNERS`) say which knobs are drawn. ``extras=False``
    (lecture mode) leaves out the knobs the lecture does not teach (temperature, label smoothing).
    Returns the place, between the true class and the knobs, where :func:`logit_inputs` draws the logits.
    """
    link_state.open_once(page, _opener(page, default))
    link_state.link_warnings(page)
    if presets:
        _preset_buttons(page, presets)
    example = current_example(page)
    _class_controls(page, example)
    logits_place = st.container()
    for name in KNOBS:
        if name in LINK_OWNERS[page] and (extras or name not in EXTRA_KNOBS):
            _knob(page, name, example)
    return logits_place


def logit_inputs(page: str) -> Example:
    """One slider per logit and the text field, in the place :func:`example_controls` left for them; returns the
    example to show. The URL mirrors the example after every run.

    Drawn by a fragment inside the one that draws :func:`example_controls`, so that a move reruns only what follows
    the logits (issue 32: the shape's widgets were a third of a move's cost). A typed text can change the shape too
    (its count of logits, and so the true class): then the whole page is drawn again.
    """
    example = current_example(page)
    drawn_shape = (st.session_state.get(session_key(page, "K")), st.session_state.get(session_key(page, "target")))
    if drawn_shape != (example.num_classes, example.target):
        st.rerun(scope="app")
    _logit_sliders(page, example)
    _logits_text(page, example)
    link_state.write_back(LINK_OWNERS[page], example_to_query(example, LINK_OWNERS[page]))
    return example


def open_in_softmax_page(logits: Iterable[float], target: int) -> None:
    """Show a model's real logits for one example on the softmax page (from training, evaluation)."""
    link_state.open_on_page(
        "softmax", example_to_query(Example(softmax_page_logits(logits), target), ("logits", "target"))
    )
    st.switch_page(PAGES_DIR / "softmax.py")
