"""The Streamlit pieces several pages share: page header, the logit controls and URL state.

State on the logit pages has one home: an :class:`~explainer.inputs.Example` in
``st.session_state["<page>:example"]``. Widgets are views of it: they are written from it before
they are drawn and write back to it in their ``on_change`` callbacks, so a preset, a text field and a
slider can all change the same logits without fighting. The URL query mirrors it after every run.
"""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from explainer import data
from explainer.inputs import (
    LOGIT_LIMIT,
    MAX_CLASSES,
    MIN_CLASSES,
    Example,
    InputError,
    example_from_query,
    example_to_query,
    format_logits,
    parse_logits,
    resize,
)

NARROW_RANGE = 10.0  # slider range for everyday logits; wider values switch the sliders to ±1000


@st.cache_resource(show_spinner="Loading MNIST (offline, this falls back to the bundled 5,000 digits)…")
def mnist_data(source: str = "auto") -> data.MnistData:
    """The data set, loaded once per server and shared read-only by every session."""
    return data.load_mnist(source=source)


def page_header(title: str, try_this: str) -> None:
    """Every page opens with its title and one sentence saying what to try."""
    st.title(title)
    st.markdown(f"#### {try_this}")


def _key(page: str, name: str) -> str:
    return f"{page}:{name}"


def current_example(page: str) -> Example:
    return st.session_state[_key(page, "example")]


def previous_example(page: str, example: Example) -> Example:
    """The example as it was before its last change (itself on the first run): for 'what moved'."""
    last_key, before_key = _key(page, "last_seen"), _key(page, "before")
    if st.session_state.get(last_key) != example:
        st.session_state[before_key] = st.session_state.get(last_key, example)
        st.session_state[last_key] = example
    return st.session_state[before_key]


def set_example(page: str, example: Example) -> None:
    """Replace the page's example (for presets and 'open in the softmax page' links)."""
    st.session_state[_key(page, "example")] = example
    st.session_state.pop(_key(page, "text_error"), None)


def _init_from_url(page: str, default: Example) -> None:
    """On a page's first run in this session, take its state from the URL query, else the default."""
    if _key(page, "example") in st.session_state:
        return
    example, errors = example_from_query(st.query_params.to_dict(), default)
    st.session_state[_key(page, "example")] = example
    st.session_state[_key(page, "url_errors")] = errors


def _update(page: str, **changes: object) -> None:
    set_example(page, replace(current_example(page), **changes))


def _on_slider(page: str, index: int) -> None:
    logits = list(current_example(page).logits)
    logits[index] = float(st.session_state[_key(page, f"z{index}")])
    _update(page, logits=tuple(logits))


def _on_text(page: str) -> None:
    text = st.session_state[_key(page, "logits_text")]
    try:
        logits = parse_logits(text)
    except InputError as error:
        st.session_state[_key(page, "text_error")] = f"{error} The logits were left as they were."
        return
    example = current_example(page)
    set_example(page, replace(example, logits=logits, target=min(example.target, len(logits) - 1)))


def _on_num_classes(page: str) -> None:
    set_example(page, resize(current_example(page), st.session_state[_key(page, "K")]))


def _on_field(page: str, field: str) -> None:
    _update(page, **{field: st.session_state[_key(page, field)]})


def _bind(page: str, name: str, value: object) -> str:
    """Write the model value into the widget's key before the widget is drawn; return the key."""
    key = _key(page, name)
    st.session_state[key] = value
    return key


def logit_controls(
    page: str,
    default: Example,
    query_names: tuple[str, ...],
    presets: dict[str, Example] | None = None,
) -> Example:
    """Class count, one slider per logit, a text field, the true class and the page's extra knobs.

    ``query_names`` says which URL parameters this page shares (``logits``, ``target``, ``T``,
    ``eps``, ``shift``); only those knobs are drawn. Returns the example to show.
    """
    _init_from_url(page, default)
    for message in st.session_state.get(_key(page, "url_errors"), []):
        st.warning(message, icon=":material/link_off:")

    if presets:
        columns = st.columns(2)
        for i, (label, example) in enumerate(presets.items()):
            columns[i % 2].button(
                label,
                on_click=set_example,
                args=(page, example),
                width="stretch",
                key=_key(page, label),
            )

    example = current_example(page)
    st.slider(
        "Number of classes K",
        MIN_CLASSES,
        MAX_CLASSES,
        key=_bind(page, "K", example.num_classes),
        on_change=_on_num_classes,
        args=(page,),
    )
    st.radio(
        "True class y",
        range(example.num_classes),
        horizontal=True,
        key=_bind(page, "target", example.target),
        on_change=_on_field,
        args=(page, "target"),
    )
    wide = max(abs(z) for z in example.logits) > NARROW_RANGE
    limit, step = (LOGIT_LIMIT, 1.0) if wide else (NARROW_RANGE, 0.1)
    slider_columns = st.columns(2 if example.num_classes > 5 else 1)
    for i in range(example.num_classes):
        slider_columns[i % len(slider_columns)].slider(
            f"z{i}" + (" (true class)" if i == example.target else ""),
            -limit,
            limit,
            step=step,
            key=_bind(page, f"z{i}", example.logits[i]),
            on_change=_on_slider,
            args=(page, i),
        )
    st.text_input(
        "Logits as text (2 to 10 numbers within ±1000, comma-separated)",
        key=_bind(page, "logits_text", format_logits(example.logits)),
        on_change=_on_text,
        args=(page,),
        help="Type exact values, e.g. 1000, -1000, 0 to see numerical overflow.",
    )
    if text_error := st.session_state.get(_key(page, "text_error")):
        st.error(text_error, icon=":material/error:")
    knobs: dict[str, tuple[str, float, float, float, str]] = {
        "T": ("Temperature T (divides the logits)", 0.1, 5.0, 0.1, "temperature"),
        "eps": ("Label smoothing ε", 0.0, 0.5, 0.01, "label_smoothing"),
        "shift": ("Shift c (added to every logit)", -10.0, 10.0, 0.5, "shift"),
    }
    for name, (label, low, high, step, field) in knobs.items():
        if name in query_names:
            value = getattr(example, field)
            if not low <= value <= high:  # from a link; widen rather than refuse a valid value
                low, high = min(low, value), max(high, value)
            st.slider(
                label,
                low,
                high,
                step=step,
                key=_bind(page, field, value),
                on_change=_on_field,
                args=(page, field),
            )
    st.query_params.from_dict(example_to_query(example, query_names))
    return example
