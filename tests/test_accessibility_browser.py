"""axe-core (WCAG 2.0/2.1/2.2 A and AA rules) over every page of the lesson in English, in real Chromium (the walk is
tests/support/walk.py's; in Chinese: test_accessibility_zh_browser.py): default and lecture mode, light and dark,
projector (1280 x 720) and phone (390 x 844) width, where each page's main picture must also be on the first screen.
Any violation of any impact fails, named by its view, theme, rule, target and help. Each view is opened once on the
projector and checked in both themes (Streamlit follows the system's theme as it changes), then narrowed to a phone's
width in the same page and checked again (in the light theme), and for reflow at 320 px and at 200 % zoom, and for
reduced motion. Lecture mode is walked on the projector, on the pages it changes before a run.

What the interactions draw (a training's curves and predictions, a drawn digit, an evaluation with the matrix's numbers
open) is checked where a test already does them: test_first_screen_browser.py runs axe after each.

To add a page: one row in tests/support/views.py's VIEWS.
"""

from __future__ import annotations

import pytest

from explainer.i18n.languages import ENGLISH
from tests.support.views import STEPS, VIEWS
from tests.support.walk import walk

pytestmark = pytest.mark.browser


def cases():
    """Each view, and in lecture mode where lecture mode changes it (View.lecture), on the projector it is made for
    (on a phone, lecture mode's DOM and colours are the projector's: its walk at phone width repeated the
    projector's). A view out of lecture mode is then narrowed to a phone's width in the same page: Streamlit lays it
    out again in the browser, as a phone opening it does, without a second page and session."""
    for name, view in VIEWS.items():
        for lecture in ("0", "1") if view.lecture else ("0",):
            yield pytest.param(name, lecture, id=f"{name}-lecture{lecture}")


def test_the_walk_covers_every_page_of_the_lesson():
    assert set(STEPS) <= set(VIEWS)


@pytest.mark.parametrize(("name", "lecture"), list(cases()))
def test_no_wcag_violation(browser_context, app_url, name, lecture):
    walk(browser_context, app_url, name, lecture, ENGLISH)
