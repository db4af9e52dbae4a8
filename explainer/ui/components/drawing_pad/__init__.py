"""The drawing pad: a canvas in the browser (st.components.v2, inline, no build step, works offline).

Strokes are drawn in the browser; at each stroke's end the pad sends a 140 x 140 grey picture, so
Python never redraws strokes and the network sees exactly what the student sees.
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from pathlib import Path

import numpy as np
import streamlit as st

from explainer.i18n import _
from explainer.ui.shell.session_keys import session_key

HERE = Path(__file__).resolve().parent
# The words (the canvas's aria-label, the buttons' texts) come with the data, in the reader's language.
HTML = """
<div class="pad">
  <canvas width="280" height="280" role="img"></canvas>
  <div class="tools">
    <button class="undo" type="button"></button>
    <button class="clear" type="button"></button>
  </div>
</div>
"""
_pad = st.components.v2.component(
    "drawing_pad",
    html=HTML,
    css=(HERE / "drawing_pad.css").read_text(),
    js=(HERE / "drawing_pad.js").read_text(),
)


def drawing_pad(key: str, on_draw: Callable[[], None] = lambda: None) -> np.ndarray | None:
    """Draw the pad; return the latest drawing as uint8 (side, side): 0 paper .. 255 ink, as MNIST stores digits.

    The latest drawing is also kept under ``key + ':kept'``, so that leaving the page and coming back
    shows the same strokes and the same prediction. ``on_draw`` is called when a stroke ends.
    """
    kept_key = session_key(key, "kept")
    words = {"pad": _("Drawing pad: draw one digit"), "undo": _("↶ Undo"), "clear": _("✕ Clear")}
    strokes = st.session_state.get(kept_key, {}).get("strokes", [])
    result = _pad(key=key, data={"strokes": strokes, "words": words}, on_drawing_change=on_draw)
    if result.drawing:
        st.session_state[kept_key] = result.drawing
    return decode(st.session_state.get(kept_key))


def decode(drawing: dict | None) -> np.ndarray | None:
    """The pad's message {"side": n, "pixels": base64 of n * n grey bytes} as an (n, n) uint8 image."""
    if not drawing:
        return None
    try:
        side = int(drawing["side"])
        pixels = np.frombuffer(base64.b64decode(drawing["pixels"], validate=True), dtype=np.uint8)
        return pixels.reshape(side, side)
    except (KeyError, TypeError, ValueError, binascii.Error):
        return None  # not from our pad (an old session's state): treat as not drawn yet
