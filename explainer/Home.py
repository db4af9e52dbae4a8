"""Entry point: `streamlit run explainer/Home.py` from the repo root."""

import argparse
import os
import sys
from pathlib import Path

# Streamlit puts explainer/ on sys.path, not the repo root; package imports need the root.
REPO_ROOT = str(Path(__file__).resolve().parent.parent)
if REPO_ROOT not in sys.path:
    sys.path.insert(0, REPO_ROOT)

import streamlit as st  # noqa: E402

from explainer.data.mnist import DATA_DIR_ENV  # noqa: E402
from explainer.i18n import _  # noqa: E402
from explainer.lesson import LANDING_TERMS, available_steps, script_path  # noqa: E402
from explainer.server.batched_sends import batch_event_loop_wakeups  # noqa: E402
from explainer.server.process import (  # noqa: E402
    freeze_imported_objects,
    one_torch_thread,
    rerun_whole_page_after_reconnect,
    shut_down_expired_sessions,
)
from explainer.server.replica import moved_notice  # noqa: E402
from explainer.server.theme_message import cache_theme_messages  # noqa: E402
from explainer.ui import class_room  # noqa: E402
from explainer.ui.shell.accessibility import page_accessibility  # noqa: E402
from explainer.ui.shell.language import language_switch, start_language  # noqa: E402
from explainer.ui.shell.lecture import lecture_toggle  # noqa: E402
from explainer.ui.shell.page_frame import fit_projector, terms_line  # noqa: E402

# `streamlit run explainer/Home.py -- --data-dir DIR` points at full MNIST (DIR/MNIST/raw), like the CLI.
cli = argparse.ArgumentParser(add_help=False)
cli.add_argument("--data-dir")
if data_dir := cli.parse_known_args()[0].data_dir:
    os.environ[DATA_DIR_ENV] = data_dir

one_torch_thread()
shut_down_expired_sessions()
batch_event_loop_wakeups()
cache_theme_messages()
start_language()  # before any word is drawn: the title in the browser's tab included
st.set_page_config(page_title=_("Softmax classifier explainer"), page_icon=":material/target:", layout="wide")
moved_notice()  # after the server (or replica) holding this session died

steps = available_steps()
pages = {
    step.url_path: st.Page(script_path(step), title=_(step.title), icon=step.icon, url_path=step.url_path)
    for step in steps
}


def landing() -> None:
    st.title(_("The softmax classifier, live"))
    class_room.landing_panel()
    st.markdown(
        "#### "
        + _(
            "Follow the lesson top to bottom: each page is one step of the lecture "
            "*PyTorch Tutorial 09 – Softmax Classifier*."
        )
    )
    terms_line(LANDING_TERMS)
    for number, step in enumerate(steps, start=1):  # one row a step: the whole lesson on a 1280 x 720 screen
        link, summary = st.columns([2, 3], vertical_alignment="center")
        link.page_link(pages[step.url_path], label=f"**{number}. {_(step.title)}**", icon=step.icon)
        summary.caption(_(step.summary))


fit_projector()
page_accessibility()
language_switch()
lecture_toggle()
class_room.join_from_link()  # ?class=CODE: this session joins the class before its first page
home = st.Page(landing, title=_("Start here"), icon=":material/home:", default=True)
page = st.navigation([home, *pages.values()])
class_room.class_bar(page.url_path, {home.url_path: home, **pages})  # a class's stage above the page
page.run()
class_room.page_drawn()  # the page ran to its end: a poll's rerun need not draw it again
class_room.keep_in_url()
rerun_whole_page_after_reconnect()  # a page whose server session died reruns whole on reconnecting
freeze_imported_objects()  # after the page ran: what it imported stays out of the cycle collector's walks
