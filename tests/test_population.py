"""A trial trained in a population equals the same trial trained alone (as the engine is checked against the lecture's
loop): the same initial weights and shuffles, the same loss and SGD step, member by member."""

import pytest

from explainer.data import mnist
from explainer.training.config import TrainConfig
from explainer.training.divergence import Divergence
from explainer.training.engine import EpochResult, TrainingRun
from explainer.training.population import Population, can_train_together
from explainer.training.tensors import Tensors

SHARED = TrainConfig(epochs=2, hidden=(64, 32), log_every=10**9)  # the lecture's batch of 64, a smaller net
STEPS = [(0.01, 0.5), (0.1, 0.9), (0.3, 0.0), (0.003, 0.99)]  # the lecture's cell among them


@pytest.fixture(scope="module")
def digits() -> Tensors:
    return Tensors.from_mnist(mnist.load_bundled())


def alone(config: TrainConfig, data: Tensors) -> list[EpochResult | Divergence]:
    return [event for event in TrainingRun(config, data).events() if isinstance(event, EpochResult | Divergence)]


def by_member(population: Population, stop_after: dict[int, int] | None = None) -> dict[int, list]:
    """Each member's events; ``stop_after[member] = epoch`` drops that member after its result for that epoch."""
    events: dict[int, list] = {member: [] for member in range(len(population.configs))}
    for member, event in population.events():
        events[member].append(event)
        if isinstance(event, EpochResult) and (stop_after or {}).get(member) == event.epoch:
            population.drop(member)
    return events


def assert_same_run(together: list, lone: list) -> None:
    assert [type(e) for e in together] == [type(e) for e in lone]
    for a, b in zip(together, lone, strict=True):
        if isinstance(a, Divergence):
            assert (a.kind, a.epoch, a.batch, a.step) == (b.kind, b.epoch, b.batch, b.step)
            continue
        assert a.epoch == b.epoch
        assert a.train_loss == pytest.approx(b.train_loss, rel=1e-4)
        assert a.test_loss == pytest.approx(b.test_loss, rel=1e-4)
        assert a.train_accuracy == pytest.approx(b.train_accuracy, abs=1 / 4000)  # at most one digit of 4,000
        assert a.test_accuracy == pytest.approx(b.test_accuracy, abs=1 / 1000)  # at most one digit of 1,000


def test_each_member_equals_its_trial_trained_alone(digits):
    configs = [SHARED.replace(lr=lr, momentum=momentum) for lr, momentum in STEPS]
    together = by_member(Population(configs, digits))
    for member, config in enumerate(configs):
        assert_same_run(together[member], alone(config, digits))
    accuracies = {STEPS[m]: events[-1].test_accuracy for m, events in together.items()}
    assert len(set(accuracies.values())) == len(STEPS)  # the steps differ, so do the runs: nothing was shared


def test_a_diverging_member_stops_where_it_would_alone_and_the_others_go_on(digits):
    configs = [SHARED.replace(lr=lr, momentum=momentum) for lr, momentum in ((0.01, 0.5), (10.0, 0.99), (0.1, 0.5))]
    together = by_member(Population(configs, digits))
    assert isinstance(together[1][-1], Divergence) and len(together[1]) == 1  # it blew up in the first epoch
    for member, config in enumerate(configs):
        assert_same_run(together[member], alone(config, digits))


def test_a_member_dropped_after_an_epoch_leaves_the_others_unchanged(digits):
    configs = [SHARED.replace(lr=lr, momentum=momentum) for lr, momentum in STEPS[:3]]
    together = by_member(Population(configs, digits), stop_after={1: 1})  # pruned after its first epoch
    assert [e.epoch for e in together[1]] == [1]
    for member in (0, 2):
        assert_same_run(together[member], alone(configs[member], digits))


def test_only_trials_that_differ_in_their_sgd_step_train_together(digits):
    assert can_train_together([SHARED.replace(lr=0.1), SHARED.replace(momentum=0.9)])
    assert not can_train_together([SHARED, SHARED.replace(batch_size=128)])
    assert not can_train_together([SHARED, SHARED.replace(optimizer="adam", momentum=0.0)])
    assert not can_train_together([SHARED, SHARED.replace(seed=1)])
    assert not can_train_together([])
    with pytest.raises(ValueError, match="differ only in learning rate and momentum"):
        Population([SHARED, SHARED.replace(hidden=(32,))], digits)
