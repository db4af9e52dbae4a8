"""Every page in real headless Chromium: it loads, shows no exception, reacts, and is screenshotted.

The screenshots land in tests/screenshots/ (the README shows them): open them and judge them.
"""

from pathlib import Path

import pytest

from explainer.lesson import available_steps
from tests.browser import EXCEPTION, wait_for_charts, wait_for_script

pytestmark = pytest.mark.browser
SCREENSHOTS = Path(__file__).resolve().parent / "screenshots"


def screenshot(page, name: str, height: int = 1400) -> None:
    SCREENSHOTS.mkdir(exist_ok=True)
    page.set_viewport_size({"width": 1600, "height": height})
    wait_for_charts(page)
    page.wait_for_timeout(800)  # let plotly finish its transition
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


def open_page(page, app_url: str, path: str) -> None:
    page.goto(f"{app_url}/{path}")
    wait_for_script(page)
    assert page.locator(EXCEPTION).count() == 0, page.locator(EXCEPTION).first.inner_text()


def test_landing_lists_every_page_in_lesson_order(page, app_url):
    open_page(page, app_url, "")
    links = page.locator('[data-testid="stSidebarNavLink"]')
    titles = [links.nth(i).inner_text().strip().split("\n")[-1] for i in range(links.count())]
    assert titles[1:] == [step.title for step in available_steps()]
    screenshot(page, "home", height=1000)


@pytest.mark.parametrize("step", available_steps(), ids=lambda step: step.url_path)
def test_every_page_opens_without_exception(page, app_url, step):
    open_page(page, app_url, step.url_path)
    assert page.locator("h1").first.inner_text().strip() == step.title
    screenshot(page, step.url_path, height=1800)


def slider_value(page, label: str) -> str:
    return page.get_by_role("slider", name=label).get_attribute("aria-valuenow")


def loss_text(page) -> str:
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has_text="Cross-entropy loss")
        .locator('[data-testid="stMetricValue"]')
        .inner_text()
    )


def test_softmax_slider_moves_the_loss(page, app_url):
    open_page(page, app_url, "softmax?logits=0.2,0.1,-0.1&target=0")
    assert loss_text(page) == "0.9729"
    slider = page.get_by_role("slider", name="z0 (true class)")
    slider.focus()
    for _ in range(5):
        slider.press("ArrowRight")
    page.wait_for_function(
        "() => [...document.querySelectorAll('[data-testid=stMetricValue]')].some(e => e.innerText === '0.6922')",
        timeout=10_000,
    )
    assert page.locator(EXCEPTION).count() == 0
    assert "logits=0.7" in page.url
    screenshot(page, "softmax_moved")


def test_softmax_bad_link_warns_without_traceback(page, app_url):
    open_page(page, app_url, "softmax?logits=1,nan&T=0")
    alerts = page.locator('[data-testid="stAlert"]').all_inner_texts()
    assert any("finite" in text for text in alerts) and any("Temperature" in text for text in alerts)
    assert loss_text(page) == "0.9729"


def metric_text(page, label: str) -> str:
    return (
        page.locator('[data-testid="stMetric"]')
        .filter(has_text=label)
        .locator('[data-testid="stMetricValue"]')
        .first.inner_text()
    )


def test_sigmoid_page_sums_and_competition(page, app_url):
    open_page(page, app_url, "sigmoid_vs_softmax?logits=2,1,0")
    assert metric_text(page, "Σ of 3 sigmoids") == "2.1119"
    assert metric_text(page, "Σ of softmax") == "1.0000"
    slider = page.get_by_role("slider", name="z1")
    slider.focus()
    slider.press("ArrowRight")
    page.wait_for_selector("text=What your last move changed", timeout=10_000)
    wait_for_script(page)
    assert metric_text(page, "Σ of softmax") == "1.0000"
    assert metric_text(page, "Σ of 3 sigmoids") != "2.1119"
    assert page.locator(EXCEPTION).count() == 0
    screenshot(page, "sigmoid_vs_softmax_moved", height=1800)
