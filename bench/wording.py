"""The app's words as the benches look for them: regexes built from the app's own templates, so a bench finds
a label, a count or a heading through the constant the page draws it with, never through a copy of its wording.

>>> step = template_regex("**Step {number} of {count}: {title}**", number=r"(\\d+)", count=r"\\d+")
>>> step.match("**Step 2 of 7: the loss**").group(1)
'2'
>>> prefix(shown("Your answer: **{answer}**"))
'Your answer: '
"""

from __future__ import annotations

import re
import string


def template_regex(template: str, flags: int = 0, **fields: str) -> re.Pattern[str]:
    """``template`` (a ``str.format`` template of the app) as a regex: its words literal, each named field the
    regex given for it; a field not given ends the regex there (what precedes it is what is matched)."""
    pattern = ""
    for literal, name, _, _ in string.Formatter().parse(template):
        pattern += re.escape(literal)
        if name is None:
            continue
        if name not in fields:
            break
        pattern += fields[name]
    return re.compile(pattern, flags)


def prefix(template: str) -> str:
    """The words of ``template`` before its first field."""
    return template.split("{", 1)[0]


def shown(template: str) -> str:
    """``template``'s Markdown as the page shows it, its bold marks gone (what a browser's text holds)."""
    return template.replace("**", "")
