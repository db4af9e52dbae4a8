"""Every link parameter of every page, given hostile values through the URL: a message, never a traceback.

Each value is put into every parameter of a page at once (one page run per value keeps this fast);
each parameter that cannot take it must be named in a warning, and every widget must stay in its range.
"""

from __future__ import annotations

import pytest

from explainer.links import EVALUATION_LINKS, LINKS, LOGIT_PAGE_LINKS, SWEEP_LINKS, TRAINING_LINKS, InputError
from tests.support.apptest import no_exceptions, open_page

PAGES = {
    "softmax": ("logits", "target", "T", "eps", "lecture"),
    "sigmoid_vs_softmax": ("logits", "target", "shift", "lecture"),
    "mnist_data": ("lecture", "lang"),
    "training": (*TRAINING_LINKS, "lecture"),
    "explore": (*SWEEP_LINKS, "lecture"),
    "evaluation": (*EVALUATION_LINKS, "lecture"),
    "otto": (*(name for name in TRAINING_LINKS if name != "data"), "lecture"),
}
HOSTILE = {
    "not a number": "abc",
    "NaN": "nan",
    "+inf": "inf",
    "-inf": "-inf",
    "1e400": "1e400",
    "negative": "-1",
    "out of range": "99999999",
    "Unicode minus": "−0.5",
    "empty": "",
    "very long": "9" * 5000,
}
DEFAULT_CLASSES = 3  # both logit pages start with three logits


def accepted(name: str, text: str) -> bool:
    """Whether the declaration takes this text (the true class must also fit the page's default K)."""
    try:
        value = LINKS[name].parse(text)
    except InputError:
        return False
    return name != "target" or value < DEFAULT_CLASSES


def assert_widgets_in_range(at) -> None:
    for widget in [*at.slider, *at.number_input]:
        values = widget.value if isinstance(widget.value, tuple | list) else (widget.value,)
        for value in values:
            assert widget.min <= value <= widget.max, (widget.label, value, widget.min, widget.max)


@pytest.mark.parametrize("page", PAGES)
@pytest.mark.parametrize("label", HOSTILE)
def test_hostile_link_values_get_a_message_and_keep_widgets_in_range(page, label):
    names = PAGES[page]
    text = HOSTILE[label]
    at = open_page(page, dict.fromkeys(names, text))
    no_exceptions(at)
    warnings = " ".join(w.value for w in at.warning)
    for name in names:
        named = f"Link parameter {name!r} ignored" in warnings
        assert named != accepted(name, text), (name, text, warnings[:300])
    assert_widgets_in_range(at)


def test_every_link_parameter_is_on_some_page():
    assert {name for names in PAGES.values() for name in names} == set(LINKS)
    assert set(LOGIT_PAGE_LINKS) <= set(LINKS)
