"""The logit lab: bars you drag, with softmax, loss and gradient recomputed in the browser while you drag.

The maths runs in ``logit_lab.js`` (float64, log-sum-exp) at display rate, so a drag costs the server
nothing; only on release do the logits come back here, where they are checked and written into the
page's example with ``set_example``, so the sliders, the text field, the URL and the page's numbers follow.
Pointing at a class (the pointer over its column, or the keyboard's focus on its bar) lights it in every panel
and in the page's other pictures, also in the browser only (``page_events.js``). On the softmax page the numbers table
is drawn under the bars by the same component (:mod:`explainer.ui.components.numbers_table`): one element a move.
"""

from __future__ import annotations

import functools
import math
from dataclasses import replace
from pathlib import Path
from typing import Literal

import streamlit as st

from explainer.figures import style
from explainer.i18n import _
from explainer.links import LOGIT_LIMIT, Example
from explainer.ui.components import numbers_table
from explainer.ui.components.module import component_module, packed
from explainer.ui.sections.logit_controls import current_example, set_example, slider_range
from explainer.ui.shell.session_keys import session_key

HERE = Path(__file__).resolve().parent
JS_PATH = HERE / "logit_lab.js"
CSS_PATH = HERE / "logit_lab.css"
HEIGHTS = {"softmax": 400, "sigmoid": 380}  # px of the bar panels, readable from the back of a room
# The lab's colours by role, from style.py: logit_lab.js has no palette of its own.
COLORS = {
    "true_class": style.TRUE_CLASS,
    "predicted_wrong": style.PREDICTED_WRONG,
    "other_class": style.OTHER_CLASS,
    "positive_gradient": style.POSITIVE_GRADIENT,
    "negative_gradient": style.NEGATIVE_GRADIENT,
    "sigmoid": style.SIGMOID,
    "softmax": style.SOFTMAX,
    "highlight": style.HIGHLIGHT,
}

# Registered once, when the module is first imported; pages only mount it.
# The module as the browser gets it; the lab with the numbers table under it is another component, with the table's
# code too: a page without the table does not receive it on every move.
JS = component_module(numbers_table.JS_PATH, JS_PATH)
_CSS = CSS_PATH.read_text(encoding="utf-8")
_lab = st.components.v2.component("explainer.logit_lab", js=component_module(JS_PATH), css=_CSS)
_lab_and_table = st.components.v2.component(
    "explainer.logit_lab_table", js=JS, css=_CSS + numbers_table.CSS_PATH.read_text(encoding="utf-8")
)


def words() -> dict[str, str]:
    """Everything the lab says in the browser (titles, keys, readout, hints, what a screen reader hears), in the
    reader's language; logit_lab.js fills the {placeholders}: k a class, z its logit, p and sigmoid its numbers."""
    return {
        "lab": _("Logit lab: each logit bar is a slider, the panels beside it follow"),
        "logitPanel": _("logits z ↕ drag"),
        "sigmoidPanel": _("σ(z + c) vs softmax"),
        "sigmoids": _("{k} sigmoids"),
        "oneSoftmax": _("1 softmax"),
        "target": _("target q"),
        "bar": _("Bar of logit {k}"),
        "trueBar": _("Bar of logit {k} (true class)"),
        "sigmoidValue": _("logit {k}: {z}, sigmoid {sigmoid}, softmax {p}"),
        "softmaxValue": _("logit {k}: {z}, probability {p}"),
        "predictedValue": _("logit {k}: {z}, probability {p}, predicted"),
        "sigmoidSum": _("Σ of {k} sigmoids"),
        "softmaxSum": _("Σ of softmax"),
        "loss": _("loss −Σ q log p"),
        "trueP": _("p(true class {target})"),
        "predicted": _("predicted"),
        "howToDrag": _("Drag a logit bar up or down, or click it and use ↑ ↓ (Page Up/Down: 10 steps)."),
        "dragging": _("Dragging z{k}."),
        "draggingSigmoid": _("Dragging z{k}: σ = {sigmoid}, softmax = {p}."),
        "outlines": _("Dashed outlines: the bars before your last move."),
        "browser": _("The bars compute in your browser; the server recomputes the page when you let go."),
    }


def released_logits(payload: object, num_classes: int) -> tuple[float, ...]:
    """What the browser sent on release, checked: ``num_classes`` finite numbers within ±LOGIT_LIMIT.

    >>> released_logits([1, -2.5], 2)
    (1.0, -2.5)
    >>> released_logits([1, "nan"], 2)
    Traceback (most recent call last):
    ...
    ValueError: The bars sent [1, 'nan']; expected 2 finite numbers within ±1000.
    """
    valid = (
        isinstance(payload, list)
        and len(payload) == num_classes
        and all(isinstance(z, int | float) and not isinstance(z, bool) for z in payload)
        and all(math.isfinite(z) and abs(z) <= LOGIT_LIMIT for z in payload)
    )
    if not valid:
        raise ValueError(
            _("The bars sent {payload}; expected {count} finite numbers within ±{limit:g}.").format(
                payload=repr(payload), count=num_classes, limit=LOGIT_LIMIT
            )
        )
    return tuple(float(z) for z in payload)


def _on_release(page: str) -> None:
    example = current_example(page)
    payload = st.session_state[session_key(page, "lab")]["release"]
    try:
        logits = released_logits(payload, example.num_classes)
    except ValueError as error:
        st.session_state[session_key(page, "lab_error")] = str(error)  # said in a sentence where it is shown
        return
    st.session_state.pop(session_key(page, "lab_error"), None)
    set_example(page, replace(example, logits=logits))


def logit_lab(
    page: str,
    example: Example,
    mode: Literal["softmax", "sigmoid"],
    highlight: int | None = None,
    table: dict | None = None,
) -> None:
    """Draw the lab for ``example``; a release writes the new logits into the page's example.

    ``highlight`` lights one panel (0: the logits, 1: the probabilities), for the worked example's steps; ``table``
    (:func:`explainer.ui.components.numbers_table.table`), the numbers table under the bars.
    """
    (_lab if table is None else _lab_and_table)(
        key=session_key(page, "lab"),
        data=packed(
            {
                "page": page,  # pointing at a class lights it in this page's other pictures only
                "mode": mode,
                "logits": list(example.logits),
                "target": example.target,
                "temperature": example.temperature,
                "smoothing": example.label_smoothing,
                "shift": example.shift,
                "limit": LOGIT_LIMIT,
                "step": slider_range(example.logits)[1],  # the same steps as the page's sliders
                "height": HEIGHTS[mode],
                "highlight": highlight,
                "colors": COLORS,
                "words": words(),
                "table": table,
            }
        ),
        on_release_change=functools.partial(_on_release, page),
    )
    if error := st.session_state.get(session_key(page, "lab_error")):
        st.error(_("{error} The logits were left as they were.").format(error=error), icon=":material/error:")
