"""Bounds every input gets at the edge, shared by forms and API serializers (issue 6, item 14).

A column's own max_length bounds a CharField; free text (TextField) is bounded by
CONGRESS_MAX_TEXT_LENGTH; a date the office plans for (a commitment, a new deadline) by
SUGGESTIONS_DATE_HORIZON_YEARS; an id typed by hand or ticked in a list by ASCII digits, because
`str.isdigit()` and `int()` both accept "²" or "٣" and the database then raises.
"""

import re
from datetime import date

from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

# PostgreSQL's bigint: an id beyond it cannot exist and would make the query itself fail.
MAX_ID = 2**63 - 1
_ASCII_ID = re.compile(r"[0-9]{1,19}")


def max_text_length() -> int:
    return settings.CONGRESS_MAX_TEXT_LENGTH


def parse_id(value) -> int | None:
    """A positive database id written in ASCII digits, or None for anything else."""
    text = str(value).strip()
    if not _ASCII_ID.fullmatch(text):
        return None
    number = int(text)
    return number if 0 < number <= MAX_ID else None


def horizon(today: date | None = None) -> date:
    """The last date a plan may name: today plus SUGGESTIONS_DATE_HORIZON_YEARS."""
    today = today or timezone.localdate()
    years = settings.SUGGESTIONS_DATE_HORIZON_YEARS
    try:
        return today.replace(year=today.year + years)
    except ValueError:  # 29 February
        return today.replace(year=today.year + years, day=28)


def validate_within_horizon(value: date) -> None:
    if value is not None and value > horizon():
        raise ValidationError(
            _("Choose a date no later than %(date)s (at most %(years)d years ahead)."),
            params={"date": horizon().isoformat(), "years": settings.SUGGESTIONS_DATE_HORIZON_YEARS},
            code="beyond_horizon",
        )
