"""English dates in one format everywhere (issue 7): "25 Nov 2026" and "25 Nov 2026, 20:40", never
Django's three American forms ("11/30/2026 8:40 p.m.", "Nov. 25, 2026"). Chinese keeps Django's
zh_Hans formats, which are already one ("2026年11月25日 20:40")."""

from django.conf.locale.en.formats import (  # noqa: F401  input formats stay Django's
    DATE_INPUT_FORMATS,
    DATETIME_INPUT_FORMATS,
    DECIMAL_SEPARATOR,
    NUMBER_GROUPING,
    THOUSAND_SEPARATOR,
    TIME_INPUT_FORMATS,
)

DATE_FORMAT = "j M Y"
SHORT_DATE_FORMAT = "j M Y"
TIME_FORMAT = "H:i"
DATETIME_FORMAT = "j M Y, H:i"
SHORT_DATETIME_FORMAT = "j M Y, H:i"
YEAR_MONTH_FORMAT = "M Y"
MONTH_DAY_FORMAT = "j M"
FIRST_DAY_OF_WEEK = 1  # Monday, as the office's week
