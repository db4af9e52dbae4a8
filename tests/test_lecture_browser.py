"""In Chromium: a teacher walks the whole lesson in lecture mode with the Next links alone."""

import pytest

from deploy.browser import wait_for_script
from explainer.lesson import available_steps
from tests.support.browser import no_exception

pytestmark = pytest.mark.browser


def test_next_links_walk_every_step_in_lecture_mode(page, app_url):
    steps = available_steps()
    page.goto(f"{app_url}/{steps[0].url_path}?lecture=1")
    for number, step in enumerate(steps, start=1):
        wait_for_script(page)
        no_exception(page)
        assert page.locator("h1").first.inner_text().strip() == step.title
        assert page.get_by_role("switch", name="Lecture mode").is_checked()
        page.wait_for_function("() => location.search.includes('lecture=1')", timeout=10_000)
        if number > 1:
            assert page.get_by_role("link", name=f"Previous: {number - 1}. {steps[number - 2].title}").count() == 1
        if number < len(steps):
            page.get_by_role("link", name=f"Next: {number + 1}. {steps[number].title}").click()
            page.wait_for_function(f"() => location.pathname.endsWith('/{steps[number].url_path}')", timeout=20_000)
    assert page.get_by_role("link", name="Next:").count() == 0  # the last step ends the lesson
