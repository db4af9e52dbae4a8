"""Pointing at a class on the softmax page lights its partners, in real Chromium, with no server round trip:
a bar of the logit lab (any panel) frames its column of the numbers table, a column lights the class's bars in
every panel, keyboard focus on a bar does what the pointer does, and leaving clears both.

Where the table sits and how it looks on a projector: test_numbers_table_browser.py.
"""

from __future__ import annotations

import pytest

from deploy.browser import EXCEPTION
from tests.support.browser import LAB, TABLE, ServerLink, bar, framed_columns, open_lab, point_at_column, query

pytestmark = pytest.mark.browser
LECTURE = "softmax?logits=0.2,0.1,-0.1&target=0"


def table_cell(page, quantity: int, k: int):
    """The numbers table's cell of class k for its ``quantity``-th row (0 z, 1 e^z, 2 p, ... 5 ∂L/∂z)."""
    return page.locator(f"{TABLE} tbody tr").nth(quantity).locator(f"td[data-class='{k}']")


def pointed_columns(page) -> list[tuple[int, str]]:
    """(panel, class) of every lit class column in the logit lab."""
    return page.locator(f"{LAB} .panel").evaluate_all(
        """panels => panels.flatMap((panel, j) => [...panel.querySelectorAll('.slot')]
             .map((slot, k) => [j, slot.classList.contains('pointed') ? String(k) : null])
             .filter(([, k]) => k !== null))"""
    )


def columns_of(k: int) -> list[list]:
    return [[j, str(k)] for j in range(3)]  # logits, p, ∂L/∂z


def point_away(page) -> None:
    """The pointer on the page's title: on neither picture."""
    page.locator("h1").first.hover()


def test_a_bar_in_any_panel_frames_its_column_and_lights_its_class_in_every_panel(page, app_url):
    open_lab(page, app_url, LECTURE)
    page.locator(TABLE).wait_for()
    assert framed_columns(page) == [] and pointed_columns(page) == []
    for panel, k in [(0, 1), (1, 2), (2, 0)]:
        point_at_column(page, panel, k)
        assert framed_columns(page) == [str(k)], (panel, k)
        assert pointed_columns(page) == columns_of(k), (panel, k)
    point_away(page)
    assert framed_columns(page) == [] and pointed_columns(page) == []
    assert query(page)["logits"] == "0.2,0.1,-0.1"
    assert page.locator(EXCEPTION).count() == 0


def test_a_table_cell_lights_its_class_in_the_lab_without_a_server_round_trip(page, app_url):
    link = ServerLink(page)
    open_lab(page, app_url, LECTURE)
    page.locator(TABLE).wait_for()
    opened = len(link.sent)  # the first run's request, sent before the run that open_lab waited for
    assert opened > 0  # the listener hears the page
    cells = {
        "a number": table_cell(page, 2, 2),
        "the class label": page.locator(f"{TABLE} thead th[data-class='0']"),
        "a lit cell": page.locator(f"{TABLE} td.lit[data-class='1']"),
    }
    for (name, cell), k in zip(cells.items(), (2, 0, 1), strict=True):
        cell.hover()
        assert pointed_columns(page) == columns_of(k), name
        assert framed_columns(page) == [str(k)], name
    point_away(page)
    assert pointed_columns(page) == [] and framed_columns(page) == []
    link.rerun(page.get_by_role("button", name="Next", exact=True).click)  # a click on Next asks the server
    # Frames go out in order: the one sent since the page opened is the click's, so pointing sent nothing.
    assert [message.WhichOneof("type") for message in link.sent[opened:]] == ["rerun_script"]


def test_keyboard_focus_on_a_bar_points_at_its_class_and_leaving_clears_it(page, app_url):
    open_lab(page, app_url, LECTURE)
    page.locator(TABLE).wait_for()
    bar(page, 1).focus()
    assert framed_columns(page) == ["1"] and pointed_columns(page) == columns_of(1)
    page.keyboard.press("Tab")  # on to the next bar
    assert framed_columns(page) == ["2"] and pointed_columns(page) == columns_of(2)
    bar(page, 2).evaluate("slot => slot.blur()")
    assert framed_columns(page) == [] and pointed_columns(page) == []
    bar(page, 0).focus()
    page.keyboard.press("ArrowUp")  # a step, a rerun: its column is still framed with the new numbers
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') === '0.3,0.1,-0.1'")
    page.locator(f"{TABLE} td.pointed", has_text="0.3000").wait_for()
    assert framed_columns(page) == ["0"] and pointed_columns(page) == columns_of(0)
