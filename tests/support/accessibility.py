"""axe-core's WCAG A/AA rules on a page as it is now, in both themes: what the accessibility test runs over every
view, and what the class session's browser test runs over the teacher's and the phones' views."""

from __future__ import annotations

from axe_playwright_python.sync_playwright import Axe

from deploy.browser import wait_for_script
from tests.support.browser import THEMES, in_theme

WCAG_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
# Rules switched off, each with why axe is wrong about this app: none so far.
DISABLED: dict[str, str] = {}
# Charts without an accessible name or a description to point at (describe() and chart() give both).
ALL_CHARTS_DESCRIBED = """() => [...document.querySelectorAll('[data-testid="stPlotlyChart"]')].filter((chart) => {
  const description = document.getElementById(chart.getAttribute("aria-describedby") || "");
  const named = chart.getAttribute("role") === "figure" && chart.getAttribute("aria-label");
  return !named || !description?.textContent.trim();
}).length === 0"""


def report(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        lines.append(f"{violation['id']} ({violation['impact']}): {violation['help']} <{violation['helpUrl']}>")
        for node in violation["nodes"]:  # the innermost selector and the element itself say where
            summary = node["failureSummary"].replace("\n", " ")
            lines.append(f"    {node['target'][-1]} {node['html'][:160]}: {summary}")
    return "\n".join(lines)


def axe_violations(page) -> list[dict]:
    options = {"runOnly": {"type": "tag", "values": WCAG_AA}, "resultTypes": ["violations"]}
    if DISABLED:
        options["rules"] = {rule: {"enabled": False} for rule in DISABLED}
    return Axe().run(page, options=options).response["violations"]


def wcag_failures(page, where: str, themes: tuple[str, ...] = tuple(THEMES)) -> list[str]:
    """axe's violations on ``page`` in the light theme, then the dark (or only ``themes``), each named by ``where``
    and the theme; the page is left in the light theme. Every chart must be named and described first (WCAG 1.1.1)."""
    page.wait_for_function(ALL_CHARTS_DESCRIBED, timeout=10_000)
    failures = []
    for scheme in themes:
        in_theme(page, scheme)
        wait_for_script(page)  # a rerun under way fades the page's elements (a class's poll, say): axe would see that
        if violations := axe_violations(page):
            failures.append(f"{where}, {scheme}:\n{report(violations)}")
    in_theme(page, "light")
    return failures
