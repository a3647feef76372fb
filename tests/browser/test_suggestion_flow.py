"""One suggestion through the whole loop in headless Chromium, as three people do it in their browsers.

A deputy writes and submits it on a phone, the office accepts and assigns it on a laptop, the unit's
handler contacts the deputy and replies on a phone, the deputy rates the answer and the office reads
the timeline. Each person signs in through the login form in a context of their own.

The pages call the services with today's real date: the term here runs past today and no session is
open, so the suggestion is a between-sessions one (numbered 18-B-…). Assertions are on URLs, the
structure of the pages, the data typed in and the database, never on translated text.
"""

import re
from datetime import date, timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from congress import roles
from suggestions.models import Assignment, ContactRecord, Evaluation, Reply, Suggestion
from tests.browser.chromium import REQUIRES_CHROMIUM, sign_in
from tests.conftest import make_user
from tests.congress.factories import TermFactory, UnitFactory
from tests.deputies.factories import DeputyFactory
from tests.suggestions.factories import CategoryFactory

PHONE = {"viewport": {"width": 375, "height": 812}, "is_mobile": True, "has_touch": True, "locale": "zh-CN"}
LAPTOP = {"viewport": {"width": 1280, "height": 800}, "locale": "zh-CN"}

TITLE = "关于在实验小学门口增设临时停车泊位的建议"
CONTENT = "实验小学门口上下学时段接送车辆乱停，交通拥堵。建议在东侧空地施划临时停车泊位。"
CONTACT = "电话联系王建国代表，约定现场查看东侧空地。"
ANSWER = "已在东侧空地施划临时停车泊位40个，上下学时段安排交警疏导。"
SIGNER = "局长 刘洋"

pytestmark = REQUIRES_CHROMIUM


def confirm(page):
    """Answer the page's review <dialog> (static/js/app.js, data-confirm) with its confirm button."""
    dialog = page.locator("dialog#confirm-dialog[open]")
    expect(dialog).to_be_visible()
    dialog.locator("button[value=ok]").click()


@pytest.fixture
def town(transactional_db):
    """A term that covers today with no session open, one unit with its handler, a deputy, the office."""
    today = timezone.localdate()
    term = TermFactory(number=18, starts_on=date(2022, 1, 6), ends_on=today + timedelta(days=400))
    unit = UnitFactory(name="区交通局", code="jt")
    UnitFactory(name="区教育委员会", code="jw")  # a second choice in the assign form
    deputy = DeputyFactory(term=term, name="王建国")
    deputy.user = make_user(roles.DEPUTY, username="deputy-wang", name=deputy.name)
    deputy.save(update_fields=["user"])
    return {
        "term": term, "unit": unit, "deputy": deputy,
        "category": CategoryFactory(name="城乡建设", code="urban"),
        "handler": make_user(roles.UNIT_HANDLER, username="handler-jt", name="交通局 李明", unit=unit),
        "staff": make_user(roles.STAFF, username="office-zhang", name="代表工委 张敏"),
    }


def fits_the_phone(page):
    assert page.evaluate("document.documentElement.scrollWidth") <= 375, f"{page.url} scrolls sideways"


def succeeded(page):
    """The page shows a success message (whatever its wording) and no error."""
    expect(page.locator(".messages .message-success")).to_be_visible()
    expect(page.locator(".messages .message-error")).to_have_count(0)


def test_one_suggestion_from_the_deputys_phone_to_closed(live_server, new_page, town):
    base = live_server.url

    # 1. The deputy, on a phone: write, save the draft, submit.
    deputy = new_page(**PHONE)
    sign_in(deputy, base, "deputy-wang")
    expect(deputy).to_have_url(f"{base}/portal/")
    write = deputy.locator('main a[href="/portal/suggestions/new/"]')
    expect(write).to_be_in_viewport()  # no scrolling needed to find it
    fits_the_phone(deputy)
    write.tap()  # tap 1 of at most 2
    expect(deputy).to_have_url(f"{base}/portal/suggestions/new/")
    fits_the_phone(deputy)

    deputy.fill("main input[name=title]", TITLE)
    deputy.select_option("main select[name=category]", str(town["category"].pk))
    deputy.fill("main textarea[name=content]", CONTENT)
    deputy.locator("main form button[type=submit]").tap()

    deputy.wait_for_url(re.compile(r"/portal/suggestions/\d+/$"))
    suggestion = Suggestion.objects.get(title=TITLE)
    assert deputy.url == f"{base}/portal/suggestions/{suggestion.pk}/"
    assert (suggestion.status, suggestion.lead_deputy, suggestion.category) == (
        "draft", town["deputy"], town["category"])
    assert suggestion.content == CONTENT
    succeeded(deputy)
    expect(deputy.locator("main h1")).to_have_text(TITLE)
    expect(deputy.locator(".sg-meta .status-draft")).to_be_visible()
    fits_the_phone(deputy)

    submit = deputy.locator(f'form[action="/portal/suggestions/{suggestion.pk}/submit/"] button[type=submit]')
    submit.tap()  # submitting is final, so the page asks first (its <dialog>); the deputy agrees
    confirm(deputy)
    expect(deputy.locator(".sg-meta .status-submitted")).to_be_visible()
    expect(submit).to_have_count(0)  # a submitted suggestion can no longer be submitted or edited
    succeeded(deputy)
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted" and suggestion.submitted_at and suggestion.meeting is None

    # 2. The office, on a laptop: find it, accept it, assign it to a lead unit.
    office = new_page(**LAPTOP)
    sign_in(office, base, "office-zhang")
    expect(office).to_have_url(f"{base}/staff/")
    office.click('.sidebar a[href="/staff/suggestions/"]')
    expect(office).to_have_url(f"{base}/staff/suggestions/")
    office.fill("form.filters input[name=q]", "实验小学")
    office.click("form.filters button[type=submit]")
    expect(office).to_have_url(re.compile(r"/staff/suggestions/\?(.*&)?q=%E5%AE%9E", re.IGNORECASE))
    rows = office.locator("table.data tbody tr")
    expect(rows).to_have_count(1)
    expect(rows.first).to_contain_text(TITLE)
    expect(rows.first).to_contain_text("王建国")
    rows.first.locator(f'a[href="/staff/suggestions/{suggestion.pk}/"]').click()
    expect(office).to_have_url(f"{base}/staff/suggestions/{suggestion.pk}/")
    expect(office.locator(".page-head .status-submitted")).to_be_visible()

    office.click(f'form[action="/staff/suggestions/{suggestion.pk}/accept/"] button[type=submit]')
    confirm(office)  # the review step of an irreversible action (issue 7, item 4)
    expect(office.locator(".page-head .status-accepted")).to_be_visible()
    succeeded(office)
    suggestion.refresh_from_db()
    assert suggestion.status == "accepted" and suggestion.number == "18-B-0001"
    expect(office.locator(".page-head h1")).to_contain_text("18-B-0001")
    expect(office.locator(".messages .message-success")).to_contain_text("18-B-0001")

    assign = office.locator(f'form[action="/staff/suggestions/{suggestion.pk}/assign/"]')
    expect(assign.locator('input[name=mode][value="lead_and_co"]')).to_be_checked()  # the usual mode by default
    assign.locator("select[name=lead_unit]").select_option(str(town["unit"].pk))
    assign.locator("button[type=submit]").click()
    confirm(office)
    expect(office.locator(".page-head .status-handling")).to_be_visible()
    expect(assign).to_have_count(0)
    succeeded(office)
    expect(office.locator("article.part")).to_have_count(1)
    expect(office.locator("article.part h3")).to_contain_text("区交通局")
    suggestion.refresh_from_db()
    part = Assignment.objects.get(suggestion=suggestion)
    assert suggestion.status == "handling" and suggestion.assigned_on == part.assigned_on
    assert (part.unit, part.role, part.status) == (town["unit"], "lead", "assigned")

    # 3. The unit's handler, on a phone: open the task from home, record the contact, reply.
    handler = new_page(**PHONE)
    sign_in(handler, base, "handler-jt")
    expect(handler).to_have_url(f"{base}/portal/")
    task = handler.locator(f'main a.sg-row[href="/portal/suggestions/assignments/{part.pk}/"]')
    expect(task).to_contain_text(TITLE)
    expect(task).to_be_in_viewport()
    fits_the_phone(handler)
    task.tap()  # tap 1 of at most 2
    expect(handler).to_have_url(f"{base}/portal/suggestions/assignments/{part.pk}/")
    expect(handler.locator("main h1")).to_have_text(TITLE)
    fits_the_phone(handler)

    contact = handler.locator(f'form[action="/portal/suggestions/assignments/{part.pk}/contact/"]')
    contacted_on = contact.locator("input[name=contact-contacted_on]")
    expect(contacted_on).to_have_value(re.compile(r"^\d{4}-\d{2}-\d{2}$"))  # today, filled in for the handler
    contacted_on_value = contacted_on.input_value()
    contact.locator('label.choice:has(input[value="phone"])').tap()
    expect(contact.locator('input[name=contact-method][value="phone"]')).to_be_checked()
    contact.locator("textarea[name=contact-summary]").fill(CONTACT)
    contact.locator("button[type=submit]").tap()
    expect(handler.locator("#contact .list-row")).to_have_count(1)
    expect(handler.locator("#contact .list-row")).to_contain_text(CONTACT[:20])
    succeeded(handler)
    record = ContactRecord.objects.get(assignment=part)
    assert (record.method, record.summary) == ("phone", CONTACT)
    assert record.contacted_on.isoformat() == contacted_on_value

    reply = handler.locator(f'form[action="/portal/suggestions/assignments/{part.pk}/reply/"]')
    reply.locator('label.choice:has(input[name=reply-category][value="A"])').tap()
    expect(reply.locator('input[name=reply-category][value="A"]')).to_be_checked()
    reply.locator("textarea[name=reply-body]").fill(ANSWER)
    reply.locator("input[name=reply-signed_by]").fill(SIGNER)
    reply.locator("button[type=submit]").tap()
    confirm(handler)
    expect(handler.locator(".sg-meta .status-replied")).to_be_visible()
    expect(reply).to_have_count(0)  # answered: the reply form is gone
    succeeded(handler)
    expect(handler.locator("article.reply")).to_contain_text(ANSWER)
    expect(handler.locator("article.reply .category-A")).to_be_visible()
    answer = Reply.objects.get(assignment=part)
    assert (answer.category, answer.body, answer.signed_by, answer.round) == ("A", ANSWER, SIGNER, 1)
    assert Assignment.objects.get(pk=part.pk).status == "replied"

    # 4. The deputy again: open the answer from the portal home, 满意 + send, and see it closed.
    deputy.goto(f"{base}/portal/")
    awaiting = deputy.locator(f'main a.sg-row[href="/portal/suggestions/{suggestion.pk}/#rate"]')
    expect(awaiting).to_contain_text(TITLE)
    expect(awaiting).to_contain_text("18-B-0001")
    awaiting.tap()
    expect(deputy).to_have_url(f"{base}/portal/suggestions/{suggestion.pk}/#rate")
    rating = deputy.locator(f'form[action="/portal/suggestions/{suggestion.pk}/replies/{answer.pk}/rate/"]')
    expect(rating.locator("..").locator("article.reply")).to_contain_text(ANSWER)
    fits_the_phone(deputy)
    # Nothing starts chosen (issue 7): the deputy taps 满意 and each of the three aspects, then sends.
    expect(rating.locator("input[type=radio]:checked")).to_have_count(0)
    rating.locator("label.choice-satisfied").tap()
    expect(rating.locator('input[name$=-satisfaction][value="satisfied"]')).to_be_checked()
    for aspect in ("attitude", "approach", "effect"):
        rating.locator(f'input[name$=-{aspect}][value="good"]').check()
    rating.locator("button[type=submit]").tap()
    expect(deputy.locator(".sg-meta .status-closed")).to_be_visible()
    expect(rating).to_have_count(0)
    succeeded(deputy)
    expect(deputy.locator("p.rating-result .status-satisfied")).to_be_visible()
    evaluation = Evaluation.objects.get(reply=answer)
    assert (evaluation.satisfaction, evaluation.attitude, evaluation.approach, evaluation.effect) == (
        "satisfied", "good", "good", "good")
    suggestion.refresh_from_db()
    assert suggestion.status == "closed" and suggestion.closed_at
    assert Assignment.objects.get(pk=part.pk).status == "done"

    # 5. The office: the suggestion's page shows it closed, with every step on the timeline.
    office.goto(f"{base}/staff/suggestions/{suggestion.pk}/")
    expect(office.locator(".page-head .status-closed")).to_be_visible()
    events = office.locator("ol.timeline li.event")
    expect(events.first).to_be_visible()
    assert events.count() >= 6, f"only {events.count()} timeline entries"
    expect(events.filter(has_text="18-B-0001")).to_have_count(1)  # the acceptance, with its number
    expect(events.filter(has_text="区交通局").first).to_be_visible()  # the assignment names the unit
    expect(office.locator("p.rating.rating-satisfied")).to_be_visible()
    expect(office.locator("article.part .reply")).to_contain_text(ANSWER)
    expect(office.locator("form[action$='/accept/'], form[action$='/assign/'], form[action$='/close/']")
           ).to_have_count(0)  # nothing left for the office to do
