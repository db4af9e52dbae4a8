"""The theme in every run's ``new_session`` message, built once per parsed configuration (issue 32).

Streamlit 1.67 builds a ``new_session`` message at the start of every run, a fragment's too, and fills its six theme
sections from the configuration option by option (``app_session._populate_theme_msg``): on a slider move that was the
largest piece of Streamlit's own work outside the script in a profile of the softmax page. The theme changes only when
the configuration is parsed again (the config file's watcher replaces ``config._config_options`` with a new dict), so
each section is built once for the dict in use and copied into later messages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from streamlit import config
from streamlit.runtime import app_session


def cache_theme_messages() -> None:
    """Make Streamlit copy each theme section into a run's ``new_session`` message instead of rebuilding it (once
    per process; later calls change nothing)."""
    if getattr(app_session._populate_theme_msg, "cached", False):
        return
    app_session._populate_theme_msg = _cached(app_session._populate_theme_msg)


def _cached(populate: Callable[..., None]) -> Callable[..., None]:
    built: dict[str, tuple[object, bytes]] = {}  # section -> (the options dict it was built from, the message)

    def populate_from_cache(msg: Any, section: str = "theme") -> None:
        options = config._config_options
        entry = built.get(section)
        if entry is None or entry[0] is not options:
            scratch = type(msg)()
            populate(scratch, section)
            entry = built[section] = (options, scratch.SerializeToString())
        if entry[1]:  # an empty section stays unset, as Streamlit leaves it
            msg.MergeFromString(entry[1])

    populate_from_cache.cached = True  # type: ignore[attr-defined]
    populate_from_cache.__wrapped__ = populate  # type: ignore[attr-defined]
    return populate_from_cache
