"""The pseudo-language: every message marked 【 … 】 and a third longer, its letters accented, its markup kept.

A text a person reads that is not marked bypassed the catalog; a label cut off at the pseudo length would be cut
off in a longer language. Placeholders (``{name}``, ``%s``), formulas (``$...$``), code, HTML tags, entities,
Streamlit's icon codes and link targets are kept exactly, so the pseudo message formats and renders as the English.
"""

from __future__ import annotations

import re

# CJK brackets and a middle dot: characters KaTeX draws inside a formula's \text{} (a message may sit there), which
# no English message uses.
OPEN, CLOSE = "【", "】"
PADDING = "·"
_ACCENTED = str.maketrans(
    "AaCcEeGgIiKkLlNnOoRrSsTtUuWwYyZz",
    "ÅåÇçÉéĜĝÎîĶķĹĺÑñÖöŔŕŠšŢţÛûŴŵÝýŽž",
)
_KEPT = re.compile(
    r"\{[^{}]*\}|%\([^)]*\)[sdifr]|%[sdifr%]|\$\$.*?\$\$|\$[^$]*\$|`[^`]*`|<[^>]*>|&#?\w+;"
    r"|:material/[a-z_]+:|\]\([^)]*\)|\\[A-Za-z]+",
    re.DOTALL,
)
# Markdown that must stay at the start of a line: headings, list items, quotes.
_LEAD = re.compile(r"^(\s*(?:#{1,6}\s+|[-*+]\s+|\d+\.\s+|>\s*)?)(.*)$", re.DOTALL)


def _accent(text: str) -> str:
    kept = [match.span() for match in _KEPT.finditer(text)]
    pieces, start = [], 0
    for begin, end in kept:
        pieces += [text[start:begin].translate(_ACCENTED), text[begin:end]]
        start = end
    pieces.append(text[start:].translate(_ACCENTED))
    return "".join(pieces)


def _line(line: str) -> str:
    if not line.strip():
        return line
    lead, body = _LEAD.match(line).groups()
    padding = PADDING * max(1, len(body) // 3)
    # The padding in words of five, so that a long message still wraps.
    padding = " ".join(padding[i : i + 5] for i in range(0, len(padding), 5))
    return f"{lead}{OPEN}{_accent(body)} {padding}{CLOSE}"


def pseudo(message: str) -> str:
    """Each line of ``message`` marked, accented and lengthened by a third.

    >>> pseudo("Loss {loss:.4f}")
    '【Ĺöšš {loss:.4f} ·····】'
    >>> pseudo("#### Try $z_i$")
    '#### 【Ţŕý $z_i$ ···】'
    """
    return "\n".join(_line(line) for line in message.split("\n"))
