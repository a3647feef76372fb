"""Chinese first: zh-hans by default, English on request, and a catalogue with nothing missing."""

import gettext
from pathlib import Path

import polib
import pytest
from django.conf import settings

CATALOGUE = Path(settings.BASE_DIR) / "locale" / "zh_Hans" / "LC_MESSAGES"


@pytest.mark.django_db
def test_pages_are_chinese_by_default(client):
    page = client.get("/accounts/login/").content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page


@pytest.mark.django_db
def test_english_is_a_choice_that_sticks(client):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/accounts/login/"}, follow=True)
    page = response.content.decode()
    assert '<html lang="en">' in page and "Sign in" in page and "登录" not in page


def test_every_message_is_translated_and_compiled():
    po = polib.pofile(str(CATALOGUE / "django.po"))
    assert po.percent_translated() == 100, [e.msgid for e in po.untranslated_entries()][:10]
    assert not po.fuzzy_entries()
    with open(CATALOGUE / "django.mo", "rb") as handle:
        compiled = gettext.GNUTranslations(handle)

    def compiled_text(entry):
        if entry.msgid_plural:
            return compiled.npgettext(entry.msgctxt, entry.msgid, entry.msgid_plural, 1) if entry.msgctxt \
                else compiled.ngettext(entry.msgid, entry.msgid_plural, 1)
        return compiled.pgettext(entry.msgctxt, entry.msgid) if entry.msgctxt else compiled.gettext(entry.msgid)

    def wanted(entry):
        return entry.msgstr_plural[0] if entry.msgid_plural else entry.msgstr

    stale = [e.msgid for e in po.translated_entries() if compiled_text(e) != wanted(e)]
    assert not stale, f"run `make messages`: the .mo is older than the .po for {stale[:5]}"


@pytest.mark.django_db
def test_dates_read_the_chinese_way(staff_client):
    from datetime import date

    from django.template import Context, Template
    from django.utils import translation

    with translation.override("zh-hans"):
        rendered = Template('{{ day|date:"DATE_FORMAT" }}').render(Context({"day": date(2026, 3, 1)}))
    assert rendered == "2026年3月1日"


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_pages_until_the_person_switches(client):
    page = client.get("/accounts/login/", HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9").content.decode()
    assert '<html lang="zh-hans">' in page and "登录" in page


@pytest.mark.django_db
def test_api_clients_may_ask_for_english(api_client):
    response = api_client.get("/api/v1/units/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 401 and response.json()["detail"].startswith("Authentication credentials")
    assert "身份认证" in api_client.get("/api/v1/units/").json()["detail"]
