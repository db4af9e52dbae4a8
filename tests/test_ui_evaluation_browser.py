"""The evaluation page in headless Chromium: train here, click a matrix cell, open a digit in the softmax page.

Screenshots (1600 px wide, light and dark) land in artifacts/screenshots/evaluation_*.png: look at them.
"""

from __future__ import annotations

import re

import pytest

from deploy.browser import CHART, wait_for_script
from tests.support.browser import ServerLink, assert_drawn_in, no_exception, screenshot, train_here

pytestmark = pytest.mark.browser
HEATMAP = CHART  # the first chart of the page, once trained


def click_cell(page, true: int, predicted: int, classes: int = 10) -> None:
    """Click cell (true, predicted) of the heatmap: rows top to bottom, columns left to right."""
    plot = page.locator(HEATMAP).first.locator(".nsewdrag").first
    plot.scroll_into_view_if_needed()
    area = plot.bounding_box()
    x = area["x"] + (predicted + 0.5) * area["width"] / classes
    y = area["y"] + (true + 0.5) * area["height"] / classes
    page.mouse.click(x, y)


def drill_text(page) -> str:
    return page.locator('[data-testid="stMarkdown"]').filter(has_text="test images are").first.inner_text()


def full_page(page, name: str) -> None:
    """The whole page, top first."""
    page.locator("h1").first.scroll_into_view_if_needed()
    screenshot(page, name, height=3300)


def test_train_here_click_a_cell_and_open_a_digit(page, app_url):
    link = ServerLink(page)
    train_here(page, app_url)
    assert page.locator(HEATMAP).count() >= 3  # heatmap, one-vs-rest table, per-class bars, ...
    link.rerun(page.locator('[data-testid="stCheckbox"]').filter(has_text="Hide the diagonal").click)  # the toggle
    click_cell(page, 4, 9)
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMarkdown]')]"
        ".some(e => /test images are 4 and were predicted 9/.test(e.innerText))",
        timeout=15_000,
    )
    wait_for_script(page)
    no_exception(page)
    assert re.search(r"are 4 and were predicted 9", drill_text(page))
    full_page(page, "evaluation_trained")
    openers = page.get_by_role("button", name="Open in softmax")
    if openers.count():  # the clicked cell may be empty after 3 epochs
        openers.first.click()
        page.wait_for_selector("h1:has-text('Softmax and cross-entropy')", timeout=30_000)
        wait_for_script(page)
        no_exception(page)
        assert "logits=" in page.url and "target=4" in page.url


def test_the_trained_page_and_a_choice_of_cells_are_drawn_in_the_dark_theme(browser_context, app_url):
    page = browser_context(viewport={"width": 1600, "height": 1000}, color_scheme="dark")
    try:
        link = ServerLink(page)
        train_here(page, app_url)
        assert_drawn_in(page, "dark")
        link.rerun(page.get_by_text("by true class (rows)", exact=True).click)  # a choice of "Cells show"
        no_exception(page)
        assert_drawn_in(page, "dark")
        full_page(page, "evaluation_trained_dark")
    finally:
        page.close()
