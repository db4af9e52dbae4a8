"""What every browser component's module carries in front of its own code. An inline module cannot import a sibling
file, so Python prepends the shared ones: the events between one page's pictures (``page_events.js``: pointing at
class k in one picture lights its partners in the others; the numbers table follows a drag of the lab's bars frame
by frame) and the number printers (``numbers.js``, the rules of :mod:`explainer.maths.numbers`).
"""

from __future__ import annotations

from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = (HERE / "page_events.js", HERE / "numbers.js")


def component_module(js_path: Path) -> str:
    """The component's JavaScript module as the browser gets it: the shared files, then its own."""
    return "".join(path.read_text(encoding="utf-8") for path in (*SHARED, js_path))
