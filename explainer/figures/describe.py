"""One sentence per chart saying what it shows now, from the same data that drew it: the text alternative a screen
reader gives for the picture (WCAG 1.1.1), and what ``explainer.ui.shell.accessibility.describe`` attaches to it."""

from __future__ import annotations

from collections.abc import Sequence

import numpy as np

from explainer.i18n import N_, _, ngettext
from explainer.maths.numbers import brief

# What the callers name their quantities and samples (in English, which the code reads): marked here, translated
# where a sentence says them. A name not listed stays as the caller wrote it.
QUANTITIES = (
    N_("running loss"),
    N_("test accuracy"),
    N_("validation accuracy"),
    N_("validation log loss"),
    N_("test loss"),
    N_("validation loss"),
)
ITEMS = (N_("digits"), N_("images"), N_("products"))
TRENDS = {
    "rose": N_("Run {run}: {name} rose from {first} to {last} over {epochs:.1f} epochs"),
    "fell": N_("Run {run}: {name} fell from {first} to {last} over {epochs:.1f} epochs"),
    "stayed": N_("Run {run}: {name} stayed from {first} to {last} over {epochs:.1f} epochs"),
}


def _sentence(text: str) -> str:
    """A sentence's end after ``text``, in the reader's language."""
    return _("{text}.").format(text=text)


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
    name = _(quantity.removesuffix("%").strip())
    parts = []
    for label, _colour, x, y in series:
        if not len(y):
            continue
        first, last = (100 * y[0], 100 * y[-1]) if percent else (y[0], y[-1])
        trend = "rose" if last > first else "fell" if last < first else "stayed"
        shown = (lambda v: f"{v:.1f} %") if percent else (lambda v: f"{v:.2f}")
        run = label.split()[0]
        parts.append(
            _(TRENDS[trend]).format(run=run, name=name, first=shown(first), last=shown(last), epochs=float(x[-1]))
        )
    if not parts:
        return _("{name} against epochs: no run has data yet.").format(name=name)
    return _sentence(_("; ").join(parts))


def confusion_description(matrix: np.ndarray, names: Sequence[str], items: str = "digits") -> str:
    """How many were right, and the most frequent mistakes.

    >>> confusion_description(np.array([[5, 1], [3, 11]]), ["cat", "dog"], "photos")
    '16 of 20 photos right (80.0%). Most frequent mistakes: dog read as cat 3 times, cat read as dog 1 time.'
    """
    total, right = int(matrix.sum()), int(np.trace(matrix))
    shown_items = _(items)
    sentence = (
        _("{right:,} of {total:,} {items} right ({share:.1%}).").format(
            right=right, total=total, items=shown_items, share=right / total
        )
        if total
        else _("No {items} yet.").format(items=shown_items)
    )
    off = matrix.astype(np.int64).copy()
    np.fill_diagonal(off, 0)
    order = np.argsort(off, axis=None)[::-1][:3]
    mistakes = [
        ngettext(
            "{true} read as {predicted} {count} time", "{true} read as {predicted} {count} times", int(off[t, p])
        ).format(true=names[t], predicted=names[p], count=off[t, p])
        for t, p in zip(*np.unravel_index(order, off.shape), strict=True)
        if off[t, p] > 0
    ]
    if not mistakes:
        return sentence
    return " ".join((sentence, _("Most frequent mistakes: {mistakes}.").format(mistakes=_(", ").join(mistakes))))


def probabilities_description(probabilities: Sequence[float], target: int | None = None) -> str:
    """The three most probable classes, and the true class's probability when it is known.

    >>> probabilities_description([0.05, 0.9, 0.05], target=0)
    'Most probable: 1 at 90.0%, then 0 at 5.0%, 2 at 5.0%. True class 0: 5.0%, so the prediction is wrong.'
    """
    p = np.asarray(probabilities, dtype=np.float64)
    top = np.argsort(-p, kind="stable")[:3]
    first, *rest = (_("{k} at {p:.1%}").format(k=k, p=p[k]) for k in top)
    shown = {"first": first, "rest": _(", ").join(rest)}
    if target is None:
        return _("Most probable: {first}, then {rest}.").format(**shown)
    verdict = (
        N_("Most probable: {first}, then {rest}. True class {target}: {p:.1%}, so the prediction is right.")
        if int(top[0]) == target
        else N_("Most probable: {first}, then {rest}. True class {target}: {p:.1%}, so the prediction is wrong.")
    )
    return _(verdict).format(**shown, target=target, p=p[target])


def _trace_summary(trace: object) -> str | None:
    kind, name = trace.type, (trace.name or "")
    if kind == "bar" and trace.y is not None and len(trace.y):
        y = np.asarray(trace.y, dtype=np.float64)
        x = list(trace.x) if trace.x is not None else list(range(len(y)))
        high, low = int(np.argmax(y)), int(np.argmin(y))
        summary = (
            N_("{count} bars ({name}), highest {high} at {high_value}, lowest {low} at {low_value}")
            if name
            else N_("{count} bars, highest {high} at {high_value}, lowest {low} at {low_value}")
        )
        return _(summary).format(
            count=len(y), name=name, high=x[high], high_value=brief(y[high]), low=x[low], low_value=brief(y[low])
        )
    if kind == "heatmap" and trace.z is not None:
        z = np.asarray(trace.z, dtype=np.float64)
        if z.size and np.isfinite(z).any():
            rows, columns = z.shape if z.ndim == 2 else (1, z.size)
            summary = (
                N_("a {rows} × {columns} grid ({name}) of values from {low} to {high}")
                if name
                else N_("a {rows} × {columns} grid of values from {low} to {high}")
            )
            return _(summary).format(
                rows=rows, columns=columns, name=name, low=brief(np.nanmin(z)), high=brief(np.nanmax(z))
            )
    if kind == "scatter" and trace.y is not None and len(trace.y) > 1:
        x = list(trace.x) if trace.x is not None else list(range(len(trace.y)))
        y = list(trace.y)
        return _("{name}: {count} points from ({x0}, {y0}) to ({x1}, {y1})").format(
            name=name or _("a line"),
            count=len(y),
            x0=brief(x[0]),
            y0=brief(y[0]),
            x1=brief(x[-1]),
            y1=brief(y[-1]),
        )
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
        return _("An empty chart.")
    text = _("; ").join(parts[:most])
    if len(parts) > most:
        text = _("{text}; and {count} more").format(text=text, count=len(parts) - most)
    return _sentence(text)
