"""Fixtures of the browser tests: one Chromium per module, a fresh context per person."""

import pytest
from playwright.sync_api import sync_playwright

from tests.browser.chromium import CHROMIUM, CHROMIUM_ARGS


@pytest.fixture(scope="module")
def browser():
    """One Chromium for the whole module: starting it costs more than the tests it serves."""
    with pytest.MonkeyPatch.context() as mp, sync_playwright() as p:
        # Playwright's sync API keeps an asyncio loop running in this thread from here on, so
        # Django would refuse every ORM call made here (creating users, flushing the database
        # after each test) as "async unsafe". Nothing is actually concurrent: the app runs in
        # live_server's own thread. The variable is set before the loop starts and unset after
        # it stops; a function-scoped monkeypatch would be undone before transactional_db's flush.
        mp.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
        browser = p.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield browser
        browser.close()


@pytest.fixture
def new_page(browser):
    """new_page(**context_options) → a page in a fresh context (own cookies), closed afterwards."""
    contexts = []

    def build(**options):
        context = browser.new_context(**options)
        context.set_default_timeout(15_000)  # a loaded two-core machine renders slowly
        contexts.append(context)
        return context.new_page()

    yield build
    for context in contexts:
        context.close()
