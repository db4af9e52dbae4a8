"""MLP.activations: the chain of matrix products and ReLUs, layer by layer."""

import torch
import torch.nn.functional as F

from models import MLP


def test_activations_are_the_forward_pass_taken_apart():
    model = MLP(generator=torch.Generator().manual_seed(0))
    x = torch.randn(3, 1, 28, 28, generator=torch.Generator().manual_seed(1))
    layers = model.activations(x)
    assert [a.shape[1] for a in layers] == [784, 512, 256, 128, 64, 10]
    torch.testing.assert_close(layers[-1], model(x))
    linears = [m for m in model.net if isinstance(m, torch.nn.Linear)]
    for linear, before, after in zip(linears[:-1], layers[:-2], layers[1:-1], strict=True):
        torch.testing.assert_close(after, F.relu(before @ linear.weight.T + linear.bias))
        assert (after >= 0).all()


def test_without_hidden_layers_there_are_only_input_and_logits():
    layers = MLP(784, (), 10).activations(torch.zeros(1, 784))
    assert [a.shape[1] for a in layers] == [784, 10]
