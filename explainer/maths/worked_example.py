"""The lecture slides' worked example as steps: z -> e^z -> Σ e^z -> p -> loss, with the current numbers.

The slides compute z = [0.2, 0.1, −0.1] -> e^z = 1.22, 1.11, 0.90 -> Σ = 3.23 -> p = 0.38, 0.34, 0.28
-> loss −log 0.38 = 0.97. Each :class:`Step` says what it computes (LaTeX, 2 decimals as on the slides),
which term of the softmax formula it is about, which cells of the page's numbers table (quantities and
classes) and which panel of the logit lab to light up. The steps follow whatever logits, temperature and
label smoothing the page has.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Literal

from explainer.i18n import _
from explainer.maths.softmax import OVERFLOW_AT, SoftmaxReport

Term = Literal["logits", "numerator", "denominator", "fraction", "loss"]
Panel = Literal["logits", "probabilities", "none"]


@dataclass(frozen=True)
class Step:
    """One step of the walk: its title, its computation, and what on the page it is about."""

    title: str
    latex: str  # the computation with the current numbers
    term: Term  # the term of the softmax formula this step computes
    quantities: tuple[str, ...]  # the numbers table's quantities it computes (the names of SoftmaxReport.table())
    classes: tuple[int, ...] | None  # the classes it is about (None: every class)
    panel: Panel  # the logit lab panel it is about
    note: str  # why, in a sentence


def two_decimals(value: float) -> str:
    r"""As the slides print numbers: 2 decimals; huge ones in powers of ten; ∞ where float64 overflows.

    >>> two_decimals(1.2214), two_decimals(3.2e300), two_decimals(math.inf)
    ('1.22', '3.2 \\cdot 10^{300}', '\\infty')
    """
    if math.isinf(value):
        return r"\infty"
    if abs(value) >= 1e5:
        mantissa, exponent = f"{value:.1e}".split("e")
        return rf"{mantissa} \cdot 10^{{{int(exponent)}}}"
    return f"{value:.2f}"


VECTOR_LINE = 4  # values a line: five with a minus sign each ran past a 1280 px projector's column


def _vector(values: object) -> str:
    r"""The values in brackets as the slides write them, four to a line.

    >>> _vector([0.2, 0.1])
    '[0.20,\\ 0.10]'
    >>> _vector(range(7))
    '\\left[\\begin{array}{l}0.00,\\ 1.00,\\ 2.00,\\ 3.00,\\\\ 4.00,\\ 5.00,\\ 6.00\\end{array}\\right]'
    """
    texts = [two_decimals(float(v)) for v in values]
    if len(texts) <= VECTOR_LINE:
        return "[" + r",\ ".join(texts) + "]"
    lines = [r",\ ".join(texts[i : i + VECTOR_LINE]) for i in range(0, len(texts), VECTOR_LINE)]
    return r"\left[\begin{array}{l}" + ",\\\\ ".join(lines) + r"\end{array}\right]"


def step_formula(term: Term, colour: str, temperature: float = 1.0) -> str:
    r"""The lecture's formula the step works on, with its ``term`` in ``colour`` (the page's, so that it matches
    the step's table cells and lab panel): P(y = i) = e^{z_i} / Σ_j e^{z_j}, or for the loss step,
    Loss = −Σ_i Y_i log P(y = i).

    >>> step_formula("numerator", "#56B4E9")
    'P(y=i) = \\frac{{\\color{#56B4E9} e^{z_i}}}{\\sum_j e^{z_j}}'
    """
    lit_colour = rf"\color{{{colour}}}"
    if term == "loss":
        loss = _("Loss")
        return rf"{{{lit_colour} \text{{{loss}}} = -\sum_i Y_i \log P(y=i)}}"
    z_i, z_j = ("z_i", "z_j") if temperature == 1 else ("z_i/T", "z_j/T")

    def lit(name: Term, latex: str) -> str:
        return f"{{{lit_colour} {latex}}}" if name == term else latex

    numerator = lit("numerator", f"e^{{{lit('logits', z_i)}}}")
    denominator = lit("denominator", rf"\sum_j e^{{{z_j}}}")
    fraction = lit("fraction", rf"\frac{{{numerator}}}{{{denominator}}}")
    return f"P(y=i) = {fraction}"


def worked_steps(report: SoftmaxReport) -> list[Step]:
    """The slides' five steps for the page's current example.

    >>> from explainer.lesson import LECTURE_LOGITS, LECTURE_TARGET
    >>> from explainer.maths.softmax import analyse
    >>> [s.latex.split("=")[-1].strip() for s in worked_steps(analyse(LECTURE_LOGITS, LECTURE_TARGET))]
    ['[0.20,\\\\ 0.10,\\\\ -0.10]', '[1.22,\\\\ 1.11,\\\\ 0.90]', '3.23', '[0.38,\\\\ 0.34,\\\\ 0.28]', '0.97']
    """
    t = report.temperature
    z = "z/T" if t != 1 else "z"
    exp_quantity = "e^z" if t == 1 else "e^(z/T)"
    total = float(report.exps.sum())
    exps = [float(v) for v in report.exps]
    largest = float((report.logits / t).max())
    sum_terms = " + ".join(two_decimals(v) for v in exps) if len(exps) <= 4 else r"\cdots"
    return [
        Step(
            _("The logits"),
            rf"{z} = {_vector(report.logits / t)}",
            "logits",
            ("z",),
            None,
            "logits",
            _("The network's raw scores, one per class: any real number, they need not be positive or sum to 1."),
        ),
        Step(
            _("Exponentiate"),
            rf"e^{{{z}}} = {_vector(exps)}",
            "numerator",
            (exp_quantity,),
            None,
            "none",
            _exponentiate_note(largest),
        ),
        Step(
            _("Sum"),
            rf"\sum_j e^{{{z}_j}} = {sum_terms} = {two_decimals(total)}",
            "denominator",
            (exp_quantity,),
            None,
            "none",
            _("One number for the whole example: the normaliser every class is divided by."),
        ),
        Step(
            _("Normalise"),
            rf"P(y=i) = \frac{{e^{{{z}_i}}}}{{{two_decimals(total)}}} = {_vector(report.probabilities)}",
            "fraction",
            ("p",),
            None,
            "probabilities",
            _("A distribution: every P(y = i) ≥ 0, and they sum to 1 (here Σ p = {total:.4f}).").format(
                total=report.probabilities.sum()
            ),
        ),
        _loss_step(report),
    ]


def _exponentiate_note(largest: float) -> str:
    """Why exponentiate, and, once the largest scaled logit would overflow float32, how torch avoids it."""
    if largest > OVERFLOW_AT["float32"]:
        return _(
            "e to any power is positive, so every probability will be ≥ 0. But e^z overflows past ≈ {float32:.1f} "
            "in float32 (the lecture's tensors) and past ≈ {float64:.1f} in float64 (this table): torch computes "
            "e^(z − max z) instead, which gives the same p without overflowing."
        ).format(float32=OVERFLOW_AT["float32"], float64=OVERFLOW_AT["float64"])
    return _("e to any power is positive, so every probability will be ≥ 0.")


def _loss_step(report: SoftmaxReport) -> Step:
    """The cross-entropy of the example: the true class's term alone for a one-hot target, every term when smoothed."""
    k = report.target
    if report.label_smoothing == 0:
        loss = rf"-\log P(y={k}) = -\log {two_decimals(report.probabilities[k])} = {two_decimals(report.loss)}"
        note = _("Y is one-hot, so only the true class's term survives: the loss is −log of its probability.")
        return Step(_("The loss"), loss, "loss", ("log p",), (k,), "probabilities", note)
    loss = rf"-\sum_i q_i \log P(y=i) = {two_decimals(report.loss)}"
    note = _("With label smoothing the target q is not one-hot, so every class's −log p counts, weighted by q.")
    return Step(_("The loss"), loss, "loss", ("log p",), None, "probabilities", note)
