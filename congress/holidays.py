"""Load statutory holidays and make-up working days from the chinese-calendar package."""

from chinese_calendar import constants

from congress.models import Holiday


def sync_from_package() -> tuple[int, int]:
    """Insert the days the package knows and the table lacks. Staff's own rows are never changed.

    Returns (days added, last year the package covers)."""
    rows = [Holiday(date=day, kind=Holiday.Kind.HOLIDAY, name=str(name)) for day, name in constants.holidays.items()
            if day.weekday() < 5]  # a holiday on a weekend changes nothing: weekends are off anyway
    rows += [Holiday(date=day, kind=Holiday.Kind.WORKDAY, name=str(name)) for day, name in constants.workdays.items()]
    before = Holiday.objects.count()
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)
    return Holiday.objects.count() - before, max(constants.holidays).year
