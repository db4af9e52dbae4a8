"""In Chromium: a class fills its map. The projector (1280 x 720) presses Map it together; two phones (390 x 844, each
its own browser) land on their Training pages with their own cells, the cell's button on the first screen, train
them, and the projector's map shows both cells filled; axe checks the projector's map and a phone's cell."""

import pytest

from deploy.browser import wait_for_script
from tests.support.accessibility import wcag_failures
from tests.support.browser import no_exception, screenshot

PHONE = {"viewport": {"width": 390, "height": 844}, "is_mobile": True, "has_touch": True, "device_scale_factor": 2}
SECONDS = 1000


@pytest.mark.browser
def test_a_room_fills_the_map_together(browser, browser_context, projector, app_url):
    projector.goto(app_url)
    wait_for_script(projector)
    projector.get_by_role("button", name="Start a class").click()
    code = projector.locator(".class-code").inner_text(timeout=30 * SECONDS).strip()
    projector.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Exploring").click()
    projector.get_by_role("button", name="Map it together").click(timeout=60 * SECONDS)
    projector.get_by_role("button", name="Stop handing out cells").wait_for(timeout=30 * SECONDS)
    wait_for_script(projector)

    # Two browsers, so two answer tokens and two cells: the workers' shared phone context (its scripts cached) and
    # one of its own.
    contexts = [browser.new_context(**PHONE)]
    phones = [browser_context(**PHONE), contexts[0].new_page()]
    try:
        cells = []
        for phone in phones:
            phone.goto(f"{app_url}/?class={code}")  # joins, follows the teacher: to its Training page
            box = phone.locator(".st-key-class-cell")
            box.get_by_text("your cell").wait_for(timeout=60 * SECONDS)
            wait_for_script(phone)
            cells.append(box.locator("p").first.inner_text())
            box = phone.get_by_role("button", name="Train my cell").bounding_box()
            assert box["y"] + box["height"] <= PHONE["viewport"]["height"], "the cell's button on the first screen"
        assert cells[0] != cells[1], f"each phone its own cell: {cells}"
        screenshot(phones[0], "room_map_phone_cell", height=844, width=390)
        failures = wcag_failures(phones[0], "a phone's cell of the room's map")
        for phone in phones:
            phone.get_by_role("button", name="Train my cell").tap()
        for phone in phones:
            done = phone.get_by_text("on the projector's map").or_(phone.get_by_text("Your cell diverged"))
            done.first.wait_for(timeout=120 * SECONDS)
            no_exception(phone)
        projector.get_by_text("runs from 2 phones · 2 of 44 cells mapped").wait_for(timeout=30 * SECONDS)  # polled
        wait_for_script(projector)
        screenshot(projector, "room_map_projector", height=720, width=1280)
        failures += wcag_failures(projector, "the projector's room map")
        no_exception(projector)
        assert not failures, "\n".join(failures)
    finally:
        phones[0].close()
        for context in contexts:
            context.close()
