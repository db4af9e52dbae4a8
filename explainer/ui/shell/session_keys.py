"""How a session's state is keyed: one owner (a page, the class, lecture mode) and one name, in one spelling.

>>> session_key("softmax", "example")
'softmax:example'
"""

from __future__ import annotations


def session_key(owner: str, name: str) -> str:
    """The ``st.session_state`` key of ``owner``'s ``name`` (widget keys included)."""
    return f"{owner}:{name}"
