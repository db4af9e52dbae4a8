"""AppTest: sigmoid vs softmax hands the logits and the shift to the lab, and shows the loss side."""

import numpy as np

from explainer.maths.softmax import sigmoid_vs_softmax
from tests.support.apptest import lab_data, no_exceptions, open_page


def test_issue_link_reaches_the_lab_in_sigmoid_mode():
    at = open_page("sigmoid_vs_softmax", {"logits": "2,1,0"})
    no_exceptions(at)
    data = lab_data(at)  # the lab computes and shows the two sums (checked in the browser tests)
    assert (data["mode"], data["logits"], data["shift"]) == ("sigmoid", [2.0, 1.0, 0.0], 0.0)


def test_raising_one_logit_lowers_every_other_softmax_but_no_other_sigmoid():
    at = open_page("sigmoid_vs_softmax", {"logits": "2,1,0"})
    at.slider(key="sigmoid_vs_softmax:z1").set_value(2.0).run()
    no_exceptions(at)
    assert lab_data(at)["logits"] == [2.0, 2.0, 0.0]
    was, now = sigmoid_vs_softmax([2.0, 1.0, 0.0], 0), sigmoid_vs_softmax([2.0, 2.0, 0.0], 0)
    sig, soft = now.sigmoid - was.sigmoid, now.softmax - was.softmax  # what the lab's outlines show
    assert sig[1] > 0 and soft[1] > 0
    assert sig[0] == sig[2] == 0
    assert soft[0] < 0 and soft[2] < 0


def test_shift_moves_sigmoids_not_softmax_and_is_in_the_url():
    at = open_page("sigmoid_vs_softmax", {"logits": "2,1,0"})
    at.slider(key="sigmoid_vs_softmax:shift").set_value(3.0).run()
    assert lab_data(at)["shift"] == 3.0
    assert at.query_params["shift"] == "3"
    was, now = sigmoid_vs_softmax([2.0, 1.0, 0.0], 0), sigmoid_vs_softmax([2.0, 1.0, 0.0], 0, shift=3.0)
    assert np.abs(now.softmax - was.softmax).max() < 1e-12
    assert np.all(now.sigmoid > was.sigmoid)


def test_clamping_trap_preset_shows_100_against_1000():
    at = open_page("sigmoid_vs_softmax")
    at.button(key="sigmoid_vs_softmax:Clamping trap").click().run()
    table = next(m.value for m in at.markdown if m.value.startswith("| class | BCELoss"))
    assert "| 0 | 100.0000 | 1000.0000 |" in table.splitlines()


def test_bad_link_is_a_warning_not_a_traceback():
    at = open_page("sigmoid_vs_softmax", {"logits": "2,x,0", "shift": "nan"})
    no_exceptions(at)
    assert len(at.warning) == 2
    assert (lab_data(at)["logits"], lab_data(at)["shift"]) == ([2.0, 1.0, 0.0], 0.0)
