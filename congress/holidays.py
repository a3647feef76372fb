"""Load statutory holidays and make-up working days from the chinese-calendar package."""

from chinese_calendar import constants
from django.db import transaction

from congress.calendar import recompute_deadlines
from congress.models import CalendarYear, Holiday


def package_years() -> list[int]:
    return sorted({day.year for day in constants.holidays} | {day.year for day in constants.workdays})


@transaction.atomic
def sync_from_package() -> tuple[int, int]:
    """Insert the days the package knows and the table lacks. Staff's own rows are never changed.
    Each year the package covers is marked known (`CalendarYear`), and deadlines left provisional
    for a newly known year are recomputed.

    Returns (days added, last year the package covers)."""
    rows = [Holiday(date=day, kind=Holiday.Kind.HOLIDAY, name=str(name)) for day, name in constants.holidays.items()
            if day.weekday() < 5]  # a holiday on a weekend changes nothing: weekends are off anyway
    rows += [Holiday(date=day, kind=Holiday.Kind.WORKDAY, name=str(name)) for day, name in constants.workdays.items()]
    before = Holiday.objects.count()
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    known = set(CalendarYear.objects.values_list("year", flat=True))
    new_years = [year for year in package_years() if year not in known]
    CalendarYear.objects.bulk_create([CalendarYear(year=year, source=CalendarYear.Source.PACKAGE)
                                      for year in new_years])
    if new_years:
        recompute_deadlines(new_years)
    return Holiday.objects.count() - before, max(constants.holidays).year
