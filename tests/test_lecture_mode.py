"""Lecture mode (sidebar toggle, ``?lecture=1``) and the lesson's Previous / Next links on every page."""

from __future__ import annotations

import pytest

from explainer.lesson import available_steps
from tests.support.apptest import no_exceptions, open_page

STEPS = [step.url_path for step in available_steps()]


def footer_links(at) -> list[str]:
    return [link.proto.label for link in at.get("page_link")]


@pytest.mark.parametrize("page", STEPS)
def test_every_page_ends_with_links_to_its_neighbouring_steps(page):
    at = open_page(page)
    no_exceptions(at)
    where = STEPS.index(page)
    titles = {step.url_path: step.title for step in available_steps()}
    labels = footer_links(at)
    if where > 0:
        assert f"Previous: {where}. {titles[STEPS[where - 1]]}" in labels
    else:
        assert not any(label.startswith("Previous:") for label in labels)
    if where + 1 < len(STEPS):
        assert f"Next: {where + 2}. {titles[STEPS[where + 1]]}" in labels
    else:
        assert not any(label.startswith("Next:") for label in labels)


def test_a_link_with_lecture_1_turns_lecture_mode_on_and_the_url_keeps_it():
    at = open_page("training", {"lecture": "1"})
    no_exceptions(at)
    assert at.toggle(key="lecture_mode").value is True
    assert at.query_params["lecture"] == "1"


def test_the_toggle_turns_lecture_mode_off_and_drops_it_from_the_url():
    at = open_page("training", {"lecture": "1"})
    at.toggle(key="lecture_mode").set_value(False).run()
    no_exceptions(at)
    assert "lecture" not in at.query_params


def test_lecture_mode_hides_the_training_extras():
    normal = open_page("training")
    assert any(radio.label == "Optimizer" for radio in normal.radio)
    lecture = open_page("training", {"lecture": "1"})
    no_exceptions(lecture)
    assert not any(radio.label == "Optimizer" for radio in lecture.radio)
    assert "optim.SGD(model.parameters(), lr=0.01, momentum=0.5)" in " ".join(c.value for c in lecture.code)


def test_lecture_mode_hides_the_otto_sample_files_and_keeps_the_exercise():
    keys = {b.key for b in open_page("otto", timeout=120).get("download_button")}
    assert {"otto:download_train", "otto:download_test"} <= keys
    lecture = open_page("otto", {"lecture": "1"}, timeout=120)
    no_exceptions(lecture)
    assert not {b.key for b in lecture.get("download_button")} & {"otto:download_train", "otto:download_test"}
    assert lecture.button(key="otto:start")  # the exercise itself stays


def test_lecture_mode_hides_temperature_and_label_smoothing_on_the_softmax_page():
    def shown(at):
        sliders = {slider.label for slider in at.slider}
        sections = at.segmented_control(key="softmax:section").options
        return {"Temperature T", "Label smoothing ε"} & sliders, "Label smoothing" in sections

    assert shown(open_page("softmax")) == ({"Temperature T", "Label smoothing ε"}, True)
    lecture = open_page("softmax", {"lecture": "1"})
    no_exceptions(lecture)
    assert shown(lecture) == (set(), False)
    assert any("0.9729" in formula.value for formula in lecture.latex)  # the lecture's own loss stays
