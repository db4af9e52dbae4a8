"""Every view of the lesson a browser walk opens: the accessibility walk in each language, the pseudo-language's
walk. To add a page: one row in VIEWS."""

from __future__ import annotations

from dataclasses import dataclass

from explainer.lesson import available_steps
from tests.support.browser import LAB

STEPS = {step.url_path: step for step in available_steps()}
CHARTS = '[data-testid="stPlotlyChart"]'


@dataclass(frozen=True)
class View:
    """A page as a student meets it: its URL path and query."""

    path: str
    picture: str | None  # its main picture (CSS): on a phone's first screen (None: a page of words, the landing page)
    lecture: bool = True  # also tried in lecture mode: pages that ask lecture_mode() (it hides what they show)

    def url(self, app_url: str, **query: str) -> str:
        """This view's address with ``query`` added."""
        separator = "&" if "?" in self.path else "?"
        return f"{app_url}/{self.path}{separator}" + "&".join(f"{name}={value}" for name, value in query.items())


VIEWS = {
    "home": View("", None, lecture=False),
    "sigmoid_vs_softmax": View("sigmoid_vs_softmax", LAB, lecture=False),
    "softmax": View("softmax", LAB),
    "softmax_ten_classes_overflow": View("softmax?logits=1000,-1000,0,1,2,3,4,5,6,7&target=3", LAB, lecture=False),
    "mnist_data": View("mnist_data", CHARTS, lecture=False),
    # The curves (of the lecture's run, before a run of one's own); lecture mode after a run: test_first_screen_browser.
    "training": View("training", CHARTS, lecture=False),
    # The test servers' budget refuses the preset (test_explore_browser.py sweeps): the empty map stands there.
    "explore": View("explore", ".st-key-explore-map-tall", lecture=False),
    # No run yet: training one, right there; lecture mode after a run: test_first_screen_browser.
    "evaluation": View("evaluation", '[data-testid="stExpander"]', lecture=False),
    "draw_digit": View("draw_digit", "canvas", lecture=False),
    "otto": View("otto", '[data-testid="stAlert"]'),  # the data in use: the exercise's first question
}
