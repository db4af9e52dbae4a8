"""The languages the app speaks, by their BCP 47 tags (what ``<html lang>`` and the ``lang`` link parameter say)."""

from __future__ import annotations

ENGLISH = "en"
CHINESE = "zh-CN"
# PhET's "string test mode": every message marked and a third longer, so that a browser walk finds what bypasses the
# catalog and what a longer language would cut off. Reached by link (``?lang=en-XA``) only; en-XA is the
# pseudo-locale tag Android and Chromium use for accented English.
PSEUDO = "en-XA"
LANGUAGES = {ENGLISH: "English", CHINESE: "简体中文"}  # each in its own words: the switch's labels
LINK_LANGUAGES = (*LANGUAGES, PSEUDO)

# Catalog folders by language (gettext's names use an underscore).
CATALOG_NAMES = {CHINESE: "zh_CN"}


def language_from_locale(locale: str | None) -> str:
    """The language to start a session in, from the browser's (``navigator.language``, e.g. ``zh-TW``).

    Any Chinese reads the simplified catalog (the one there is); anything else reads English.

    >>> language_from_locale("zh-TW"), language_from_locale("zh"), language_from_locale("de-DE")
    ('zh-CN', 'zh-CN', 'en')
    >>> language_from_locale(None)
    'en'
    """
    if locale and locale.replace("_", "-").lower().split("-")[0] == "zh":
        return CHINESE
    return ENGLISH


def language_from_link(text: str) -> str | None:
    """The language a ``lang`` link value names, forgiving case and underscores; None when it names none.

    >>> language_from_link("zh_cn"), language_from_link("EN"), language_from_link("zh-Hans"), language_from_link("fr")
    ('zh-CN', 'en', 'zh-CN', None)
    """
    wanted = text.strip().replace("_", "-").lower()
    if wanted in ("zh", "zh-hans", "zh-hans-cn"):
        return CHINESE
    return next((tag for tag in LINK_LANGUAGES if tag.lower() == wanted), None)
