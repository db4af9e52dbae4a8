"""Pointing at class k in one picture lights its partners in the others (the logit lab's bars, the numbers
table's column): in the browser only, as the pointer moves, through the window event ``class_hover.js`` declares.
"""

from __future__ import annotations

from pathlib import Path

HOVER_JS_PATH = Path(__file__).resolve().parent / "class_hover.js"


def with_class_hover(js_path: Path) -> str:
    """A component's JavaScript module with the class-hover event in front: an inline module cannot import
    a sibling file, so each component carries the one declaration."""
    return HOVER_JS_PATH.read_text(encoding="utf-8") + js_path.read_text(encoding="utf-8")
