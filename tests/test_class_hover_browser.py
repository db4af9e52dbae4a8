"""Pointing at a class on the softmax page lights its partners, in real Chromium, with no server round trip:
a bar of the logit lab (any panel) frames its row of the numbers table, a row lights the class's bars in every
panel, keyboard focus on a bar does what the pointer does, and leaving clears both.

Screenshots at 1280 × 720, light and dark, go where the other browser tests put theirs: open them and judge.
"""

from __future__ import annotations

import pytest

from tests.browser import EXCEPTION, screenshot, wait_for_script
from tests.test_logit_lab_browser import LAB, bar, open_lab, query

pytestmark = pytest.mark.browser
PROJECTOR = {"width": 1280, "height": 720}
ROWS = "table.numbers tbody tr"
LECTURE = "softmax?logits=0.2,0.1,-0.1&target=0"


def pointed_rows(page) -> list[str]:
    """The classes whose row of the numbers table is framed."""
    return page.locator(f"{ROWS}.pointed").evaluate_all("rows => rows.map((row) => row.dataset.class)")


def pointed_columns(page) -> list[tuple[int, str]]:
    """(panel, class) of every lit class column in the logit lab."""
    return page.locator(f"{LAB} .panel").evaluate_all(
        """panels => panels.flatMap((panel, j) => [...panel.querySelectorAll('.slot')]
             .map((slot, k) => [j, slot.classList.contains('pointed') ? String(k) : null])
             .filter(([, k]) => k !== null))"""
    )


def columns_of(k: int) -> list[list]:
    return [[j, str(k)] for j in range(3)]  # logits, p, ∂L/∂z


def point_at_column(page, panel: int, k: int) -> None:
    """The pointer on class k's column of a lab panel (0 logits, 1 p, 2 ∂L/∂z), whatever its bar's height."""
    band = page.locator(f"{LAB} .panel").nth(panel).locator(".slot").nth(k).locator(".band")
    band.scroll_into_view_if_needed()
    box = band.bounding_box()
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)


def point_away(page) -> None:
    """The pointer on the page's title: on neither picture."""
    page.locator("h1").first.hover()


def sent_frames(page) -> list:
    """Every websocket frame the page sends to the server (a rerun request is one), from before it opens."""
    sent = []
    page.on("websocket", lambda ws: ws.on("framesent", lambda payload: sent.append(payload)))
    return sent


def test_a_bar_in_any_panel_frames_its_row_and_lights_its_class_in_every_panel(page, app_url):
    open_lab(page, app_url, LECTURE)
    page.locator(ROWS).first.wait_for()
    assert pointed_rows(page) == [] and pointed_columns(page) == []
    for panel, k in [(0, 1), (1, 2), (2, 0)]:
        point_at_column(page, panel, k)
        assert pointed_rows(page) == [str(k)], (panel, k)
        assert pointed_columns(page) == columns_of(k), (panel, k)
    point_away(page)
    assert pointed_rows(page) == [] and pointed_columns(page) == []
    assert query(page)["logits"] == "0.2,0.1,-0.1"
    assert page.locator(EXCEPTION).count() == 0


def test_a_table_cell_lights_its_class_in_the_lab_without_a_server_round_trip(page, app_url):
    sent = sent_frames(page)
    open_lab(page, app_url, LECTURE)
    page.locator(ROWS).first.wait_for()
    page.wait_for_timeout(500)  # the first run's messages are sent
    opened = len(sent)
    assert opened > 0  # the listener hears the page
    for k, cell in [(2, "td"), (0, "th"), (1, "td.lit")]:  # a number, the class label, a lit cell
        page.locator(ROWS).nth(k).locator(cell).first.hover()
        assert pointed_columns(page) == columns_of(k), (k, cell)
        assert pointed_rows(page) == [str(k)], (k, cell)
    point_away(page)
    assert pointed_columns(page) == [] and pointed_rows(page) == []
    page.wait_for_timeout(300)
    assert len(sent) == opened  # all of it happened in the browser
    page.get_by_role("button", name="Next", exact=True).click()
    wait_for_script(page)
    assert len(sent) > opened  # while a click on Next asks the server


def test_keyboard_focus_on_a_bar_points_at_its_class_and_leaving_clears_it(page, app_url):
    open_lab(page, app_url, LECTURE)
    page.locator(ROWS).first.wait_for()
    bar(page, 1).focus()
    assert pointed_rows(page) == ["1"] and pointed_columns(page) == columns_of(1)
    page.keyboard.press("Tab")  # on to the next bar
    assert pointed_rows(page) == ["2"] and pointed_columns(page) == columns_of(2)
    bar(page, 2).evaluate("slot => slot.blur()")
    assert pointed_rows(page) == [] and pointed_columns(page) == []
    bar(page, 0).focus()
    page.keyboard.press("ArrowUp")  # a step, a rerun: its row is still framed with the new numbers
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') === '0.3,0.1,-0.1'")
    page.locator(f"{ROWS}.pointed td", has_text="0.3000").wait_for()
    assert pointed_rows(page) == ["0"] and pointed_columns(page) == columns_of(0)


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_pointing_on_a_projector(browser, app_url, scheme):
    """1280 × 720: the lab with class 1 lit (keyboard focus, so it stays while the page scrolls), then its row;
    then the pointer on row 2 of the table."""
    context = browser.new_context(viewport=PROJECTOR, color_scheme=scheme)
    page = context.new_page()
    open_lab(page, app_url, LECTURE)
    bar(page, 1).focus()
    page.locator(LAB).evaluate("lab => lab.scrollIntoView({block: 'start'})")
    screenshot(page, f"class_hover_lab_{scheme}", **PROJECTOR)
    page.locator("table.numbers").evaluate("table => table.scrollIntoView({block: 'center'})")
    screenshot(page, f"class_hover_row_from_bar_{scheme}", **PROJECTOR)
    assert pointed_rows(page) == ["1"]
    bar(page, 1).evaluate("slot => slot.blur()")
    page.locator(ROWS).nth(2).locator("td").nth(2).hover()
    screenshot(page, f"class_hover_row_{scheme}", **PROJECTOR)
    assert pointed_rows(page) == ["2"] and pointed_columns(page) == columns_of(2)
    box = page.locator("table.numbers").bounding_box()
    assert box["x"] + box["width"] <= PROJECTOR["width"]  # no column cut off
    assert page.locator(EXCEPTION).count() == 0
    context.close()
