import pytest

from explainer.links import Example, InputError, example_from_query, example_to_query, parse_logits, resize


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("abc,1", "must be a number"),
        ("nan,1", "finite"),
        ("inf,1", "finite"),
        ("1", "2 to 10 logits"),
        (",".join(["1"] * 11), "2 to 10 logits"),
        ("1,2000", "[-1000, 1000]"),
        ("", "2 to 10 logits"),
    ],
)
def test_bad_logits_say_what_to_fix(text, message):
    with pytest.raises(InputError, match=message.replace("[", r"\[").replace("]", r"\]")):
        parse_logits(text)


def test_url_round_trip():
    example = Example((0.2, 0.1, -0.1), 0, 1.5, 0.1, 2.0)
    names = ("logits", "target", "T", "eps", "shift")
    back, errors = example_from_query(example_to_query(example, names), Example())
    assert back == example and errors == []


@pytest.mark.parametrize(
    ("query", "fragment"),
    [
        ({"logits": "1,nan"}, "'logits' ignored"),
        ({"target": "7"}, "between 0 and 2"),
        ({"target": "x"}, "whole number"),
        ({"T": "0"}, "Temperature T must be in (0, 10]"),
        ({"eps": "-1"}, "Label smoothing"),
        ({"shift": "inf"}, "finite"),
    ],
)
def test_bad_url_parameters_fall_back_to_defaults_with_a_message(query, fragment):
    example, errors = example_from_query(query, Example())
    assert len(errors) == 1 and fragment in errors[0]
    assert example == Example()


def test_resize_keeps_target_in_range():
    assert resize(Example((1.0, 2.0, 3.0), 2), 2) == Example((1.0, 2.0), 1)
    assert resize(Example((1.0, 2.0), 0), 4).logits == (1.0, 2.0, 0.0, 0.0)
