"""The events between one page's pictures, in the browser only (``page_events.js``): pointing at class k in one
picture lights its partners in the others (the logit lab's bars, the numbers table's column), and the numbers
table follows a drag of the lab's bars frame by frame.
"""

from __future__ import annotations

from pathlib import Path

EVENTS_JS_PATH = Path(__file__).resolve().parent / "page_events.js"


def with_page_events(js_path: Path) -> str:
    """A component's JavaScript module with the page's events in front: an inline module cannot import a
    sibling file, so each component carries the one declaration."""
    return EVENTS_JS_PATH.read_text(encoding="utf-8") + js_path.read_text(encoding="utf-8")
