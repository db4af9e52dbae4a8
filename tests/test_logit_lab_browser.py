"""The logit lab in real Chromium: its JS maths equals torch's, its bars' colours follow style.class_colors, its
numbers print as the page's formulas print them, and a drag updates the page while and after it moves.

Screenshots (mid-drag, light and dark, projector and laptop sizes) go to an ignored temporary folder:
open them and judge them.
"""

from __future__ import annotations

import itertools
import math

import numpy as np
import pytest
from playwright.sync_api import expect

from deploy.browser import EXCEPTION, wait_for_script
from explainer.figures import style
from explainer.links import MAX_CLASSES, MIN_CLASSES
from explainer.maths import numbers, softmax
from explainer.ui.components.logit_lab import COLORS, JS
from tests.support.browser import LAB, SCREENSHOTS, bar, bar_end, drag_up, open_lab, query

pytestmark = pytest.mark.browser

# The module as Streamlit loads it (an ES module from a blob URL), and one of its functions called on each
# argument list.
IMPORT_AND_CALL = """async ([source, name, calls]) => {
  const url = URL.createObjectURL(new Blob([source], {type: "text/javascript"}));
  const module = await import(url);
  return calls.map((args) => module[name](...args));
}"""


def js_calls(browser, source: str, name: str, calls: list[list]) -> list:
    """What the ES module ``source``'s function ``name`` returns for each argument list in ``calls``."""
    page = browser.new_page()
    try:
        return page.evaluate(IMPORT_AND_CALL, [source, name, calls])
    finally:
        page.close()


GRID_LOGITS = {
    "lecture": (0.2, 0.1, -0.1),
    "two, ±1000": (1000.0, -1000.0),
    "three, ±1000": (1000.0, -1000.0, 0.0),
    "ten, mixed": (1.5, -0.5, 0.3, 2.2, -1.0, 0.0, 0.8, -2.0, 1.1, -0.3),
    "ten, ±1000": (1000.0, -1000.0, 999.5, 0.0, -3.0, 1000.0, -999.0, 0.5, 12.0, -1000.0),
}


def grid_cases() -> list[dict]:
    cases = []
    for logits, temperature, smoothing, shift in itertools.product(
        GRID_LOGITS.values(), (0.1, 0.5, 1.0, 3.0, 10.0), (0.0, 0.1, 0.5), (0.0, 2.5)
    ):
        for target in sorted({0, len(logits) - 1}):
            cases.append(dict(logits=logits, target=target, temperature=temperature, smoothing=smoothing, shift=shift))
    return cases


def assert_close(name: str, got, expected, case: dict) -> None:
    got, expected = np.atleast_1d(np.asarray(got, dtype=np.float64)), np.atleast_1d(expected)
    assert np.all(np.isfinite(got)), (name, case, got)
    for g, e in zip(got, expected, strict=True):
        assert math.isclose(g, e, rel_tol=1e-9, abs_tol=1e-9), (name, case, g, e)


def test_js_maths_equals_torch_on_a_grid(browser):
    cases = grid_cases()
    results = js_calls(browser, JS, "labMaths", [[case] for case in cases])  # labMaths: the lab's pure maths
    for case, js in zip(cases, results, strict=True):
        shifted = np.asarray(case["logits"]) + case["shift"]
        torch_report = softmax.analyse(shifted, case["target"], case["temperature"], case["smoothing"])
        assert_close("p", js["p"], torch_report.probabilities, case)
        assert_close("log p", js["logP"], torch_report.log_probabilities, case)
        assert_close("q", js["q"], torch_report.target_distribution, case)
        assert_close("loss", js["loss"], torch_report.loss, case)
        assert_close("gradient", js["gradient"], torch_report.gradient, case)
        finite = np.isfinite(torch_report.exps)  # both overflow past z/T ≈ 709.78, to infinity
        exps = np.asarray(js["exps"], dtype=np.float64)
        assert list(np.isfinite(exps)) == list(finite), (case, js["exps"])
        assert_close("e^z", exps[finite], torch_report.exps[finite], case)
        assert_close("sum p", js["sumP"], torch_report.probabilities.sum(), case)
        assert_close("sigmoid", js["sigmoid"], softmax.sigmoid(shifted), case)
        assert_close("sum sigmoid", js["sumSigmoid"], softmax.sigmoid(shifted).sum(), case)
        assert js["predicted"] == torch_report.predicted
    assert len(cases) > 200
    lecture = dict(logits=GRID_LOGITS["lecture"], target=0, temperature=1.0, smoothing=0.0, shift=0.0)
    assert f"{results[cases.index(lecture)]['loss']:.4f}" == "0.9729"  # the lecture's printout


def test_js_class_colours_equal_style_class_colors_for_every_target_and_prediction(browser):
    cases = [
        (k, target, predicted)
        for k in range(MIN_CLASSES, MAX_CLASSES + 1)
        for target in (*range(k), None)
        for predicted in (*range(k), None)
    ]
    colours = js_calls(browser, JS, "classColors", [[*case, COLORS] for case in cases])  # the colours Python sends
    assert colours == [style.class_colors(*case) for case in cases]
    assert len(cases) > 500 and len({colour for case in colours for colour in case}) == 3  # every rule was used
    # and the class names that say the same without colour (WCAG 1.4.1)
    labels = js_calls(browser, JS, "classLabels", [list(case) for case in cases])
    assert labels == [style.class_labels(*case) for case in cases]


EDGES = [0.0, -0.0, 1e-4, -1e-4, 9.99e-5, -9.99e-5, 9.99995e-5, 3e-7, -3e-7, 5e-324, 0.03125, -0.03125, 0.97291891]
EDGES += [999.99, 999.99995, 1000.0, -1000.0, 1000.25, -2000.0, 1e5, math.inf, -math.inf]


def test_js_numbers_print_as_the_formulas_do_on_edge_values(browser):
    """The lab's readout (the loss, p of the true class, the sums) and the page's formulas print one number alike."""
    assert js_calls(browser, JS, "number", [[value] for value in EDGES]) == [numbers.number(v) for v in EDGES]
    underflows = [(0.5, math.log(0.5)), (1e-4, math.log(1e-4)), (9.99e-5, math.log(9.99e-5)), (0.0, -2000.0)]
    underflows += [(math.exp(-20), -20.0), (0.0, -20000.0)]
    printed = js_calls(browser, JS, "probability", [list(case) for case in underflows])
    assert printed == [numbers.probability(p, log_p, latex=False) for p, log_p in underflows]


def readout(page, name: str) -> str:
    """A number the lab shows above its bars, by the start of its label, e.g. 'loss' or 'Σ of softmax'."""
    metrics = page.locator(f"{LAB} .readout .metric")
    labels = metrics.all_inner_texts()
    index = next((i for i, text in enumerate(labels) if text.startswith(name)), None)
    assert index is not None, (name, labels)
    return metrics.nth(index).locator("b").inner_text()


def latex_loss(page) -> str:
    """torch's loss, as the page's loss line ends, before the gradient's (KaTeX's MathML text)."""
    formula = next(t for t in page.locator(".katex-mathml").all_inner_texts() if "Loss" in t)
    return formula[formula.index("Loss") :].split("∂")[0].split("=")[-1].replace("\n", "").strip()


def screenshot_now(page, name: str) -> None:
    """Mid-drag, as it is: no waiting for the script or a resize."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=SCREENSHOTS / f"{name}.png")


@pytest.mark.parametrize(
    ("color_scheme", "viewport"),
    [("light", {"width": 1280, "height": 720}), ("dark", {"width": 1600, "height": 1000})],
    ids=["light-1280", "dark-1600"],
)
def test_dragging_a_bar_updates_the_loss_during_the_drag_and_the_page_after(
    browser_context, app_url, color_scheme, viewport
):
    page = browser_context(viewport=viewport, color_scheme=color_scheme)
    open_lab(page, app_url, "softmax?logits=0.2,0.1,-0.1&target=0")
    assert readout(page, "loss") == "0.9729"
    seen = drag_up(page, 0, moves=8, pixels=12, read=lambda page: readout(page, "loss"))
    assert len(set(seen)) > 3 and float(seen[-1]) < 0.9729  # the loss falls while z0 rises, frame by frame
    assert query(page)["logits"] == "0.2,0.1,-0.1"  # and no server round trip happened yet
    screenshot_now(page, f"logit_lab_mid_drag_{color_scheme}_{viewport['width']}")
    page.mouse.up()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') !== '0.2,0.1,-0.1'")
    wait_for_script(page)
    z0 = float(query(page)["logits"].split(",")[0])
    assert z0 > 0.2
    expect(page.get_by_role("slider", name="z0 (true class)")).to_have_value(f"{z0:g}")  # the slider agrees
    assert latex_loss(page) == readout(page, "loss") == seen[-1]  # torch agrees with the browser
    assert page.locator(EXCEPTION).count() == 0
    page.close()


def test_keys_step_a_focused_bar_and_the_edge_stops_a_drag(page, app_url):
    open_lab(page, app_url, "softmax?logits=0.2,0.1,-0.1&target=0")
    bar(page, 1).focus()
    page.keyboard.press("PageUp")  # ten steps of 0.1
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') === '0.2,1.1,-0.1'")
    wait_for_script(page)
    bar(page, 1).focus()
    page.keyboard.press("ArrowUp")  # one step after a rerun too (its listeners once piled up with each rerun)
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') !== '0.2,1.1,-0.1'")
    wait_for_script(page)
    assert query(page)["logits"] == "0.2,1.2,-0.1"

    open_lab(page, app_url, "softmax?logits=1000,-1000,0&target=0")
    x, y = bar_end(page, 1)  # at -1000: the bottom of the bar
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y + 600, steps=10)  # far past -1000
    assert bar(page, 1).get_attribute("aria-valuenow") == "-1000"
    page.mouse.move(x, y - 100, steps=5)
    page.mouse.up()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') !== '1000,-1000,0'")
    wait_for_script(page)
    z1 = float(query(page)["logits"].split(",")[1])
    assert -1000 < z1 < 0 and math.isfinite(z1)
    assert page.locator(EXCEPTION).count() == 0


def test_sigmoid_lab_shows_both_sums_live(page, app_url):
    open_lab(page, app_url, "sigmoid_vs_softmax?logits=2,1,0")
    assert readout(page, "Σ of 3 sigmoids") == "2.1119"
    assert readout(page, "Σ of softmax") == "1.0000"
    x, y = bar_end(page, 1)
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x, y - 80, steps=8)
    assert readout(page, "Σ of softmax") == "1.0000"
    assert float(readout(page, "Σ of 3 sigmoids")) > 2.1119  # sigmoids do not compete: their sum grows
    page.mouse.up()
    page.wait_for_function("() => new URL(location.href).searchParams.get('logits') !== '2,1,0'")
    wait_for_script(page)
    assert readout(page, "Σ of softmax") == "1.0000"
    assert page.locator(EXCEPTION).count() == 0
