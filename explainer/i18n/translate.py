"""``_``, ``N_``, ``ngettext``: the message functions every layer calls, reading the running session's language.

Streamlit runs each rerun of a session (a fragment's too) in a thread of that session, so the language lives in a
context variable: the UI layer sets it at the start of a run (:func:`use`); a run that did not (a fragment's, a
widget's callback) asks the resolver the UI layer registered (:func:`set_resolver`) once, then keeps the answer.
Code outside any session (a training thread, the command line) reads English.
"""

from __future__ import annotations

import gettext
from collections.abc import Callable
from contextvars import ContextVar

from explainer.i18n.catalog import translations
from explainer.i18n.languages import ENGLISH

_language: ContextVar[str] = ContextVar("explainer_language")
_translation: ContextVar[gettext.NullTranslations] = ContextVar("explainer_translation")
_resolver: Callable[[], str] = lambda: ENGLISH  # noqa: E731 - replaced by the UI layer


def set_resolver(resolver: Callable[[], str]) -> None:
    """``resolver()`` names the language of the session running now (English outside any session)."""
    global _resolver
    _resolver = resolver


def use(language: str) -> None:
    """This run of this session reads ``language`` from now on."""
    _language.set(language)
    _translation.set(translations(language))


def current_language() -> str:
    """The language this run reads (asking the resolver if no one said)."""
    try:
        return _language.get()
    except LookupError:
        use(_resolver())
        return _language.get()


def _current() -> gettext.NullTranslations:
    try:
        return _translation.get()
    except LookupError:
        use(_resolver())
        return _translation.get()


def _(message: str) -> str:
    """``message`` in the reader's language."""
    return _current().gettext(message)


def N_(message: str) -> str:  # noqa: N802 - gettext's name for it, which Babel's extractor knows
    """Mark ``message`` for the catalog without translating it (a constant, translated where it is shown)."""
    return message


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of a message for ``n`` in the reader's language (Chinese has one form, English two)."""
    return _current().ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` translated in ``context``: one English word, two meanings (a class of digits, a class of people)."""
    return _current().pgettext(context, message)
