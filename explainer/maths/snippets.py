"""The lecture's numpy and torch code with the page's current numbers: runnable as copied.

Each snippet prints the probabilities and the loss to 4 decimals, as the page shows them; the tests
execute the snippets and compare their output with :func:`explainer.maths.softmax.analyse`.
"""

from __future__ import annotations

from explainer.links import Example


def _array(values: tuple[float, ...]) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def numpy_snippet(example: Example) -> str:
    """The lecture's numpy cross-entropy, in the log-sum-exp form so that ±1000 logits stay exact."""
    return f"""import numpy as np

z = np.array({_array(example.logits)})
T = {example.temperature!r}  # temperature
eps = {example.label_smoothing!r}  # label smoothing
y = np.zeros(len(z))
y[{example.target}] = 1  # one-hot target: the lecture's y
y = (1 - eps) * y + eps / len(z)  # smoothed target q (equals y when eps = 0)

s = z / T
log_y_pred = s - (s.max() + np.log(np.exp(s - s.max()).sum()))  # log softmax, no overflow
y_pred = np.exp(log_y_pred)
loss = (-y * log_y_pred).sum()
print("y_pred =", np.round(y_pred, 4))
print(f"loss = {{loss:.4f}}")
"""


def torch_snippet(example: Example) -> str:
    """The lecture's torch.nn.CrossEntropyLoss with a (1, K) logit tensor and a LongTensor target."""
    return f"""import torch

criterion = torch.nn.CrossEntropyLoss(label_smoothing={example.label_smoothing!r})
z = torch.tensor([{_array(example.logits)}], dtype=torch.float64, requires_grad=True)
y = torch.LongTensor([{example.target}])
T = {example.temperature!r}  # temperature

loss = criterion(z / T, y)
loss.backward()
print("y_pred =", torch.softmax(z / T, dim=1).detach().numpy().round(4))
print(f"loss = {{loss.item():.4f}}")
print("dL/dz =", z.grad.numpy().round(4))
"""
