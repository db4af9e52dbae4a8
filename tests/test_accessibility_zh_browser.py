"""Every page of the lesson in Chinese, in real Chromium: first in the pseudo-language (PhET's string test mode: every
message marked and a third longer) at 1280 x 720 and 390 x 844, where no text may bypass the catalog and none may be
cut off; then the same page switched to Chinese by the sidebar's switch, its ``lang`` declared, its title, the
glossary's English on the page, its formulas drawn, and axe-core's WCAG A/AA rules on the projector and a phone (the
walk is tests/support/walk.py's; English: test_accessibility_browser.py)."""

from __future__ import annotations

import pytest

from explainer.i18n.languages import CHINESE
from tests.support.views import VIEWS
from tests.support.walk import walk

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("name", list(VIEWS))
def test_each_page_in_the_pseudo_language_then_in_chinese(browser_context, app_url, name):
    walk(browser_context, app_url, name, "0", CHINESE)
