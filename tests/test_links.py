"""explainer.links: one declaration per link parameter drives parsing, messages, config checks and formatting."""

import math

import pytest

from explainer.links import LINKS, Example, InputError, example_from_query, example_to_query, resize
from explainer.training.config import TrainConfig
from explainer.training.experiment import Experiment, experiment_from_query, experiment_to_query


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
        LINKS["logits"].parse(text)


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
        ({"target": "x"}, "The true class must be a number"),
        ({"target": "1.5"}, "The true class must be a whole number"),
        ({"T": "0"}, "Temperature T must be in [0.1, 10]"),
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


def test_unicode_minus_is_a_minus():
    assert LINKS["logits"].parse("0.2, −0.1") == (0.2, -0.1)


def test_a_pasted_novel_is_not_repeated_in_the_message():
    with pytest.raises(InputError) as error:
        LINKS["seed"].parse("9" * 10_000)
    assert len(str(error.value)) < 120


def test_training_url_round_trip():
    experiment = Experiment(
        TrainConfig(epochs=3, batch_size=128, lr=0.1, momentum=0.9, hidden=(64,), seed=7), "bundled"
    )
    back, errors = experiment_from_query(experiment_to_query(experiment), Experiment())
    assert back == experiment and errors == []


@pytest.mark.parametrize("name", ["epochs", "batch", "lr", "momentum", "seed"])
def test_config_checks_and_links_share_one_declaration(name):
    """A value a link may not carry is a config problem in the same words, and the bounds themselves are fine."""
    param = LINKS[name]
    beyond = param.high * 2 if math.isfinite(param.high) else None
    assert TrainConfig().replace(**{param.field: param.high}).problems() == []
    problems = TrainConfig().replace(**{param.field: beyond}).problems()
    _, errors = experiment_from_query({name: param.format(beyond)}, Experiment())
    assert problems == [errors[0].removeprefix(f"Link parameter {name!r} ignored: ")]


def test_momentum_link_cannot_exceed_its_slider():
    """The link /training?momentum=0.995 once crashed the slider (max 0.99): the declaration bounds both."""
    experiment, errors = experiment_from_query({"momentum": "0.995"}, Experiment())
    assert experiment.config.momentum == 0.5
    assert errors == ["Link parameter 'momentum' ignored: Momentum must be in [0, 0.99], got 0.995."]
