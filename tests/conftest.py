import os

import pytest

from deploy.browser import chromium_available, launch
from deploy.serving import classroom, command_line, descendants, haproxy_path, streamlit_server
from tests.support.browser import PROJECTOR
from tests.support.schedule import LONGEST_FILES
from tests.support.tools import require
from tests.support.waiting import wait_until


def pytest_configure(config):
    """Servers and limiters the tests start share a store of this test process, never the machine's default one
    (which a developer's running app uses), nor one named by $EXPLAINER_STORE (a lecture hall's), nor another
    pytest-xdist worker's (whose trainings would count against this worker's limit); a test that needs another
    sets its own."""
    import tempfile

    from explainer.data.mnist import OFFLINE_ENV
    from explainer.store.settings import STORE_ENV, sqlite_url
    from explainer.sweep.plan import BUDGET_ENV

    config.test_store_folder = tempfile.mkdtemp(prefix="explainer-test-store-")
    os.environ[STORE_ENV] = sqlite_url(config.test_store_folder)
    # The test servers refuse the sweep page's preset (220 trial-epochs): a page walk that passes /explore would
    # otherwise train 44 networks; a test that sweeps names a small plan in its link.
    os.environ[BUDGET_ENV] = "40"
    # This machine has no internet: each server would wait about 6 s on MNIST's mirrors before the bundled digits
    # (tests/test_data.py tries the download and the torchvision path with files of its own).
    os.environ[OFFLINE_ENV] = "1"


@pytest.fixture(autouse=True)
def english_test_thread():
    """Each test starts reading English in its own thread: AppTest formats a widget's options (format_func) in the
    test's thread, so a test of a page in another language says so there (tests.support.apptest does), and no test
    leaves it to the next."""
    from explainer.i18n import use
    from explainer.i18n.languages import ENGLISH

    use(ENGLISH)
    yield
    use(ENGLISH)


def pytest_unconfigure(config):
    """The test store goes with the test process (the tests leave /tmp as they found it)."""
    import shutil

    if hasattr(config, "test_store_folder"):
        shutil.rmtree(config.test_store_folder, ignore_errors=True)


def pytest_collection_modifyitems(config, items):
    """The longest files first (LONGEST_FILES; pyproject turns off xdist's own order, by number of tests). Browser
    tests skip without Chromium, except under CI=true, where a missing browser fails."""
    rank = {name: position for position, name in enumerate(LONGEST_FILES)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable: the others keep their order
    if chromium_available() or os.environ.get("CI") == "true":
        return
    skip = pytest.mark.skip(reason="no /usr/bin/chromium: apt-get install -y chromium (CI=true makes this a failure)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


@pytest.fixture(scope="session")
def app_server():
    """This worker's Streamlit server: its URL and its process (a test that stalls it, as a busy machine does)."""
    with streamlit_server() as server:
        yield server


@pytest.fixture(scope="session")
def app_url(app_server):
    return app_server.url


@pytest.fixture(scope="session")
def browser():
    if not chromium_available():
        pytest.fail("CI=true but /usr/bin/chromium is missing: .ci/run must install Debian's chromium")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = launch(playwright)
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def browser_context(browser):
    """One context per worker and viewport, shared by the tests' pages: a page loaded again reads Streamlit's scripts
    from the context's cache, already compiled (a fresh context compiled them again: twice the browser's CPU, the
    suite's largest cost). Each test still gets its own page, so its own Streamlit session, and no cookies (the
    class's memory of a browser)."""
    contexts: dict[str, object] = {}

    def new_page(**options):
        """A new page in the context made with these options (``browser.new_context``'s)."""
        key = repr(sorted(options.items()))
        if key not in contexts:
            contexts[key] = browser.new_context(**options)
        contexts[key].clear_cookies()
        return contexts[key].new_page()

    yield new_page
    for context in contexts.values():
        context.close()


@pytest.fixture
def page(browser_context):
    """A projector-sized window (1600 x 1000): a new Streamlit session."""
    page = browser_context(viewport={"width": 1600, "height": 1000})
    yield page
    page.close()


@pytest.fixture
def projector(browser_context):
    """A 1280 x 720 window in the light theme: a new Streamlit session. Its screenshots are taken in both themes
    (tests.support.browser.screenshots_in_both_themes), and axe checks both on every view."""
    page = browser_context(viewport=PROJECTOR, color_scheme="light")
    yield page
    page.close()


@pytest.fixture(scope="session")
def postgres():
    """A real PostgreSQL server in a temporary folder for the whole test session (skipped where Debian's postgresql
    is not installed, unless CI=true: `make test` installs it)."""
    from deploy import postgres as pg

    require(pg.available(), "PostgreSQL", "`make postgresql` installs Debian's package")
    with pg.postgres_server() as server:
        yield server


@pytest.fixture(params=["sqlite", "postgresql"])
def store_url(request, tmp_path):
    """The URL of a new, empty store: a SQLite file, then a database on the real PostgreSQL server."""
    from explainer.store.settings import sqlite_url

    if request.param == "sqlite":
        return sqlite_url(tmp_path)
    return request.getfixturevalue("postgres").new_database()


@pytest.fixture
def store(store_url):
    """A :class:`~explainer.store.database.Store` on SQLite, then on PostgreSQL: every store test runs on both."""
    from explainer.store.database import Store

    store = Store(store_url)
    yield store
    store.dispose()


@pytest.fixture
def release_runs():
    """Each AppTest session's trainings stopped and joined after the test (``pytestmark =
    pytest.mark.usefixtures("release_runs")`` in a module whose pages train)."""
    yield
    import streamlit as st

    st.cache_resource.clear()  # releases every session's workbench: stops and joins training threads


@pytest.fixture(scope="module")
def two_replicas(tmp_path_factory):
    """The classroom launcher (`make classroom`) with 2 replicas behind HAProxy on free ports, for a module.

    No EXPLAINER_STORE: both replicas open the launcher's default store, SQLite in its runtime folder, as in a
    lecture hall. Once it has stopped, none of its processes (a replica it restarted included) is left running.
    """
    from explainer.class_session.presence import HERE_ENV
    from explainer.store.settings import STORE_ENV

    require(haproxy_path() is not None, "haproxy", "`make haproxy` installs Debian's package")
    # A closed phone leaves the projector's count within 8 s (32 s in a lecture hall), so a test can wait for it.
    env = {STORE_ENV: "", HERE_ENV: "8"}
    with classroom(2, env=env, runtime=tmp_path_factory.mktemp("classroom")) as served:
        yield served
        launched = descendants(served.launcher.pid)
    wait_until(  # the launcher's stop waits for its children; the kernel reaps them
        lambda: not any(command_line(pid) for pid in launched),
        timeout=30,
        what=lambda: f"the launcher's replicas to stop: {[command_line(pid) for pid in launched if command_line(pid)]}",
    )
