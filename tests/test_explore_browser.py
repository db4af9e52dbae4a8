"""The sweep page in Chromium: a small sweep fills the map; on a phone the map stands tall; a cell is picked by a
click on the map or by keyboard, and its curve is drawn; axe checks both (the accessibility walk sees the page
before any sweep)."""

import re

import pytest
from playwright.sync_api import expect

from deploy.browser import wait_for_script
from tests.support.accessibility import wcag_failures
from tests.support.browser import PROJECTOR, no_exception, on_first_screen, screenshots_in_both_themes

pytestmark = pytest.mark.browser
CHOICE = "Cell to look at (best first; or click one on the map)"
DONE = re.compile(r"^4 of 4 trials done")  # the summary line (not the description's "Budget: 4 of 40 …")
SMALL = "explore?lrs=0.01,0.1&per_decade=1&momenta=0,0.5&trial_epochs=1"  # 2 x 2 cells, one epoch each


def test_a_small_sweep_fills_the_map_on_the_projectors_first_screen_and_a_click_picks_a_cell(projector, app_url):
    projector.goto(f"{app_url}/{SMALL}")
    expect(projector.get_by_text(DONE).first).to_be_visible(timeout=120_000)
    wait_for_script(projector)
    wide = projector.locator(".st-key-explore-map-wide")
    on_first_screen(wide)
    expect(projector.locator(".st-key-explore-map-tall")).to_be_hidden()
    points = wide.locator(".scatterlayer .trace").first.locator(".point")
    points.nth(3).click(force=True)  # row momentum 0.5, column lr 0.1: the fourth cell
    expect(projector.get_by_role("combobox", name=CHOICE)).to_have_value(
        re.compile(r"^lr 0\.1 · momentum 0\.5 · "), timeout=30_000
    )
    curves = projector.locator('[data-testid="stPlotlyChart"]').filter(has_text="Test accuracy after each epoch")
    expect(curves).to_contain_text("lr 0.1 · momentum 0.5")
    no_exception(projector)
    screenshots_in_both_themes(projector, "explore_small_sweep", **PROJECTOR)
    projector.set_viewport_size(PROJECTOR)
    assert wcag_failures(projector, "explore after a sweep") == []


def test_on_a_phone_the_map_stands_tall_and_a_cell_is_picked_by_keyboard(browser_context, app_url):
    phone = browser_context(viewport={"width": 390, "height": 844})
    try:
        phone.goto(f"{app_url}/{SMALL}")
        expect(phone.get_by_text(DONE).first).to_be_visible(timeout=120_000)
        wait_for_script(phone)  # the run still drawing can redraw the choice and close its list (a CI run, 2026-12-06)
        expect(phone.locator(".st-key-explore-map-tall")).to_be_visible()
        expect(phone.locator(".st-key-explore-map-wide")).to_be_hidden()
        box = phone.get_by_role("combobox", name=CHOICE)
        box.focus()
        phone.keyboard.press("ArrowDown")
        # the list open, its first option there, before Enter: on a busy machine an Enter that came first chose nothing
        expect(phone.get_by_role("option").first).to_be_visible()
        phone.keyboard.press("Enter")
        wait_for_script(phone)
        expect(box).to_have_value(re.compile(r"^lr .* · momentum .*%$"))  # the best, first in the list
        curves = phone.locator('[data-testid="stPlotlyChart"]').filter(has_text="Test accuracy after each epoch")
        expect(curves).to_contain_text(box.input_value().rsplit(" · ", 1)[0])
        no_exception(phone)
        assert wcag_failures(phone, "explore after a sweep (phone)") == []
    finally:
        phone.close()
