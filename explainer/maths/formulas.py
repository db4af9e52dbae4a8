"""The lecture's formulas as LaTeX with the current numbers substituted (for ``st.latex``)."""

from __future__ import annotations

from explainer.i18n import _
from explainer.maths.numbers import number, probability
from explainer.maths.softmax import SoftmaxReport

MAX_TERMS = 4  # longer sums are elided with \cdots so the formula fits a projector


def _exponent(z: float, temperature: float) -> str:
    scaled = f"{z:g}" if temperature == 1 else f"{z:g}/{temperature:g}"
    return f"e^{{{scaled}}}"


def softmax_latex(report: SoftmaxReport) -> str:
    r"""P(y=k) = e^{z_k/T} / \sum_j e^{z_j/T} for the true class k, numbers substituted."""
    k, t = report.target, report.temperature
    terms = [_exponent(z, t) for z in report.logits]
    if len(terms) > MAX_TERMS:
        terms = [*terms[: MAX_TERMS - 1], r"\cdots", terms[-1]]
    z_over_t = "z_j" if t == 1 else "z_j/T"
    # Lines, as the loss: on one line the value ran past a 1280 px projector's column; past 3 terms (or
    # with T in every exponent) it needs a line of its own.
    value_break = r" \\ &" if len(terms) > 3 or t != 1 else ""
    return (
        rf"\begin{{aligned}}P(y={k}) &= \frac{{e^{{{z_over_t.replace('j', str(k))}}}}}{{\sum_j e^{{{z_over_t}}}}} \\"
        rf" &= \frac{{{_exponent(report.logits[k], t)}}}{{{' + '.join(terms)}}}{value_break}"
        rf" = {probability(report.probabilities[k], report.log_probabilities[k])}\end{{aligned}}"
    )


def loss_latex(report: SoftmaxReport) -> str:
    r"""Loss = -\sum_i Y_i \log \hat Y_i, numbers substituted.

    With label smoothing eps the sum splits into (1 - eps)(-log p_y) + eps * mean_i(-log p_i).
    """
    k, eps = report.target, report.label_smoothing
    p_true = probability(report.probabilities[k], report.log_probabilities[k])
    loss = _("Loss")  # a word in the formula, in the reader's language
    if eps == 0:
        # two lines, so that the numbers fit beside the controls on a 1280 px projector
        return (
            rf"\begin{{aligned}}\text{{{loss}}} &= -\sum_i Y_i \log \hat Y_i = -\log \hat Y_{{{k}}} \\"
            rf" &= -\log {p_true} = {number(report.loss)}\end{{aligned}}"
        )
    mean_nll = -report.log_probabilities.mean()
    return (
        rf"\begin{{aligned}}\text{{{loss}}} &= (1-\varepsilon)(-\log \hat Y_{{{k}}})"
        rf" + \varepsilon\,\overline{{(-\log \hat Y_i)}} \\"
        rf" &= {1 - eps:.2f} \cdot {number(-report.log_probabilities[k])} + {eps:.2f} \cdot {number(mean_nll)}"
        rf" = {number(report.loss)}\end{{aligned}}"
    )


def gradient_latex(report: SoftmaxReport) -> str:
    r"""dL/dz_i = (p_i - q_i) / T as the lab's gradient panel draws it, the true class's numbers substituted.

    q is the target the loss trains towards: the one-hot Y, or (1 - eps) Y + eps/K with label smoothing.

    >>> from explainer.maths.softmax import analyse
    >>> gradient_latex(analyse([0.2, 0.1, -0.1], 0, label_smoothing=0.3)).split("&=")[-1]
    ' (0.3780 - 0.8000) = -0.4220\\end{aligned}'
    """
    k = report.target
    over_t = "" if report.temperature == 1 else "/T"
    value_over_t = "" if report.temperature == 1 else f"/{report.temperature:g}"
    p_k, q_k = report.probabilities[k], report.target_distribution[k]
    return (
        rf"\begin{{aligned}}\frac{{\partial L}}{{\partial z_i}} &= (p_i - q_i){over_t} \\"
        rf" \frac{{\partial L}}{{\partial z_{k}}} &= ({number(p_k)} - {number(q_k)}){value_over_t}"
        rf" = {report.gradient[k]:.4f}\end{{aligned}}"
    )


def lab_formulas(report: SoftmaxReport) -> str:
    r"""Softmax, the loss and the gradient, one under another, as one formula: one element a move, not three.

    >>> from explainer.maths.softmax import analyse
    >>> lab_formulas(analyse([0.2, 0.1, -0.1], 0)).count(r"\begin{aligned}")
    3
    """
    lines = (softmax_latex(report), loss_latex(report), gradient_latex(report))
    return r"\begin{gathered}" + r" \\[0.9em] ".join(lines) + r"\end{gathered}"
