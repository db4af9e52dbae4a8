"""The sweep page's panels: the plan (from its link, or its form), the workers, the map as it fills, a picked cell.

The plan is the session's; its study is everyone's (the store holds it): two students on the same link watch one
sweep, and a reload shows it as it stands. This process's workers on a plan live in ``st.cache_resource``.
"""

from __future__ import annotations

import contextlib
import urllib.parse
from collections.abc import Callable, Mapping

import pandas as pd
import streamlit as st

from explainer.figures import sweep as sweep_figures
from explainer.i18n import N_, _
from explainer.links import LINK_OWNERS, LINKS, NETS, OPTIMIZERS, SWEEP_METHODS, InputError
from explainer.server.process import fragment
from explainer.store.database import StoreUnavailable, shared_store
from explainer.sweep.plan import FIELDS, LECTURE_CELL, PRESET, PlanError, SweepPlan, plan_from_query, sweep_budget
from explainer.sweep.study import Progress, TrialView, importances, load_study, load_trials, progress
from explainer.sweep.worker import Crew, trial_config
from explainer.training.divergence import Divergence
from explainer.training.experiment import Experiment, experiment_to_query
from explainer.training.jobs import shared_limiter
from explainer.ui import resources
from explainer.ui.shell import link_state
from explainer.ui.shell.accessibility import announce, chart
from explainer.ui.shell.session_keys import session_key

PAGE = "explore"
POLL_SECONDS = 1.0
PLAN_KEY = session_key(PAGE, "plan")
CHOICE_KEY = session_key(PAGE, "cell_choice")  # the chosen trial's number
METHOD_NAMES = {"grid": N_("grid"), "random": N_("random"), "tpe": N_("tpe")}
# A trial's state (study.TrialView.state) as the page says it.
STATE_NAMES = {
    "finished": N_("finished"),
    "pruned": N_("pruned"),
    "diverged": N_("diverged"),
    "running": N_("running"),
    "waiting": N_("waiting"),
    "lost": N_("lost"),
}


@st.cache_resource(show_spinner=False, on_release=Crew.stop)
def crew_for(plan: SweepPlan) -> Crew:
    """This process's workers on ``plan``'s study, shared by every session that watches it."""
    return Crew(plan, shared_store(), resources.mnist_tensors("auto"), shared_limiter())


# The networks by their link names (lecture, half, one, none), as a person reads them.
NET_NAMES = {
    "lecture": N_("the lecture's"),
    "half": N_("half as wide"),
    "one": N_("one hidden layer"),
    "none": N_("no hidden layer"),
}


def _net_name(net: str) -> str:
    return _(NET_NAMES[net])


def _open_link(query: Mapping[str, str]) -> list[str]:
    plan, errors = plan_from_query(query)
    st.session_state[PLAN_KEY] = plan
    return errors


def current_plan() -> SweepPlan:
    """The session's plan: its link's on the first run (the preset where it names none), then the form's."""
    link_state.open_once(PAGE, _open_link)
    link_state.link_warnings(PAGE)
    return st.session_state.setdefault(PLAN_KEY, PRESET)


def write_plan_back(plan: SweepPlan) -> None:
    """The address names what differs from the preset (the preset's own link is the bare page)."""
    preset = PRESET.to_query()
    link_state.write_back(
        LINK_OWNERS[PAGE], {name: value for name, value in plan.to_query().items() if value != preset[name]}
    )


def plan_controls(plan: SweepPlan) -> None:
    """The sweep's settings as a form: nothing reruns until "Run this sweep"; a bad field says what to fix."""
    with st.form(session_key(PAGE, "form"), border=False):
        text = {name: plan.to_query()[name] for name in ("lrs", "momenta", "batches")}
        first, second, third = st.columns(3)
        lrs = first.text_input(_label("lrs"), text["lrs"], help=_help("lrs"))
        per_decade = first.selectbox(
            _label("per_decade"),
            range(int(LINKS["per_decade"].low), int(LINKS["per_decade"].high) + 1),
            index=plan.per_decade - 1,
            help=_help("per_decade"),
        )
        momenta = first.text_input(_label("momenta"), text["momenta"], help=_help("momenta"))
        batches = second.text_input(_label("batches"), text["batches"], help=_help("batches"))
        optimizers = second.multiselect(
            _label("optimizers"), OPTIMIZERS, default=list(plan.optimizers), format_func=str.upper
        )
        nets = second.multiselect(
            _label("nets"), list(NETS), default=list(plan.nets), help=_help("nets"), format_func=_net_name
        )
        epochs = third.number_input(_label("trial_epochs"), *_bounds("trial_epochs"), plan.trial_epochs)
        method = third.radio(
            _label("method"), SWEEP_METHODS, index=SWEEP_METHODS.index(plan.method), horizontal=True,
            format_func=lambda name: _(METHOD_NAMES[name]),
            help=_("grid: every cell once · random: draws from the ranges · tpe: Optuna's model-based search"),
        )  # fmt: skip
        trials = third.number_input(_label("trials"), *_bounds("trials"), plan.trials, help=_help("trials"))
        submitted = st.form_submit_button(_("Run this sweep"), type="primary", icon=":material/play_arrow:")
    if submitted:
        query = {"lrs": lrs, "per_decade": str(per_decade), "momenta": momenta, "batches": batches}
        query |= {"optimizers": ",".join(optimizers), "nets": ",".join(nets), "trial_epochs": str(epochs)}
        query |= {"method": method, "trials": str(trials)}
        _submit(query)
    if error := st.session_state.get(session_key(PAGE, "form_error")):
        st.error(error, icon=":material/error:")


def _label(name: str) -> str:
    """A link parameter's label, in the reader's language (the link table marks it)."""
    return _(LINKS[name].label)


def _help(name: str) -> str:
    """A link parameter's help, in the reader's language ('' where it has none)."""
    return _(LINKS[name].help) if LINKS[name].help else ""


def _bounds(name: str) -> tuple[int, int]:
    """A whole-number field's range, as its link parameter declares it."""
    return int(LINKS[name].low), int(LINKS[name].high)


def _submit(query: dict[str, str]) -> None:
    """Every field checked by its link parameter, then the ranges and the budget; a good plan becomes the session's."""
    problems = []
    values = {}
    for name, text in query.items():
        try:
            values[FIELDS[name]] = LINKS[name].parse(text)
        except InputError as error:
            problems.append(str(error))
    if not problems:
        try:
            st.session_state[PLAN_KEY] = PRESET.replace(**values).validate()
        except PlanError as error:
            problems.append(str(error))
    st.session_state[session_key(PAGE, "form_error")] = " ".join(problems)
    link_state.forget_link_errors(PAGE)


def start_workers(plan: SweepPlan) -> str | None:
    """Have this process work on the plan (one worker per training slot); what stops it, in words, or None."""
    if problems := plan.problems():
        return " ".join(problems)
    try:
        crew = crew_for(plan)
        crew.start(shared_limiter().limit)
    except StoreUnavailable:
        return _("The store that holds the sweeps cannot be reached just now: the sweep starts when it is back.")
    return None


def summary(plan: SweepPlan, done: Progress) -> str:
    """The sweep's progress in one sentence."""
    parts = [_("**{done} of {total}** trials done").format(done=done.done, total=done.total)]
    if done.running:
        parts.append(_("{n} training now").format(n=done.running))
    if done.pruned:
        parts.append(_("{n} stopped early by the pruner").format(n=done.pruned))
    if done.diverged:
        parts.append(_("{n} diverged ✗").format(n=done.diverged))
    sentence = _("{items}.").format(items=" · ".join(parts))
    if done.epochs_saved:
        sentence = _("{summary} Stopping early saved **{saved}** of {cost} trial-epochs.").format(
            summary=sentence, saved=done.epochs_saved, cost=plan.cost()
        )
    return sentence


def trial_label(trial: TrialView, plan: SweepPlan) -> str:
    """'lr 0.01 · momentum 0.5 · 93%' (plus what else the plan varies, and how it ended)."""
    params, varied = trial.params, plan.varied()
    words = [
        _("lr {lr}").format(lr=sweep_figures.lr_label(params["lr"])),
        _("momentum {momentum:g}").format(momentum=params["momentum"]),
    ]
    also = {"batch_size": _("batch size {value}"), "optimizer": _("optimizer {value}"), "net": _("net {value}")}
    words += [also[name].format(value=params[name]) for name in also if name in varied]
    ending = sweep_figures.cell_text(trial) or _(STATE_NAMES.get(trial.state, trial.state))
    return " · ".join([*words, sweep_figures.DIVERGED_MARK if trial.state == "diverged" else ending])


def stopped_text(view: TrialView) -> str:
    """Why a trial stopped itself, in the reader's language (worded from its divergence's numbers; a trial told
    before they were kept says it in English)."""
    if view.divergence:
        with contextlib.suppress(TypeError, ValueError, KeyError):
            return Divergence(**view.divergence).message
    return view.stopped


# One map at a time: the wide one from 640 px up, the tall one below (a phone).
MAP_CSS = """<style>
.st-key-{name}-tall {{ display: none; }}
@media (max-width: 639px) {{ .st-key-{name}-wide {{ display: none; }} .st-key-{name}-tall {{ display: block; }} }}
</style>"""
TABLE_COLUMNS = {
    "trial": N_("trial"),
    "learning rate": N_("learning rate"),
    "momentum": N_("momentum"),
    "state": N_("state"),
    "epochs": N_("epochs"),
    "test accuracy %": N_("test accuracy %"),
}


def trials_table(views: list[TrialView]) -> pd.DataFrame:
    """Every trial, for the map's "Show the numbers" (its headers and states in the reader's language)."""
    rows = [
        {
            "trial": view.number,
            "learning rate": view.params.get("lr"),
            "momentum": view.params.get("momentum"),
            "state": _(STATE_NAMES.get(view.state, view.state)),
            "epochs": len(view.curves),
            "test accuracy %": None if view.accuracy is None else round(100 * view.accuracy, 1),
        }
        for view in views
        if view.state != "waiting"
    ]
    table = pd.DataFrame(rows, columns=list(TABLE_COLUMNS))
    return table.rename(columns={name: _(header) for name, header in TABLE_COLUMNS.items()})


def sweep_view(plan: SweepPlan, working: bool) -> None:
    """The map and its numbers, redrawn while the sweep runs (``working``: this process's workers are at it; another
    machine's are seen as they tell their trials). The poll that finds the sweep complete (or the workers gone) reruns
    the page at once, before it draws: the complete map is drawn once, by a full run, and a click on it is kept."""
    read_now: list[list[TrialView]] = []  # this full run's read, for the fragment's first draw in it
    with contextlib.suppress(StoreUnavailable):
        read_now.append(load_trials(plan, shared_store()))
        working = working and not progress(read_now[0], plan).complete

    @fragment(run_every=POLL_SECONDS if working else None)
    def live() -> None:
        try:
            views = read_now.pop() if read_now else load_trials(plan, shared_store())
        except StoreUnavailable:
            st.warning(_("The store that holds the sweeps cannot be reached just now."), icon=":material/cloud_off:")
            return
        done = progress(views, plan)
        if working and (done.complete or not crew_for(plan).working):
            st.rerun()
        st.markdown(summary(plan, done))
        st.progress(min(1.0, done.done / max(1, done.total)))
        said = _("{done} of {total} trials done.").format(done=done.done, total=done.total)
        announce("explore:progress", said if done.complete else "")
        _map_and_cell(plan, views)
        st.caption(
            _(
                "This sweep is the study `{study}` in the store: another machine joins it with "
                "`python -m explainer.sweep worker --study {study}` (see the README)."
            ).format(study=plan.study_name)
        )

    live()


def wide_and_tall_maps(
    name: str,
    views: list[TrialView],
    lrs: list[float],
    momenta: list[float],
    selected: tuple[float, float] | None,
    title: str,
    description: str,
    key: Callable[[str], str],
    **options: object,
) -> None:
    """The map wide on a projector and tall on a phone: CSS shows the one that fits (containers ``name``-wide and
    ``name``-tall; ``key(shape)`` is each chart's key)."""
    st.html(MAP_CSS.format(name=name))
    for shape in ("wide", "tall"):
        fig = sweep_figures.landscape(
            views, lrs, momenta, lecture=LECTURE_CELL, selected=selected,
            tall=shape == "tall", height=360 if shape == "wide" else 140 + 44 * len(lrs),
        )  # fmt: skip
        with st.container(key=f"{name}-{shape}"):
            chart(fig, title, key=key(shape), description=description, **options)


def _map_and_cell(plan: SweepPlan, views: list[TrialView]) -> None:
    ended = [view for view in views if view.state in ("finished", "pruned", "diverged")]
    _follow_click(plan, ended)
    by_number = {view.number: view for view in sorted(ended, key=lambda v: -(v.accuracy or 0))}
    chosen = by_number.get(st.session_state.get(CHOICE_KEY))  # by a click (just above) or by the choice below
    picked = (chosen.params["lr"], chosen.params["momentum"]) if chosen else None
    description = _map_description(plan, ended)
    options = dict(on_select="rerun", selection_mode="points", config={"displayModeBar": False})
    if plan.method == "grid":
        wide_and_tall_maps(
            "explore-map", views, plan.learning_rates(), plan.momenta, picked, _("Sweep map"), description,
            key=lambda shape: session_key(PAGE, f"map_{shape}"), **options,
        )  # fmt: skip
        _numbers(views)
    else:
        chart(
            sweep_figures.landscape_points(views), _("Sweep map"), key=session_key(PAGE, "map_wide"),
            description=description, numbers=trials_table(views) if views else None, **options,
        )  # fmt: skip
    if not ended:
        return
    best = next(iter(by_number.values()))
    pick, curves = st.columns([2, 3], gap="large")
    choice = pick.selectbox(
        _("Cell to look at (best first; or click one on the map)"), list(by_number), index=None,
        format_func=lambda number: trial_label(by_number[number], plan),
        placeholder=_("the best: {label}").format(label=trial_label(best, plan)), key=CHOICE_KEY,
    )  # fmt: skip
    view = by_number.get(choice, best)
    if view.stopped:
        pick.warning(stopped_text(view), icon=":material/warning:")
    pick.link_button(
        _("Open the best on the Training page"),
        _training_link(plan, best),
        icon=":material/open_in_new:",
        help=_("{label}: train it there, with every chart of that page").format(label=trial_label(best, plan)),
    )
    lecture = next((v for v in ended if (v.params["lr"], v.params["momentum"]) == LECTURE_CELL), None)
    with curves:
        fig = sweep_figures.trial_curves(view, lecture.curves if lecture else [], trial_label(view, plan))
        chart(fig, _("Curves of the chosen cell"), key=session_key(PAGE, "curves"))
    if len(plan.varied()) > 2:
        study = load_study(plan, shared_store())
        told = sum(view.state in ("finished", "diverged") for view in ended)  # the trials fANOVA reads
        for key, name, fig, text in sweep_figures.many_parameters(study, _importances(plan, told)):
            chart(fig, name, key=session_key(PAGE, key), description=text)


@st.cache_data(max_entries=64, show_spinner=False)
def _importances(plan: SweepPlan, told: int) -> dict[str, float] | None:
    """fANOVA's importances once per sweep and count of finished trials, for every session watching it (each poll
    of a running sweep refitted its forest). Numbers by parameter name, no words: every language reads them."""
    return importances(load_study(plan, shared_store()))


def _numbers(views: list[TrialView]) -> None:
    if not views:  # an empty table says nothing (and Streamlit's "empty" is not in the reader's language)
        return
    name = _("Sweep map")
    with st.expander(_("Show the numbers: {name}").format(name=name)):
        table = trials_table(views)
        st.table(table.set_index(table.columns[0]))


def _follow_click(plan: SweepPlan, ended: list[TrialView]) -> None:
    """A click on the map picks that cell in the choice below it (once per click: the polls keep the selection)."""
    events = [st.session_state.get(session_key(PAGE, f"map_{shape}")) for shape in ("wide", "tall")]
    points = [point for event in events if event for point in event.selection.points]
    click = points[0].get("customdata") if points else None
    if click is None or click == st.session_state.get(session_key(PAGE, "last_click")):
        return
    st.session_state[session_key(PAGE, "last_click")] = click
    for view in ended:
        here = view.number == click if plan.method != "grid" else [view.params["lr"], view.params["momentum"]] == click
        if here:
            st.session_state[CHOICE_KEY] = view.number
            return


def _training_link(plan: SweepPlan, view: TrialView) -> str:
    """The Training page's link to this trial's run: the config the sweep trained, every setting it decides."""
    names = ("epochs", "batch", "lr", "momentum", "optimizer", "hidden", "seed")
    query = experiment_to_query(Experiment(trial_config(plan, view.params)), names)
    return "training?" + urllib.parse.urlencode(query, safe=",")


def _map_description(plan: SweepPlan, ended: list[TrialView]) -> str:
    if not ended:
        return _("The map of final test accuracy over learning rate and momentum; no trial has finished yet.")
    best = max(ended, key=lambda view: view.accuracy or 0)
    diverged = sorted({view.params["lr"] for view in ended if view.state == "diverged"})
    text = _("Test accuracy over learning rate and momentum: best {label}.").format(label=trial_label(best, plan))
    if diverged:
        text = _("{text} Diverged (✗) from learning rate {lr} up.").format(
            text=text, lr=sweep_figures.lr_label(diverged[0])
        )
    return _("{text} Budget: {cost} of {budget} trial-epochs.").format(
        text=text, cost=plan.cost(), budget=sweep_budget()
    )
