"""The translations themselves: a language's ``.po`` catalog, compiled by Babel when first asked for.

Compiling in memory keeps the catalog one file (what translators edit, what the tests read) with no compiled copy
to go stale. Fuzzy entries are left out, as ``msgfmt`` leaves them: English shows until someone checks them.
"""

from __future__ import annotations

import functools
import gettext
import io
from pathlib import Path

from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

from explainer.i18n.languages import CATALOG_NAMES, PSEUDO
from explainer.i18n.pseudo import pseudo

LOCALE_DIR = Path(__file__).resolve().parent / "locale"
DOMAIN = "messages"


def catalog_path(language: str) -> Path:
    """Where ``language``'s catalog lives (gettext's layout, which Babel's tools expect)."""
    return LOCALE_DIR / CATALOG_NAMES[language] / "LC_MESSAGES" / f"{DOMAIN}.po"


class PseudoTranslations(gettext.NullTranslations):
    """The pseudo-language (:mod:`explainer.i18n.pseudo`) for every message, from no catalog at all."""

    def gettext(self, message: str) -> str:
        return _pseudo(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return _pseudo(singular if n == 1 else plural)

    def pgettext(self, context: str, message: str) -> str:
        return _pseudo(message)


@functools.lru_cache(maxsize=4096)
def _pseudo(message: str) -> str:
    return pseudo(message)


@functools.cache
def translations(language: str) -> gettext.NullTranslations:
    """The one translation object of ``language``, shared read-only by every session that reads it."""
    if language == PSEUDO:
        return PseudoTranslations()
    if language not in CATALOG_NAMES:
        return gettext.NullTranslations()  # English: the messages are written in it
    with catalog_path(language).open("rb") as po:
        catalog = read_po(po, locale=CATALOG_NAMES[language])
    compiled = io.BytesIO()
    write_mo(compiled, catalog, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)
