"""The check that keeps the pages usable (issue 7): every role signs in to the demo district and
visits every page its menus reach, plus the first page of each kind those pages link to, on a
1366 px laptop and a 375 px phone, and a page fails on

- horizontal overflow (the document scrolls sideways),
- a console error or an uncaught script error,
- a failed request (a network failure or an HTTP error answer, the favicon included),
- no <h1>,
- text left untranslated in the chosen language (zh-hans for every role; English for one),
- a WCAG 2.1 AA violation as axe-core reports it (axe-playwright-python ships axe-core), run once
  per kind of page, width and language by the first role that reaches it.

Pages are found from the menus, so a new loop's pages are checked the day they land. Third-party
screens (Django admin, Swagger UI) are not ours to fix and are left out.
"""

import re
from collections import defaultdict
from datetime import date
from importlib import import_module

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.conf import settings
from django.core.management import call_command

from tests.browser.chromium import REQUIRES_CHROMIUM, sign_in

pytestmark = REQUIRES_CHROMIUM

LAPTOP = {"viewport": {"width": 1366, "height": 768}}
PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True}
WIDTHS = {"1366": LAPTOP, "375": PHONE}
ROLES = ["staff", "leader", "admin", "deputy", "unit", "station"]
SKIP = re.compile(r"^/(admin|api)/|/export|/download|/attachment|/letter|\.(xlsx|csv|pdf|svg|png)$|^/accounts/")
MAX_PAGES = 40  # per role and width: every menu page, then the first page of each linked kind up to this
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]},
               "resultTypes": ["violations"]}
# Words that are the same in every language on these pages (codes, file types, the product).
LATIN_OK = {"API", "XLSX", "CSV", "PDF", "SMS", "ID", "OK", "WCAG", "URL", "QR", "Excel"}
CJK = re.compile(r"[\u4e00-\u9fff]")
LATIN_WORD = re.compile(r"\b[A-Za-z]{3,}\b")
# UI chrome only: data (names, titles, unit names) is Chinese in either language.
CHROME = "nav a, button, th, legend, summary, .tile-label, .pagination span, label.field-label"

axe = Axe()


@pytest.fixture
def demo_district(transactional_db):
    """The demo district (small: the walk is what takes time). One test walks every role, since the
    live server's database is flushed after each test. An earlier transactional test's flush took
    the rows data migrations wrote (holidays, categories; roles come back on post_migrate), so they
    are written again first, as a fresh database has them."""
    from django.apps import apps

    from congress.holidays import sync_from_package

    sync_from_package()
    import_module("suggestions.migrations.0002_default_categories").load(apps, None)
    call_command("seed_demo", "--today", date(2026, 12, 1).isoformat(), "--scale", "small")


def pattern(path: str) -> str:
    return re.sub(r"\d+", "N", path.split("?")[0])


def watch(page, problems):
    page.on("console", lambda m: m.type == "error" and problems["console"].append(f"{page.url}: {m.text}"))
    page.on("pageerror", lambda e: problems["console"].append(f"{page.url}: {e}"))
    page.on("requestfailed", lambda r: problems["request"].append(f"{r.url} ({r.failure})"))
    page.on("response", lambda r: r.status >= 400 and problems["request"].append(f"{r.url} → {r.status}"))


def menu_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("nav a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h.startswith("/") and not SKIP.search(h)]


def home_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h.startswith("/") and not SKIP.search(h) and not re.search(r"/\d+/", h)]


def inner_links(page) -> list[str]:
    hrefs = page.eval_on_selector_all("main a[href]", "els => els.map(e => e.getAttribute('href'))")
    return [h for h in hrefs if h.startswith("/") and not SKIP.search(h) and re.search(r"/\d+/", h)]


def untranslated(page, language: str) -> list[str]:
    texts = page.eval_on_selector_all(CHROME, "els => els.map(e => e.innerText.trim()).filter(Boolean)")
    found = []
    for text in texts:
        if language == "zh-hans":
            words = [w for w in LATIN_WORD.findall(text) if w not in LATIN_OK]
            if words and not CJK.search(text):
                found.append(text[:60])
        elif CJK.search(text) and text not in ("简体中文",):
            found.append(text[:60])
    return found


def check_page(page, url, width, language, problems, axed):
    page.goto(url)  # waits for "load": our pages fetch nothing after it (no networkidle's half second)
    where = f"{url} @{width}"
    if page.evaluate("document.documentElement.scrollWidth > document.documentElement.clientWidth + 1"):
        wide = page.evaluate("""() => [...document.querySelectorAll('main *')]
            .filter(e => e.getBoundingClientRect().right > document.documentElement.clientWidth + 1)
            .slice(0, 3).map(e => e.tagName + '.' + e.className)""")
        problems["overflow"].append(f"{where}: {wide}")
    if page.locator("h1").count() == 0:
        problems["heading"].append(where)
    for text in untranslated(page, language):
        problems["untranslated"].append(f"{where}: {text!r}")
    # axe is the slow check: once per kind of page, width and language, by the first role to reach it
    # (the roles after it still get every other check on that page).
    key = (pattern(url), width, language)
    if key in axed:
        return
    axed.add(key)
    results = axe.run(page, options=AXE_OPTIONS)
    for violation in results.response["violations"]:
        targets = [", ".join(node["target"]) for node in violation["nodes"][:3]]
        problems["axe"].append(f"{where}: {violation['id']} ({violation['impact']}) {targets}")


def walk(new_page, base_url, username, language, axed):
    """Every page of the role's menus (the sidebar or bottom bar, and the home page's tiles and
    cards, which are the portal's menu), then the first page of each kind those pages link to."""
    problems = defaultdict(list)
    for width, options in WIDTHS.items():
        page = new_page(locale="en-GB" if language == "en" else "zh-CN", **options)
        watch(page, problems)
        sign_in(page, base_url, username, settings.CONGRESS_DEMO_PASSWORD)
        page.wait_for_load_state("networkidle")
        if language == "en":
            with page.expect_navigation():
                page.select_option("#language-select", "en")  # the switch sends itself (static/js/app.js)
            page.wait_for_load_state("networkidle")
        home = page.url.removeprefix(base_url)
        check_page(page, base_url + home, width, language, problems, axed)
        seen = {pattern(home)}
        menus = menu_links(page) + home_links(page)
        details, visited = [], 1
        while menus:
            path = menus.pop(0)
            if pattern(path) in seen:
                continue
            seen.add(pattern(path))
            check_page(page, base_url + path, width, language, problems, axed)
            visited += 1
            menus += menu_links(page)
            details += inner_links(page)
        for path in details:
            if visited >= MAX_PAGES:
                break
            if pattern(path) in seen:
                continue
            seen.add(pattern(path))
            check_page(page, base_url + path, width, language, problems, axed)
            visited += 1
        assert visited >= 2, f"{username} reached only {visited} page(s) from the menus"
    return problems


def report(problems) -> str:
    return "\n".join(f"{kind}: {line}" for kind, lines in sorted(problems.items()) for line in lines)


@pytest.mark.django_db(transaction=True)
def test_every_menu_page_passes_for_each_role_and_in_english(demo_district, live_server, new_page):
    problems, axed = defaultdict(list), set()
    for username in ROLES:
        for kind, lines in walk(new_page, live_server.url, username, "zh-hans", axed).items():
            problems[kind] += [f"[{username}] {line}" for line in lines]
    for kind, lines in walk(new_page, live_server.url, "deputy", "en", axed).items():
        problems[kind] += [f"[deputy, English] {line}" for line in lines]
    assert not problems, report(problems)
