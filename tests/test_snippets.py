"""'Show the code' snippets run as copied and print what the page shows."""

import contextlib
import io

import pytest

from explainer.links import Example
from explainer.maths import formulas, snippets
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
@pytest.mark.parametrize("make", [snippets.numpy_snippet, snippets.torch_snippet])
def test_snippet_prints_the_pages_loss(example, make):
    report = analyse(example.logits, example.target, example.temperature, example.label_smoothing)
    assert f"loss = {report.loss:.4f}" in run(make(example))


def test_lecture_snippet_prints_0_9729():
    assert "loss = 0.9729" in run(snippets.numpy_snippet(Example()))
    assert formulas.number(analyse((0.2, 0.1, -0.1), 0).loss) == "0.9729"
