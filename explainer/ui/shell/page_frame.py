"""What frames every page: its title and one sentence saying what to try, room for them on a projector, and the
lesson's Previous / Next links at the bottom."""

from __future__ import annotations

import time

import streamlit as st

from explainer.i18n import _, current_language
from explainer.i18n.glossary import bilingual_terms
from explainer.i18n.languages import CHINESE
from explainer.lesson import available_steps, script_path, step_for

SCRIPT_STARTED = "page_frame:script_started"

TERMS = "page-terms"  # the container of a page's terms line (terms_line): smaller on a phone
PICTURE_FIRST = "picture-first"  # the container of a page's controls and picture (picture_first_columns)
# Streamlit's default top padding and title size take a third of a 1280 x 720 projector's first screen. On a phone
# (Streamlit stacks columns below 640 px) the picture beside the controls comes first: the controls follow it.
_FIT_SCREENS = f"""<style>
[data-testid="stMainBlockContainer"] {{ padding-top: 2.5rem; }}
[data-testid="stMainBlockContainer"] h1 {{ font-size: 2.25rem; padding-top: 0; }}
@media (max-width: 640px) {{
  .st-key-{TERMS} p {{ font-size: 0.75rem; line-height: 1.35; }}
  .st-key-{PICTURE_FIRST} > [data-testid="stLayoutWrapper"] > [data-testid="stHorizontalBlock"]
    > [data-testid="stColumn"]:first-child {{ order: 1; }}
}}
</style>"""


def fit_projector() -> None:
    """Less empty space above the title, so a 1280 x 720 screen shows what to try and the main picture; on a phone,
    the picture before its controls."""
    st.html(_FIT_SCREENS)


def picture_first_columns(spec: list[float], gap: str = "large") -> list:
    """``st.columns(spec)`` for a page's controls (the first) and its main picture (the last): side by side on a
    projector, the picture first on a phone, where Streamlit stacks them (the logit bars before the sliders that
    duplicate them). One per page: its container's key places it."""
    with st.container(key=PICTURE_FIRST):
        return st.columns(spec, gap=gap)


def page_header(url_path: str, try_this: str) -> None:
    """Every page opens with its title, from the lesson (as the navigation has it), and one sentence saying what
    to try there (the page's own: it names the page's widgets), already in the reader's language."""
    st.session_state[SCRIPT_STARTED] = time.monotonic()
    step = step_for(url_path)
    st.title(_(step.title))
    st.markdown(f"#### {try_this}")
    terms_line(step.terms)


def terms_line(terms: tuple[str, ...]) -> None:
    """In Chinese, the glossary's ``terms`` with their English, under the page's title: before their first use, since
    the slides and the code say them in English."""
    if current_language() == CHINESE and terms:
        with st.container(key=TERMS):
            st.caption(_("Terms on this page: {terms}").format(terms=bilingual_terms(terms)))


def script_started() -> float:
    """When (time.monotonic()) this session's latest full run of a page began (its header is drawn first): what
    changed after it, the page's sections may have missed."""
    return st.session_state.get(SCRIPT_STARTED, 0.0)


def lesson_footer(url_path: str) -> None:
    """Previous / Next links to the neighbouring steps of the lesson: the last line of every page script."""
    steps = available_steps()
    where = [step.url_path for step in steps].index(url_path)
    st.divider()
    back, forward = st.columns(2)
    if where > 0:
        step = steps[where - 1]
        label = _("Previous: {number}. {title}").format(number=where, title=_(step.title))
        back.page_link(script_path(step), label=label, icon=":material/arrow_back:")
    if where + 1 < len(steps):
        step = steps[where + 1]
        label = _("Next: {number}. {title}").format(number=where + 2, title=_(step.title))
        forward.page_link(script_path(step), label=label, icon=":material/arrow_forward:")
