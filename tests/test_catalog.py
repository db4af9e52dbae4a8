"""The Chinese catalog is complete, current and faithful: every message the code marks has a checked translation,
no entry is left that no code marks, placeholders and markup survive translation, and the glossary's terms are the
ones used. What a person reads without the catalog is found by the pseudo-language's walk in Chromium
(test_languages_browser.py)."""

from __future__ import annotations

import re
import string
from functools import cache
from pathlib import Path

import pytest
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po

from explainer.i18n.catalog import catalog_path, translations
from explainer.i18n.glossary import GLOSSARY
from explainer.i18n.languages import CHINESE
from explainer.i18n.pseudo import CLOSE, OPEN, pseudo

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ("explainer", "pages")
Key = tuple[str | None, str]  # (context, msgid)


@cache
def marked() -> dict[Key, str]:
    """Every message the code marks (_, N_, ngettext, pgettext), as `make catalogs` extracts it, with where."""
    found = {}
    for folder in SOURCES:
        for path, line, message, _comments, context in extract_from_dir(
            ROOT / folder, method_map=[("**.py", "python")], options_map={}
        ):
            msgid = message[0] if isinstance(message, tuple) else message  # a plural's entry is its singular's
            if msgid:
                found.setdefault((context, msgid), f"{folder}/{path}:{line}")
    return found


@cache
def chinese():
    with catalog_path(CHINESE).open("rb") as po:
        return read_po(po)


def entries() -> list:
    return [message for message in chinese() if message.id]


def singular(message) -> str:
    return message.id[0] if isinstance(message.id, tuple) else message.id


def translated(message) -> str:
    return message.string[0] if isinstance(message.string, tuple | list) else message.string


def test_every_marked_message_has_a_checked_chinese_translation():
    catalog = chinese()
    missing = [
        f"{where}: {msgid!r}"
        for (context, msgid), where in marked().items()
        if (found := catalog.get(msgid, context=context)) is None or not translated(found) or found.fuzzy
    ]
    listed = "\n".join(missing[:40])
    assert not missing, f"{len(missing)} messages lack a translation or are fuzzy (make catalogs):\n{listed}"


def test_no_entry_that_no_code_marks():
    ids = {msgid for _context, msgid in marked()}
    stale = [singular(message) for message in entries() if singular(message) not in ids]
    assert not stale, f"entries no code marks any more (make catalogs drops them): {stale[:20]}"


def fields(text: str) -> list[str]:
    """The named placeholders str.format fills: ``{loss:.4f}`` -> ``loss``; doubled braces are literal."""
    try:
        return sorted(name for _literal, name, _spec, _conversion in string.Formatter().parse(text) if name)
    except ValueError:  # not a format string (a formula's lone brace): compared as markup below
        return []


MARKUP = ("**", "$", "`", "<", ":material/")


@pytest.mark.parametrize("language", ["zh-CN", "pseudo"])
def test_placeholders_and_markup_survive(language):
    pairs = (
        [(singular(m), translated(m)) for m in entries()]
        if language == "zh-CN"
        else [(msgid, pseudo(msgid)) for _context, msgid in marked()]
    )
    wrong = [
        f"{source!r} -> {target!r}"
        for source, target in pairs
        if fields(source) != fields(target) or any(source.count(mark) != target.count(mark) for mark in MARKUP)
    ]
    assert not wrong, "\n".join(wrong[:30])


def test_the_glossary_terms_are_the_ones_used():
    wrong = []
    for message in entries():
        for english, term in GLOSSARY.items():
            used = re.search(rf"\b{re.escape(english)}(e?s)?\b", singular(message), re.IGNORECASE)
            if used and term not in translated(message):
                wrong.append(f"{english} -> {term}: {singular(message)!r} -> {translated(message)!r}")
    assert not wrong, "\n".join(wrong[:40])


def test_the_compiled_catalog_translates_and_leaves_fuzzy_entries_out():
    chinese_words = translations(CHINESE)
    message = next(m for m in entries() if not isinstance(m.id, tuple))
    assert chinese_words.gettext(message.id) == message.string
    assert chinese_words.gettext("A sentence no catalog has.") == "A sentence no catalog has."


def test_pseudo_marks_every_line_and_keeps_what_code_reads():
    text = pseudo("#### Loss {loss:.4f}\n- the $z_i$ of `torch`")
    assert text.count(OPEN) == text.count(CLOSE) == 2
    assert text.format(loss=0.97294).startswith("#### 【Ĺöšš 0.9729")
    assert "$z_i$" in text and "`torch`" in text and "\n- 【" in text
