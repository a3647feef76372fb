"""Points notices (rule 25) and the band follow-ups (rule 26); sign-in sheet import."""

from datetime import date, timedelta
from io import BytesIO

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import DatabaseError, transaction
from django.utils import timezone, translation
from openpyxl import Workbook

from congress import roles
from deputies.duties import record_duty
from deputies.models import (
    DutyRecord,
    MeetingAttendance,
    PointsFollowUp,
    PointsNotice,
    PointsNoticeEntry,
    PointsObjection,
    SignInSheet,
)
from deputies.services import points as services
from deputies.services import sheets
from tests.conftest import make_user
from tests.congress.factories import MeetingFactory
from tests.deputies.factories import DeputyFactory, point_table

TODAY = timezone.localdate()
YEAR = TODAY.year


@pytest.fixture(autouse=True)
def english():
    """The messages these tests read are the English msgids."""
    with translation.override("en"):
        yield


@pytest.fixture
def table(db):
    point_table(YEAR)
    point_table(YEAR - 1)


def published(staff, year=YEAR, period="year", today=TODAY):
    notice = services.create_notice(actor=staff, year=year, period=period, as_of=date(year, 12, 31))
    return services.publish_notice(notice, actor=staff, today=today)


def test_the_notice_lifecycle_and_a_final_notice_never_changes(table, deputy, deputy_user, staff_user):
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    record_duty(deputy, item="oversight.activity", source=meeting, occurred_on=TODAY)
    notice = published(staff_user)
    entry = notice.entries.get(deputy=deputy)
    assert entry.total == 3 and entry.rank == 1
    # a record after publication never changes the snapshot
    record_duty(deputy, item="oversight.activity", source=MeetingFactory(starts_on=TODAY, ends_on=TODAY, number=7),
                occurred_on=TODAY)
    entry.refresh_from_db()
    assert entry.total == 3
    objection = services.object_to_notice(notice, entry_id=entry.pk, kind="omission", reason="漏记一次视察",
                                          actor=deputy_user)
    public = services.object_to_notice(notice, entry_id=entry.pk, kind="error", reason="<script>x</script>",
                                       public_name="市民", public_contact="13900000000")
    after = notice.objections_until + timedelta(days=1)
    with pytest.raises(ValidationError, match="every objection"):
        services.approve_notice(notice, actor=staff_user, today=after)  # objections still open
    with pytest.raises(PermissionDenied):
        services.answer_objection(objection, actor=deputy_user, upheld=True, answer="x")
    services.answer_objection(objection, actor=staff_user, upheld=True, answer="已补记，计入下次公示")
    services.answer_objection(public, actor=staff_user, upheld=False, answer="核实无误")
    with pytest.raises(ValidationError):
        services.approve_notice(notice, actor=staff_user, today=TODAY)  # the period is still open
    services.approve_notice(notice, actor=staff_user, note="主任会议第12次", today=after)
    notice.refresh_from_db()
    assert notice.status == PointsNotice.Status.FINAL
    # an objection after the period (and on a final notice) is refused
    with pytest.raises(ValidationError):
        services.object_to_notice(notice, entry_id=entry.pk, kind="error", reason="迟到", actor=deputy_user,
                                  today=after)
    # the database refuses any change to a final notice or its lines
    with pytest.raises(DatabaseError), transaction.atomic():
        PointsNotice.objects.filter(pk=notice.pk).update(approval_note="changed")
    with pytest.raises(DatabaseError), transaction.atomic():
        PointsNoticeEntry.objects.filter(pk=entry.pk).update(total=99)
    with pytest.raises(DatabaseError), transaction.atomic():
        PointsNoticeEntry.objects.filter(pk=entry.pk).delete()
    assert PointsNoticeEntry.objects.get(pk=entry.pk).total == 3
    assert PointsObjection.objects.filter(status=PointsObjection.Status.OPEN).count() == 0


def test_an_objection_after_the_period_is_refused(table, deputy, deputy_user, staff_user):
    notice = published(staff_user)
    entry = notice.entries.get()
    with pytest.raises(ValidationError, match="over"):
        services.object_to_notice(notice, entry_id=entry.pk, kind="error", reason="x", actor=deputy_user,
                                  today=notice.objections_until + timedelta(days=1))
    assert not PointsObjection.objects.exists()


def test_a_published_notice_lines_cannot_be_edited(table, deputy, staff_user):
    notice = published(staff_user)
    with pytest.raises(DatabaseError), transaction.atomic():
        PointsNoticeEntry.objects.filter(notice=notice).update(total=50)
    assert notice.entries.get().total == 0


def test_bands_create_follow_ups_for_people_and_sanction_nobody(table, staff_user):
    good, poor, fair = DeputyFactory(), DeputyFactory(), DeputyFactory()
    meetings = [MeetingFactory(starts_on=TODAY, ends_on=TODAY, number=n) for n in range(1, 31)]
    for meeting in meetings[:27]:
        record_duty(good, item="oversight.activity", source=meeting, occurred_on=TODAY)
    for meeting in meetings[:22]:
        record_duty(fair, item="oversight.activity", source=meeting, occurred_on=TODAY)
    last = date(YEAR - 1, 12, 1)
    last_notice = published(staff_user, year=YEAR - 1, today=TODAY)
    services.approve_notice(last_notice, actor=staff_user, today=last_notice.objections_until + timedelta(days=1))
    assert PointsFollowUp.objects.filter(year=YEAR - 1, kind="talk").count() == 3  # all were poor last year
    notice = published(staff_user)
    services.approve_notice(notice, actor=staff_user, today=notice.objections_until + timedelta(days=1))
    kinds = set(PointsFollowUp.objects.filter(year=YEAR).values_list("deputy_id", "kind"))
    assert kinds == {(good.pk, "renomination"), (poor.pk, "talk"), (poor.pk, "review")}
    # nothing happened to anyone: the deputies are still serving
    poor.refresh_from_db()
    assert poor.status == "serving" and last.year == YEAR - 1
    follow_up = PointsFollowUp.objects.get(deputy=poor, year=YEAR, kind="talk")
    services.close_follow_up(follow_up, actor=staff_user, outcome="已约谈")
    assert PointsFollowUp.objects.get(pk=follow_up.pk).status == "done"


# --------------------------------------------------------------------------- sign-in sheets


def sheet_file(rows, name="签到表.xlsx"):
    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["代表编号", "姓名", "项目代码", "日期", "会议编号", "备注"])
    for row in rows:
        sheet.append(list(row))
    buffer = BytesIO()
    workbook.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def test_an_import_with_errors_saves_nothing_and_shows_every_row(table, staff_user):
    a, b = DeputyFactory(name="甲"), DeputyFactory(name="乙")
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    upload = sheet_file([
        (a.pk, "甲", "meeting.present", "", meeting.pk, ""),
        (b.pk, "乙", "oversight.activity", TODAY.isoformat(), "", "调研"),
        (b.pk, "乙", "oversight.activity", TODAY.isoformat(), "", "重复"),  # duplicate
        (99999, "无名", "training", TODAY.isoformat(), "", ""),  # unknown deputy
        (a.pk, "甲", "training", "2026-13-45", "", ""),  # bad date
        ("５", "甲", "training", TODAY.isoformat(), "", ""),  # a full-width digit is no id
        (a.pk, "甲", "meeting.present", "", 424242, ""),  # unknown meeting
    ])
    preview = sheets.preview_sheet(upload, actor=staff_user)
    errors = [bool(row["errors"]) for row in preview.rows]
    assert errors == [False, False, True, True, True, True, True]
    assert "Duplicate" in preview.rows[2]["errors"][0]
    with pytest.raises(ValidationError):
        sheets.apply_sheet(preview, actor=staff_user)
    assert not DutyRecord.objects.exists() and not MeetingAttendance.objects.exists()


def test_a_clean_import_is_applied_once_and_reads_the_export_format(table, staff_user):
    a, b = DeputyFactory(name="甲"), DeputyFactory(name="乙")
    meeting = MeetingFactory(starts_on=TODAY, ends_on=TODAY)
    preview = sheets.preview_sheet(sheet_file([
        (a.pk, "甲", "meeting.absent_without_leave", "", meeting.pk, ""),
        (b.pk, "乙", "oversight.activity", TODAY, "", "调研"),
    ]), actor=staff_user)
    assert preview.error_count == 0
    assert sheets.apply_sheet(preview, actor=staff_user) == 2
    assert SignInSheet.objects.get().status == "applied"
    assert MeetingAttendance.objects.get().status == MeetingAttendance.Status.ABSENT
    with pytest.raises(ValidationError):
        sheets.apply_sheet(preview, actor=staff_user)
    # the export of these records is a sheet the import reads (and finds duplicates in)
    rows = sheets.with_meeting_ref(DutyRecord.objects.select_related("deputy").order_by("pk"))
    columns = sheets.export_columns()
    exported = [[column.value(record) for column in columns][:6] for record in rows]
    assert exported[0][4] == meeting.pk
    again = sheets.preview_sheet(sheet_file(exported), actor=staff_user)
    assert again.rows[1]["errors"] and "already" in again.rows[1]["errors"][0]
    assert DutyRecord.objects.count() == 2


def test_an_import_refuses_a_file_that_is_not_a_workbook(table, staff_user):
    with pytest.raises(ValidationError):
        sheets.preview_sheet(SimpleUploadedFile("x.xlsx", b"not a zip"), actor=staff_user)
    with pytest.raises(PermissionDenied):
        sheets.preview_sheet(sheet_file([]), actor=make_user(roles.DEPUTY))
    assert not SignInSheet.objects.exists()
