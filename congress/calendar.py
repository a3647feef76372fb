"""Working days and deadlines on China's statutory calendar, with make-up working days (调休).

A day is a working day if the `Holiday` table says so; otherwise if it is Monday to Friday.
Pure functions over a `WorkCalendar` that loads the exceptions of a date range in one query, so a
deadline computation costs one query however many days it walks. Every app uses this module.
"""

import calendar as _cal
from dataclasses import dataclass, field
from datetime import date, timedelta


def add_months(start: date, months: int) -> date:
    """The same day `months` later; a day the target month lacks becomes its last day
    (31 January + 1 month = 28 or 29 February), as deadlines in months are read in practice."""
    month_index = start.month - 1 + months
    year, month = start.year + month_index // 12, month_index % 12 + 1
    return date(year, month, min(start.day, _cal.monthrange(year, month)[1]))


@dataclass
class WorkCalendar:
    """The exceptions between two dates, loaded once; asks outside the range load more."""

    holidays: set[date] = field(default_factory=set)
    workdays: set[date] = field(default_factory=set)
    loaded: tuple[date, date] | None = None

    @classmethod
    def for_range(cls, start: date, end: date) -> "WorkCalendar":
        work_calendar = cls()
        work_calendar.load(start, end)
        return work_calendar

    def load(self, start: date, end: date) -> None:
        from congress.models import Holiday

        for day, kind in Holiday.objects.filter(date__range=(start, end)).values_list("date", "kind"):
            (self.holidays if kind == Holiday.Kind.HOLIDAY else self.workdays).add(day)
        low, high = (start, end) if self.loaded is None else (min(start, self.loaded[0]), max(end, self.loaded[1]))
        self.loaded = (low, high)

    def _ensure(self, day: date) -> None:
        if self.loaded is None or not (self.loaded[0] <= day <= self.loaded[1]):
            self.load(day - timedelta(days=31), day + timedelta(days=366))

    def is_working_day(self, day: date) -> bool:
        self._ensure(day)
        if day in self.workdays:
            return True
        if day in self.holidays:
            return False
        return day.weekday() < 5

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


def add_working_days(start: date, days: int) -> date:
    return WorkCalendar().add_working_days(start, days)


def is_working_day(day: date) -> bool:
    return WorkCalendar().is_working_day(day)
