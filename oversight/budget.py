"""The budget execution watch: a quarter's Excel file per unit and project, the gap between planned
and actual progress in tiers (settings, Decimal), and the units at tier 3 two quarters running.

The import reads the workbook with openpyxl in read-only mode, within a size and a row cap, checks
every row and returns every row's errors; nothing is saved until the whole file is clean. The
export writes the same columns, so an exported file imports again unchanged.
"""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit, exports
from congress.models import Unit
from oversight import rules
from oversight.models import BudgetExecution, SpecialReview

# The file's header row, in this order (the export writes the same).
COLUMNS = ["单位", "项目编码", "项目名称", "预算金额(元)", "计划进度(%)", "实际进度(%)"]
HUNDRED = Decimal("100")


@dataclass
class Preview:
    rows: list[dict] = field(default_factory=list)
    errors: list[tuple[int, str]] = field(default_factory=list)  # (row number in the sheet, message)

    @property
    def is_clean(self) -> bool:
        return not self.errors and bool(self.rows)


def _decimal(value, *, low=None, high=None) -> Decimal | None:
    if isinstance(value, bool) or value is None or value == "":
        return None
    if isinstance(value, float):
        value = repr(value)  # the shortest text of the float Excel stored, never its binary value
    try:
        number = Decimal(str(value).strip().rstrip("%"))
    except (InvalidOperation, ValueError):
        return None
    if not number.is_finite() or (low is not None and number < low) or (high is not None and number > high):
        return None
    return number.quantize(Decimal("0.01"))


def read_file(upload) -> Preview:
    """Check a whole file; every row's error is reported, and no row is saved here."""
    from openpyxl import load_workbook

    preview = Preview()
    if upload.size > settings.OVERSIGHT_IMPORT_MAX_BYTES:
        preview.errors.append((0, _("The file is larger than %(size)d bytes.") % {
            "size": settings.OVERSIGHT_IMPORT_MAX_BYTES}))
        return preview
    try:
        workbook = load_workbook(io.BytesIO(upload.read()), read_only=True, data_only=True)
    except Exception:  # noqa: BLE001 - any unreadable file is the user's error, shown as such
        preview.errors.append((0, _("This is not an Excel (.xlsx) file.")))
        return preview
    try:
        sheet = workbook.worksheets[0]
        lines = sheet.iter_rows(values_only=True)
        header = [str(c).strip() if c is not None else "" for c in next(lines, ())]
        while header and header[-1] == "":
            header.pop()
        if header != COLUMNS:
            preview.errors.append((1, _("The columns must be: %(columns)s.") % {"columns": ", ".join(COLUMNS)}))
            return preview
        units = {}
        for unit_id, name, code in Unit.objects.values_list("pk", "name", "code"):
            units[name], units[code] = unit_id, unit_id
        seen: dict[tuple, int] = {}
        for number, line in enumerate(lines, start=2):
            if number - 1 > settings.OVERSIGHT_IMPORT_MAX_ROWS:
                preview.errors.append((number, _("The file has more than %(rows)d rows.") % {
                    "rows": settings.OVERSIGHT_IMPORT_MAX_ROWS}))
                break
            cells = list(line[:len(COLUMNS)]) + [None] * (len(COLUMNS) - len(line[:len(COLUMNS)]))
            if all(c is None or str(c).strip() == "" for c in cells):
                continue
            _check_row(preview, number, cells, units, seen)
    finally:
        workbook.close()
    if not preview.rows and not preview.errors:
        preview.errors.append((0, _("The file has no rows.")))
    return preview


def _text(value) -> str:
    """A text cell as typed: the export's leading apostrophe before a formula trigger is dropped, so
    an exported file imports again unchanged."""
    text = str(value if value is not None else "").strip()
    if text.startswith("'") and text[1:2] and text[1:2] in exports.FORMULA_TRIGGERS:
        return text[1:]
    return text


def _check_row(preview, number, cells, units, seen):
    unit_name, code, name, amount, planned, actual = cells
    unit_name, code, name = _text(unit_name), _text(code), _text(name)
    problems = []
    unit_id = units.get(unit_name)
    if unit_id is None:
        problems.append(_("unknown unit “%(unit)s”") % {"unit": unit_name[:50]})
    if not code or len(code) > 40:
        problems.append(_("a project code of 1–40 characters is required"))
    if not name or len(name) > 200:
        problems.append(_("a project name of 1–200 characters is required"))
    amount_value = _decimal(amount, low=Decimal("0"), high=Decimal("99999999999999"))
    if amount_value is None:
        problems.append(_("the budget must be a number"))
    planned_value = _decimal(planned, low=Decimal("0"), high=HUNDRED)
    actual_value = _decimal(actual, low=Decimal("0"), high=HUNDRED)
    if planned_value is None:
        problems.append(_("the planned progress must be a number from 0 to 100"))
    if actual_value is None:
        problems.append(_("the actual progress must be a number from 0 to 100"))
    key = (unit_id, code)
    if unit_id is not None and code:
        if key in seen:
            problems.append(_("the same unit and project as row %(row)d") % {"row": seen[key]})
        else:
            seen[key] = number
    if problems:
        preview.errors.append((number, "; ".join(problems)))
        return
    preview.rows.append({"unit_id": unit_id, "project_code": code, "project_name": name,
                         "budget_amount": amount_value, "planned_percent": planned_value,
                         "actual_percent": actual_value})


@transaction.atomic
def import_quarter(upload, *, actor, year: int, quarter: int) -> tuple[Preview, int]:
    """Save a clean file as the quarter's execution (replacing that quarter's rows); a file with
    any error saves nothing and returns the preview with every error."""
    rules.can_manage(actor).enforce()
    preview = read_file(upload)
    if not preview.is_clean:
        return preview, 0
    bounds = rules.tier_bounds()
    BudgetExecution.objects.filter(year=year, quarter=quarter).delete()
    now = timezone.now()
    objects = []
    for row in preview.rows:
        gap, tier = rules.budget_tier(row["planned_percent"], row["actual_percent"], bounds)
        objects.append(BudgetExecution(year=year, quarter=quarter, gap=gap, tier=tier, imported_at=now, **row))
    BudgetExecution.objects.bulk_create(objects, batch_size=2000)
    flag_special_reviews(year, quarter)
    # The import is an event of the importing user's timeline (a quarter has no row of its own).
    audit.record(actor, "oversight.budget.import", actor=actor, year=year, quarter=quarter, rows=len(objects))
    return preview, len(objects)


def previous_quarter(year: int, quarter: int) -> tuple[int, int]:
    return (year, quarter - 1) if quarter > 1 else (year - 1, 4)


def two_quarter_units(year: int, quarter: int):
    """Units with a tier-3 project in this quarter and in the one before."""
    before = previous_quarter(year, quarter)
    now = BudgetExecution.objects.filter(year=year, quarter=quarter, tier=3).values("unit_id")
    earlier = BudgetExecution.objects.filter(year=before[0], quarter=before[1], tier=3).values("unit_id")
    return Unit.objects.filter(pk__in=now).filter(pk__in=earlier).order_by("name")


def flag_special_reviews(year: int, quarter: int) -> int:
    """List each unit at tier 3 two quarters running for a special review (once per quarter)."""
    existing = set(SpecialReview.objects.filter(year=year, quarter=quarter).values_list("unit_id", flat=True))
    new = [SpecialReview(unit=unit, year=year, quarter=quarter)
           for unit in two_quarter_units(year, quarter) if unit.pk not in existing]
    SpecialReview.objects.bulk_create(new)
    return len(new)


@transaction.atomic
def record_special_review(review, *, actor, outcome, budget_cut=None, projects_cut=None):
    from congress.locking import lock

    review = lock(SpecialReview.objects.all(), review.pk)
    rules.can_manage(actor).enforce()
    review.outcome, review.budget_cut, review.projects_cut = outcome, budget_cut, projects_cut
    review.recorded_by, review.recorded_at = actor, timezone.now()
    review.save()
    audit.record(review, "oversight.special_review.record", actor=actor,
                 budget_cut=str(budget_cut) if budget_cut is not None else None)
    return review


EXPORT_COLUMNS = [
    exports.Column(COLUMNS[0], lambda r: r.unit.name),
    exports.Column(COLUMNS[1], lambda r: r.project_code),
    exports.Column(COLUMNS[2], lambda r: r.project_name),
    exports.Column(COLUMNS[3], lambda r: r.budget_amount),
    exports.Column(COLUMNS[4], lambda r: r.planned_percent),
    exports.Column(COLUMNS[5], lambda r: r.actual_percent),
]
