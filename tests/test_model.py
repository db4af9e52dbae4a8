"""The configurable MLP: the lecture's Net by default, reproducible initialisation, other shapes."""

import math

import pytest
import torch
import torch.nn.functional as F
from torch import nn

from models import LECTURE_HIDDEN, MLP, parameter_count


class LectureNet(nn.Module):
    """The lecture's Net, verbatim apart from names."""

    def __init__(self):
        super().__init__()
        self.l1 = nn.Linear(784, 512)
        self.l2 = nn.Linear(512, 256)
        self.l3 = nn.Linear(256, 128)
        self.l4 = nn.Linear(128, 64)
        self.l5 = nn.Linear(64, 10)

    def forward(self, x):
        x = x.view(-1, 784)
        x = F.relu(self.l1(x))
        x = F.relu(self.l2(x))
        x = F.relu(self.l3(x))
        x = F.relu(self.l4(x))
        return self.l5(x)


def test_default_is_the_lecture_net_layer_for_layer():
    model, lecture = MLP(), LectureNet()
    linears = [m for m in model.net if isinstance(m, nn.Linear)]
    assert [(m.in_features, m.out_features) for m in linears] == [
        (784, 512),
        (512, 256),
        (256, 128),
        (128, 64),
        (64, 10),
    ]
    assert sum(isinstance(m, nn.ReLU) for m in model.net) == 4
    assert sum(p.numel() for p in model.parameters()) == parameter_count((784, *LECTURE_HIDDEN, 10)) == 575050
    lecture.load_state_dict(dict(zip(lecture.state_dict(), model.state_dict().values(), strict=True)))
    images = torch.randn(5, 1, 28, 28)
    assert torch.equal(model(images), lecture(images))


def test_flattens_images_and_accepts_flat_rows():
    model = MLP()
    images = torch.randn(3, 1, 28, 28)
    assert model(images).shape == (3, 10)
    assert torch.equal(model(images), model(images.reshape(3, 784)))


def test_generator_makes_initialisation_reproducible_and_independent_of_the_global_seed():
    torch.manual_seed(1)
    a = MLP(generator=torch.Generator().manual_seed(7))
    torch.manual_seed(2)
    b = MLP(generator=torch.Generator().manual_seed(7))
    c = MLP(generator=torch.Generator().manual_seed(8))
    for pa, pb, pc in zip(a.parameters(), b.parameters(), c.parameters(), strict=True):
        assert torch.equal(pa, pb)
        assert not torch.equal(pa, pc)


def test_initialisation_has_nn_linear_default_range():
    """U(-1/sqrt(fan_in), 1/sqrt(fan_in)), and the draws fill most of that range."""
    model = MLP(generator=torch.Generator().manual_seed(0))
    for layer in (m for m in model.net if isinstance(m, nn.Linear)):
        bound = 1 / math.sqrt(layer.in_features)
        assert layer.weight.abs().max() <= bound
        assert layer.weight.abs().max() > 0.95 * bound
        assert layer.bias.abs().max() <= bound


def test_other_shapes_for_otto_and_plain_softmax_regression():
    otto = MLP(93, (64, 32), 9)
    assert otto(torch.randn(4, 93)).shape == (4, 9)
    assert (otto.input_size, otto.hidden, otto.num_classes) == (93, (64, 32), 9)
    regression = MLP(784, (), 10)
    assert len(regression.net) == 1 and sum(p.numel() for p in regression.parameters()) == 7850
    assert MLP().hidden == LECTURE_HIDDEN


@pytest.mark.parametrize("args", [(0, (8,), 10), (784, (0,), 10), (784, (8,), 1)])
def test_impossible_shapes_are_rejected(args):
    with pytest.raises(ValueError, match="MLP needs"):
        MLP(*args)
