"""How the app prints numbers, in one place: what the pages, the charts and the lecture's code show. The browser
components print the same numbers with the same rules (explainer/ui/components/numbers.js); the browser tests
compare the two languages value by value.
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal

import numpy as np


def fixed(value: float, digits: int) -> str:
    """``value`` with ``digits`` decimals as JavaScript's toFixed writes it, so that the browser's numbers read
    as Python's: an exact tie rounds away from zero (Python's format rounds it to even) and -0 is 0.

    >>> fixed(0.03125, 4), f"{0.03125:.4f}", fixed(-0.0, 4), fixed(-1e-9, 4)
    ('0.0313', '0.0312', '0.0000', '-0.0000')
    """
    exact = Decimal(value + 0.0)  # float to Decimal is exact; + 0.0 turns -0.0 into 0.0
    return f"{exact.quantize(Decimal(1).scaleb(-digits), rounding=ROUND_HALF_UP):f}"


def number(value: float) -> str:
    """4 decimals as in the lecture's printouts; 1 from 1000 on (±1000 logits), so it fits a metric; below 1e-4,
    3 significant digits in powers of ten, the exponent written as the numbers table writes it (3.00e-7, not
    3e-07); ∞ past float64.

    The logit lab prints its readout in the browser with the same rules (``number`` in logit_lab.js).

    >>> number(0.97291891), number(1900.0), number(3e-7), number(-0.0), number(-math.inf)
    ('0.9729', '1900.0', '3.00e-7', '0.0000', '-∞')
    """
    if math.isinf(value):
        return "∞" if value > 0 else "-∞"
    if abs(value) >= 1000:
        return fixed(value, 1)
    if abs(value) >= 1e-4 or value == 0:
        return fixed(value, 4)
    mantissa, exponent = f"{value:.2e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def probability(p: float, log_p: float, latex: bool = True) -> str:
    """p as :func:`number` prints it, or e^(log p) where p underflows: e^-2000 says more than 0.0000.

    >>> probability(0.25, math.log(0.25)), probability(0.0, -2000.0), probability(0.0, -2000.0, latex=False)
    ('0.2500', 'e^{-2000.0}', 'e^-2000.0')
    """
    if p >= 1e-4:
        return number(p)
    return f"e^{{{number(log_p)}}}" if latex else f"e^{number(log_p)}"


def table_cell(value: float) -> str:
    """A cell of the numbers table: 4 decimals, in powers of ten from 10^5 on (e^z reaches 10^308, which would be a
    300-digit cell), ∞ where e^z overflowed float64.

    >>> [table_cell(v) for v in (1.2214027581601699, -0.1, -2000.0, math.exp(700), math.inf)]
    ['1.2214', '-0.1000', '-2000.0000', '1.0142e304', '∞']
    """
    if value == math.inf:
        return "∞"
    if abs(value) < 1e5:
        return fixed(value, 4)  # as the browser prints the cells during a drag, ties and -0 included
    mantissa, exponent = f"{value:.4e}".split("e")
    return f"{mantissa}e{int(exponent)}"


def brief(value: object) -> str:
    """A number in a chart's description for a screen reader: 3 significant digits, enough to hear the shape.

    >>> brief(0.97291891), brief(12345.0), brief(7)
    ('0.973', '1.23e+04', '7')
    """
    return f"{value:.3g}" if isinstance(value, float | np.floating) else str(value)


def literal(values: tuple[float, ...]) -> str:
    """Numbers as the lecture's code writes them: 0.2, not 0.2000000001; whole numbers without a point.

    >>> literal((0.2, 0.1, -0.1, 1.0))
    '0.2, 0.1, -0.1, 1'
    """
    return ", ".join(f"{v:.10g}" for v in values)
