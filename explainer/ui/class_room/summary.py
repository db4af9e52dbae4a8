"""The teacher's summary of the class (every question asked, how many answered, the share right before and after
discussion, what they answered; a CSV and a page to print), and ending the class, which asks first and offers the
summary: ending deletes the answers, and the summary with them."""

from __future__ import annotations

import time

import pandas as pd
import streamlit as st

from explainer.class_session import classes as cs
from explainer.class_session.summary import class_summary, headers, rows, to_csv, to_html
from explainer.figures.class_summary import summary_figure, summary_words
from explainer.i18n import N_, _
from explainer.store.database import StoreUnavailable
from explainer.ui.class_room import session
from explainer.ui.class_room.session import SECRET, code, leave, say, store
from explainer.ui.shell.accessibility import chart

# In English, the catalog's keys: translated where they are drawn.
SUMMARY = N_("Class summary")  # the sidebar's button and the dialog's title
END_CLASS = N_("End the class")  # opens the confirmation
END_FOR_GOOD = N_("End the class and delete its answers")
KEEP_TEACHING = N_("Keep teaching")
CSV_DOWNLOAD = N_("Download the summary (CSV)")
PRINTABLE = N_("Printable summary (HTML)")
# What a summary button asked for (True: ending the class), kept by its callback: a class's poll whose rerun preempts
# the click's run (a busy server) would otherwise lose the click, and the dialog would not open.
_WISH = "class:summary_wish"


def end_class_now() -> None:
    """End this session's class: the code stops working, the answers and the summary are deleted."""
    st.session_state.pop(session.MESSAGE, None)
    try:
        cs.end_class(store(), code(), st.session_state.get(SECRET))
    except cs.ClassError as error:
        say("error", str(error))
        return
    except StoreUnavailable:
        session.say_unreachable("error", session.NOT_DONE)
        return
    leave()
    say("info", _("The class has ended; its answers are deleted."))


def summary_panel(ending: bool = False) -> None:
    """The summary now: the two downloads (and, when ``ending``, the buttons that end the class or keep it), the
    share right per question (a figure and its words) and every vote's numbers in a table."""
    try:
        summaries = class_summary(store(), code())
    except StoreUnavailable:
        st.warning(_("The summary cannot be read just now: the class cannot be reached. Try again in a moment."))
        summaries = None
    with st.container(horizontal=True):
        if ending:
            st.button(_(END_FOR_GOOD), type="primary", icon=":material/logout:", on_click=end_class_now)
            if st.button(_(KEEP_TEACHING)):
                st.rerun()
        if summaries:
            name = f"class-{code()}-summary"
            csv_text, page = to_csv(summaries), to_html(summaries, code(), time.strftime("%Y-%m-%d %H:%M"))
            st.download_button(
                _(CSV_DOWNLOAD), csv_text, f"{name}.csv", "text/csv", on_click="ignore", icon=":material/download:"
            )
            st.download_button(
                _(PRINTABLE), page, f"{name}.html", "text/html", on_click="ignore", icon=":material/print:"
            )
    session.show(session.message())  # why the class could not end (the store out of reach): said where the press was
    if summaries == []:
        st.info(_("No question was asked yet: the summary fills as you ask the room."), icon=":material/info:")
    if not summaries:
        return
    chart(
        summary_figure(summaries),
        _("What the room got right"),
        key="class-summary",
        description=summary_words(summaries),
        config={"displayModeBar": False},
    )
    st.caption(_("Anonymous: counts only. Every vote of every question, in the order asked:"))
    named = headers()
    st.table(pd.DataFrame(rows(summaries)).set_index("question").rename_axis(named["question"]).rename(columns=named))


def summary_button(label: str, *, ending: bool = False, **options: object) -> None:
    """A button that opens the summary (with ``ending``, first the question whether to end the class)."""
    st.button(label, on_click=_wish, args=(ending,), **options)
    wished = st.session_state.pop(_WISH, None)
    if wished is not None:
        summary_dialog(ending=wished)


def _wish(ending: bool) -> None:
    st.session_state[_WISH] = ending


def summary_dialog(ending: bool = False) -> None:
    """The summary over the page (a dialog made at each opening: its title in the reader's language)."""
    st.dialog(_(SUMMARY), width="large")(_summary)(ending)


def _summary(ending: bool = False) -> None:
    """The dialog's content; ``ending``: first the question whether to end the class, which deletes it."""
    if code() is None:  # ended by the button below (its callback ran first): close over the page as it is now
        st.rerun()
    if ending:
        st.warning(
            _(
                "Ending the class deletes every answer and this summary, and its code stops working. "
                "Download the summary first to keep it."
            ),
            icon=":material/warning:",
        )
    summary_panel(ending)
