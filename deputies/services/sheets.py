"""Sign-in sheets (签到表) in and out, in one format: the duty-records export is a sheet this
import reads back. An upload is parsed into a preview with every row's error (unknown deputy,
duplicate, bad date, unknown item or meeting); records are written only when no row has an error,
all in one transaction, so nothing is ever half-saved."""

from __future__ import annotations

import unicodedata
from datetime import date, datetime
from io import BytesIO
from zipfile import BadZipFile

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from openpyxl import load_workbook

from congress import audit
from congress.bounds import parse_id
from congress.exports import Column
from congress.models import Meeting
from deputies import rules
from deputies.duties import record_duty
from deputies.models import Deputy, DutyRecord, MeetingAttendance, PointRule, SignInSheet
from deputies.services.points import set_attendance

# The sheet's first six columns, in this order; an export adds points and status after them,
# which the import ignores.
HEADERS = [gettext_lazy("Deputy ID"), gettext_lazy("Name"), gettext_lazy("Item code"), gettext_lazy("Date"),
           gettext_lazy("Meeting ID"), gettext_lazy("Note")]
ATTENDANCE_BY_ITEM = {item: status for status, item in MeetingAttendance.ITEMS.items()}


def export_columns() -> list[Column]:
    """The duty-records export: the sheet's columns first, so it can be edited and imported back.
    Rows come from `with_meeting_ref()`, which carries an attendance record's meeting id."""
    return [
        Column(HEADERS[0], lambda r: r.deputy_id),
        Column(HEADERS[1], lambda r: r.deputy.name),
        Column(HEADERS[2], lambda r: r.item),
        Column(HEADERS[3], lambda r: r.occurred_on),
        Column(HEADERS[4], lambda r: getattr(r, "meeting_ref", None)),
        Column(HEADERS[5], lambda r: r.note or r.description),
        Column(gettext_lazy("Points"), lambda r: r.points),
        Column(gettext_lazy("Status"), lambda r: r.get_status_display()),
    ]


def with_meeting_ref(queryset):
    """Annotate each record with the meeting of the attendance it came from (None otherwise)."""
    from django.contrib.contenttypes.models import ContentType
    from django.db.models import Case, OuterRef, Subquery, When

    attendance_type = ContentType.objects.get_for_model(MeetingAttendance)
    meeting = MeetingAttendance.objects.filter(pk=OuterRef("source_id")).values("meeting_id")[:1]
    return queryset.annotate(meeting_ref=Case(When(source_type=attendance_type, then=Subquery(meeting))))


def _ascii_int(value) -> int | None:
    """An id typed in a cell: ASCII digits only (a full-width ５ or an Arabic-Indic digit is refused)."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return value
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return parse_id(value)


def _date(value) -> date | None:
    if isinstance(value, datetime):
        return value.date()
    if isinstance(value, date):
        return value
    text = unicodedata.normalize("NFKC", str(value or "")).strip()
    if not text.isascii():
        return None
    for fmt in ("%Y-%m-%d", "%Y/%m/%d", "%Y.%m.%d"):
        try:
            return datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    return None


def _read_rows(upload) -> list[tuple]:
    if upload.size > settings.DEPUTIES_IMPORT_MAX_BYTES:
        raise ValidationError({"file": _("The file is too large.")})
    try:
        workbook = load_workbook(BytesIO(upload.read()), read_only=True, data_only=True)
    except (BadZipFile, KeyError, OSError, ValueError, TypeError):
        raise ValidationError({"file": _("This is not an Excel (.xlsx) file.")}) from None
    sheet = workbook.worksheets[0]
    rows = []
    for index, row in enumerate(sheet.iter_rows(values_only=True)):
        if index == 0:
            continue  # the header
        if index > settings.DEPUTIES_IMPORT_MAX_ROWS:
            raise ValidationError({"file": _("The sheet has more than %(max)s rows.")
                                   % {"max": settings.DEPUTIES_IMPORT_MAX_ROWS}})
        cells = tuple(row[:6]) + (None,) * (6 - len(row[:6]))
        if all(cell in (None, "") for cell in cells):
            continue
        rows.append((index + 1, cells))
    workbook.close()
    return rows


def _check(rows: list[tuple], today: date) -> list[dict]:
    """Every row with its errors; the lookups are a few set-based queries whatever the size."""
    ids = {_ascii_int(cells[0]) for _n, cells in rows} - {None}
    meeting_ids = {_ascii_int(cells[4]) for _n, cells in rows} - {None}
    deputies = {d.pk: d for d in Deputy.objects.filter(pk__in=ids)}
    meetings = {m.pk: m for m in Meeting.objects.filter(pk__in=meeting_ids)}
    rule_keys = set(PointRule.objects.filter(year__in=[today.year - 1, today.year]).values_list("year", "item"))
    seen: set = set()
    checked = []
    for number, (raw_id, raw_name, raw_item, raw_date, raw_meeting, raw_note) in rows:
        errors = []
        deputy_id = _ascii_int(raw_id)
        name = str(raw_name or "").strip()[:50]
        item = str(raw_item or "").strip()[:40]
        note = str(raw_note or "").strip()[:500]
        deputy = deputies.get(deputy_id)
        if deputy is None or (name and name != deputy.name):
            errors.append(_("Unknown deputy: no deputy with this ID and name."))
        meeting = None
        if item in ATTENDANCE_BY_ITEM:
            meeting = meetings.get(_ascii_int(raw_meeting))
            if meeting is None:
                errors.append(_("Unknown meeting."))
        occurred_on = _date(raw_date) if raw_date not in (None, "") else (meeting.starts_on if meeting else None)
        if occurred_on is None:
            errors.append(_("Bad date: write it as 2026-03-01."))
        elif occurred_on > today or occurred_on.year < today.year - 1:
            errors.append(_("Bad date: only this year's and last year's past dates."))
        elif (occurred_on.year, item) not in rule_keys:
            errors.append(_("Unknown item for that year's point table."))
        elif item == "adjustment":
            errors.append(_("Adjustments are not imported: they need a second person's approval."))
        key = (deputy_id, item, meeting.pk if meeting else occurred_on)
        if key in seen:
            errors.append(_("Duplicate: this deputy and item appear twice in the sheet."))
        seen.add(key)
        checked.append({"row": number, "deputy_id": deputy_id, "name": name, "item": item,
                        "date": occurred_on.isoformat() if occurred_on else str(raw_date or "")[:20],
                        "meeting_id": meeting.pk if meeting else None, "note": note, "errors": errors})
    # already recorded: the same deputy, item and date counted through another sheet or source
    candidates = [r for r in checked if not r["errors"] and r["meeting_id"] is None]
    if candidates:
        existing = set(DutyRecord.objects.counted().filter(
            deputy_id__in={r["deputy_id"] for r in candidates}, item__in={r["item"] for r in candidates},
            occurred_on__in={date.fromisoformat(r["date"]) for r in candidates},
        ).values_list("deputy_id", "item", "occurred_on"))
        for row in candidates:
            if (row["deputy_id"], row["item"], date.fromisoformat(row["date"])) in existing:
                row["errors"].append(_("Duplicate: this duty is already recorded."))
    return checked


def preview_sheet(upload, *, actor, today=None) -> SignInSheet:
    """Parse and check an upload; nothing but the preview itself is saved."""
    rules.can_record_attendance(actor).enforce()
    today = today or timezone.localdate()
    checked = _check(_read_rows(upload), today)
    if not checked:
        raise ValidationError({"file": _("The sheet has no rows.")})
    return SignInSheet.objects.create(file_name=str(upload.name)[:200], rows=checked, uploaded_by=actor,
                                      error_count=sum(1 for r in checked if r["errors"]))


def apply_sheet(sheet, *, actor, today=None) -> int:
    """Write every row of an error-free preview, checked again under lock: all or nothing."""
    rules.can_record_attendance(actor).enforce()
    today = today or timezone.localdate()
    with transaction.atomic():
        sheet = SignInSheet.objects.select_for_update().get(pk=sheet.pk)
        if sheet.status != SignInSheet.Status.PREVIEW:
            raise ValidationError(_("This sheet was already imported."), code="state")
        rows = [(r["row"], (r["deputy_id"], r["name"], r["item"], r["date"], r["meeting_id"], r["note"]))
                for r in sheet.rows]
        checked = _check(rows, today)
        errors = sum(1 for r in checked if r["errors"])
        if errors or sheet.error_count:
            raise ValidationError(_("Correct the rows with errors and upload the sheet again."), code="row_errors")
        deputies = Deputy.objects.in_bulk({r["deputy_id"] for r in checked})
        meetings = Meeting.objects.in_bulk({r["meeting_id"] for r in checked if r["meeting_id"]})
        for row in checked:
            deputy = deputies[row["deputy_id"]]
            if row["meeting_id"]:
                set_attendance(meetings[row["meeting_id"]], deputy, ATTENDANCE_BY_ITEM[row["item"]], actor=actor)
            else:
                record_duty(deputy, item=row["item"], source=sheet, occurred_on=date.fromisoformat(row["date"]),
                            actor=actor, note=row["note"])
        sheet.status = SignInSheet.Status.APPLIED
        sheet.save(update_fields=["status"])
        audit.record(sheet, "deputies.signinsheet.applied", actor=actor, rows=len(checked))
    return len(checked)
