"""The phone portal: a deputy's and a unit's way through their pages, scope, and flat list queries.

The pages call services with the real date, so the term is stretched to cover today; cases that
need a past date are moved on by the services with an explicit `today` first.
"""

import io
import zipfile
from datetime import date, timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.forms.forms import NON_FIELD_ERRORS
from django.test import Client
from django.utils import timezone
from django.utils.html import escape

from congress.calendar import add_months
from congress.models import Term
from suggestions import services
from suggestions.models import (
    Assignment,
    Commitment,
    ContactRecord,
    CoSignature,
    Evaluation,
    Extension,
    ReassignmentRequest,
    Reply,
    ReplyReceipt,
    Suggestion,
)
from tests.suggestions.conftest import accepted, assigned, draft, part, replied
from tests.suggestions.factories import DraftFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 32


@pytest.fixture
def d(district):
    """The district, with its term running past today so the pages' own date is inside it."""
    today = timezone.localdate()
    Term.objects.filter(pk=district["term"].pk).update(ends_on=today + timedelta(days=400))
    district["term"].refresh_from_db()
    return district


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    return tmp_path


def login(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def error_messages(response) -> list[str]:
    return [m.message for m in response.context["messages"] if m.level_tag == "error"]


def assert_refused(response, field, code) -> bool:
    """The page came back (nothing was saved) with the service's error on the form; fails the test
    otherwise. Returns True so that `assert assert_refused(...)` at the call sites still reads."""
    assert response.status_code == 200, f"expected the form back with an error, got {response.status_code}"
    form = response.context["failed_form"]
    assert form.has_error(field, code), f"no {code!r} error on {field!r}: {form.errors.as_data()}"
    assert error_messages(response), "the page shows no error message"
    return True


def rating(reply, satisfaction, comment="", **aspects):
    prefix = f"rate-{reply.pk}"
    data = {f"{prefix}-satisfaction": satisfaction, f"{prefix}-comment": comment}
    for aspect in ("attitude", "approach", "effect"):
        data[f"{prefix}-{aspect}"] = aspects.get(aspect, "good")
    return data


def reply_data(category, rows=(), **extra):
    data = {"reply-category": category, "reply-body": "已纳入年度计划，正在实施。", "reply-signed_by": "局长 刘洋",
            "reply-commitments-TOTAL_FORMS": "3", "reply-commitments-INITIAL_FORMS": "0",
            "reply-commitments-MIN_NUM_FORMS": "0", "reply-commitments-MAX_NUM_FORMS": "10",
            "confirmed": "1"}  # the review step's tick (issue 7, item 4)
    for i in range(3):
        text, due = rows[i] if i < len(rows) else ("", None)
        data[f"reply-commitments-{i}-description"] = text
        data[f"reply-commitments-{i}-due_on"] = due.isoformat() if due else ""
    data.update(extra)
    return data


def assigned_on(d, day, lead="jt", co=()):
    """A suggestion assigned on `day` (the services accept a date; the pages use today)."""
    suggestion = accepted(d)
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"][lead],
                               co_units=[d["units"][c] for c in co], today=day)
    return part(suggestion, lead)


# --------------------------------------------------------------------------- the deputy's path


def test_deputy_path_from_draft_to_rating(d, media):
    lead, cosigner = login(d["lead"].user), login(d["cosigner"].user)

    home = lead.get("/portal/")
    assert b"/portal/suggestions/new/" in home.content  # writing is one tap from home

    response = lead.post("/portal/suggestions/new/", {
        "title": "关于增设学校周边停车位的建议", "content": "学校周边接送车辆拥堵。", "category": d["category"].pk,
        "attachment": SimpleUploadedFile("现场照片.pdf", PDF, content_type="application/pdf")})
    suggestion = Suggestion.objects.get(title="关于增设学校周边停车位的建议")
    assert response.status_code == 302 and response["Location"] == f"/portal/suggestions/{suggestion.pk}/"
    assert suggestion.status == "draft" and suggestion.lead_deputy == d["lead"] and suggestion.attachment
    assert lead.get(f"/portal/suggestions/{suggestion.pk}/attachment/").status_code == 200

    page = lead.get(f"/portal/suggestions/{suggestion.pk}/", {"q": "李"})
    assert [c.pk for c in page.context["candidates"]] == [d["cosigner"].pk]
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/invite/", {"invite-deputies": [d["cosigner"].pk]})
    assert response.status_code == 302
    invitation = CoSignature.objects.get(suggestion=suggestion)
    assert (invitation.deputy, invitation.status) == (d["cosigner"], "invited")

    # Submitting while the invitation is unanswered is refused, and nothing changes.
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/submit/")
    assert assert_refused(response, NON_FIELD_ERRORS, "cosigners_pending")
    assert Suggestion.objects.get(pk=suggestion.pk).status == "draft"

    page = cosigner.get(f"/portal/suggestions/{suggestion.pk}/")
    assert page.status_code == 200 and page.context["my_signature"] == invitation
    assert b'value="confirm"' in page.content
    response = cosigner.post(f"/portal/suggestions/{suggestion.pk}/respond/", {"respond-answer": "confirm"})
    assert response.status_code == 302
    assert CoSignature.objects.get(pk=invitation.pk).status == "confirmed"

    assert lead.post(f"/portal/suggestions/{suggestion.pk}/submit/").status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.status == "submitted" and suggestion.submitted_at

    # The office and the unit do their part through the services.
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"])
    handler, lead_part = d["handlers"]["jt"], part(suggestion, "jt")
    services.record_contact(lead_part, actor=handler, contacted_on=timezone.localdate(), method="phone",
                            summary="电话沟通")
    reply = services.reply_to_assignment(lead_part, actor=handler, category="A", body="已施划临时停车泊位。",
                                         signed_by="局长 刘洋")

    home = lead.get("/portal/")
    card = next(c for c in home.context["cards"] if c["template"] == "suggestions/portal/deputy_card.html")
    assert card["counts"]["rating"] == 1 and card["awaiting"] == [suggestion]

    page = lead.get(f"/portal/suggestions/{suggestion.pk}/")
    assert [r.pk for r in page.context["awaiting"]] == [reply.pk]
    form = page.context["awaiting"][0].rating_form
    # Nothing is pre-selected (issue 7): a one-tap rating must not save aspects the deputy never chose.
    assert [form[a].value() for a in ("satisfaction", "attitude", "approach", "effect")] == [None] * 4
    url = f"/portal/suggestions/{suggestion.pk}/replies/{reply.pk}/rate/"
    one_tap = {f"rate-{reply.pk}-satisfaction": "basically_satisfied"}
    refused = lead.post(url, one_tap)
    assert refused.status_code == 200 and not Evaluation.objects.filter(reply=reply).exists()
    assert {"attitude", "approach", "effect"} <= set(refused.context["awaiting"][0].rating_form.errors)
    receipts = dict(ReplyReceipt.objects.filter(reply=reply).values_list("deputy__name", "read_at"))
    assert receipts["王建国"] is not None and receipts["李秀英"] is None  # read by whoever opened the page

    # 满意 with the three aspects chosen, then send.
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/replies/{reply.pk}/rate/", rating(reply, "satisfied"))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(reply=reply)
    assert (evaluation.satisfaction, evaluation.attitude, evaluation.effect) == ("satisfied", "good", "good")
    suggestion.refresh_from_db()
    assert suggestion.status == "closed"

    # A second rating of the same answer is refused.
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/replies/{reply.pk}/rate/",
                         rating(reply, "unsatisfied", comment="再评一次"))
    assert assert_refused(response, NON_FIELD_ERRORS, "already_rated")
    assert Evaluation.objects.get(reply=reply).satisfaction == "satisfied"


def test_unsatisfied_rating_needs_written_views(d):
    suggestion = assigned(d, lead="jt")
    reply = replied(d, suggestion, "jt", category="D")
    lead = login(d["lead"].user)
    url = f"/portal/suggestions/{suggestion.pk}/replies/{reply.pk}/rate/"

    response = lead.post(url, rating(reply, "unsatisfied", effect="poor"))
    assert assert_refused(response, "comment", "views_required")
    assert not Evaluation.objects.exists() and part(suggestion, "jt").status == "replied"

    response = lead.post(url, rating(reply, "unsatisfied", comment="未实地调查。", effect="poor"))
    assert response.status_code == 302
    evaluation = Evaluation.objects.get(reply=reply)
    assert (evaluation.satisfaction, evaluation.effect, evaluation.comment) == ("unsatisfied", "poor", "未实地调查。")
    assert part(suggestion, "jt").status == "rehandling"

    response = lead.post(url, rating(reply, "satisfied"))
    assert assert_refused(response, NON_FIELD_ERRORS, "already_rated")
    assert Evaluation.objects.count() == 1


def test_rating_needs_a_choice_and_only_the_lead_deputy_rates(d):
    suggestion = draft(d)  # with a confirmed co-signer, who reads the answer but does not rate it
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(suggestion.cosignatures.get(), actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8))
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"], today=date(2026, 2, 2))
    reply = replied(d, suggestion, "jt")
    url = f"/portal/suggestions/{suggestion.pk}/replies/{reply.pk}/rate/"

    response = login(d["lead"].user).post(url, rating(reply, ""))
    assert response.status_code == 200 and response.context["failed_form"].has_error("satisfaction")

    cosigner = login(d["cosigner"].user)
    page = cosigner.get(f"/portal/suggestions/{suggestion.pk}/")
    assert page.context["awaiting"] == [] and [r.pk for r in page.context["answered"]] == [reply.pk]
    assert ReplyReceipt.objects.get(reply=reply, deputy=d["cosigner"]).read_at is not None
    response = cosigner.post(url, rating(reply, "satisfied"))
    assert response.status_code == 200 and error_messages(response)
    assert not Evaluation.objects.exists()


def test_draft_edit_uninvite_and_withdraw(d, media):
    suggestion = draft(d, title="旧标题")
    lead = login(d["lead"].user)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])

    assert lead.get(f"/portal/suggestions/{suggestion.pk}/edit/").status_code == 200
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/edit/", {
        "title": "新标题", "content": suggestion.content, "category": d["category"].pk,
        "attachment": SimpleUploadedFile("photo.png", PNG, content_type="image/png")})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert suggestion.title == "新标题" and suggestion.attachment.name.endswith(".png")

    response = lead.post(f"/portal/suggestions/{suggestion.pk}/edit/", {
        "title": " ", "content": suggestion.content, "category": d["category"].pk})
    assert response.status_code == 200 and response.context["form"].has_error("title")
    assert Suggestion.objects.get(pk=suggestion.pk).title == "新标题"

    signature = suggestion.cosignatures.get()
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/invitations/{signature.pk}/withdraw/")
    assert response.status_code == 302 and CoSignature.objects.get(pk=signature.pk).status == "withdrawn"
    assert login(d["cosigner"].user).get(f"/portal/suggestions/{suggestion.pk}/").status_code == 404

    response = lead.post(f"/portal/suggestions/{suggestion.pk}/withdraw/", {"confirmed": "1", "withdraw-reason": ""})
    assert assert_refused(response, "reason", "reason_required")
    assert Suggestion.objects.get(pk=suggestion.pk).status == "draft"
    response = lead.post(f"/portal/suggestions/{suggestion.pk}/withdraw/",
                         {"confirmed": "1", "withdraw-reason": "已通过其他渠道解决"})
    assert response.status_code == 302
    suggestion.refresh_from_db()
    assert (suggestion.status, suggestion.close_note) == ("withdrawn", "已通过其他渠道解决")
    # A submitted suggestion can no longer be edited: the edit page sends the deputy back.
    assert lead.get(f"/portal/suggestions/{suggestion.pk}/edit/").status_code == 302


def docx(with_document=True) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml" if with_document else "xl/workbook.xml", "<w:document/>")
    return buffer.getvalue()


@pytest.mark.parametrize(("name", "content", "code"), [
    ("建议.pdf", PDF, None),
    ("建议.docx", docx(), None),
    ("建议.doc", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 64, None),
    ("照片.JPG", b"\xff\xd8\xff\xe0" + b"\x00" * 64, None),
    ("程序.pdf", b"MZ\x90\x00" + b"\x00" * 64, "file_type"),  # a program renamed to .pdf
    ("表格.docx", docx(with_document=False), "file_type"),  # a ZIP that is not a Word document
    ("照片.pdf", PNG, "file_type"),  # the name does not match the content
    ("大文件.pdf", PDF + b"\x00" * (10 * 1024 * 1024), "too_large"),
])
def test_attachment_is_checked_by_size_and_content(d, media, name, content, code):
    response = login(d["lead"].user).post("/portal/suggestions/new/", {
        "title": "关于附件的建议", "content": "内容", "category": d["category"].pk,
        "attachment": SimpleUploadedFile(name, content)})
    if code is None:
        assert response.status_code == 302 and Suggestion.objects.get().attachment
    else:
        assert response.status_code == 200 and response.context["form"].has_error("attachment", code)
        assert not Suggestion.objects.exists()


def test_a_deputy_cannot_reach_another_deputys_draft(d):
    suggestion = draft(d)
    other = login(d["other"].user)
    for url in ("", "edit/", "attachment/"):
        assert other.get(f"/portal/suggestions/{suggestion.pk}/{url}").status_code == 404
    for url, data in [("submit/", {}), ("invite/", {"invite-deputies": [d["cosigner"].pk]}),
                      ("withdraw/", {"withdraw-reason": "不要了"}), ("edit/", {"title": "改"})]:
        assert other.post(f"/portal/suggestions/{suggestion.pk}/{url}", data).status_code == 404
    suggestion.refresh_from_db()
    assert suggestion.status == "draft" and not suggestion.cosignatures.exists()
    assert suggestion not in other.get("/portal/suggestions/").context["suggestions"]


def test_a_deputy_who_was_not_invited_gets_404(d):
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    other = login(d["other"].user)
    assert other.get(f"/portal/suggestions/{suggestion.pk}/").status_code == 404
    assert other.post(f"/portal/suggestions/{suggestion.pk}/respond/", {"respond-answer": "confirm"}).status_code == 404
    assert CoSignature.objects.get().status == "invited"
    # and the invitee sees it among their invitations
    invitee = login(d["cosigner"].user).get("/portal/suggestions/", {"tab": "invitations"})
    assert list(invitee.context["suggestions"]) == [suggestion]


def test_unit_handler_cannot_open_or_post_to_another_units_assignment(d):
    suggestion = assigned(d, lead="jt")
    lead_part = part(suggestion, "jt")
    outsider = login(d["handlers"]["jw"])
    assert outsider.get(f"/portal/suggestions/assignments/{lead_part.pk}/").status_code == 404
    posts = {
        "contact/": {"contact-contacted_on": "2026-03-01", "contact-method": "phone", "contact-summary": "x"},
        "responsible/": {"responsible-name": "冒名"},
        "reply/": reply_data("A"),
        "extension/": {"extension-due_on": "2026-06-01", "extension-reason": "x"},
        "return/": {"reassignment-reason": "x"},
    }
    for url, data in posts.items():
        assert outsider.post(f"/portal/suggestions/assignments/{lead_part.pk}/{url}", data).status_code == 404
    assert not ContactRecord.objects.exists() and not Reply.objects.exists()
    assert Assignment.objects.get(pk=lead_part.pk).responsible_person == ""
    assert lead_part not in outsider.get("/portal/suggestions/assignments/").context["assignments"]
    # Unit handlers read cases on their own pages, not on the deputies' ones.
    assert login(d["handlers"]["jt"]).get(f"/portal/suggestions/{suggestion.pk}/").status_code == 404
    # And deputies have no unit pages.
    assert login(d["lead"].user).get(f"/portal/suggestions/assignments/{lead_part.pk}/").status_code == 404


# --------------------------------------------------------------------------- the unit's path


def test_unit_path_contact_reply_with_commitment_and_fulfil_it(d, media):
    today = timezone.localdate()
    lead_part = assigned_on(d, today - timedelta(days=3))
    handler = login(d["handlers"]["jt"])
    url = f"/portal/suggestions/assignments/{lead_part.pk}/"

    home = handler.get("/portal/")
    assert url.encode() in home.content  # the task is one tap from home
    page = handler.get(url)
    assert page.status_code == 200 and page.context["reply_form"] and page.context["contact_form"]

    response = handler.post(url + "responsible/", {"responsible-name": "张科长", "responsible-phone": "13900000001"})
    assert response.status_code == 302
    assert Assignment.objects.get(pk=lead_part.pk).responsible_person == "张科长"

    # Replying before contacting the deputy is refused: the service's message once, on the reply
    # form, which keeps what the unit wrote; a short notice at the top says nothing was saved.
    response = handler.post(url + "reply/", reply_data("A"))
    assert assert_refused(response, NON_FIELD_ERRORS, "contact_required") and not Reply.objects.exists()
    page, message = response.content.decode(), response.context["failed_form"].non_field_errors()[0]
    assert page.count(escape(message)) == 1
    assert response.context["reply_form"] is response.context["failed_form"]
    assert "已纳入年度计划，正在实施。" in page  # the reply text is still in the form
    assert len(error_messages(response)) == 1 and message not in error_messages(response)

    response = handler.post(url + "contact/", {"contact-contacted_on": today.isoformat(), "contact-method": "face",
                                               "contact-summary": "到现场与代表面商。"})
    assert response.status_code == 302
    contact = ContactRecord.objects.get(assignment=lead_part)
    assert (contact.method, contact.contacted_on) == ("face", today)

    response = handler.post(url + "contact/", {"contact-contacted_on": (today + timedelta(days=1)).isoformat(),
                                               "contact-method": "phone", "contact-summary": "未来的沟通"})
    assert assert_refused(response, "contacted_on", "date") and ContactRecord.objects.count() == 1

    # A B reply must say what is promised and by when.
    response = handler.post(url + "reply/", reply_data("B"))
    assert assert_refused(response, NON_FIELD_ERRORS, "commitments_required") and not Reply.objects.exists()

    due = today + timedelta(days=60)
    response = handler.post(url + "reply/", reply_data("B", rows=[("年底前建成60个泊位", due)], **{
        "reply-signed_by_head": "on",
        "reply-attachment": SimpleUploadedFile("答复函.pdf", PDF, content_type="application/pdf")}))
    assert response.status_code == 302
    reply = Reply.objects.get(assignment=lead_part)
    assert (reply.category, reply.signed_by, reply.signed_by_head) == ("B", "局长 刘洋", True)
    assert list(reply.commitments.values_list("description", "due_on")) == [("年底前建成60个泊位", due)]
    assert Assignment.objects.get(pk=lead_part.pk).status == "replied"
    assert handler.get(f"/portal/suggestions/replies/{reply.pk}/letter/").status_code == 200
    assert login(d["lead"].user).get(f"/portal/suggestions/replies/{reply.pk}/letter/").status_code == 200
    assert login(d["handlers"]["jw"]).get(f"/portal/suggestions/replies/{reply.pk}/letter/").status_code == 404

    commitment = Commitment.objects.get()
    page = handler.get(url)
    assert page.context["open_commitments"] == [commitment] and "reply_form" not in page.context
    response = handler.post(url + f"commitments/{commitment.pk}/resolve/", {
        f"commitment-{commitment.pk}-outcome": "fulfilled", f"commitment-{commitment.pk}-resolution": ""})
    assert response.status_code == 200 and Commitment.objects.get().status == "open"
    response = handler.post(url + f"commitments/{commitment.pk}/resolve/", {
        f"commitment-{commitment.pk}-outcome": "fulfilled", f"commitment-{commitment.pk}-resolution": "已建成启用。"})
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert (commitment.status, commitment.resolution) == ("fulfilled", "已建成启用。")


def test_extension_beyond_the_legal_maximum_is_refused(d):
    today = timezone.localdate()
    lead_part = assigned_on(d, today - timedelta(days=3))
    handler = login(d["handlers"]["jt"])
    url = f"/portal/suggestions/assignments/{lead_part.pk}/extension/"
    too_late = add_months(lead_part.assigned_on, 7)

    response = handler.post(url, {"extension-due_on": too_late.isoformat(), "extension-reason": "需要跨年度预算"})
    assert assert_refused(response, "due_on", "past_maximum")
    assert not Extension.objects.exists() and Assignment.objects.get(pk=lead_part.pk).due_on == lead_part.due_on

    response = handler.post(url, {"extension-due_on": add_months(lead_part.assigned_on, 5).isoformat(),
                                  "extension-reason": "需要跨年度预算"})
    assert response.status_code == 302
    assert Extension.objects.get().decision == "pending"
    assert "extension_form" not in handler.get(f"/portal/suggestions/assignments/{lead_part.pk}/").context


def test_return_after_the_window_is_refused(d):
    today = timezone.localdate()
    late_part = assigned_on(d, today - timedelta(days=30))
    handler = login(d["handlers"]["jt"])
    page = handler.get(f"/portal/suggestions/assignments/{late_part.pk}/")
    assert "reassignment_form" not in page.context and page.context["reassignment_window_ends"] < today
    response = handler.post(f"/portal/suggestions/assignments/{late_part.pk}/reassignment/",
                            {"reassignment-reason": "不属于本单位职责"})
    assert assert_refused(response, NON_FIELD_ERRORS, "window_closed")
    assert not ReassignmentRequest.objects.exists()

    fresh_part = assigned_on(d, today)
    response = handler.post(f"/portal/suggestions/assignments/{fresh_part.pk}/reassignment/", {
        "reassignment-reason": "属于住建委职责", "reassignment-suggested_unit": d["units"]["zj"].pk})
    assert response.status_code == 302
    request = ReassignmentRequest.objects.get()
    assert (request.assignment, request.suggested_unit) == (fresh_part, d["units"]["zj"])


def test_co_unit_sends_its_opinion(d):
    lead_part = assigned_on(d, timezone.localdate() - timedelta(days=3), lead="jt", co=("zj",))
    co_part = part(lead_part.suggestion, "zj")
    co = login(d["handlers"]["zj"])
    page = co.get(f"/portal/suggestions/assignments/{co_part.pk}/")
    assert page.context["opinion_form"] and "reply_form" not in page.context
    response = co.post(f"/portal/suggestions/assignments/{co_part.pk}/reply/", reply_data("A"))
    assert response.status_code == 200 and not Reply.objects.exists()  # a co-unit does not answer the deputy
    response = co.post(f"/portal/suggestions/assignments/{co_part.pk}/opinion/",
                       {"opinion-opinion": "同意规划临时泊位。"})
    assert response.status_code == 302
    co_part.refresh_from_db()
    assert (co_part.status, co_part.opinion) == ("done", "同意规划临时泊位。")


def test_deputy_phone_numbers_never_appear_on_unit_pages(d):
    suggestion = draft(d)
    services.invite_cosigners(suggestion, actor=d["lead"].user, deputies=[d["cosigner"]])
    services.respond_to_invitation(suggestion.cosignatures.get(), actor=d["cosigner"].user, confirm=True)
    services.submit_suggestion(suggestion, actor=d["lead"].user, today=date(2026, 1, 8))
    services.accept_suggestion(suggestion, actor=d["staff"])
    services.assign_suggestion(suggestion, actor=d["staff"], lead_unit=d["units"]["jt"], today=date(2026, 2, 2))
    handler = login(d["handlers"]["jt"])
    pages = [handler.get("/portal/"), handler.get("/portal/suggestions/assignments/"),
             handler.get(f"/portal/suggestions/assignments/{part(suggestion, 'jt').pk}/")]
    for page in pages:
        assert page.status_code == 200
        for deputy in (d["lead"], d["cosigner"]):
            assert deputy.phone and deputy.phone.encode() not in page.content
    assert "王建国" in pages[2].content.decode() and "李秀英" in pages[2].content.decode()


def test_unit_lists_open_first_by_deadline_with_overdue_marked(d):
    today = timezone.localdate()
    overdue = assigned_on(d, add_months(today, -4))  # due three months after: already past
    fresh = assigned_on(d, today)
    answered = assigned_on(d, today - timedelta(days=3))
    services.record_contact(answered, actor=d["handlers"]["jt"], contacted_on=today, method="phone", summary="沟通")
    services.reply_to_assignment(answered, actor=d["handlers"]["jt"], category="A", body="已解决", signed_by="局长")
    handler = login(d["handlers"]["jt"])

    rows = list(handler.get("/portal/suggestions/assignments/").context["assignments"])
    assert rows == [overdue, fresh, answered]
    assert [row.late for row in rows] == [True, False, False]
    cards = handler.get("/portal/").context["cards"]
    card = next(c for c in cards if c["template"] == "suggestions/portal/unit_card.html")
    assert card["assignments"] == [overdue, fresh] and card["counts"] == {"open": 2, "overdue": 1}
    assert card["assignments"][0].late


def test_deputy_tabs_split_my_suggestions(d):
    mine_draft = draft(d)
    mine_handling = assigned(d, lead="jt")
    mine_rating = assigned(d, lead="jt")
    replied(d, mine_rating, "jt")
    cosigned = DraftFactory(term=d["term"], lead_deputy=d["other"], category=d["category"])
    services.invite_cosigners(cosigned, actor=d["other"].user, deputies=[d["lead"]])
    lead = login(d["lead"].user)

    page = lead.get("/portal/suggestions/")
    counts = {key: count for key, _label, count in page.context["tabs"]}
    assert counts == {"all": 3, "drafts": 1, "handling": 1, "rating": 1, "closed": 0, "cosigned": 0,
                      "invitations": 1}
    for tab, expected in [("drafts", [mine_draft]), ("handling", [mine_handling]), ("rating", [mine_rating]),
                          ("invitations", [cosigned])]:
        assert list(lead.get("/portal/suggestions/", {"tab": tab}).context["suggestions"]) == expected
    searched = lead.get("/portal/suggestions/", {"tab": "all", "q": mine_handling.number})
    assert list(searched.context["suggestions"]) == [mine_handling]


# --------------------------------------------------------------------------- query counts


@pytest.mark.parametrize("rows", [1, 4])
def test_deputy_list_query_count_is_flat(d, rows, django_assert_num_queries):
    for _ in range(rows):
        draft(d)
    services.invite_cosigners(DraftFactory(term=d["term"], lead_deputy=d["other"], category=d["category"]),
                              actor=d["other"].user, deputies=[d["lead"]])
    lead = login(d["lead"].user)
    # session, user, permissions (own and groups' in one statement), the tab counts (one aggregate),
    # COUNT(*) for paging, the page's rows with deputy and category joined, unread notifications
    with django_assert_num_queries(7):
        response = lead.get("/portal/suggestions/")
    assert len(response.context["suggestions"]) == rows


@pytest.mark.parametrize("rows", [1, 4])
def test_unit_list_query_count_is_flat(d, rows, django_assert_num_queries):
    today = timezone.localdate()
    for _ in range(rows):
        assigned_on(d, today)
    handler = login(d["handlers"]["jt"])
    # session, user, permissions (one statement), COUNT(*) for paging, the page's rows
    # with suggestion and lead deputy joined, the open/overdue counts (one aggregate), unread notifications
    with django_assert_num_queries(7):
        response = handler.get("/portal/suggestions/assignments/")
    assert len(response.context["assignments"]) == rows
