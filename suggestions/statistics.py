"""The statistics roll-up: per unit and per category, for a year and for each session.

One aggregation over the answering parts (lead units, or units answering separately) grouped by
(unit, category, session), one over their commitments; the year and per-dimension totals are sums
of those few hundred groups, done in Python. The result replaces the year's summary rows in one
transaction: dashboards, boards and the API read only `Statistic`.
"""

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from suggestions.models import Assignment, Commitment, Statistic

COUNTS = [f.name for f in Statistic._meta.get_fields() if f.get_internal_type() == "PositiveIntegerField"]


def answering_parts(year: int):
    return (Assignment.objects.filter(role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE],
                                      assigned_on__year=year)
            .exclude(status__in=[Assignment.Status.RETURNED, Assignment.Status.CANCELLED]))


def part_counts(year: int, today: date):
    """The one aggregation over parts: FILTER counts per (unit, category, session)."""
    is_open = Q(status__in=Assignment.OPEN_STATUSES)
    return (answering_parts(year)
            .values("unit_id", category_id=F("suggestion__category_id"), meeting_id=F("suggestion__meeting_id"))
            .annotate(
                assigned=Count("id"),
                replied=Count("id", filter=Q(first_replied_on__isnull=False)),
                replied_on_time=Count("id", filter=Q(first_replied_on__lte=F("first_due_on"))),
                overdue=Count("id", filter=is_open & Q(due_on__lt=today)),
                category_a=Count("id", filter=Q(reply_category="A")),
                category_b=Count("id", filter=Q(reply_category="B")),
                category_c=Count("id", filter=Q(reply_category="C")),
                category_d=Count("id", filter=Q(reply_category="D")),
                evaluated=Count("id", filter=~Q(satisfaction="")),
                satisfied=Count("id", filter=Q(satisfaction="satisfied")),
                basically_satisfied=Count("id", filter=Q(satisfaction="basically_satisfied")),
                unsatisfied=Count("id", filter=Q(satisfaction="unsatisfied")),
                # A rating past its window is reported as missing, never counted as satisfied (rule 12).
                rating_missing=Count("id", filter=Q(status=Assignment.Status.REPLIED, rating_due_on__lt=today)),
                rehandled=Count("id", filter=Q(round__gt=1)),
            ).order_by())


def commitment_counts(year: int):
    parts = answering_parts(year).values("pk")
    return (Commitment.objects.filter(reply__assignment__in=parts)
            .values(unit_id=F("reply__assignment__unit_id"),
                    category_id=F("reply__assignment__suggestion__category_id"),
                    meeting_id=F("reply__assignment__suggestion__meeting_id"))
            .annotate(commitments=Count("id"),
                      commitments_fulfilled=Count("id", filter=Q(status=Commitment.Status.FULFILLED)))
            .order_by())


def roll_up(groups) -> dict[tuple, dict[str, int]]:
    """Sum (unit, category, session) groups into the rows we keep:
    (meeting or None, dimension, unit or None, category or None)."""
    totals: dict[tuple, dict[str, int]] = defaultdict(lambda: dict.fromkeys(COUNTS, 0))
    for group in groups:
        keys = [(None, Statistic.Dimension.UNIT, group["unit_id"], None),
                (None, Statistic.Dimension.CATEGORY, None, group["category_id"])]
        if group["meeting_id"] is not None:
            keys += [(group["meeting_id"], Statistic.Dimension.UNIT, group["unit_id"], None),
                     (group["meeting_id"], Statistic.Dimension.CATEGORY, None, group["category_id"])]
        for key in keys:
            for name in COUNTS:
                totals[key][name] += group.get(name, 0)
    return totals


def refresh_statistics(year: int | None = None, today: date | None = None) -> int:
    """Recompute one year's summary rows (the current year by default); returns how many.
    Idempotent: running it twice leaves the same rows."""
    today = today or timezone.localdate()
    year = year or today.year
    groups = list(part_counts(year, today)) + list(commitment_counts(year))
    now = timezone.now()
    rows = [Statistic(year=year, meeting_id=meeting, dimension=dimension, unit_id=unit, category_id=category,
                      computed_at=now, **counts)
            for (meeting, dimension, unit, category), counts in roll_up(groups).items()]
    with transaction.atomic():
        Statistic.objects.filter(year=year).delete()
        Statistic.objects.bulk_create(rows)
    return len(rows)


def years_with_assignments() -> list[int]:
    # order_by(): Assignment's default ordering would otherwise enter the DISTINCT and repeat years.
    return sorted(Assignment.objects.annotate(year=ExtractYear("assigned_on")).order_by()
                  .values_list("year", flat=True).distinct(), reverse=True)
