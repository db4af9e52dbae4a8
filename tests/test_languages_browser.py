"""The lesson in its students' language, in real Chromium: the browser's language is the default, the sidebar's switch
changes it for this person only, and the address carries it; a class in two languages. Each page in the
pseudo-language, then in Chinese, is walked by test_accessibility_browser.py."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from deploy.browser import wait_for_script
from explainer.i18n.catalog import translations
from explainer.i18n.languages import CHINESE
from tests.support.accessibility import wcag_failures
from tests.support.browser import PROJECTOR, open_page, query, screenshot

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}


def test_the_browsers_language_first_then_the_switch_for_this_person_only(browser_context, app_url):
    chinese_browser = browser_context(viewport=PROJECTOR, locale="zh-CN")
    english_browser = browser_context(viewport=PROJECTOR, locale="en-US")
    title = translations(CHINESE).gettext("The softmax classifier, live")
    try:
        open_page(chinese_browser, app_url)
        open_page(english_browser, app_url)
        assert chinese_browser.locator("h1").first.inner_text().strip() == title
        assert chinese_browser.evaluate("document.documentElement.lang") == CHINESE
        assert english_browser.locator("h1").first.inner_text().strip() == "The softmax classifier, live"
        assert english_browser.evaluate("document.documentElement.lang") == "en"

        # The English reader switches to Chinese: the address carries it to the next page; the other reader's
        # session is untouched.
        english_browser.get_by_role("radiogroup", name="Language · 语言").get_by_text("简体中文").click()
        english_browser.wait_for_function("document.documentElement.lang === 'zh-CN'")
        # `lang` is set by a component that can draw before the rerun replaces the title: wait for the title too.
        expect(english_browser.locator("h1").first).to_have_text(title)
        assert query(english_browser).get("lang") == CHINESE
        english_browser.get_by_role(
            "link", name=translations(CHINESE).gettext("Softmax and cross-entropy")
        ).first.click()
        wait_for_script(english_browser)
        assert query(english_browser).get("lang") == CHINESE
        assert english_browser.evaluate("document.documentElement.lang") == CHINESE
        chinese_browser.reload()
        wait_for_script(chinese_browser)
        assert chinese_browser.locator("h1").first.inner_text().strip() == title
    finally:
        chinese_browser.close()
        english_browser.close()


PHONE_CONTEXT = {"viewport": PHONE, "is_mobile": True, "has_touch": True, "locale": CHINESE}


def test_a_class_in_two_languages_a_phone_in_chinese_then_the_projector_switched(browser_context, app_url):
    """Each person in their own language: the projector asks in English, a phone whose browser reads Chinese joins
    by the link and answers in Chinese; the answer counts the same; the phone, then the projector switched to Chinese,
    pass axe in Chinese."""
    zh = translations(CHINESE).gettext
    teacher = browser_context(viewport=PROJECTOR, locale="en-US")
    phone = browser_context(**PHONE_CONTEXT)
    try:
        open_page(teacher, app_url)
        teacher.get_by_role("button", name="Start a class", exact=True).click()
        code = teacher.locator(".class-code").inner_text(timeout=30_000).strip()
        open_page(phone, f"{app_url}/?class={code}")
        joined = zh("You are in class **{code}**. Your page follows your teacher's.").format(code=code)
        phone.get_by_text(joined.replace("**", "")).wait_for()
        assert phone.evaluate("document.documentElement.lang") == CHINESE

        teacher.locator('[data-testid="stSidebarNavLink"]').filter(has_text="Softmax and").click()
        teacher.get_by_role("button", name="Ask").wait_for(timeout=60_000)
        wait_for_script(teacher)
        teacher.get_by_role("button", name="Ask", exact=True).click()
        teacher.get_by_text("which class gets the largest probability?").wait_for(timeout=30_000)
        prompt = zh("z = [{z}]: which class gets the **largest probability**?").format(z="0.2, 0.1, −0.1")
        phone.get_by_text(prompt.replace("**", "")).wait_for()
        right = zh("Class {choice}").format(choice="0")
        phone.get_by_role("button", name=right, exact=True).tap(timeout=30_000)
        phone.get_by_text(zh("Your answer: **{answer}**").replace("**", "").format(answer=right)).wait_for()
        teacher.get_by_text("First vote: 1 of 1 answered").wait_for(timeout=30_000)

        teacher.get_by_role("button", name="Show the answers", exact=True).click()
        teacher.get_by_role("button", name="Reveal the answer", exact=True).click()
        teacher.get_by_text("Answer: Class 0.").wait_for(timeout=30_000)
        phone.get_by_text(zh("You got it.")).wait_for(timeout=30_000)
        assert teacher.evaluate("document.documentElement.lang") == "en"
        screenshot(phone, "class_student_revealed_zh-CN", height=PHONE["height"], width=PHONE["width"])
        failures = wcag_failures(phone, "a phone in Chinese after the reveal", ("light",))

        # The teacher switches to Chinese: the projector says the same question and its answer in Chinese.
        teacher.get_by_role("radiogroup", name="Language · 语言").get_by_text("简体中文").click()
        teacher.wait_for_function("document.documentElement.lang === 'zh-CN'")
        teacher.get_by_text(prompt.replace("**", "")).wait_for(timeout=30_000)
        teacher.get_by_text(zh("**Answer: {answer}.**").replace("**", "").format(answer=right)).wait_for()
        wait_for_script(teacher)
        screenshot(teacher, "class_teacher_revealed_zh-CN", height=PROJECTOR["height"], width=PROJECTOR["width"])
        failures += wcag_failures(teacher, "the projector in Chinese after the reveal", ("light",))
        assert failures == [], "\n\n".join(failures)
    finally:
        teacher.close()
        phone.close()
