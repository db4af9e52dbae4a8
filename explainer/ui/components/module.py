"""What every browser component's module carries in front of its own code. An inline module cannot import a sibling
file, so Python prepends the shared ones: the events between one page's pictures (``page_events.js``: pointing at
class k in one picture lights its partners in the others; the numbers table follows a drag of the lab's bars frame
by frame) and the number printers (``numbers.js``, the rules of :mod:`explainer.maths.numbers`).
"""

from __future__ import annotations

import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = (HERE / "page_events.js", HERE / "numbers.js")


def component_module(*own: Path) -> str:
    """The component's JavaScript module as the browser gets it: the shared files, then its own."""
    return "".join(path.read_text(encoding="utf-8") for path in (*SHARED, *own))


def packed(data: dict) -> str:
    """A component's data as one JSON text, which its module parses (``JSON.parse(data)``). Streamlit looks for a
    dataframe in each value of a dict it is given (0.15 ms for the logit lab's thirteen, on every move), not in a text.
    """
    return json.dumps(data)
