"""The accessibility walk over every view (tests/test_accessibility_browser.py in English,
tests/test_accessibility_zh_browser.py in Chinese, in two files so that two workers share them): axe-core's WCAG A/AA
rules on the projector and on a phone's width, each page's main picture on a phone's first screen, reflow and
reduced motion; in Chinese, first the pseudo-language on the same page (no unmarked, no cut text), then the page's
``lang``, the glossary's English and its formulas."""

from __future__ import annotations

from playwright.sync_api import expect

from deploy.browser import wait_for_charts, wait_for_script
from explainer.i18n.catalog import translations
from explainer.i18n.languages import CHINESE, ENGLISH, PSEUDO
from explainer.i18n.pseudo import pseudo
from tests.support.accessibility import wcag_failures
from tests.support.browser import PROJECTOR, TWO_FRAMES, open_page, pictures_wanted, screenshot
from tests.support.languages import cut_off_texts, glossary_without_english, katex_errors, unmarked_texts
from tests.support.views import STEPS, VIEWS, View

PHONE = {"width": 390, "height": 844}
PHONE_SEEN_PX = 200  # of the main picture, at least this much (or all of it) on a phone's first screen


def topmost(page, selector: str) -> dict | None:
    """The box of the picture a person sees first: the topmost drawn element ``selector`` finds (Playwright's
    locators reach into the components' shadow roots)."""
    boxes = [box for box in (found.bounding_box() for found in page.locator(selector).all()) if box and box["height"]]
    return min(boxes, key=lambda box: box["y"], default=None)


# Streamlit's own scrollers: data tables, code and formulas may scroll sideways (1.4.10's exception for content that
# needs two dimensions); each is reachable by keyboard (axe checks that).
SCROLLERS = ".katex-display, .numbers-scroller, [data-testid=stDataFrame], [data-testid=stCode], pre, table"
# An element past the right edge counts unless an ancestor that clips its overflow ends inside the window (a slider's
# hidden range input, say).
OVERFLOWING = f"""() => {{
  const past = (e) => e.getBoundingClientRect().right > window.innerWidth + 4;
  const clipped = (e) => {{
    for (let a = e.parentElement; a && a.dataset.testid !== "stMain"; a = a.parentElement)
      if (getComputedStyle(a).overflowX !== "visible" && !past(a)) return true;
    return false;
  }};
  return [...document.querySelectorAll('[data-testid="stMain"] *')]
    .filter((e) => e.offsetParent !== null && !e.closest('{SCROLLERS}') && past(e) && !clipped(e))
    .map((e) => `${{e.dataset.testid || e.tagName}} ${{(e.innerText || '').slice(0, 40)}}`);
}}"""
# WCAG 1.4.10 reflow at 320 CSS px, and 1.4.4 at 200 % zoom (a 1280 x 720 screen is then 640 x 360 CSS px).
REFLOW = {"320 px": {"width": 320, "height": 800}, "1280 x 720 at 200 %": {"width": 640, "height": 360}}


def reflow_problems(page) -> list[str]:
    """What runs off the page at each REFLOW size: a sideways scroll of the page, or an element past its edge."""
    problems = []
    for size, viewport in REFLOW.items():
        page.set_viewport_size(viewport)
        page.evaluate(TWO_FRAMES)
        if page.evaluate("document.documentElement.scrollWidth") > viewport["width"]:
            problems.append(f"at {size} the page scrolls sideways")
        problems += [f"at {size}: {element} runs off the page" for element in page.evaluate(OVERFLOWING)]
    return problems


# On a phone the page's title starts below Streamlit's top bar, which is opaque there (it sat half under it); on a
# projector the bar is transparent but for the menu at its right end, and the title may rise into it.
TITLE_CLEAR = """() => {
  const bar = document.querySelector('[data-testid="stHeader"]').getBoundingClientRect();
  return document.querySelector('[data-testid="stMain"] h1').getBoundingClientRect().top >= bar.bottom;
}"""


def still_moves(page) -> bool:
    """Whether anything still animates for whoever asked for reduced motion (a button's transition, say)."""
    page.emulate_media(reduced_motion="reduce")
    return page.evaluate(
        """() => [...document.querySelectorAll('button, [role="slider"], a')].some((e) => {
          const style = getComputedStyle(e);
          return parseFloat(style.transitionDuration) > 0.001 || parseFloat(style.animationDuration) > 0.001;
        })"""
    )


def pseudo_problems(page) -> list[str]:
    """In the pseudo-language, at a projector's and a phone's size: every text not from the catalog (its words
    unmarked) and every text cut off (a longer language would be cut there)."""
    problems = []
    for size, viewport in (("1280 x 720", PROJECTOR), ("390 x 844", PHONE)):
        page.set_viewport_size(viewport)
        page.evaluate(TWO_FRAMES)
        wait_for_script(page)
        problems += [f"{size}, not from the catalog: {text!r}" for text in unmarked_texts(page)]
        problems += [f"{size}, cut off: {text}" for text in cut_off_texts(page)]
    return problems


def themes(language: str) -> tuple[str, ...]:
    """On the projector, both themes in English; in Chinese the light one: a language changes the words and their
    layout, which axe sees in either theme, not the colours, which the English walk checks in both."""
    return ("light", "dark") if language == ENGLISH else ("light",)


def walk(browser_context, app_url: str, name: str, lecture: str, language: str) -> None:
    """One view of the walk: axe on the projector (and on a phone's width out of lecture mode), in ``language``; in
    Chinese, the pseudo-language first, on the same page."""
    view = VIEWS[name]
    page = browser_context(viewport=PROJECTOR, color_scheme="light")
    words = translations(language)
    try:
        if language == CHINESE:  # first in the pseudo-language: the same page, then switched to Chinese
            open_page(page, view.url(app_url, lecture=lecture, lang=PSEUDO))
            wait_for_charts(page)
            assert pseudo_problems(page) == [], "\n".join(pseudo_problems(page))
            page.set_viewport_size(PROJECTOR)
            page.get_by_role("radiogroup", name=pseudo("Language · 语言")).get_by_text("简体中文").click()
        else:
            open_page(page, view.url(app_url, lecture=lecture, lang=language))
        wait_for_script(page)
        wait_for_charts(page)
        # The page declares its language (screen readers pronounce by it; the browser picks glyphs by it).
        page.wait_for_function("(language) => document.documentElement.lang === language", arg=language)
        if name in STEPS:  # every page of the lesson opens under its own title (the one walk over every page)
            # awaited: after the switch, `lang` can be set before the rerun that draws the title in it (a busy suite)
            expect(page.locator("h1").first).to_have_text(words.gettext(STEPS[name].title), timeout=30_000)
        failures = wcag_failures(page, f"{name} (projector, lecture={lecture}, {language})", themes(language))
        if language == CHINESE:
            text = page.locator('[data-testid="stMain"]').inner_text()
            assert not glossary_without_english(text), f"{name}: terms without their English at first use"
            assert not katex_errors(page), f"{name}: formulas KaTeX cannot draw in {language}"
            if pictures_wanted():  # the walk sets its own sizes: under CI, not even a screenshot's resize and waits
                screenshot(page, f"{name}_{language}", height=PROJECTOR["height"], width=PROJECTOR["width"])
        elif lecture == "0" and name in STEPS and pictures_wanted():
            screenshot(page, name, height=1800)  # the pictures `make screenshots` refreshes (README: softmax)
        if lecture == "0":
            failures += phone_failures(page, name, view, language)
        assert failures == [], "\n\n".join(failures)
    finally:
        page.close()


def phone_failures(page, name: str, view: View, language: str) -> list[str]:
    """The same page at a phone's width: axe (in the light theme: the same elements in the same colours as on the
    projector, which axe checked in both), the title clear of the top bar, the main picture on the first screen,
    reflow at 320 px and at 200 % zoom, and no motion for whoever asked for less."""
    page.set_viewport_size(PHONE)
    page.evaluate(TWO_FRAMES)
    wait_for_charts(page)
    failures = wcag_failures(page, f"{name} (phone, {language})", ("light",))
    if language != ENGLISH and pictures_wanted():
        screenshot(page, f"{name}_{language}_phone", height=PHONE["height"], width=PHONE["width"])
    assert page.evaluate(TITLE_CLEAR), "the page's title starts under the top bar"
    if view.picture is not None:  # the picture first: its controls follow it (or sit above, small)
        box = topmost(page, view.picture)
        assert box is not None, f"{name}: no {view.picture} drawn"
        seen = box["y"] + min(box["height"], PHONE_SEEN_PX) <= PHONE["height"]
        assert seen, f"{name}: its main picture starts {box['y']:.0f} px down"
    if language == ENGLISH:  # the same CSS in every language; Chinese wraps wherever English does
        failures += reflow_problems(page)
        assert not still_moves(page), "animations run although the user asked for reduced motion"
    return failures
