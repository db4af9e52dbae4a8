"""The numbers table sits right under the logit lab, so what a teacher points at and the partner it lights are
on screen together: at 1280 × 720 after a little scrolling, at 1600 × 1000 on the first screen. Ten classes
scroll sideways in the table's own box, by whole columns, saying which classes it shows, and pointing at a bar
brings its column into view.

Screenshots (light and dark, 3 and 10 classes, pointing at a bar) go where the other browser tests put theirs:
open them and judge them as the back row of a lecture hall would.
"""

from __future__ import annotations

import math

import pytest

from deploy.browser import EXCEPTION, wait_for_script
from explainer.maths import numbers
from explainer.ui.components import logit_lab
from tests.support.browser import (
    LAB,
    PROJECTOR,
    TABLE,
    ServerLink,
    drag_up,
    framed_columns,
    point_at_column,
    query,
    screenshots_in_both_themes,
)

pytestmark = pytest.mark.browser
LARGE_SCREEN = {"width": 1600, "height": 1000}
THREE = "softmax?logits=0.2,0.1,-0.1&target=0"
TEN = "softmax?logits=1.5,-0.5,0.3,2.2,-1,0,0.8,-2,1.1,-0.3&target=0"
BOX = ".numbers-scroller"
NOTE = ".numbers-note"


def open_in_context(browser_context, app_url: str, path: str, viewport: dict):
    """``path`` in a page of its own (a new session) at ``viewport``, the numbers table drawn."""
    page = browser_context(viewport=viewport, color_scheme="light")
    page.goto(f"{app_url}/{path}")
    wait_for_script(page)
    page.locator(TABLE).wait_for()
    return page


def in_view(page, selector: str, viewport: dict) -> bool:
    """Whether the element lies wholly inside the window (to within a sub-pixel)."""
    box = page.locator(selector).first.bounding_box()
    return (
        box["y"] >= -1
        and box["y"] + box["height"] <= viewport["height"] + 1
        and box["x"] + box["width"] <= viewport["width"] + 1
    )


def bars_and_table_in_view(page, viewport: dict) -> bool:
    """The lab's bar panels (class numbers included), the whole table and the note under it, all at once."""
    parts = [f"{LAB} svg", ".numbers-frame"] + ([NOTE] if page.locator(NOTE).is_visible() else [])
    return all(in_view(page, part, viewport) for part in parts)


def scroll_to_the_table(page) -> None:
    """As a teacher would: the page scrolled just far enough for the table (and its note) to show."""
    page.locator(".numbers-frame").evaluate("frame => frame.parentElement.scrollIntoView({block: 'end'})")


def visible_columns(page) -> list[str]:
    """The classes whose column shows whole in the table's box; asserts no column shows only in part."""
    return page.locator(BOX).evaluate(
        """box => {
          const names = box.querySelector("thead th").getBoundingClientRect().right;
          const right = box.getBoundingClientRect().right;
          const shown = [];
          for (const header of box.querySelectorAll("thead th[data-class]")) {
            const { left, right: end } = header.getBoundingClientRect();
            const whole = left >= names - 1 && end <= right + 1;
            const hidden = end <= names + 1 || left >= right - 1;
            if (!whole && !hidden) throw new Error(`class ${header.dataset.class}'s column is cut`);
            if (whole) shown.push(header.dataset.class);
          }
          return shown;
        }"""
    )


def test_on_a_projector_a_little_scrolling_shows_the_bars_and_the_whole_table(browser_context, app_url):
    page = open_in_context(browser_context, app_url, THREE, PROJECTOR)
    assert in_view(page, f"{LAB} svg", PROJECTOR)  # the first screen: the lab (test_projector_browser.py)
    scroll_to_the_table(page)
    assert bars_and_table_in_view(page, PROJECTOR)
    assert visible_columns(page) == ["0", "1", "2"] and not page.locator(NOTE).is_visible()
    point_at_column(page, 1, 2)  # the pointer on class 2's bar of p
    assert framed_columns(page) == ["2"]
    assert bars_and_table_in_view(page, PROJECTOR)  # pointing scrolled nothing away
    screenshots_in_both_themes(page, "numbers_table_projector_k3", **PROJECTOR)
    assert page.locator(EXCEPTION).count() == 0
    page.close()


def test_on_a_large_screen_the_bars_and_the_table_are_on_the_first_screen(browser_context, app_url):
    page = open_in_context(browser_context, app_url, THREE, LARGE_SCREEN)
    assert bars_and_table_in_view(page, LARGE_SCREEN)
    page.close()


def test_ten_classes_scroll_by_whole_columns_and_a_bar_brings_its_column_into_view(browser_context, app_url):
    page = open_in_context(browser_context, app_url, TEN, PROJECTOR)
    scroll_to_the_table(page)
    shown = visible_columns(page)
    assert shown[0] == "0" and len(shown) < 10
    assert page.locator(NOTE).inner_text().startswith(f"Classes 0–{shown[-1]} of 10 shown")
    assert bars_and_table_in_view(page, PROJECTOR)
    point_at_column(page, 0, 8)  # the pointer on bar 8: its column scrolls into the box, framed
    assert framed_columns(page) == ["8"] and "8" in visible_columns(page)
    assert page.locator(NOTE).inner_text().startswith(f"Classes {visible_columns(page)[0]}–8 of 10 shown")
    assert bars_and_table_in_view(page, PROJECTOR)
    screenshots_in_both_themes(page, "numbers_table_projector_k10", **PROJECTOR)
    scrolled = """box => new Promise((done) => {
      box.addEventListener("scrollend", done, { once: true });
      box.scrollLeft = 30;
    })"""
    page.locator(BOX).evaluate(scrolled)  # scrolled by hand: once the scroll (and its snap) ends, whole columns
    assert visible_columns(page)[0] in ("0", "1")
    page.close()


@pytest.mark.parametrize("path", [THREE, TEN], ids=["k3", "k10"])
def test_large_screen_screenshots_while_pointing_at_a_bar(browser_context, app_url, path):
    page = open_in_context(browser_context, app_url, path, LARGE_SCREEN)
    point_at_column(page, 1, 1)
    assert framed_columns(page) == ["1"]
    screenshots_in_both_themes(page, f"numbers_table_large_{'k10' if path == TEN else 'k3'}", **LARGE_SCREEN)
    assert framed_columns(page) == ["1"], "still pointed at after the theme changed"
    assert page.locator(EXCEPTION).count() == 0
    page.close()


def table_cells(page) -> list[list[str]]:
    """Every row's cells, as printed (z, e^z, p, log p, target q, ∂L/∂z), with its header's swatch colours."""
    rows = page.locator(f"{TABLE} tbody tr").evaluate_all(
        "rows => rows.map((row) => [...row.querySelectorAll('td')].map((cell) => cell.textContent))"
    )
    swatches = page.locator(f"{TABLE} thead .swatch").evaluate_all("s => s.map((swatch) => swatch.style.background)")
    return [*rows, swatches]


def test_the_table_follows_a_drag_frame_by_frame_and_torch_agrees_after_the_release(browser_context, app_url):
    page = browser_context(viewport=LARGE_SCREEN)
    link = ServerLink(page)
    page.goto(f"{app_url}/softmax?logits=0.2,0.1,0.5&target=0")
    wait_for_script(page)
    page.locator(TABLE).wait_for()
    before = table_cells(page)
    assert before[0] == ["0.2000", "0.1000", "0.5000"] and before[2][0] == "0.3072"  # p0 = e^0.2 / Σ e^z
    opened = len(link.sent)  # the first run's request, sent before the run waited for above
    assert opened > 0  # the listener hears the page
    seen = drag_up(page, 0, moves=6, pixels=15, read=table_cells)
    assert len({cells[2][0] for cells in seen}) > 3  # p0 moved with the pointer, frame by frame
    dragged = seen[-1]
    z0 = float(dragged[0][0])
    assert z0 > 0.5 and float(dragged[2][0]) > 0.4  # z0 rose past z2: p0 is the largest now
    assert dragged[3] != before[3] and dragged[5] != before[5]  # log p and ∂L/∂z follow too
    assert dragged[6][0] == before[6][0] and dragged[6][2] != before[6][2]  # 2 is no longer the vermillion miss
    assert len(link.sent) == opened  # all in the browser: nothing sent to the server while dragging
    page.mouse.up()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') !== '0.2,0.1,0.5'")
    wait_for_script(page)
    assert float(query(page)["logits"].split(",")[0]) == z0
    assert table_cells(page) == dragged  # torch's numbers, printed by Python, are what the browser showed
    assert page.locator(EXCEPTION).count() == 0
    page.close()


# The lab's module (the table's) as Streamlit loads it (an ES module from a blob URL); tableCell is its cell printer.
IMPORT_AND_PRINT = """async ([source, values]) => {
  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
  const { tableCell } = await import(url);
  return values.map(tableCell);
}"""


def test_cells_print_the_same_in_the_browser_as_in_python(browser):
    values = [1.2214027581601699, -0.1, 0.0, -2000.0, 99999.99999, 123456.7, -1e-9, math.exp(700), math.inf, 1e300]
    values += [-0.0, 0.03125, 0.78125]  # -0 from a link's '-0'; q of 8 classes with ε = 0.25: exact ties
    page = browser.new_page()
    printed = page.evaluate(IMPORT_AND_PRINT, [logit_lab.JS, values])
    page.close()
    assert printed == [numbers.table_cell(v) for v in values]


def test_ten_classes_keep_whole_columns_while_a_drag_widens_a_cell(browser_context, app_url):
    page = open_in_context(browser_context, app_url, TEN, PROJECTOR)
    page.locator(LAB).evaluate("lab => lab.scrollIntoView({block: 'start'})")
    cells = drag_up(page, 0, moves=8, pixels=25, read=table_cells)[-1]
    assert "e" in cells[1][0]  # z0 ≈ 12: e^z0 in powers of ten, wider than the cells the columns were fitted to
    scroll_to_the_table(page)
    assert visible_columns(page)[0] == "0"  # and no column cut in part (visible_columns asserts it)
    page.mouse.up()
    page.close()
