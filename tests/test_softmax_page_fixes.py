"""Issue 15's 'wrong or confusing today' items on the softmax and sigmoid pages, each pinned by a test."""

import math

import numpy as np
from streamlit.testing.v1 import AppTest

from explainer.maths import formulas, softmax
from tests.support.apptest import lab_data, no_exceptions, numbers_table, open_page


def test_gradient_formula_names_the_target_the_chart_draws():
    smoothed = formulas.gradient_latex(softmax.analyse([0.2, 0.1, -0.1], 0, label_smoothing=0.3))
    assert "(p_i - q_i)" in smoothed and r"\hat Y" not in smoothed
    assert "(0.3780 - 0.8000) = -0.4220" in smoothed  # q_0 = 0.7 + 0.3/3, not the one-hot 1


def test_overflow_thresholds_for_float32_and_float64():
    assert round(softmax.OVERFLOW_AT["float32"], 1) == 88.7 and round(softmax.OVERFLOW_AT["float64"], 1) == 709.8
    assert math.isinf(softmax.naive_softmax([89.0, 0.0], "float32")[0][0])
    assert math.isfinite(softmax.naive_softmax([89.0, 0.0], "float64")[0][0])
    table = softmax.analyse([100.0, 0.0, -1.0], 0).overflow_table()
    assert np.isnan(table["naive p float32"][0]) and table["naive p float64"][0] == table["torch p"][0]


def test_stability_section_states_both_thresholds():
    at = open_page("softmax", {"logits": "100,0,-1"})
    at.segmented_control(key="softmax:section").set_value("Numerical stability").run()
    no_exceptions(at)
    text = " ".join(m.value for m in at.markdown)
    assert "88.7" in text and "float32" in text and "709.8" in text and "float64" in text


def test_sigmoid_header_says_the_raised_logits_own_sigmoid_rises():
    at = open_page("sigmoid_vs_softmax")
    header = " ".join(m.value for m in at.markdown if m.value.startswith("####"))
    assert "its own sigmoid rises" in header and "do not even notice" not in header


def test_trained_logits_get_a_range_just_wider_and_a_way_back():
    at = open_page("softmax", {"logits": "14.2,-3,0.5", "target": "0"})
    no_exceptions(at)
    z0 = at.slider(key="softmax:z0")
    assert (z0.min, z0.max, z0.step) == (-20.0, 20.0, 0.1)
    assert lab_data(at)["step"] == 0.1
    at.button(key="softmax:narrow").click().run()
    assert lab_data(at)["logits"] == [10.0, -3.0, 0.5]
    assert at.slider(key="softmax:z0").max == 10.0
    assert not [b for b in at.button if b.key == "softmax:narrow"]


def test_overflow_logits_still_reach_1000():
    at = open_page("softmax", {"logits": "1000,-1000,0"})
    assert at.slider(key="softmax:z0").max == 1000.0


def _controls_app(extras: bool) -> None:
    from explainer.links import Example
    from explainer.ui.sections.logit_controls import example_controls, logit_inputs

    with example_controls("softmax", Example(), extras=extras):
        logit_inputs("softmax")


def test_extras_false_hides_temperature_and_label_smoothing():
    keys = {}
    for extras in (True, False):
        at = AppTest.from_function(_controls_app, args=(extras,)).run()
        no_exceptions(at)
        keys[extras] = {slider.key for slider in at.slider}
    assert {"softmax:temperature", "softmax:label_smoothing"} <= keys[True]
    assert keys[False] == keys[True] - {"softmax:temperature", "softmax:label_smoothing"}


def test_softmax_guess_is_hidden_until_committed_then_explained():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1"})
    guess = at.radio(key="softmax:guess_raise")
    assert guess.value is None and not at.success and not at.info
    guess.set_value("Up").run()
    assert "It is: Down" in at.info[0].value and "0.3420 to 0.2073" in at.info[0].value
    at.radio(key="softmax:guess_raise").set_value("Down").run()
    assert "Right" in at.success[0].value


def test_nll_guess_reveals_minus_the_true_logit():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1"})
    at.segmented_control(key="softmax:section").set_value("CrossEntropyLoss").run()
    at.radio(key="softmax:guess_nll").set_value("−z[y] = -0.2000").run()
    no_exceptions(at)
    assert "NLLLoss(z, y) = -0.2000" in at.success[0].value
    notes = " ".join(m.value for m in at.markdown)
    assert "raw logits" in notes and "class index" in notes and "applies no log" in notes


def test_sigmoid_guess_each_sigmoid_sees_only_its_own_logit():
    at = open_page("sigmoid_vs_softmax", {"logits": "2,1,0"})
    at.radio(key="sigmoid_vs_softmax:guess_raise").set_value("It falls").run()
    no_exceptions(at)
    assert "It is: It stays the same" in at.info[0].value and "σ(z0) stays 0.8808" in at.info[0].value


def _sections_app(extras: bool) -> None:
    import streamlit as st

    from explainer.ui.sections.softmax_sections import choose_section

    st.session_state["softmax:section"] = "Label smoothing"  # open when lecture mode comes on
    st.write(choose_section("softmax", extras=extras))


def test_extras_false_drops_the_label_smoothing_section():
    shown = {}
    for extras in (True, False):
        at = AppTest.from_function(_sections_app, args=(extras,)).run()
        no_exceptions(at)
        shown[extras] = (at.segmented_control[0].options, at.markdown[0].value)
    assert "Label smoothing" in shown[True][0] and shown[True][1] == "Label smoothing"
    assert "Label smoothing" not in shown[False][0] and shown[False][1] == "Step by step"


def test_overflowing_logits_explain_why_torch_subtracts_the_max():
    at = open_page("softmax", {"logits": "100,0,-1"})  # past float32's 88.7, not float64's 709.8
    at.button(key="softmax:step_next").click().run()
    no_exceptions(at)
    notes = " ".join(m.value for m in at.markdown)
    assert "overflows past ≈ 88.7 in float32" in notes and "e^(z − max z)" in notes
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1"})
    at.button(key="softmax:step_next").click().run()
    assert "max z" not in " ".join(m.value for m in at.markdown)  # only where it matters


def test_an_infinite_e_to_the_z_in_the_table_is_explained_under_it():
    at = open_page("softmax", {"logits": "1000,-1000,0"})
    no_exceptions(at)
    assert numbers_table(at)["e^z"] == ["∞", "0.0000", "1.0000"]
    assert any("torch computes e^(z − max z)" in caption.value for caption in at.caption)
