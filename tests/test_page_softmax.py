"""AppTest: the softmax page shows torch's numbers, reacts to widgets and refuses bad input politely."""

import pytest

from explainer.maths.softmax import analyse
from tests.support.apptest import lab_data, metric, no_exceptions, open_page, torch_loss


def test_shared_link_opens_with_the_lecture_loss():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    no_exceptions(at)
    assert torch_loss(at) == "0.9729"
    assert lab_data(at)["logits"] == [0.2, 0.1, -0.1]


def test_moving_a_slider_updates_the_loss_and_the_url():
    at = open_page("softmax")
    at.slider(key="softmax:z0").set_value(2.0).run()
    no_exceptions(at)
    expected = analyse((2.0, 0.1, -0.1), 0).loss
    assert torch_loss(at) == f"{expected:.4f}"
    assert at.query_params["logits"] == "2,0.1,-0.1"


def test_class_count_target_temperature_and_smoothing():
    at = open_page("softmax")
    at.slider(key="softmax:K").set_value(5).run()
    at.radio(key="softmax:target").set_value(4).run()
    at.slider(key="softmax:temperature").set_value(2.0).run()
    at.slider(key="softmax:label_smoothing").set_value(0.1).run()
    no_exceptions(at)
    expected = analyse((0.2, 0.1, -0.1, 0.0, 0.0), 4, 2.0, 0.1).loss
    assert torch_loss(at) == f"{expected:.4f}"
    assert at.query_params["T"] == "2" and at.query_params["target"] == "4"


@pytest.mark.parametrize(
    ("query", "warning"),
    [
        ({"logits": "1,abc"}, "must be a number"),
        ({"logits": "nan,1"}, "finite"),
        ({"logits": "1,inf"}, "finite"),
        ({"target": "9"}, "between 0 and 2"),
        ({"T": "0"}, "Temperature"),
    ],
)
def test_bad_links_warn_and_fall_back(query, warning):
    at = open_page("softmax", query)
    no_exceptions(at)
    assert any(warning in w.value for w in at.warning)
    assert torch_loss(at) == "0.9729"


def test_bad_text_keeps_the_logits_and_says_why():
    at = open_page("softmax")
    at.text_input(key="softmax:logits_text").input("1, two, 3").run()
    no_exceptions(at)
    assert any("must be a number" in e.value for e in at.error)
    assert torch_loss(at) == "0.9729"
    at.text_input(key="softmax:logits_text").input("1000, -1000, 0").run()
    assert not at.error
    assert torch_loss(at) == "0.0000"


def test_presets_reproduce_the_lecture():
    at = open_page("softmax", {"logits": "5,5", "target": "1"})
    at.button(key="softmax:Overflow ±1000").click().run()
    assert torch_loss(at) == "0.0000"
    at.button(key="softmax:Lecture z").click().run()
    assert torch_loss(at) == "0.9729"
    at.segmented_control(key="softmax:section").set_value("Mini-batch").run()
    batch_losses = [m.value for m in at.metric if m.label.startswith("Batch loss")]
    assert batch_losses == ["0.4966", "1.2389"]


def test_exercise_panel_agrees_with_itself():
    at = open_page("softmax")
    at.segmented_control(key="softmax:section").set_value("CrossEntropyLoss").run()
    no_exceptions(at)
    assert metric(at, "CrossEntropyLoss(z, y)") == metric(at, "NLLLoss(LogSoftmax(z), y)") == "0.972919"


@pytest.mark.parametrize(
    "section", ["Step by step", "CrossEntropyLoss", "Mini-batch", "Numerical stability", "Label smoothing"]
)
def test_every_section_renders_with_extreme_logits_under_the_numbers_table(section):
    at = open_page("softmax", {"logits": "1000,-1000,0", "target": "1", "eps": "0.1", "T": "0.5"})
    at.segmented_control(key="softmax:section").set_value(section).run()
    no_exceptions(at)
    assert torch_loss(at) != "0.9729"
    table = lab_data(at)["table"]
    assert any(any(row["lit"]) for row in table["rows"]) == (section == "Step by step")  # only the walk lights it


def test_a_move_of_a_slider_whose_class_went_in_the_same_run_is_dropped():
    """Classes 3 -> 2 and class 2's slider moved, both heard in one run (as when a click in a fragment cut the last
    run short): the page keeps two classes instead of raising IndexError."""
    at = open_page("softmax")
    at.slider(key="softmax:K").set_value(2)
    at.slider(key="softmax:z2").set_value(1.0).run()
    no_exceptions(at)
    assert lab_data(at)["logits"] == [0.2, 0.1]
