"""Plain rows for the busiest lists (issue 7, list speed).

The profile of one suggestions-list request (pyinstrument and cProfile, 50 requests in-process)
put most of its time in building model instances for the page and its two prefetches (about 440
objects for 50 suggestions) and in DRF's per-field serializer machinery over them; the SQL was
the same as the raw baseline's. A viewset that names `list_fields` serves its list from
`.values()` and builds each row in `list_rows`; the detail and every action keep the serializer,
which also describes the rows in the OpenAPI schema. A test holds list rows and detail bodies
equal, so the two cannot drift apart.

The helpers write values exactly as DRF's fields do (they call those fields), so the bytes match.
"""

import functools
from collections import defaultdict

from django.utils import timezone, translation


def moments():
    """A function that writes a timestamp as DRF's DateTimeField does (ISO 8601 in the current time
    zone, UTC as "Z"), with the zone looked up once for the response: DRF's field looks it up for
    every value, and a page of 50 suggestions has about 200 timestamps."""
    zone = timezone.get_current_timezone()

    def moment(value):
        if value is None:
            return None
        text = value.astimezone(zone).isoformat()
        return text[:-6] + "Z" if text.endswith("+00:00") else text

    return moment


def day(value):
    """A date as DRF's DateField writes it under DRF's default DATE_FORMAT (ISO 8601), which the API
    keeps; the field's own method looks its format up again for every value."""
    return None if value is None else value.isoformat()


class Labels(dict):
    """A value without a label (a blank choice) shows as itself, as `ChoiceLabelField` does."""

    def __missing__(self, value):
        return value


def labels(model, field: str) -> Labels:
    """A choice field's labels in the active language, translated once per process and language
    (shared and only read)."""
    return _labels(model, field, translation.get_language())


@functools.cache
def _labels(model, field: str, language: str | None) -> Labels:
    return Labels((value, str(label)) for value, label in model._meta.get_field(field).flatchoices)


def grouped(rows, key: str) -> dict[object, list[dict]]:
    """`.values()` rows by one of their columns, in the queryset's order."""
    groups = defaultdict(list)
    for row in rows:
        groups[row[key]].append(row)
    return groups


class CountedApart:
    """What the paginator pages: `rows` (the `.values()` with their joined columns) sliced for the
    page, and `counted` (the filtered queryset without them) for the total, so the COUNT carries no
    joins the columns needed, as the raw baselines' COUNT does not."""

    ordered = True  # the viewset's ordering applies to both

    def __init__(self, counted, rows):
        self.counted, self.rows = counted, rows

    def count(self) -> int:
        return self.counted.count()

    def __getitem__(self, key):
        return self.rows[key]
