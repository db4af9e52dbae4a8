"""explainer/server/theme_message.py: the theme copied into a run's new_session message is the one Streamlit builds,
and a configuration parsed again (the config file edited) is built anew."""

import pytest
from streamlit import config
from streamlit.proto.ForwardMsg_pb2 import ForwardMsg
from streamlit.runtime import app_session

from explainer.server import theme_message

SECTIONS = ("theme", "theme.light", "theme.dark", "theme.sidebar", "theme.light.sidebar", "theme.dark.sidebar")


# Streamlit's own builder, whether or not a page run in this process has installed the cache already.
STREAMLITS = getattr(app_session._populate_theme_msg, "__wrapped__", app_session._populate_theme_msg)


def theme(populate, msg: ForwardMsg) -> bytes:
    themes = msg.new_session.custom_theme
    places = (themes, themes.light, themes.dark, themes.sidebar, themes.light.sidebar, themes.dark.sidebar)
    for place, section in zip(places, SECTIONS, strict=True):
        populate(place, section)
    return msg.SerializeToString(deterministic=True)


@pytest.fixture
def parsed_again():
    """Parse the configuration again with these flags; the test's configuration is put back after it."""
    yield lambda **flags: config.get_config_options(force_reparse=True, options_from_flags=flags)
    config.get_config_options(force_reparse=True)


def test_the_copied_theme_is_streamlits_and_follows_a_new_configuration(parsed_again):
    original = STREAMLITS
    cached = theme_message._cached(original)
    parsed_again(**{"theme.light.primaryColor": "#123456", "theme.baseFontSize": 18})
    assert theme(cached, ForwardMsg()) == theme(original, ForwardMsg())
    assert theme(cached, ForwardMsg()) == theme(original, ForwardMsg())  # from the cache this time
    assert ForwardMsg().new_session.custom_theme.light.primary_color == ""
    msg = ForwardMsg()
    theme(cached, msg)
    assert msg.new_session.custom_theme.light.primary_color == "#123456"

    parsed_again(**{"theme.light.primaryColor": "#654321"})
    msg = ForwardMsg()
    assert theme(cached, msg) == theme(original, ForwardMsg())
    assert msg.new_session.custom_theme.light.primary_color == "#654321"
    assert not msg.new_session.custom_theme.HasField("sidebar")  # a section with nothing set stays unset


def test_installing_twice_wraps_once():
    before = app_session._populate_theme_msg
    app_session._populate_theme_msg = STREAMLITS
    try:
        theme_message.cache_theme_messages()
        once = app_session._populate_theme_msg
        theme_message.cache_theme_messages()
        assert app_session._populate_theme_msg is once and once.__wrapped__ is STREAMLITS
    finally:
        app_session._populate_theme_msg = before
