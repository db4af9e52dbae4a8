"""A sweep's plan: the preset's grid, the link that names it, and every way a plan is refused (in words)."""

import pytest

from explainer.sweep.plan import PRESET, PlanError, SweepPlan, plan_from_query


def test_the_preset_is_eleven_half_decades_by_four_momenta_with_the_lecture_among_them():
    assert PRESET.learning_rates() == (1e-4, 3e-4, 1e-3, 3e-3, 0.01, 0.03, 0.1, 0.3, 1.0, 3.0, 10.0)
    assert PRESET.momenta == (0.0, 0.5, 0.9, 0.99)
    cells = PRESET.grid()
    assert len(cells) == 44 and PRESET.cost() == 220
    assert len({(cell["lr"], cell["momentum"]) for cell in cells}) == 44  # each cell once
    assert {"lr": 0.01, "momentum": 0.5, "batch_size": 64, "optimizer": "sgd", "net": "lecture"} in cells


def test_a_plan_round_trips_through_its_link_and_names_the_same_study():
    plan = SweepPlan(lr_range=(0.001, 1.0), per_decade=3, momenta=(0.9,), batch_sizes=(32, 128), nets=("one", "none"))
    again, errors = plan_from_query(plan.to_query())
    assert (again, errors) == (plan, [])
    assert again.study_name == plan.study_name != PRESET.study_name


def test_adam_cells_have_no_momentum_to_vary():
    plan = SweepPlan(lr_range=(0.001, 0.01), per_decade=1, optimizers=("sgd", "adam"))
    adam = [cell for cell in plan.grid() if cell["optimizer"] == "adam"]
    assert [(cell["lr"], cell["momentum"]) for cell in adam] == [(0.001, 0.0), (0.01, 0.0)]
    assert plan.varied() == ["lr", "momentum", "optimizer"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lrs": "10,1e-4"}, "The learning-rate range is empty or inverted: 10 to 0.0001. Give the lower one first."),
        ({"lrs": "0.1,0.1"}, "The learning-rate range is empty or inverted"),
        ({"lrs": "0.004,0.005", "per_decade": "1"}, "No grid point lies between 0.004 and 0.005"),
        ({"momenta": "0.5,0.5"}, "Momenta lists 0.5 twice."),
        ({"trial_epochs": "50"}, "this server's budget is 600"),
    ],
)
def test_a_plan_that_cannot_run_says_what_to_fix(query, message):
    plan, errors = plan_from_query(query)
    assert errors == []
    with pytest.raises(PlanError, match=message.replace("(", r"\(").replace(".", r"\.")):
        plan.validate(budget=600)


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lrs": "0,1"}, "Learning rate 0 must be in (0, 100], got 0."),
        ({"lrs": "-1,1"}, "Learning rate 0 must be in (0, 100], got -1."),
        ({"lrs": "0.1"}, "Give 2 learning rates (lowest, highest), separated by commas; got 1."),
        ({"momenta": "0.5,1"}, "Momentum 1 must be in [0, 0.99], got 1."),
        ({"nets": "lecture,huge"}, "Networks may be lecture, half, one, none; got 'huge'."),
        ({"method": "bayes"}, "Search must be one of grid, random, tpe, got 'bayes'."),
    ],
)
def test_a_hostile_link_is_ignored_with_the_link_tables_words(query, message):
    plan, errors = plan_from_query(query)
    assert plan == PRESET
    assert errors == [f"Link parameter {next(iter(query))!r} ignored: {message}"]


def test_the_budget_names_itself_and_the_cost():
    assert SweepPlan().problems(budget=100) == [
        "This sweep asks for 44 trials x 5 epochs = 220 trial-epochs; this server's budget is 100. Narrow a range, "
        "vary fewer things, or train fewer epochs."
    ]
    assert SweepPlan(method="random", trials=10, trial_epochs=10).problems(budget=100) == []
