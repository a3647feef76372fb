"""Sign-in through the real login form in headless Chromium, on a phone and on a laptop.

Debian's /usr/bin/chromium is driven through Playwright; no browser is ever downloaded.
Assertions are on structure and on data the tests create, never on translated text.
"""

import re

from playwright.sync_api import expect

from congress import roles
from tests.browser.chromium import REQUIRES_CHROMIUM, sign_in
from tests.conftest import make_user
from tests.deputies.factories import DeputyFactory

pytestmark = REQUIRES_CHROMIUM


def test_deputy_signs_in_on_a_phone(live_server, new_page):
    deputy = DeputyFactory(name="陈秀兰")
    deputy.user = make_user(roles.DEPUTY, username="deputy-phone", name=deputy.name)
    deputy.save(update_fields=["user"])
    page = new_page(viewport={"width": 375, "height": 812}, is_mobile=True, has_touch=True)

    sign_in(page, live_server.url, "deputy-phone")

    expect(page).to_have_url(f"{live_server.url}/portal/")  # via /home/, which sends deputies here
    expect(page.locator("main h1")).to_contain_text("陈秀兰")
    expect(page.locator("nav.portal-tabs")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, "the portal scrolls sideways"


def test_staff_opens_and_searches_the_deputy_list(live_server, new_page):
    make_user(roles.STAFF, username="staff-laptop", name="办公室 刘洋")
    DeputyFactory(name="李卫东")
    DeputyFactory(name="赵晓梅")
    page = new_page(viewport={"width": 1280, "height": 800})
    rows = page.locator("table.data tbody tr")

    sign_in(page, live_server.url, "staff-laptop")
    expect(page).to_have_url(f"{live_server.url}/staff/")
    page.click('.sidebar a[href="/staff/deputies/"]')

    expect(page).to_have_url(f"{live_server.url}/staff/deputies/")
    expect(rows.filter(has_text="李卫东")).to_have_count(1)
    expect(rows.filter(has_text="赵晓梅")).to_have_count(1)

    page.fill("form.filters input[name=q]", "李卫东")
    page.click("form.filters button[type=submit]")

    # The filter form is a GET form: the search lands in the URL (percent-encoded 李…).
    expect(page).to_have_url(re.compile(r"/staff/deputies/\?(.*&)?q=%E6%9D%8E", re.IGNORECASE))
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text("李卫东")


def test_wrong_password_stays_on_the_login_page(live_server, new_page):
    make_user(roles.STAFF, username="staff-typo")
    page = new_page()

    sign_in(page, live_server.url, "staff-typo", password="not-the-password")

    expect(page.locator(".form-errors")).to_be_visible()
    expect(page).to_have_url(f"{live_server.url}/accounts/login/")
