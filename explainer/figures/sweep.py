"""A sweep's pictures: the learning rate x momentum map of test accuracy, and one cell's curves beside the lecture's.

Arrays and trials in, figures out. The map's words never rely on colour alone: each cell says its accuracy in
per cent, "(41%)" for a trial the pruner stopped early, "✗" for one that diverged, "…" while it trains.
"""

from __future__ import annotations

from collections.abc import Sequence

import optuna
import plotly.graph_objects as go
from optuna.trial import TrialState

from explainer.figures.metrics import HEATMAP_COLORSCALE, SELECTED_CELL_LINE
from explainer.figures.style import FONT_SIZE, HIGHLIGHT, PREDICTED_WRONG, TRUE_CLASS, legible, style
from explainer.i18n import N_, _, pgettext
from explainer.sweep.study import TrialView

DIVERGED_MARK = "✗"
RUNNING_MARK = "…"
# A trial's parameters as the figures name them (Optuna's names, in English; translated where shown).
PARAM_NAMES = {
    "lr": N_("lr"),
    "momentum": N_("momentum"),
    "batch_size": N_("batch_size"),
    "optimizer": N_("optimizer"),
    "net": N_("net"),
}
OBJECTIVE = N_("Objective Value")  # Optuna's name for what a study maximizes: here the final test accuracy


def param_name(name: str) -> str:
    """A parameter's name in the reader's language (an unknown one as it is)."""
    return _(PARAM_NAMES[name]) if name in PARAM_NAMES else name


def lr_label(lr: float) -> str:
    """A learning rate as the map's axis says it: '1e-4', '3e-4', '0.001' … '10'.

    >>> [lr_label(x) for x in (1e-4, 3e-4, 0.001, 0.5, 10)]
    ['1e-4', '3e-4', '0.001', '0.5', '10']
    """
    return f"{lr:g}" if lr >= 1e-3 else f"{lr:.0e}".replace("e-0", "e-")


def cell_text(trial: TrialView | None) -> str:
    """What a cell of the map says, whatever its colour (a diverged cell's ✗ is drawn over it, in vermillion)."""
    if trial is None or trial.state in ("waiting", "lost", "diverged"):
        return ""
    if trial.state == "running":
        return RUNNING_MARK
    percent = f"{100 * trial.accuracy:.0f}%" if trial.accuracy is not None else "?"
    return f"({percent})" if trial.state == "pruned" else percent


def best_per_cell(trials: Sequence[TrialView]) -> dict[tuple[float, float], TrialView]:
    """The trial shown in each (lr, momentum) cell: the best one there when other settings vary too."""
    rank = {"finished": 4, "pruned": 3, "diverged": 2, "running": 1}
    cells: dict[tuple[float, float], TrialView] = {}
    for trial in trials:
        if trial.state not in rank or not {"lr", "momentum"} <= trial.params.keys():
            continue  # a trial just asked for: its parameters are being written
        key = (trial.params["lr"], trial.params["momentum"])
        held = cells.get(key)
        score = (rank[trial.state], trial.accuracy or 0.0)
        if held is None or score > (rank[held.state], held.accuracy or 0.0):
            cells[key] = trial
    return cells


def landscape(
    trials: Sequence[TrialView],
    lrs: Sequence[float],
    momenta: Sequence[float],
    *,
    lecture: tuple[float, float],
    selected: tuple[float, float] | None = None,
    tall: bool = False,
    height: int = 360,
) -> go.Figure:
    """The map: columns are learning rates (one per grid value, log steps), rows momenta (0 at the bottom), colour and
    text the final test accuracy; ``tall`` turns it a quarter (rows are learning rates, the lowest on top: a phone's
    screen). The lecture's cell is outlined in blue, the selected one black on white.

    ``data[1]`` is an invisible scatter with one point per cell whose ``customdata`` is ``[lr, momentum]``: with
    ``st.plotly_chart(..., on_select="rerun", selection_mode="points")`` a click gives the cell.
    """
    cells = best_per_cell(trials)
    lr_names, momentum_names = [lr_label(lr) for lr in lrs], [f"{m:g}" for m in momenta]
    pairs = [[(lr, m) for lr in lrs] for m in momenta]  # rows of (lr, momentum), as the wide map shows them
    if tall:
        pairs = [list(column) for column in zip(*pairs, strict=True)]
    xs, ys = (momentum_names, lr_names) if tall else (lr_names, momentum_names)
    shown = [[cells.get(pair) for pair in row] for row in pairs]
    z = [[t.accuracy * 100 if t and t.accuracy is not None and t.state != "diverged" else None for t in row]
         for row in shown]  # fmt: skip
    fig = go.Figure()
    fig.add_heatmap(
        x=xs, y=ys, z=z, text=[[cell_text(t) for t in row] for row in shown], texttemplate="%{text}",
        textfont=dict(size=FONT_SIZE - 4), colorscale=HEATMAP_COLORSCALE, zmin=0, zmax=100, xgap=2, ygap=2,
        hoverinfo="skip", colorbar=dict(title=dict(text=_("test %")), thickness=14), name=_("accuracy"),
        showscale=not tall,  # a phone's narrow map: the numbers in the cells say it
    )  # fmt: skip
    fig.add_scatter(
        x=[x for _row in ys for x in xs], y=[y for y in ys for _column in xs], mode="markers",
        marker=dict(size=30, opacity=0), customdata=[list(pair) for row in pairs for pair in row],
        hovertemplate=_("cell %{x}, %{y}<extra></extra>"), name=_("cells"), showlegend=False,
    )  # fmt: skip
    where = {pair: (column, row) for row, cells_of_row in enumerate(pairs) for column, pair in enumerate(cells_of_row)}
    diverged = [where[pair] for pair, trial in cells.items() if trial.state == "diverged" and pair in where]
    fig.add_scatter(
        x=[xs[column] for column, _row in diverged], y=[ys[row] for _column, row in diverged], mode="text",
        text=[DIVERGED_MARK] * len(diverged), textfont=dict(size=FONT_SIZE + 4, color=PREDICTED_WRONG),
        hoverinfo="skip", name=_("diverged"), showlegend=False,
    )  # fmt: skip
    _outline(fig, where, lecture, ((5, HIGHLIGHT),))
    _outline(fig, where, selected, tuple(zip((7, 3), SELECTED_CELL_LINE, strict=True)))
    fig.update_layout(
        title=dict(
            text=_("Final test accuracy<br>columns: momentum · rows: learning rate") if tall
            else _("Final test accuracy: learning rate × momentum"),
            x=0, xanchor="left",
        ),
        clickmode="event+select", dragmode=False, hovermode="closest",
    )  # fmt: skip
    axes = dict(type="category", showgrid=False, zeroline=False)
    titles = ("", "") if tall else (_("learning rate (log steps)"), _("momentum"))  # tall: the title names them
    fig.update_xaxes(axes, title_text=titles[0], tickangle=0, side="top" if tall else "bottom")
    fig.update_yaxes(axes, title_text=titles[1], autorange="reversed" if tall else True)
    fig = legible(style(fig, height=height))
    if tall:  # the momentum axis on top, under the title
        fig.update_layout(margin=dict(l=10, r=10, t=120, b=10))
    return fig


def _outline(fig: go.Figure, where: dict, cell: tuple[float, float] | None, lines: tuple) -> None:
    """Frame ``cell`` (lr, momentum) of the map with each (width, colour) in ``lines``, widest first."""
    if cell is None or tuple(cell) not in where:
        return
    column, row = where[tuple(cell)]
    for width, color in lines:
        fig.add_shape(
            type="rect", x0=column - 0.5, x1=column + 0.5, y0=row - 0.5, y1=row + 0.5,
            line=dict(color=color, width=width), fillcolor="rgba(0,0,0,0)",
        )  # fmt: skip


def trial_curves(trial: TrialView, lecture: Sequence[dict[str, float]], title: str) -> go.Figure:
    """One trial's test accuracy per epoch (solid) beside the lecture's run (dashed), in per cent."""
    fig = go.Figure()
    if lecture:
        fig.add_scatter(
            x=[point["epoch"] for point in lecture], y=[100 * point["test_accuracy"] for point in lecture],
            mode="lines+markers", name=_("the lecture's run (lr 0.01, momentum 0.5)"),
            line=dict(color=HIGHLIGHT, width=3, dash="dash"), marker=dict(symbol="square", size=9),
        )  # fmt: skip
    color = PREDICTED_WRONG if trial.state == "diverged" else TRUE_CLASS
    fig.add_scatter(
        x=[point["epoch"] for point in trial.curves], y=[100 * point["test_accuracy"] for point in trial.curves],
        mode="lines+markers", name=title, line=dict(color=color, width=5), marker=dict(size=11),
    )  # fmt: skip
    fig.update_layout(title=dict(text=_("Test accuracy after each epoch"), x=0, xanchor="left"), showlegend=True)
    fig.update_xaxes(title_text=_("epoch"), dtick=1)
    fig.update_yaxes(title_text=_("test accuracy %"), range=[0, 100])
    fig = style(fig, height=360)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.25, x=0))
    return legible(fig)


def landscape_points(trials: Sequence[TrialView], *, selected: int | None = None, height: int = 420) -> go.Figure:
    """A random or model-based search's trials where they fell: learning rate (log axis) x momentum, colour the
    final test accuracy, ✗ where a trial diverged, an open circle where the pruner stopped it. ``customdata`` is each
    point's trial number (a click picks it)."""
    shown = [
        t for t in trials if t.state in ("finished", "pruned", "diverged") and {"lr", "momentum"} <= t.params.keys()
    ]
    fig = go.Figure()
    for states, symbol, name in (
        (("finished",), "circle", _("finished")),
        (("pruned",), "circle-open", _("stopped early (pruned)")),
        (("diverged",), "x-thin-open", _("diverged ✗")),
    ):
        group = [t for t in shown if t.state in states]
        fig.add_scatter(
            x=[t.params["lr"] for t in group], y=[t.params["momentum"] for t in group], mode="markers", name=name,
            marker=dict(
                symbol=symbol, size=[26 if t.number == selected else 18 for t in group], line=dict(width=3),
                color=[100 * (t.accuracy or 0) for t in group] if states != ("diverged",) else PREDICTED_WRONG,
                colorscale=HEATMAP_COLORSCALE, cmin=0, cmax=100,
            ),
            customdata=[t.number for t in group], hovertemplate=_("lr %{x:.3g}, momentum %{y}<extra></extra>"),
        )  # fmt: skip
    fig.update_layout(
        title=dict(text=_("Each trial: learning rate × momentum, coloured by test accuracy"), x=0, xanchor="left"),
        clickmode="event+select", dragmode=False, showlegend=True,
    )  # fmt: skip
    fig.update_xaxes(type="log", title_text=_("learning rate (log axis)"))
    fig.update_yaxes(title_text=_("momentum"))
    fig = style(fig, height=height)
    fig.update_layout(showlegend=True, legend=dict(orientation="h", y=-0.3, x=0))
    return legible(fig)


def many_parameters(study: optuna.Study, importances: dict[str, float] | None) -> list[tuple[str, str, go.Figure, str]]:
    """With more than two parameters varied: Optuna's parallel coordinates (each trial a line through its settings
    to its accuracy) and the parameters' ``importances`` (fANOVA's, None when it could not tell) as the app's bars,
    each as (a key that names it in any language, its name, the figure, its sentence)."""
    finished = [t for t in study.get_trials(deepcopy=False) if t.state == TrialState.COMPLETE]
    if len(finished) < 2:
        return []
    figures = [(
        "Parallel coordinates", _("Parallel coordinates"), _parallel_coordinates(study),
        _(
            "Each of the {n} finished trials is a line through its settings, one axis each, to its test "
            "accuracy on the last axis: lines that end high share the settings that work."
        ).format(n=len(finished)),
    )]  # fmt: skip
    if importances:
        ranked = pgettext("list separator", ", ").join(
            f"{param_name(name)} {share:.0%}" for name, share in importances.items()
        )
        bars = go.Figure(go.Bar(
            x=list(importances.values())[::-1], y=[param_name(name) for name in importances][::-1], orientation="h",
            marker_color=HIGHLIGHT, text=[f"{share:.0%}" for share in list(importances.values())[::-1]],
            textposition="outside",
        ))  # fmt: skip
        bars.update_layout(title=dict(text=_("Hyperparameter importances (fANOVA)"), x=0, xanchor="left"))
        bars.update_xaxes(title_text=_("share of the accuracy's spread"), tickformat=".0%")
        figures.append((
            "Parameter importances", _("Parameter importances"), bars,
            _("How much of the accuracy's spread each setting explains: {ranked}.").format(ranked=ranked),
        ))  # fmt: skip
    return [(key, name, legible(style(fig, height=420)), text) for key, name, fig, text in figures]


def _parallel_coordinates(study: optuna.Study) -> go.Figure:
    """Optuna's parallel coordinates, its words in the reader's language: the title, each axis's name (the tick texts
    under the axes, and the first item of each line's hover data) and the colour bar's."""
    fig = optuna.visualization.plot_parallel_coordinate(study)
    words = {OBJECTIVE: _(OBJECTIVE)} | {name: param_name(name) for name in PARAM_NAMES}
    fig.update_layout(title_text=_("Parallel Coordinate Plot"))
    ticks = fig.layout.xaxis.ticktext
    if ticks:
        fig.update_xaxes(ticktext=[words.get(tick, tick) for tick in ticks])
    for trace in fig.data:
        if trace.customdata is not None:
            trace.customdata = [[words.get(row[0], row[0]), *row[1:]] for row in trace.customdata]
        colorbar = getattr(getattr(trace, "marker", None), "colorbar", None)
        if colorbar is not None and colorbar.title.text:
            colorbar.title.text = words.get(colorbar.title.text, colorbar.title.text)
    return fig
