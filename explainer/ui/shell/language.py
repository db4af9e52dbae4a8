"""The language each person reads, English or 简体中文: the browser's language first, a link's ``lang``, the switch.

Home.py calls :func:`start_language` before anything else of a run, so every word the page draws (its title in the
navigation included) is in the session's language, and :func:`language_switch` in the sidebar. A run that does not
start in Home.py (a fragment's, a widget's callback) reads the same language through the resolver registered here.
"""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from explainer.i18n import _, set_resolver, use
from explainer.i18n.languages import ENGLISH, LANGUAGES, PSEUDO, language_from_locale
from explainer.links import LANGUAGE_LINK, LINK_OWNERS, LINKS, read_query
from explainer.ui.shell import link_state

OWNER = "language"
LANGUAGE_KEY = OWNER  # the switch's state: the language this session reads, whatever the page


def _browser_language() -> str:
    return language_from_locale(st.context.locale)


def session_language() -> str:
    """The language of the session running now; English outside any session (a training's thread)."""
    try:
        return st.session_state.get(LANGUAGE_KEY) or _browser_language()
    except Exception:  # no script run context: Streamlit raises its own errors, which differ between versions
        return ENGLISH


# Once per process: a run that Home.py did not start (a fragment's, a callback's) asks this for its session's language.
set_resolver(session_language)


def _open(link: Mapping[str, str]) -> list[str]:
    field = LINKS[LANGUAGE_LINK].field
    values, errors = read_query((LANGUAGE_LINK,), link, {field: _browser_language()})
    st.session_state[LANGUAGE_KEY] = values[field]
    return errors


def start_language() -> None:
    """This run reads the session's language: on its first run the link's ``lang``, else the browser's."""
    link_state.open_once(OWNER, _open)
    use(session_language())


def _name(language: str) -> str:
    return LANGUAGES.get(language, "Pseudo (en-XA)")


def language_switch() -> None:
    """English / 简体中文 in the sidebar, named each in its own words; the choice goes into the address (``lang``)
    when it is not what this browser would start in, so a shared link opens in the same language."""
    language = session_language()
    options = [*LANGUAGES, *([PSEUDO] if language == PSEUDO else [])]
    st.sidebar.segmented_control(
        _("Language · 语言"),
        options,
        format_func=_name,
        key=LANGUAGE_KEY,
        on_change=link_state.forget_link_errors,
        args=(OWNER,),
        required=True,
    )
    link_state.link_warnings(OWNER)
    carried = language != ENGLISH or language != _browser_language()
    link_state.write_back(LINK_OWNERS[OWNER], {LANGUAGE_LINK: language} if carried else {})
