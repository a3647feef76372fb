"""The statistics roll-up: per unit and per category, for a year and for each session.

One aggregation over the answering parts (lead units, or units answering separately) grouped by
(unit, category, session), one over their commitments; the year and per-dimension totals are sums
of those few hundred groups, done in Python. The result replaces the year's summary rows in one
transaction: dashboards, boards and the API read only `Statistic`.
"""

from collections import defaultdict
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Count, F, Q
from django.db.models.functions import ExtractYear
from django.utils import timezone

from suggestions.models import Assignment, Commitment, Statistic

COUNTS = [f.name for f in Statistic._meta.get_fields() if f.get_internal_type() == "PositiveIntegerField"]


def answering_parts(year: int):
    """Lead and separate parts of the year. A returned part is another unit's case; a cancelled
    part counts only if the unit had answered it: the office closing a case whose rating never
    came cancels the part, but the unit's answer stands and the rating is missing (rule 12)."""
    return (Assignment.objects.filter(role__in=[Assignment.Role.LEAD, Assignment.Role.SEPARATE],
                                      assigned_on__year=year)
            .exclude(status=Assignment.Status.RETURNED)
            .exclude(status=Assignment.Status.CANCELLED, first_replied_on__isnull=True))


def category_codes() -> list[str]:
    return [code for code, _label in settings.SUGGESTIONS_REPLY_CATEGORIES]


def part_counts(year: int, today: date):
    """The one aggregation over parts: FILTER counts per (unit, category, session)."""
    is_open = Q(status__in=Assignment.OPEN_STATUSES)
    # Unanswered ratings: awaited past their window, or never to come because the office closed the case.
    unrated = Q(satisfaction="", first_replied_on__isnull=False) & (
        Q(status=Assignment.Status.REPLIED, rating_due_on__lt=today) | Q(status=Assignment.Status.CANCELLED))
    # One count per configured category, by position: codes need not be valid SQL aliases (甲乙丙).
    per_category = {f"reply_category_{index}": Count("id", filter=Q(reply_category=code))
                    for index, code in enumerate(category_codes())}
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
                rating_missing=Count("id", filter=unrated),
                rehandled=Count("id", filter=Q(round__gt=1)),
                # Rule 4: the part was given out after the suggestion's assign-by date.
                assigned_late=Count("id", filter=Q(suggestion__assign_by__lt=F("assigned_on"))),
                **per_category,
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
    codes = category_codes()
    totals: dict[tuple, dict] = defaultdict(lambda: {**dict.fromkeys(COUNTS, 0),
                                                     "category_counts": dict.fromkeys(codes, 0)})
    for group in groups:
        keys = [(None, Statistic.Dimension.UNIT, group["unit_id"], None),
                (None, Statistic.Dimension.CATEGORY, None, group["category_id"])]
        if group["meeting_id"] is not None:
            keys += [(group["meeting_id"], Statistic.Dimension.UNIT, group["unit_id"], None),
                     (group["meeting_id"], Statistic.Dimension.CATEGORY, None, group["category_id"])]
        for key in keys:
            for name in COUNTS:
                totals[key][name] += group.get(name, 0)
            for index, code in enumerate(codes):
                totals[key]["category_counts"][code] += group.get(f"reply_category_{index}", 0)
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
