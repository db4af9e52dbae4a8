"""The lecture's numpy and torch code with the page's current numbers: runnable as copied.

With the lecture's example the code is the lecture's, verbatim; other numbers are substituted, and a
temperature or label smoothing adds the one line it needs. The tests execute every snippet and
compare what it prints with :func:`explainer.maths.softmax.analyse`, the numbers on the page.
"""

from __future__ import annotations

from explainer.lesson import LECTURE_BATCH_TARGETS, LECTURE_Y_PRED1, LECTURE_Y_PRED2
from explainer.links import Example
from explainer.maths.numbers import literal


def _array(values: tuple[float, ...]) -> str:
    return "[" + ", ".join(repr(float(v)) for v in values) + "]"


def lecture_numpy_snippet(example: Example) -> str:
    """The lecture's numpy cross-entropy (e^z / Σ e^z, one-hot y), printing the loss the page shows.

    As in the lecture it overflows (prints nan) once a logit passes ≈ 709: see :func:`safe_numpy_snippet`.
    """
    onehot = ", ".join("1" if i == example.target else "0" for i in range(example.num_classes))
    temperature = "" if example.temperature == 1 else f"z = z / {example.temperature:g}  # temperature T\n"
    smoothing = (
        ""
        if example.label_smoothing == 0
        else f"y = (1 - {example.label_smoothing:g}) * y + {example.label_smoothing:g} / len(y)  # label smoothing\n"
    )
    return (
        "import numpy as np\n"
        f"y = np.array([{onehot}])\n"
        f"z = np.array([{literal(example.logits)}])\n"
        f"{temperature}{smoothing}"
        "y_pred = np.exp(z) / np.exp(z).sum()\n"
        "loss = (- y * np.log(y_pred)).sum()\n"
        "print(loss)\n"
    )


def lecture_torch_snippet(example: Example) -> str:
    """The lecture's CrossEntropyLoss on raw logits with a LongTensor class index, printing the page's loss."""
    smoothing = "" if example.label_smoothing == 0 else f"label_smoothing={example.label_smoothing:g}"
    temperature = "" if example.temperature == 1 else f" / {example.temperature:g}"
    return (
        "import torch\n"
        f"y = torch.LongTensor([{example.target}])\n"
        f"z = torch.Tensor([[{literal(example.logits)}]])\n"
        f"criterion = torch.nn.CrossEntropyLoss({smoothing})\n"
        f"loss = criterion(z{temperature}, y)\n"
        "print(loss)\n"
    )


def _rows(name: str, rows: tuple[tuple[float, ...], ...]) -> str:
    indent = " " * (len(name) + len(" = torch.Tensor(["))
    lines = [f"[{literal(row)}]" for row in rows]
    return f"{name} = torch.Tensor([" + (",\n" + indent).join(lines) + "])\n"


def lecture_batch_snippet() -> str:
    """The lecture's mini-batch, verbatim: two predictions for Y = [2, 0, 1]; prints 0.4966 and 1.2389."""
    return (
        "import torch\n"
        "criterion = torch.nn.CrossEntropyLoss()\n"
        f"Y = torch.LongTensor([{literal(LECTURE_BATCH_TARGETS)}])\n\n"
        + _rows("Y_pred1", LECTURE_Y_PRED1)
        + _rows("Y_pred2", LECTURE_Y_PRED2)
        + "\nl1 = criterion(Y_pred1, Y)\n"
        "l2 = criterion(Y_pred2, Y)\n"
        'print("Batch Loss1 = ", l1.data, "\\nBatch Loss2=", l2.data)\n'
    )


def safe_numpy_snippet(example: Example) -> str:
    """The lecture's numpy cross-entropy made safe: the log-sum-exp form, so that ±1000 logits stay exact."""
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
