"""What makes every page usable with a keyboard, a screen reader, a phone or 200 % zoom (WCAG 2.2 AA).

Home.py calls :func:`page_accessibility` before each page: the app-wide CSS (a visible focus ring, 24 px targets,
no motion for whoever asked for less, the title clear of the top bar on a phone) and a small browser component
(``accessibility.js``) holding the one polite live region. Pages post to it with :func:`announce`, and draw each
chart with :func:`chart` (or follow it with :func:`describe`) to name and describe it; the component also gives
formulas and tables too wide for their column a tab stop.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

import pandas as pd
import plotly.graph_objects as go
import streamlit as st

from explainer.figures import style
from explainer.figures.describe import figure_summary
from explainer.i18n import _, current_language

HERE = Path(__file__).resolve().parent

_component = st.components.v2.component(
    "explainer.accessibility",
    js=(HERE / "accessibility.js").read_text(encoding="utf-8"),
    css=".announcements { font-size: 0; }",
)

# Hidden from the eye, not from a screen reader (the usual "visually hidden" rules); an element holding only such
# text is taken out of the page's flow, so it adds no gap between the elements around it, as are the live region
# and the class's browser memory and nudge point (class_room), which show nothing.
_CSS = """<style>
.sr-only { position: absolute !important; width: 1px; height: 1px; padding: 0; margin: -1px; overflow: hidden;
  clip-path: inset(50%); white-space: nowrap; border: 0; }
[data-testid="stElementContainer"]:has(.sr-only), .st-key-a11y-live, .st-key-class-memory,
.st-key-class-nudge {
  position: absolute !important;
  width: 1px; height: 1px; overflow: hidden; clip-path: inset(50%); }
/* A focus ring everyone sees (2.4.7): the primary colour, with a gap, on whatever the keyboard reached. */
[data-testid="stApp"] :focus-visible { outline: 3px solid {primary} !important; outline-offset: 2px; }
/* Text Streamlit draws in the primary colour (a slider's value, the chosen segment) is in the text colour instead:
   one primary cannot reach 4.5:1 both as text on the dark background and under a primary button's white text. */
[data-testid="stSliderThumbValue"], [data-variant="segmented_control"] { color: inherit !important; }
/* Reflow (1.4.10): a segmented control's options wrap onto a second line at 320 px instead of running off it. */
[data-testid="stButtonGroup"] [role="radiogroup"] { flex-wrap: wrap; row-gap: 0.25rem; }
/* Words longer than the English (another language) wrap instead of being cut off with an ellipsis: the pages'
   names in the navigation and in Previous / Next, a button's label, a multiselect's chosen items. */
[data-testid="stSidebarNavLink"] span, [data-testid="stPageLink-NavLink"] span,
[data-testid="stApp"] .stMarkdownEllipsis, [data-testid="stApp"] .stMarkdownEllipsis p, [data-tag] span[title] {
  white-space: normal !important; overflow: visible !important; text-overflow: clip !important; }
[data-tag] { height: auto !important; max-width: 100% !important; }
/* Targets at least 24 x 24 px (2.5.8). */
[data-testid="stApp"] button, [data-testid="stApp"] [role="slider"], [data-testid="stApp"] a[href] {
  min-height: 24px; min-width: 24px; }
/* A phone's top bar covers the first 3.75 rem of the page: the title starts below it (390 x 844 and up). */
@media (max-width: 640px) { [data-testid="stMainBlockContainer"] { padding-top: 4.5rem; } }
@media (prefers-reduced-motion: reduce) {
  *, *::before, *::after { animation-duration: 0.01ms !important; animation-iteration-count: 1 !important;
    transition-duration: 0.01ms !important; scroll-behavior: auto !important; }
}
</style>""".replace("{primary}", style.PRIMARY)


def _words() -> dict[str, str]:
    """What accessibility.js calls the things it makes scrollable, in the page's language."""
    return {
        "formula": _("Formula"),
        "table": _("Table"),
        "wide": _("{what}, wider than the page: scroll it sideways with the arrow keys"),
    }


def page_accessibility() -> None:
    """The app-wide CSS and the live region: Home.py draws them before every page."""
    st.html(_CSS)
    # The page's language on <html> (Streamlit writes "en" whatever the words): screen readers pronounce by it and
    # the browser picks Chinese glyph shapes by it.
    _component(key="a11y-live", data={"lang": current_language(), "words": _words()})


def announce(key: str, text: str, on_appear: bool = False) -> None:
    """Have screen readers say ``text`` politely when it differs from what ``key`` said at the last look (and when
    it first appears, if ``on_appear``: an upload's result). Bursts are throttled to the latest one.

    The text is an attribute of a hidden element: not read twice, and not found by a search for the page's text."""
    st.html(
        f'<p class="sr-only announce-source" aria-hidden="true" data-key="{html.escape(key)}" '
        f'data-on-appear="{str(on_appear).lower()}" data-text="{html.escape(text)}"></p>'
    )


def describe(key: str, name: str, description: str, numbers: pd.DataFrame | None = None) -> None:
    """Name the chart drawn last before this call in the same column or container, and describe what it shows now
    (one sentence, from the data that built it; ``name`` and ``description`` in the reader's language); ``numbers``,
    where a table helps, goes under a "Show the numbers" expander, its first column as the rows' names."""
    identifier = "describe-" + re.sub(r"[^A-Za-z0-9_-]", "-", key)
    st.html(
        f'<p class="sr-only figure-description" id="{identifier}" data-name="{html.escape(name)}">'
        f"{html.escape(description)}</p>"
    )
    if numbers is not None:
        with st.expander(_("Show the numbers: {name}").format(name=name)):
            st.table(numbers.set_index(numbers.columns[0]))  # an HTML table: every cell reachable by a screen reader


def chart(
    fig: go.Figure,
    name: str,
    *,
    key: str,
    description: str | None = None,
    numbers: pd.DataFrame | None = None,
    **options: object,
) -> None:
    """``st.plotly_chart(fig, key=key, **options)``, named and described: ``description`` is the chart's own sentence
    (from :mod:`explainer.figures.describe`), else what its traces hold (:func:`figure_summary`)."""
    st.plotly_chart(fig, key=key, **options)
    describe(key, name, description or figure_summary(fig), numbers)
