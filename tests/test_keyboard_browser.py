"""The lesson without a mouse: Playwright presses only Tab, arrows and Enter, on the softmax and the training page.

Every stop on the way is named (a screen reader has something to say) and shows where the focus is; the logit bars
speak their values as sentences; the live region says the new loss after a move and a training's end; the lesson's
Next link is reached and followed.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from tests.support.browser import LIVE_REGION, PROJECTOR, open_page

pytestmark = pytest.mark.browser
MOST_TABS = 300  # past this many presses the walk is lost (the training page has ~150 stops after a run)

# The element that has the focus, through open shadow roots (the components'), as a screen reader would name it.
FOCUSED = """() => {
  let element = document.activeElement;
  while (element?.shadowRoot?.activeElement) element = element.shadowRoot.activeElement;
  if (!element || element === document.body) return null;
  const style = getComputedStyle(element);
  const labelledBy = (element.getAttribute("aria-labelledby") || "").split(" ").filter(Boolean);
  const name =
    element.getAttribute("aria-label") ||
    labelledBy.map((id) => element.getRootNode().getElementById?.(id)?.innerText || "").join(" ") ||
    element.labels?.[0]?.innerText ||
    element.innerText ||
    element.getAttribute("title") ||
    "";
  return {
    tag: element.tagName.toLowerCase(),
    role: element.getAttribute("role") || "",
    name: name.trim().slice(0, 80),
    valuetext: element.getAttribute("aria-valuetext"),
    ring: style.outlineStyle !== "none" || style.boxShadow !== "none" || element.closest("svg") !== null,
    inLightDom: element.getRootNode() === document,
    testid: element.closest("[data-testid]")?.dataset.testid ?? "",
  };
}"""


def tab_to(page, matches, stops: list) -> dict:
    """Press Tab until the focused element satisfies ``matches``; every stop passed is recorded in ``stops``."""
    for _ in range(MOST_TABS):
        page.keyboard.press("Tab")
        focused = page.evaluate(FOCUSED)
        if focused is None:
            continue
        stops.append(focused)
        if matches(focused):
            return focused
    raise AssertionError(f"not reached by Tab in {MOST_TABS} presses; the stops were {[s['name'] for s in stops]}")


def every_stop_is_named_and_shows_its_focus(stops: list) -> None:
    # Left out: st.dataframe's grid (Streamlit's, not this app's), a canvas that takes the focus and exposes its
    # cells through the accessible table it renders inside; a known gap of the runs table.
    unnamed = [s for s in stops if not s["name"] and s["testid"] not in ("data-grid-canvas", "stDataFrameResizable")]
    assert unnamed == [], [str(s) for s in unnamed]
    hidden = [s for s in stops if s["inLightDom"] and not s["ring"]]
    assert hidden == [], [f"{s['tag']} {s['name']}" for s in hidden]


def follow_the_next_link(page, next_step: str, url_path: str, stops: list) -> None:
    """Tab on to the lesson's "Next: <next_step>" link, check every stop of the walk, press Enter: ``url_path``."""
    tab_to(page, lambda s: f"Next: {next_step}" in s["name"], stops)
    every_stop_is_named_and_shows_its_focus(stops)
    page.keyboard.press("Enter")
    expect(page).to_have_url(re.compile(f"/{url_path}"), timeout=30_000)


def test_the_softmax_page_by_keyboard_only(browser_context, app_url):
    page = browser_context(viewport=PROJECTOR)
    try:
        open_page(page, f"{app_url}/softmax")
        bar = page.locator('.logit-lab [role="slider"]').first
        bar.wait_for()
        page.locator("body").focus()
        stops = []
        focused = tab_to(page, lambda s: s["role"] == "slider" and s["name"].startswith("Bar of logit 0"), stops)
        assert focused["valuetext"] == "logit 0: 0.20, probability 0.38, predicted"
        page.keyboard.press("ArrowUp")
        expect(bar).to_have_attribute("aria-valuetext", re.compile(r"^logit 0: 0\.30, probability 0\.\d\d, predicted$"))
        # the server recomputes the page after the keys; the live region says the new loss (the lecture's was 0.9729)
        expect(page.locator(LIVE_REGION)).to_have_text(
            re.compile(r"^Loss 0\.\d{4}\. Predicted class 0, right"), timeout=30_000
        )
        assert "0.9729" not in page.locator(LIVE_REGION).inner_text()
        follow_the_next_link(page, "3. MNIST as numbers", "mnist_data", stops)
    finally:
        page.close()


def test_the_training_page_by_keyboard_only(browser_context, app_url):
    page = browser_context(viewport=PROJECTOR)
    try:
        open_page(page, f"{app_url}/training?data=bundled&epochs=1&batch=256")
        page.locator("body").focus()
        stops = []
        tab_to(page, lambda s: s["tag"] == "button" and s["name"].endswith("Start"), stops)  # after its icon's name
        page.keyboard.press("Enter")
        expect(page.locator(LIVE_REGION)).to_have_text(
            re.compile(r"^Run 1 has ended after 1 epochs: train accuracy [\d.]+%, test accuracy [\d.]+%\.$"),
            timeout=120_000,
        )
        # the curves are named and described from their data
        loss = page.locator('[role="figure"][aria-label="running loss against epochs"]')
        expect(loss).to_have_count(1, timeout=30_000)
        description = page.locator(f"#{loss.get_attribute('aria-describedby')}")
        expect(description).to_have_text(
            re.compile(r"^Run #1: running loss fell from [\d.]+ to [\d.]+ over 1\.0 epochs")
        )
        page.locator("body").focus()
        follow_the_next_link(page, "5. Exploring hyperparameters", "explore", stops)
    finally:
        page.close()
