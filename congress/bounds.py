"""Bounds every input gets at the edge, shared by forms and API serializers (issue 6, item 14).

A column's own max_length bounds a CharField; free text (TextField) is bounded by
CONGRESS_MAX_TEXT_LENGTH; a date the office plans for (a commitment, a new deadline) by
SUGGESTIONS_DATE_HORIZON_YEARS; an id typed by hand or ticked in a list by ASCII digits, because
`str.isdigit()` and `int()` both accept "²" or "٣" and the database then raises. The same holds
for numbers and dates: `int()`, `Decimal()`, `strptime` and `parse_date` read "２０２６" and "٢٠٢٦", so
the input fields (congress/fields.py, congress/api/fields.py) check the ASCII shapes below first.
"""

import re
from datetime import date, datetime

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# PostgreSQL's bigint: an id beyond it cannot exist and would make the query itself fail.
MAX_ID = 2**63 - 1
_ASCII_ID = re.compile(r"[0-9]{1,19}")
# The shapes the input fields accept, in ASCII only (a 31st digit fits no column here).
ASCII_INTEGER = re.compile(r"[+-]?[0-9]{1,30}")
ASCII_DECIMAL = re.compile(r"[+-]?(?:[0-9]{1,30}(?:\.[0-9]{0,30})?|\.[0-9]{1,30})")
ASCII_DATE = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}")
ASCII_DATETIME = re.compile(r"[0-9]{4}-[0-9]{1,2}-[0-9]{1,2}[T ][0-9]{1,2}:[0-9]{2}(?::[0-9]{2}(?:\.[0-9]{1,6})?)?")
# An API's ISO moment may also carry its offset ("Z", "+08:00").
ASCII_MOMENT = re.compile(ASCII_DATETIME.pattern + r"(?:Z|[+-][0-9]{2}(?::?[0-9]{2})?)?")
# The years the office's pages and sheets name (a plan, a points table, a statistics year).
FIRST_YEAR, LAST_YEAR = 2000, 2100

INTEGER_MESSAGE = _("Write a whole number in the digits 0–9.")
DECIMAL_MESSAGE = _("Write a number in the digits 0–9, with a point for decimals.")
DATE_MESSAGE = _("Write the date as YYYY-MM-DD.")
DATETIME_MESSAGE = _("Write the date and time as YYYY-MM-DD HH:MM.")


def max_text_length() -> int:
    return settings.CONGRESS_MAX_TEXT_LENGTH


def parse_int(value, *, low: int = 0, high: int = MAX_ID) -> int | None:
    """A whole number from low to high written in ASCII digits, or None for anything else."""
    text = str(value if value is not None else "").strip()
    if not _ASCII_ID.fullmatch(text):
        return None
    number = int(text)
    return number if low <= number <= high else None


def parse_id(value) -> int | None:
    """A positive database id written in ASCII digits, or None for anything else."""
    return parse_int(value, low=1)


def parse_year(value, default: int | None = None) -> int | None:
    """A year from FIRST_YEAR to LAST_YEAR in ASCII digits (a `?year=` parameter), else `default`."""
    year = parse_int(value, low=FIRST_YEAR, high=LAST_YEAR)
    return default if year is None else year


def horizon(today: date | None = None) -> date:
    """The last date a plan may name: today plus SUGGESTIONS_DATE_HORIZON_YEARS."""
    today = today or timezone.localdate()
    years = settings.SUGGESTIONS_DATE_HORIZON_YEARS
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def validate_within_horizon(value: date | datetime) -> None:
    if isinstance(value, datetime):  # a moment counts by its local day
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if value is not None and value > horizon():
        raise ValidationError(
            _("Choose a date no later than %(date)s (at most %(years)d years ahead)."),
            params={"date": horizon().isoformat(), "years": settings.SUGGESTIONS_DATE_HORIZON_YEARS},
            code="beyond_horizon",
        )
