"""Debian's Chromium driven by Playwright: where it is, how it starts here, and signing in."""

import os

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    # The network is closed here: without these Chromium keeps trying to reach Google's services.
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]
PASSWORD = "correct-horse-battery"  # UserFactory's password

# Each browser test module sets `pytestmark = REQUIRES_CHROMIUM`.
REQUIRES_CHROMIUM = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not os.path.exists(CHROMIUM),
        reason="Chromium is not installed at /usr/bin/chromium (CI installs it with apt-get)",
    ),
]


def sign_in(page, base_url, username, password=PASSWORD):
    page.goto(f"{base_url}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("form button[type=submit]")
