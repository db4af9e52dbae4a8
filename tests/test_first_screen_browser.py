"""Every page's first screen on a 1280 x 720 projector, in real Chromium (screenshots in both themes).

What to try (the page header) and the page's main picture fit on the first screen, whole; no button label
is cut off; nothing raises. Lecture mode is tried where it changes the page. (The softmax and sigmoid pages:
test_projector_browser.py.) Screenshots: artifacts/screenshots/first_screen_*.png, to look at.

After the interactions that change what is drawn (a training's curves and predictions, an evaluation with the
matrix's numbers open, a drawn digit) axe checks the page in both themes: the accessibility walk
(test_accessibility_browser.py) opens every page as it first appears.
"""

import re

import pytest
from playwright.sync_api import expect

from deploy.browser import CHART, ZERO, draw, open_pad, wait_for_charts, wait_for_script
from tests.support.accessibility import wcag_failures
from tests.support.browser import (
    CUT_LABELS,
    PROJECTOR,
    no_exception,
    on_first_screen,
    screenshots_in_both_themes,
    train_here,
)

pytestmark = pytest.mark.browser
LECTURE = [pytest.param("0", id="full"), pytest.param("1", id="lecture")]


def at_the_top(page) -> None:
    """The page as it opens, script and charts done: its title and what to try on the first screen."""
    wait_for_script(page)
    wait_for_charts(page)
    page.locator("h1").first.scroll_into_view_if_needed()
    on_first_screen(page.locator("h1").first)
    on_first_screen(page.locator("h4").first)  # what to try


def nothing_cut_and_no_exception(page) -> None:
    assert page.evaluate(CUT_LABELS) == []
    no_exception(page)


def no_wcag_failure_at_projector_size(page, where: str) -> None:
    """axe finds nothing in either theme, the window back at 1280 x 720 (the screenshots widened it)."""
    page.set_viewport_size(PROJECTOR)
    assert wcag_failures(page, where) == []


def test_the_landing_page_lists_the_whole_lesson(projector, app_url):
    projector.goto(app_url)
    at_the_top(projector)
    on_first_screen(projector.locator('[data-testid="stMain"] [data-testid="stPageLink"]').last)
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, "first_screen_home", **PROJECTOR)


def test_mnist_shows_the_digit_and_its_numbers(projector, app_url):
    projector.goto(f"{app_url}/mnist_data")
    at_the_top(projector)
    on_first_screen(projector.locator(".st-key-mnist-grid"))
    on_first_screen(projector.locator(".st-key-mnist-zoom"))
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, "first_screen_mnist_data", **PROJECTOR)


def curves(page) -> list[dict]:
    """The loss and accuracy curves' boxes, both on the first screen."""
    charts = [page.locator(CHART).filter(has_text=title) for title in ("running loss", "test accuracy %")]
    return [on_first_screen(chart) for chart in charts]


@pytest.mark.parametrize("lecture", LECTURE)
def test_training_curves_stand_on_the_first_screen_before_and_after_a_run(projector, app_url, lecture):
    projector.goto(f"{app_url}/training?data=bundled&epochs=2&batch=256&lecture={lecture}")
    at_the_top(projector)
    before = curves(projector)  # the empty frames, with the lecture's reference run
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, f"first_screen_training_empty_lecture{lecture}", **PROJECTOR)
    projector.locator('[data-testid="stMain"]').get_by_role("button", name="Start", exact=True).click()
    expect(projector.get_by_text("finished 2 epochs")).to_be_visible(timeout=120_000)
    at_the_top(projector)
    after = curves(projector)
    assert all(abs(a["y"] - b["y"]) <= 30 for a, b in zip(after, before, strict=True))  # the layout barely moves
    assert projector.get_by_role("button", name="Start", exact=True).is_visible()
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, f"first_screen_training_lecture{lecture}", **PROJECTOR)
    projector.get_by_text("What run #1 predicts on test digits").wait_for(timeout=30_000)
    no_wcag_failure_at_projector_size(projector, f"training after a run (lecture={lecture})")


def test_evaluation_shows_the_whole_matrix_beside_its_controls(projector, app_url):
    """After a run, the matrix with its axis titles beside its controls, then in lecture mode (switched on in the
    same session, the run kept: lecture mode changes what is shown, not the run)."""
    train_here(projector, app_url, epochs=2)
    for lecture in ("0", "1"):
        if lecture == "1":
            projector.get_by_role("switch", name="Lecture mode").click(force=True)  # its label covers the input
            expect(projector.get_by_role("switch", name="Lecture mode")).to_be_checked()
            wait_for_script(projector)
        at_the_top(projector)
        on_first_screen(projector.locator(".st-key-evaluation-heatmap"))  # axis titles included
        on_first_screen(projector.get_by_role("switch", name="Hide the diagonal"))
        nothing_cut_and_no_exception(projector)
        screenshots_in_both_themes(projector, f"first_screen_evaluation_lecture{lecture}", **PROJECTOR)
        table = projector.locator('[data-testid="stTable"]').first
        if not table.is_visible():  # the matrix as a table, open (it stays open across the switch)
            projector.get_by_text("Show the numbers: Confusion matrix").click()
        expect(table).to_be_visible()
        no_wcag_failure_at_projector_size(projector, f"evaluation after a run (lecture={lecture})")
    projector.get_by_role("switch", name="Lecture mode").click(force=True)  # its label covers the input
    wait_for_script(projector)
    a_second_run_keeps_the_run_choice_on_one_line(projector)


def a_second_run_keeps_the_run_choice_on_one_line(projector) -> None:
    """A second run, trained from under the evaluation: the newest is chosen, and the choice of runs fits one line
    beside the matrix, which stays on the first screen."""
    projector.get_by_text("Train another run here").click()  # the expander under the evaluation
    projector.locator('[data-testid="stMain"]').get_by_role("button", name="Start", exact=True).click()
    run_choice = projector.get_by_label("Run to evaluate (this session's runs, newest first)")
    expect(run_choice).to_have_value(re.compile(r"^#2 sgd"), timeout=120_000)  # the newest run, chosen
    at_the_top(projector)
    on_first_screen(projector.locator(".st-key-evaluation-heatmap"))
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, "first_screen_evaluation_two_runs", **PROJECTOR)


def test_evaluation_of_a_run_still_training_keeps_the_matrix_on_the_first_screen(projector, app_url):
    projector.goto(f"{app_url}/training?data=bundled&epochs=500&batch=256")
    wait_for_script(projector)
    main = projector.locator('[data-testid="stMain"]')
    main.get_by_role("button", name="Start", exact=True).click()
    expect(projector.get_by_text("Accuracy on test set").first).to_be_visible(timeout=120_000)  # epoch 1 is done
    projector.locator('[data-testid="stSidebarNav"] a', has_text="Evaluation").click()  # the same session
    expect(projector.get_by_text("is still training")).to_be_attached(timeout=30_000)
    at_the_top(projector)
    on_first_screen(projector.locator(".st-key-evaluation-heatmap"))  # the note sits beside it, not above
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, "first_screen_evaluation_training", **PROJECTOR)
    projector.get_by_text("Train another run here").click()
    main.get_by_role("button", name="Stop", exact=True).click()  # free the core for the tests that follow
    expect(projector.get_by_text("paused after batch").first).to_be_attached(timeout=30_000)


def test_draw_digit_shows_the_pad_and_the_prediction(projector, app_url):
    open_pad(projector, app_url)
    draw(projector, ZERO)
    bars = projector.locator(".st-key-draw-bars")  # whatever it reads: test_draw_digit_browser checks the reading
    expect(bars.locator(".main-svg").first).to_be_visible(timeout=60_000)
    at_the_top(projector)
    on_first_screen(projector.locator("canvas"))
    on_first_screen(bars)
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, "first_screen_draw_digit", **PROJECTOR)
    no_wcag_failure_at_projector_size(projector, "draw_digit after a drawing")


@pytest.mark.parametrize("lecture", LECTURE)
def test_otto_shows_the_data_in_use(projector, app_url, lecture):
    projector.goto(f"{app_url}/otto?lecture={lecture}")
    at_the_top(projector)
    on_first_screen(projector.get_by_role("heading", name="1 · Data"))
    on_first_screen(projector.locator('[data-testid="stAlert"]').filter(has_text="In use:"))  # the data in use
    on_first_screen(projector.locator('[data-testid="stMetric"]').filter(has_text="Largest count"))  # its numbers
    nothing_cut_and_no_exception(projector)
    screenshots_in_both_themes(projector, f"first_screen_otto_lecture{lecture}", **PROJECTOR)
