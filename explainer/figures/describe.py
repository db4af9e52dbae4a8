"""One sentence per chart saying what it shows now, from the same data that drew it: the text alternative a screen
reader gives for the picture (WCAG 1.1.1), and what ``explainer.ui.shell.accessibility.describe`` attaches to it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explainer.maths.numbers import brief


def curves_description(series: Sequence[tuple[str, str, Sequence[float], Sequence[float]]], quantity: str) -> str:
    """Where each run's curve started and where it is now, ``series`` as ``figures.training.run_curves`` takes it
    (label, colour, x in epochs, y); ``quantity`` names y with its unit ("running loss", "test accuracy %").

    >>> curves_description([("#1 sgd lr=0.01", "#000", [0.1, 1.0, 3.0], [2.302, 1.1, 0.41])], "running loss")
    'Run #1: running loss fell from 2.30 to 0.41 over 3.0 epochs.'
    >>> curves_description([("#2 adam", "#000", [1, 2], [0.8, 0.87])], "test accuracy %")
    'Run #2: test accuracy rose from 80.0 % to 87.0 % over 2.0 epochs.'
    >>> curves_description([], "running loss")
    'running loss against epochs: no run has data yet.'
    """
    percent = quantity.endswith("%")
    name = quantity.removesuffix("%").strip()
    parts = []
    for label, _, x, y in series:
        if not len(y):
            continue
        first, last = (100 * y[0], 100 * y[-1]) if percent else (y[0], y[-1])
        trend = "rose" if last > first else "fell" if last < first else "stayed"
        shown = (lambda v: f"{v:.1f} %") if percent else (lambda v: f"{v:.2f}")
        run = label.split()[0]
        parts.append(f"Run {run}: {name} {trend} from {shown(first)} to {shown(last)} over {float(x[-1]):.1f} epochs")
    if not parts:
        return f"{name} against epochs: no run has data yet."
    return "; ".join(parts) + "."


def confusion_description(matrix: np.ndarray, names: Sequence[str], items: str = "digits") -> str:
    """How many were right, and the most frequent mistakes.

    >>> confusion_description(np.array([[5, 1], [3, 11]]), ["cat", "dog"], "photos")
    '16 of 20 photos right (80.0%). Most frequent mistakes: dog read as cat 3 times, cat read as dog 1 time.'
    """
    total, right = int(matrix.sum()), int(np.trace(matrix))
    sentence = f"{right:,} of {total:,} {items} right ({right / total:.1%})." if total else f"No {items} yet."
    off = matrix.astype(np.int64).copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None)[::-1][:3]
    mistakes = [
        f"{names[t]} read as {names[p]} {off[t, p]} time{'s' if off[t, p] != 1 else ''}"
        for t, p in zip(*np.unravel_index(order, off.shape), strict=True)
        if off[t, p] > 0
    ]
    return sentence + (f" Most frequent mistakes: {', '.join(mistakes)}." if mistakes else "")


def probabilities_description(probabilities: Sequence[float], target: int | None = None) -> str:
    """The three most probable classes, and the true class's probability when it is known.

    >>> probabilities_description([0.05, 0.9, 0.05], target=0)
    'Most probable: 1 at 90.0%, then 0 at 5.0%, 2 at 5.0%. True class 0: 5.0%, so the prediction is wrong.'
    """
    p = np.asarray(probabilities, dtype=np.float64)
    top = np.argsort(-p, kind="stable")[:3]
    sentence = f"Most probable: {top[0]} at {p[top[0]]:.1%}, then " + ", ".join(f"{k} at {p[k]:.1%}" for k in top[1:])
    if target is None:
        return sentence + "."
    verdict = "right" if int(top[0]) == target else "wrong"
    return f"{sentence}. True class {target}: {p[target]:.1%}, so the prediction is {verdict}."


def _trace_summary(trace: object) -> str | None:
    kind, name = trace.type, (trace.name or "")
    label = f" ({name})" if name else ""
    if kind == "bar" and trace.y is not None and len(trace.y):
        y = np.asarray(trace.y, dtype=np.float64)
        x = list(trace.x) if trace.x is not None else list(range(len(y)))
        high, low = int(np.argmax(y)), int(np.argmin(y))
        return f"{len(y)} bars{label}, highest {x[high]} at {brief(y[high])}, lowest {x[low]} at {brief(y[low])}"
    if kind == "heatmap" and trace.z is not None:
        z = np.asarray(trace.z, dtype=np.float64)
        if z.size and np.isfinite(z).any():
            rows, columns = z.shape if z.ndim == 2 else (1, z.size)
            return f"a {rows} × {columns} grid{label} of values from {brief(np.nanmin(z))} to {brief(np.nanmax(z))}"
    if kind == "scatter" and trace.y is not None and len(trace.y) > 1:
        x = list(trace.x) if trace.x is not None else list(range(len(trace.y)))
        y = list(trace.y)
        ends = f"({brief(x[0])}, {brief(y[0])}) to ({brief(x[-1])}, {brief(y[-1])})"
        return f"{name or 'a line'}: {len(y)} points from {ends}"
    return None


def figure_summary(fig: object, most: int = 4) -> str:
    """What a plotly figure's traces hold, read from the figure itself: the description of a chart with no sentence
    of its own (bars: their extremes; heatmaps: size and range; lines: their ends).

    >>> import plotly.graph_objects as go
    >>> figure_summary(go.Figure([go.Bar(x=["0", "1", "2"], y=[0.2, 0.7, 0.1], name="p")]))
    '3 bars (p), highest 1 at 0.7, lowest 2 at 0.1.'
    >>> figure_summary(go.Figure([go.Heatmap(z=[[0, 255], [3, 4]])]))
    'a 2 × 2 grid of values from 0 to 255.'
    """
    parts = [part for part in map(_trace_summary, fig.data) if part]
    if not parts:
        return "An empty chart."
    more = f"; and {len(parts) - most} more" if len(parts) > most else ""
    return "; ".join(parts[:most]) + more + "."
