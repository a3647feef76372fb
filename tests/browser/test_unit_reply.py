"""Issue 7, unit handler on a phone: choosing B or C opens the commitments (the field is
`reply-category`, which the script used to miss), so a B reply with its promise goes through."""

from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress import roles
from suggestions import services
from suggestions.models import Reply
from tests.browser.chromium import REQUIRES_CHROMIUM, sign_in
from tests.conftest import make_user
from tests.congress.factories import TermFactory, UnitFactory
from tests.deputies.factories import DeputyFactory
from tests.suggestions.factories import CategoryFactory

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}

pytestmark = REQUIRES_CHROMIUM


@pytest.fixture
def assigned_case(transactional_db):
    today = timezone.localdate()
    term = TermFactory(number=18, starts_on=date(2022, 1, 6), ends_on=today + timedelta(days=400))
    unit = UnitFactory(name="区交通局", code="jt")
    deputy = DeputyFactory(term=term, name="王建国")
    deputy.user = make_user(roles.DEPUTY, username="deputy-wang", name=deputy.name)
    deputy.save(update_fields=["user"])
    handler = make_user(roles.UNIT_HANDLER, username="handler-jt", name="交通局 李明", unit=unit)
    staff = make_user(roles.STAFF, username="office-zhang", name="代表工委 张敏")
    suggestion = services.create_draft(actor=deputy.user, title="关于增设公交站台的建议", content="站台过远。",
                                       category=CategoryFactory(name="城乡建设", code="urban"))
    services.submit_suggestion(suggestion, actor=deputy.user, today=today)
    services.accept_suggestion(suggestion, actor=staff)
    services.assign_suggestion(suggestion, actor=staff, lead_unit=unit, today=today)
    part = suggestion.assignments.get()
    services.record_contact(part, actor=handler, contacted_on=today, method="phone", summary="电话沟通", today=today)
    return part


def test_choosing_b_opens_the_commitments_and_the_reply_goes_through(live_server, new_page, assigned_case):
    page = new_page(**PHONE)
    sign_in(page, live_server.url, "handler-jt")
    page.goto(f"{live_server.url}/portal/suggestions/assignments/{assigned_case.pk}/")
    commitments = page.locator("details[data-open-for]")
    expect(commitments).not_to_have_attribute("open", "")
    page.locator('input[name="reply-category"][value="B"]').check()
    expect(commitments).to_have_attribute("open", "")
    page.locator('input[name="reply-category"][value="A"]').check()
    expect(commitments).not_to_have_attribute("open", "")
    page.locator('input[name="reply-category"][value="C"]').check()
    expect(commitments).to_have_attribute("open", "")
    page.locator('input[name="reply-category"][value="B"]').check()
    page.fill('input[name="reply-commitments-0-description"]', "年底前增设站台一处")
    page.fill('input[name="reply-commitments-0-due_on"]', (timezone.localdate() + timedelta(days=60)).isoformat())
    page.fill('textarea[name="reply-body"]', "已列入明年计划。")
    page.fill('input[name="reply-signed_by"]', "局长 刘洋")
    page.locator('form[action$="/reply/"] button[type=submit]').click()
    # A reply cannot be taken back: the review dialog asks first (static/js/app.js, data-confirm).
    page.locator("dialog#confirm-dialog[open] button[value=ok]").click()
    expect(page.locator(".messages .message-success")).to_be_visible()
    reply = Reply.objects.get(assignment=assigned_case)
    assert reply.category == "B" and [c.description for c in reply.commitments.all()] == ["年底前增设站台一处"]
