"""The softmax and sigmoid pages on a 1280 × 720 projector, light and dark, in real Chromium.

The first screen holds what to try and the whole logit lab; no button label is cut off; the worked
example's step lights the lab panel it is about. Screenshots go where the other browser tests put theirs.
"""

import pytest
from playwright.sync_api import expect

from deploy.browser import EXCEPTION, wait_for_script
from tests.support.browser import CUT_LABELS, PROJECTOR, screenshots_in_both_themes

pytestmark = pytest.mark.browser


@pytest.mark.parametrize("path", ["softmax", "sigmoid_vs_softmax"])
def test_first_screen_shows_the_controls_and_the_whole_lab(projector, app_url, path):
    projector.goto(f"{app_url}/{path}")
    wait_for_script(projector)
    lab = projector.locator(".logit-lab svg")
    lab.wait_for()
    box = lab.bounding_box()
    assert box["y"] + box["height"] <= PROJECTOR["height"], box  # the class numbers under the bars included
    assert projector.get_by_role("slider", name="Number of classes K").is_visible()
    assert projector.evaluate(CUT_LABELS) == []
    assert projector.locator(EXCEPTION).count() == 0
    screenshots_in_both_themes(projector, f"projector_{path}", **PROJECTOR)


def test_the_walks_step_lights_the_lab_panel(projector, app_url):
    projector.goto(f"{app_url}/softmax?logits=0.2,0.1,-0.1&target=0")
    wait_for_script(projector)
    lit = projector.locator(".logit-lab .panel.lit .panel-title")
    expect(lit).to_have_text("logits z ↕ drag")
    for _ in range(3):
        projector.get_by_role("button", name="Next", exact=True).click()
        wait_for_script(projector)
    expect(lit).to_have_text("p = softmax(z/T)")
    assert projector.evaluate(CUT_LABELS) == []
    screenshots_in_both_themes(projector, "projector_softmax_step4", **PROJECTOR)


# A formula is cut off when its maths is wider than the box KaTeX draws it in (a few px of italic overhang allowed).
CUT_FORMULAS = """() => [...document.querySelectorAll('.katex-display')]
  .filter((f) => f.offsetParent !== null && f.querySelector('.katex-html').scrollWidth > f.clientWidth + 4)
  .map((f) => f.querySelector('.katex-mathml')?.textContent.slice(0, 60))"""


@pytest.mark.parametrize(
    "query",
    [
        "logits=0.2,0.1,-0.1&target=0",
        "logits=1.5,-0.5,0.3,2.2,-1,0,0.8,-2,1.1,-0.3&target=3",
        "logits=0.2,0.1,-0.1&target=0&T=0.5",
        "logits=1000,-1000,0&target=1",
    ],
)
def test_no_formula_is_cut_off_on_a_projector(projector, app_url, query):
    projector.goto(f"{app_url}/softmax?{query}")
    wait_for_script(projector)
    projector.locator(".katex-display").first.wait_for()
    assert projector.evaluate(CUT_FORMULAS) == []
