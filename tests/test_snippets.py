"""The lecture's code and the page's safe numpy code run as copied and print what the page shows."""

import contextlib
import io

import pytest

from explainer.links import Example
from explainer.maths import numbers, snippets
from explainer.maths.softmax import analyse


def run(code: str) -> str:
    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        exec(compile(code, "<snippet>", "exec"), {})
    return out.getvalue()


@pytest.mark.parametrize(
    "example",
    [Example(), Example((1000.0, -1000.0, 0.0), 1), Example((2.0, -1.0, 0.5, 0.0), 3, 0.5, 0.2)],
)
@pytest.mark.parametrize("make", [snippets.safe_numpy_snippet])
def test_snippet_prints_the_pages_loss(example, make):
    report = analyse(example.logits, example.target, example.temperature, example.label_smoothing)
    assert f"loss = {report.loss:.4f}" in run(make(example))


def test_lecture_snippet_prints_0_9729():
    assert "loss = 0.9729" in run(snippets.safe_numpy_snippet(Example()))
    assert numbers.number(analyse((0.2, 0.1, -0.1), 0).loss) == "0.9729"


LECTURE_NUMPY = """import numpy as np
y = np.array([1, 0, 0])
z = np.array([0.2, 0.1, -0.1])
y_pred = np.exp(z) / np.exp(z).sum()
loss = (- y * np.log(y_pred)).sum()
print(loss)
"""
LECTURE_TORCH = """import torch
y = torch.LongTensor([0])
z = torch.Tensor([[0.2, 0.1, -0.1]])
criterion = torch.nn.CrossEntropyLoss()
loss = criterion(z, y)
print(loss)
"""


def test_the_lectures_code_is_verbatim_and_prints_its_numbers():
    assert snippets.lecture_numpy_snippet(Example()) == LECTURE_NUMPY
    assert snippets.lecture_torch_snippet(Example()) == LECTURE_TORCH
    assert run(LECTURE_NUMPY).startswith("0.97291891")
    assert run(LECTURE_TORCH) == "tensor(0.9729)\n"
    batch = snippets.lecture_batch_snippet()
    assert "Y = torch.LongTensor([2, 0, 1])" in batch
    assert run(batch) == "Batch Loss1 =  tensor(0.4966) \nBatch Loss2= tensor(1.2389)\n"


@pytest.mark.parametrize(
    "example",
    [Example((1.5, -0.25, 3.0, 0.0), 2), Example((2.0, -1.0, 0.5, 0.0), 3, 0.5, 0.2), Example((50.0, -50.0), 1)],
)
def test_the_lectures_code_with_the_pages_numbers_prints_the_pages_loss(example):
    report = analyse(example.logits, example.target, example.temperature, example.label_smoothing)
    assert f"{float(run(snippets.lecture_numpy_snippet(example))):.4f}" == f"{report.loss:.4f}"
    printed = run(snippets.lecture_torch_snippet(example))  # tensor(0.9729), or tensor(100.) for a whole number
    assert f"{float(printed.strip().removeprefix('tensor(').removesuffix(')')):.4f}" == f"{report.loss:.4f}"
