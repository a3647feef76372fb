"""Issue 7's per-role fixes that a page shows: the leader's home, the unit's list, the deputy's pages,
the admin's names."""

import pytest
from django.contrib import admin
from django.test import Client

from congress.models import Holiday
from suggestions import services
from suggestions.models import CoSignature, NumberSeries, ReplyReceipt
from tests.suggestions.conftest import assigned, draft

pytestmark = pytest.mark.django_db


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_leader_home_lists_their_supervised_cases_and_no_outbox(district):
    d = district
    suggestion = assigned(d, lead="jt")
    services.put_under_key_supervision(suggestion, actor=d["staff"], leader=d["leader"], committee=d["committee"])
    page = login(d["leader"]).get("/staff/")
    keys = [tile["key"] for tile in page.context["tiles"]]
    assert "congress.outbox" not in keys
    panel = next(p for p in page.context["panels"] if p["key"] == "suggestions.my_supervision")
    assert [row.suggestion_id for row in panel["rows"]] == [suggestion.pk]
    assert suggestion.number in page.content.decode()
    staff_page = login(d["staff"]).get("/staff/")
    assert "congress.outbox" in [tile["key"] for tile in staff_page.context["tiles"]]
    assert not staff_page.context["panels"]  # the office supervises nothing in person


def test_the_unit_list_searches_and_filters_and_a_deputy_is_sent_to_their_own(district):
    d = district
    first, second = assigned(d, lead="jt", title="关于公交站台的建议"), assigned(d, lead="jt", title="关于路灯的建议")
    handler = login(d["handlers"]["jt"])
    found = handler.get("/portal/suggestions/assignments/", {"q": "路灯"})
    assert [a.suggestion_id for a in found.context["assignments"]] == [second.pk]
    by_number = handler.get("/portal/suggestions/assignments/", {"q": first.number})
    assert [a.suggestion_id for a in by_number.context["assignments"]] == [first.pk]
    done = handler.get("/portal/suggestions/assignments/", {"state": "done", "q": "x" * 500})
    assert done.status_code == 200 and list(done.context["assignments"]) == []
    home = handler.get("/portal/")
    assert first.number in home.content.decode()  # the home's deadlines carry the case number
    deputy = login(d["lead"].user).get("/portal/suggestions/assignments/")
    assert deputy.status_code == 302 and deputy["Location"] == "/portal/suggestions/"


def test_submit_is_disabled_with_its_reason_while_an_invitation_is_pending(district):
    d = district
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    page = login(d["lead"].user).get(f"/portal/suggestions/{suggestion.pk}/")
    html = page.content.decode()
    assert 'disabled aria-describedby="submit-reason"' in html and 'id="submit-reason"' in html
    assert page.context["candidates_total"] == 1  # 赵强: the one serving deputy not yet asked
    services.respond_to_invitation(CoSignature.objects.get(), actor=d["cosigner"].user, confirm=True)
    page = login(d["lead"].user).get(f"/portal/suggestions/{suggestion.pk}/")
    assert 'disabled aria-describedby="submit-reason"' not in page.content.decode()


def test_admin_names_are_words_and_holidays_have_chinese_names(district):
    assert str(NumberSeries._meta.verbose_name_plural) == "编号序列"
    assert str(ReplyReceipt._meta.verbose_name_plural) == "答复送达记录"
    assert Holiday(name="Spring Festival").display_name == "春节"
    assert "congress.RowHistory" in {f"{m._meta.app_label}.{m.__name__}" for m in admin.site._registry}
