"""Working days and deadlines on China's statutory calendar, with make-up working days (调休).

A day is a working day if the `Holiday` table says so; otherwise if it is Monday to Friday.
Pure functions over a `WorkCalendar` that loads the exceptions of a date range in one query, so a
deadline computation costs one query however many days it walks. Every app uses this module.

The State Council publishes each year's holidays in the autumn before, and the chinese-calendar
package learns them later still. A year is *known* once a `CalendarYear` row says so (written by
`sync_holidays`, the staff calendar page or a file import); a deadline whose computation looks at a
day of an unknown year is counted on weekdays only and comes back provisional, with the reason.
`load_year()` replaces one year's days atomically and asks every app to recompute its provisional
deadlines in the same transaction (the `recompute_deadlines(years)` AppConfig hook).
"""

import calendar as _cal
import csv
import io
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

# --------------------------------------------------------------------------- date maths


def add_months(start: date, months: int) -> date:
    """The same day `months` later; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February), as deadlines in months are read in practice."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


@dataclass(frozen=True)
class Deadline:
    """A due date with how it was computed: what every page, export and reminder can explain.

    `unit` is "months", "days" or "working_days"; `nominal` is the date before moving off a day off;
    `skipped` the days off passed over (date, holiday name or "" for a weekend); `make_up_days` the
    weekend days worked (调休) that counted; `missing_years` the years without calendar data the
    computation looked at: the date is then provisional and will be recomputed when they are loaded.
    """

    due_on: date
    start: date
    rule: int | None
    setting: str
    value: int
    unit: str
    nominal: date
    skipped: tuple[tuple[date, str], ...] = ()
    make_up_days: tuple[tuple[date, str], ...] = ()
    moved_off_day_off: bool = False
    missing_years: tuple[int, ...] = ()

    @property
    def is_provisional(self) -> bool:
        return bool(self.missing_years)

    @property
    def reason(self) -> str:
        """Why the date may still change ("" when it will not)."""
        return provisional_reason(self.missing_years) if self.missing_years else ""

    def explain(self) -> str:
        """One sentence: '3 months from 2026-11-06 (rule 1, SUGGESTIONS_REPLY_MONTHS=3) …'."""
        units = {"months": _("months"), "days": _("days"), "working_days": _("working days")}
        parts = [_("%(value)s %(unit)s from %(start)s (rule %(rule)s, %(setting)s=%(value)s)") % {
            "value": self.value, "unit": units.get(self.unit, self.unit), "start": date_format(self.start),
            "rule": self.rule, "setting": self.setting}]
        if self.moved_off_day_off:
            parts.append(_("moved from %(nominal)s, a day off, to the next working day") % {
                "nominal": date_format(self.nominal)})
        holidays = [f"{date_format(day)} {name}" for day, name in self.skipped if name]
        if holidays:
            parts.append(_("holidays skipped: %(days)s") % {"days": ", ".join(holidays)})
        if self.make_up_days:
            parts.append(_("make-up working days counted: %(days)s") % {
                "days": ", ".join(date_format(day) for day, _name in self.make_up_days)})
        if self.reason:
            parts.append(self.reason)
        return "; ".join(parts)

    def as_dict(self) -> dict:
        """The explanation as JSON for the API and the audit log."""
        return {
            "due_on": self.due_on.isoformat(), "is_provisional": self.is_provisional, "rule": self.rule,
            "setting": self.setting, "value": self.value, "unit": self.unit, "start": self.start.isoformat(),
            "nominal": self.nominal.isoformat(), "moved_off_day_off": self.moved_off_day_off,
            "skipped": [[day.isoformat(), name] for day, name in self.skipped],
            "make_up_days": [[day.isoformat(), name] for day, name in self.make_up_days],
            "missing_years": list(self.missing_years), "reason": self.reason,
        }


PROVISIONAL_REASON = gettext_lazy(
    "Provisional: the holiday calendar of %(years)s is not loaded yet, so this date counts weekdays "
    "only. It is recomputed when the office loads that year.")


def provisional_reason(years) -> str:
    return str(PROVISIONAL_REASON) % {"years": "、".join(str(year) for year in sorted(years))}


@dataclass
class WorkCalendar:
    """The exceptions between two dates, loaded once; asks outside the range load more.
    The known years (`CalendarYear`) are read once, with the first range."""

    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    loaded: tuple[date, date] | None = None
    known_years: set[int] | None = None

    @classmethod
    def for_range(cls, start: date, end: date) -> "WorkCalendar":
        work_calendar = cls()
        work_calendar.load(start, end)
        return work_calendar

    def load(self, start: date, end: date) -> None:
        from congress.models import CalendarYear, Holiday

        if self.known_years is None:
            self.known_years = set(CalendarYear.objects.values_list("year", flat=True))
        rows = Holiday.objects.filter(date__range=(start, end)).values_list("date", "kind", "name")
        for day, kind, name in rows:
            (self.holidays if kind == Holiday.Kind.HOLIDAY else self.workdays)[day] = name
        low, high = (start, end) if self.loaded is None else (min(start, self.loaded[0]), max(end, self.loaded[1]))
        self.loaded = (low, high)

    def _ensure(self, day: date) -> None:
        if self.loaded is None or not (self.loaded[0] <= day <= self.loaded[1]):
            self.load(day - timedelta(days=31), day + timedelta(days=366))

    def is_known_year(self, year: int) -> bool:
        if self.known_years is None:
            self._ensure(date(year, 1, 1))
        return year in self.known_years

    def missing_years(self, start: date, end: date) -> tuple[int, ...]:
        """Years between two days (both included) whose holidays are not loaded."""
        return tuple(year for year in range(start.year, end.year + 1) if not self.is_known_year(year))

    def is_working_day(self, day: date) -> bool:
        self._ensure(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

    def day_name(self, day: date) -> str:
        self._ensure(day)
        return self.holidays.get(day) or self.workdays.get(day) or ""

    def add_working_days(self, start: date, days: int) -> date:
        """The `days`-th working day after `start` (start itself not counted)."""
        day, remaining = start, days
        while remaining > 0:
            day += timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def next_working_day(self, day: date) -> date:
        """`day` itself if it is a working day, else the first working day after it."""
        while not self.is_working_day(day):
            day += timedelta(days=1)
        return day

    def working_days_between(self, start: date, end: date) -> int:
        """Working days after `start` up to and including `end` (0 when end <= start)."""
        count, day = 0, start
        while day < end:
            day += timedelta(days=1)
            count += self.is_working_day(day)
        return count

    def skipped(self, start: date, end: date) -> list[date]:
        """The non-working days between two dates: shown to say how a deadline was computed."""
        days, day = [], start
        while day < end:
            day += timedelta(days=1)
            if not self.is_working_day(day):
                days.append(day)
        return days

    def _exceptions(self, first: date, last: date):
        """(days off, make-up days) between two days included, with their names."""
        off, made_up, day = [], [], first
        while day <= last:
            if not self.is_working_day(day):
                off.append((day, self.holidays.get(day, "")))
            elif day in self.workdays:
                made_up.append((day, self.workdays[day]))
            day += timedelta(days=1)
        return tuple(off), tuple(made_up)

    # ----------------------------------------------------------------------- deadlines

    def months_deadline(self, start: date, months: int, *, rule, setting: str,
                        on_working_day: bool = True) -> Deadline:
        """`months` after `start`; moved to the next working day when it falls on a day off."""
        nominal = add_months(start, months)
        return self._moved(start, nominal, months, "months", rule=rule, setting=setting, on_working_day=on_working_day)

    def days_deadline(self, start: date, days: int, *, rule, setting: str, on_working_day: bool = True) -> Deadline:
        """`days` calendar days after `start`, moved off a day off like a deadline in months."""
        nominal = start + timedelta(days=days)
        return self._moved(start, nominal, days, "days", rule=rule, setting=setting, on_working_day=on_working_day)

    def _moved(self, start, nominal, value, unit, *, rule, setting, on_working_day) -> Deadline:
        if not on_working_day:
            return Deadline(due_on=nominal, start=start, rule=rule, setting=setting, value=value, unit=unit,
                            nominal=nominal)
        due = self.next_working_day(nominal)
        skipped, made_up = self._exceptions(nominal, due)
        return Deadline(due_on=due, start=start, rule=rule, setting=setting, value=value, unit=unit,
                        nominal=nominal, skipped=skipped, make_up_days=made_up, moved_off_day_off=due != nominal,
                        missing_years=self.missing_years(nominal, due))

    def working_days_deadline(self, start: date, days: int, *, rule, setting: str) -> Deadline:
        """The `days`-th working day after `start`: every day of the walk depends on the calendar."""
        due = self.add_working_days(start, days)
        skipped, made_up = self._exceptions(start + timedelta(days=1), due)
        return Deadline(due_on=due, start=start, rule=rule, setting=setting, value=days, unit="working_days",
                        nominal=due, skipped=skipped, make_up_days=made_up,
                        missing_years=self.missing_years(start + timedelta(days=1), due))


def add_working_days(start: date, days: int) -> date:
    return WorkCalendar().add_working_days(start, days)


def is_working_day(day: date) -> bool:
    return WorkCalendar().is_working_day(day)


# --------------------------------------------------------------------------- next year's calendar


def missing_next_year(today: date) -> int | None:
    """From 1 November, next year when its calendar is not loaded yet (staff home, /healthz)."""
    from congress.models import CalendarYear

    if today.month < 11:
        return None
    year = today.year + 1
    return None if CalendarYear.objects.filter(year=year).exists() else year


# --------------------------------------------------------------------------- staff input


@dataclass
class YearDays:
    """One year's holidays and make-up days as parsed from the staff's lines or a file."""

    year: int
    holidays: dict[date, str] = field(default_factory=dict)
    workdays: dict[date, str] = field(default_factory=dict)
    ranges: list[tuple[date, date, str, str]] = field(default_factory=list)  # (first, last, kind, name)
    errors: list[str] = field(default_factory=list)


_DATE = r"[0-9]{4}[-/.][0-9]{1,2}[-/.][0-9]{1,2}"  # ASCII: \d and int() would read "٢٠٢٧" too
_LINE = re.compile(rf"^\s*(?P<first>{_DATE})(?:\s*(?:\.\.|–|—|~|至|到|,)?\s*(?P<last>{_DATE}))?"
                   rf"[\s,]*(?P<name>.*?)\s*$")
# A line names a make-up working day (调休上班 / 补班) or says so in English; anything else is a holiday
# ("春节（含调休）" is a holiday: 调休 alone names the arrangement, not the working day).
_WORKDAY_WORDS = ("上班", "补班", "workday", "make-up", "working day")


def _to_date(text: str) -> date:
    year, month, day = (int(part) for part in re.split(r"[-/.]", text))
    return date(year, month, day)


def parse_year(year: int, lines) -> YearDays:
    """Read lines like "2027-02-06..2027-02-13 春节" and "2027-02-14 调休上班" into one year's days.

    Every line is checked (rule 4 counts working days on this calendar): dates in `year`, a range
    that does not end before it starts, no day given twice, a make-up working day only on a weekend.
    Each error names its line; a year with any error is refused as a whole."""
    result = YearDays(year=year)
    seen: dict[date, int] = {}
    for number, raw in enumerate(lines, start=1):
        text = str(raw).strip().lstrip("\ufeff")
        if not text or text.startswith("#"):
            continue
        match = _LINE.match(text)
        if not match:
            result.errors.append(_("Line %(line)s: “%(text)s” does not start with a date such as 2027-02-06 "
                                   "or a range such as 2027-02-06..2027-02-13.") % {"line": number, "text": text})
            continue
        try:
            first = _to_date(match["first"])
            last = _to_date(match["last"]) if match["last"] else first
        except ValueError:
            result.errors.append(_("Line %(line)s: “%(text)s” is not a real date.") % {"line": number, "text": text})
            continue
        name = match["name"].strip(" ,\t")
        kind = "workday" if any(word in name.lower() for word in _WORKDAY_WORDS) else "holiday"
        if last < first:
            result.errors.append(_("Line %(line)s: the range ends before it starts.") % {"line": number})
            continue
        if first.year != year or last.year != year:
            result.errors.append(_("Line %(line)s: every date must be in %(year)s.") % {"line": number, "year": year})
            continue
        if (last - first).days > 31:
            result.errors.append(_("Line %(line)s: a holiday lasts a month at most; check the range.")
                                 % {"line": number})
            continue
        days = [first + timedelta(days=offset) for offset in range((last - first).days + 1)]
        weekdays = [day for day in days if day.weekday() < 5]
        if kind == "workday" and weekdays:
            result.errors.append(_("Line %(line)s: %(date)s is a weekday; a make-up working day is always a "
                                   "Saturday or Sunday.") % {"line": number, "date": date_format(weekdays[0])})
            continue
        clash = next((day for day in days if day in seen), None)
        if clash is not None:
            result.errors.append(_("Line %(line)s: %(date)s is already given on line %(other)s.")
                                 % {"line": number, "date": date_format(clash), "other": seen[clash]})
            continue
        for day in days:
            seen[day] = number
            (result.workdays if kind == "workday" else result.holidays)[day] = name[:50]
        result.ranges.append((first, last, kind, name))
    if not result.errors and not result.holidays:
        result.errors.append(_("Enter at least one holiday of %(year)s.") % {"year": year})
    return result


def lines_from_upload(upload) -> list[str]:
    """The lines of an uploaded .txt, .csv or .xlsx file: each row's cells joined by tabs."""
    name = (upload.name or "").lower()
    if name.endswith(".xlsx"):
        from openpyxl import load_workbook

        try:
            sheet = load_workbook(upload, read_only=True, data_only=True).active
        except Exception as exc:  # openpyxl raises several unrelated types for a damaged file
            raise ValidationError(_("The file could not be read as an Excel workbook.")) from exc
        lines = []
        for row in sheet.iter_rows(values_only=True):
            cells = [cell.date().isoformat() if hasattr(cell, "date") and callable(cell.date) else
                     ("" if cell is None else str(cell)) for cell in row]
            lines.append("\t".join(cell for cell in cells if cell))
        return lines
    if not name.endswith((".txt", ".csv")):
        raise ValidationError(_("Upload a .txt, .csv or .xlsx file."))
    raw = upload.read()
    for encoding in ("utf-8-sig", "gb18030"):  # Excel on Chinese Windows saves CSV as GBK
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ValidationError(_("The file is neither UTF-8 nor GBK text."))
    if name.endswith(".csv"):
        return ["\t".join(cell.strip() for cell in row if cell.strip()) for row in csv.reader(io.StringIO(text))]
    return text.splitlines()


@transaction.atomic
def load_year(days: YearDays, *, source: str, actor=None) -> dict:
    """Replace one year's holidays and make-up days and mark the year known, in one transaction;
    then every app recomputes the provisional deadlines that depended on it (domain.md rule 4 and
    the deadlines of rules 1, 3, 6, 12 moved off days off). Returns what was recomputed per app."""
    from congress import audit
    from congress.models import CalendarYear, Holiday

    if days.errors:
        raise ValidationError(days.errors)
    Holiday.objects.filter(date__year=days.year).delete()
    Holiday.objects.bulk_create(
        [Holiday(date=day, kind=Holiday.Kind.HOLIDAY, name=name) for day, name in days.holidays.items()]
        + [Holiday(date=day, kind=Holiday.Kind.WORKDAY, name=name) for day, name in days.workdays.items()])
    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=days.year, defaults={"source": source, "loaded_by": actor if actor and actor.is_authenticated else None,
                                  "loaded_at": timezone.now()})
    recomputed = recompute_deadlines([days.year])
    audit.record(calendar_year, "congress.calendaryear.loaded", actor=actor, source=source,
                 holidays=len(days.holidays), workdays=len(days.workdays), recomputed=recomputed)
    return recomputed


def recompute_deadlines(years) -> dict:
    """Ask each app (AppConfig.recompute_deadlines(years) -> int) to recompute its provisional dates."""
    counts = {}
    for config in apps.get_app_configs():
        hook = getattr(config, "recompute_deadlines", None)
        if hook is not None:
            counts[config.label] = hook(list(years))
    return counts


def summary(days: YearDays) -> str:
    # No ngettext: the catalogue's check reads singular entries only, and Chinese has one form.
    return _("holidays: %(holidays)d, make-up working days: %(workdays)d") % {
        "holidays": len(days.holidays), "workdays": len(days.workdays)}
