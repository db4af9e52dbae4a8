"""The lecture's numbers, each asserted where the softmax page shows it (AppTest through Home.py).

Slides: z = [0.2, 0.1, −0.1] → e^z = 1.22, 1.11, 0.90 → Σ = 3.23 → p = 0.38, 0.34, 0.28 → loss −log 0.38 = 0.97
(0.9729 printed); the mini-batch Y = [2, 0, 1] gives 0.4966 (Y_pred1) and 1.2389 (Y_pred2).
"""

import json

import pytest

from tests.support.apptest import lab_data, lit_cells, metric, no_exceptions, numbers_table, open_page, torch_loss

WALK = [
    ("The logits", "[0.20,\\ 0.10,\\ -0.10]"),
    ("Exponentiate", "[1.22,\\ 1.11,\\ 0.90]"),
    ("Sum", "= 3.23"),
    ("Normalise", "[0.38,\\ 0.34,\\ 0.28]"),
    ("The loss", "-\\log 0.38 = 0.97"),
]


@pytest.fixture(scope="module")
def lecture_page():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    no_exceptions(at)
    return at


def step_heading(at) -> str:
    return next(m.value for m in at.markdown if m.value.startswith("**Step "))


def test_the_loss_0_9729_is_the_pages_loss(lecture_page):
    assert torch_loss(lecture_page) == "0.9729"


def test_the_slides_walk_step_by_step_with_next():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    for i, (title, numbers) in enumerate(WALK):
        assert step_heading(at) == f"**Step {i + 1} of 5: {title}**"
        assert any(numbers in text.value for text in at.markdown), (title, [x.value for x in at.markdown])
        if i < len(WALK) - 1:
            at.button(key="softmax:step_next").click().run()
    assert at.button(key="softmax:step_next").disabled
    at.button(key="softmax:step_back").click().run()
    assert step_heading(at) == "**Step 4 of 5: Normalise**"
    notes = " ".join(m.value for m in at.markdown)
    assert "every P(y = i) ≥ 0, and they sum to 1" in notes


def test_the_numbers_table_shows_e_to_the_z_and_lights_the_steps_cells():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    table = numbers_table(at)
    assert table["class"] == ["0 ✓", "1", "2"]
    assert table["e^z"] == ["1.2214", "1.1052", "0.9048"]  # the slides' 1.22, 1.11, 0.90
    assert f"{sum(float(v) for v in table['e^z']):.2f}" == "3.23"
    assert [f"{float(v):.2f}" for v in table["p"]] == ["0.38", "0.34", "0.28"]
    assert lit_cells(at, "z") == [True, True, True]  # step 1: the logits
    at.button(key="softmax:step_next").click().run()
    assert lit_cells(at, "e^z") == [True, True, True]
    assert lit_cells(at, "z") == [False, False, False]
    for _ in range(3):
        at.button(key="softmax:step_next").click().run()
    assert lit_cells(at, "log p") == [True, False, False]  # the loss step: only the true class's −log p


def test_the_lecture_numpy_code_sits_beside_the_walk(lecture_page):
    code = lecture_page.code[0].value
    assert "z = np.array([0.2, 0.1, -0.1])" in code and "y = np.array([1, 0, 0])" in code


def test_crossentropyloss_section_has_the_lecture_torch_code_and_0_9729():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    at.segmented_control(key="softmax:section").set_value("CrossEntropyLoss").run()
    no_exceptions(at)
    code = at.code[0].value
    assert "y = torch.LongTensor([0])" in code and "criterion = torch.nn.CrossEntropyLoss()" in code
    assert metric(at, "CrossEntropyLoss(z, y)") == "0.972919"
    figure = json.loads(at.get("plotly_chart")[0].proto.spec)
    texts = " ".join(a["text"] for a in figure["layout"]["annotations"])
    assert "Softmax" in texts and "Log" in texts and "NLLLoss" in texts
    assert "CrossEntropyLoss(z, y=0)</b> = 0.9729" in texts


def test_the_mini_batch_prints_0_4966_and_1_2389():
    at = open_page("softmax")
    at.segmented_control(key="softmax:section").set_value("Mini-batch").run()
    no_exceptions(at)
    assert metric(at, "Batch loss of Y_pred1") == "0.4966" and metric(at, "Batch loss of Y_pred2") == "1.2389"
    assert "Y = torch.LongTensor([2, 0, 1])" in at.code[0].value


def test_the_walk_follows_the_logits_and_lights_the_lab():
    at = open_page("softmax", {"logits": "0.2,0.1,-0.1", "target": "0"})
    assert lab_data(at)["highlight"] == 0  # step 1 is about the logits
    for _ in range(3):
        at.button(key="softmax:step_next").click().run()
    assert lab_data(at)["highlight"] == 1  # step 4: the probabilities
    at.slider(key="softmax:z0").set_value(2.0).run()
    assert step_heading(at) == "**Step 4 of 5: Normalise**"
    assert any("[0.79,\\ 0.12,\\ 0.10]" in text.value for text in at.markdown)
    at.segmented_control(key="softmax:section").set_value("Mini-batch").run()
    assert lab_data(at)["highlight"] is None
