"""Which 'Go deeper' sections the softmax page offers: lecture mode (``extras=False``) drops the extras."""

from __future__ import annotations

import streamlit as st

LECTURE_SECTIONS = ("Step by step", "CrossEntropyLoss", "Mini-batch", "Numerical stability")
EXTRA_SECTIONS = ("Label smoothing",)  # not in the lecture


def choose_section(page: str, extras: bool = True) -> str:
    """The section to compute and draw: only that one, which keeps a slider release cheap on the server."""
    sections = LECTURE_SECTIONS + (EXTRA_SECTIONS if extras else ())
    key = f"{page}:section"
    if st.session_state.get(key) not in sections:  # e.g. label smoothing was open when lecture mode came on
        st.session_state[key] = sections[0]
    return st.segmented_control("Go deeper", sections, key=key, required=True) or sections[0]
