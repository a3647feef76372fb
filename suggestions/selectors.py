"""Reads too big for a QuerySet method: statistics pages, the boards, the key-supervision board;
and (below) the reads the staff pages and the portal share. Every read starts from `visible_to`."""

from django.conf import settings
from django.db.models import Case, Count, Exists, OuterRef, Prefetch, Q, Subquery, Value, When

from suggestions.models import (
    Assignment,
    ContactRecord,
    CoSignature,
    Extension,
    KeySupervision,
    ReassignmentRequest,
    Reply,
    Statistic,
    Suggestion,
    SupervisionAction,
)


def statistics(year: int, *, meeting=None, dimension: str = Statistic.Dimension.UNIT):
    """Summary rows of one year (or one session of it), per unit or per category, largest first."""
    return (Statistic.objects.filter(year=year, meeting=meeting, dimension=dimension)
            .select_related("unit", "category").order_by("-assigned", "unit__name", "category__name"))


def totals(rows) -> dict:
    """The sum of summary rows, with the same rate properties as one row."""
    total = Statistic(category_counts={})
    for row in rows:
        for field in Statistic._meta.get_fields():
            if field.get_internal_type() == "PositiveIntegerField":
                setattr(total, field.name, getattr(total, field.name) + getattr(row, field.name))
        for code, count in row.category_counts.items():
            total.category_counts[code] = total.category_counts.get(code, 0) + count
    return total


def overdue_by_unit(year: int, today=None) -> dict[int, int]:
    """Open answering parts of the year past their deadline, per unit, counted live (the summary
    rows are up to half an hour old), by the one definition, `Assignment.objects.overdue(today)`."""
    counts = (Assignment.objects.overdue(today).filter(assigned_on__year=year)
              .values("unit_id").annotate(n=Count("id")).order_by())
    return {row["unit_id"]: row["n"] for row in counts}


def board_rules() -> dict:
    """The boards' thresholds, written on the statistics page so a unit can see why it is listed."""
    return {
        "min_assigned": settings.SUGGESTIONS_BOARD_MIN_ASSIGNED,
        "honour_satisfaction": settings.SUGGESTIONS_HONOUR_SATISFACTION,
        "honour_on_time": settings.SUGGESTIONS_HONOUR_ON_TIME,
        "honour_max_overdue": settings.SUGGESTIONS_HONOUR_MAX_OVERDUE,
        "warning_satisfaction": settings.SUGGESTIONS_WARNING_SATISFACTION,
        "warning_on_time": settings.SUGGESTIONS_WARNING_ON_TIME,
    }


def boards(year: int, today=None) -> tuple[list[Statistic], list[Statistic]]:
    """红黑榜: units that reach both honour thresholds with no more than SUGGESTIONS_HONOUR_MAX_OVERDUE
    overdue cases, and units below either warning threshold. The on-time rate counts answers only,
    so a unit that has not answered five overdue cases would otherwise top the honour board with 100%.
    Units with fewer than SUGGESTIONS_BOARD_MIN_ASSIGNED cases are on neither: too few to judge."""
    overdue = overdue_by_unit(year, today)
    honour, warning = [], []
    for row in statistics(year):
        if row.assigned < settings.SUGGESTIONS_BOARD_MIN_ASSIGNED:
            continue
        row.overdue_now = overdue.get(row.unit_id, 0)
        satisfaction, on_time = row.satisfaction_rate, row.on_time_rate
        if (satisfaction is not None and satisfaction < settings.SUGGESTIONS_WARNING_SATISFACTION) or (
                on_time is not None and on_time < settings.SUGGESTIONS_WARNING_ON_TIME):
            warning.append(row)
        elif (satisfaction is not None and satisfaction >= settings.SUGGESTIONS_HONOUR_SATISFACTION
              and on_time is not None and on_time >= settings.SUGGESTIONS_HONOUR_ON_TIME
              and row.overdue_now <= settings.SUGGESTIONS_HONOUR_MAX_OVERDUE):
            honour.append(row)
    honour.sort(key=lambda r: (r.overdue_now, -r.satisfaction_rate, -r.on_time_rate))
    warning.sort(key=lambda r: (r.satisfaction_rate or 0, r.on_time_rate or 0))
    return honour, warning


def key_supervision_board(user):
    """Key supervised suggestions the user may see, with their units and latest actions,
    in a constant number of queries."""
    return (KeySupervision.objects.visible_to(user)
            .select_related("suggestion", "suggestion__lead_deputy", "leader", "committee")
            .prefetch_related(
                Prefetch("suggestion__assignments",
                         queryset=Assignment.objects.filter(status__in=Assignment.LIVE_STATUSES).select_related("unit")),
                Prefetch("actions", queryset=SupervisionAction.objects.order_by("-happened_on", "-id")),
            ).order_by("suggestion__status", "-selected_at"))


# --------------------------------------------------------------------------- reads of the pages (h/surfaces)
# Moved out of the staff and portal views so each view module only wires forms, services and
# templates. The statistics reads above belong to the statistics work; keep page reads here.

ROLE_RANK = {Assignment.Role.LEAD: 0, Assignment.Role.SEPARATE: 1, Assignment.Role.CO: 2}


def role_first():
    """Lead unit first, then units answering separately, then co-units."""
    return Case(*[When(role=role, then=Value(rank)) for role, rank in ROLE_RANK.items()], default=Value(3))


def live_parts():
    """Each suggestion's live parts with their units, as `suggestion.live_parts` (one query per page)."""
    return Prefetch("assignments", to_attr="live_parts",
                    queryset=Assignment.objects.live().select_related("unit").order_by(role_first(), "id"))


def answer_due_on():
    """The earliest open deadline of a unit that answers the deputy (a subquery: no extra query)."""
    return Subquery(Assignment.objects.answering().open().filter(suggestion=OuterRef("pk"))
                    .order_by("due_on").values("due_on")[:1])


def confirmed_cosignatures():
    return Prefetch("cosignatures", to_attr="confirmed_cosignatures",
                    queryset=CoSignature.objects.filter(status=CoSignature.Status.CONFIRMED).select_related("deputy"))


def suggestion_parts(suggestion) -> list[Assignment]:
    """Every part of one suggestion with its replies, contacts and requests, for the staff detail page."""
    return list(
        suggestion.assignments.select_related("unit", "assigned_by").order_by(role_first(), "id").prefetch_related(
            Prefetch("replies", queryset=Reply.objects.select_related("evaluation", "replied_by")
                     .prefetch_related("commitments").order_by("round")),
            Prefetch("contacts", queryset=ContactRecord.objects.select_related("recorded_by")),
            Prefetch("extensions", queryset=Extension.objects.select_related("requested_by", "decided_by")),
            Prefetch("reassignment_requests", queryset=ReassignmentRequest.objects.select_related(
                "suggested_unit", "requested_by", "decided_by")),
        ))


def supervision_of(suggestion) -> KeySupervision | None:
    return (KeySupervision.objects.filter(suggestion=suggestion)
            .select_related("leader", "committee", "selected_by")
            .prefetch_related(Prefetch("actions", queryset=SupervisionAction.objects.select_related("recorded_by")))
            .first())


def staff_counts(user, today=None) -> dict[str, int]:
    """The staff home's figures, in one aggregate query over the suggestions the user sees.
    "overdue" is `Suggestion.objects.overdue()`: the same rule as the list filter and the API."""
    visible = Suggestion.objects.visible_to(user)
    return visible.aggregate(
        submitted=Count("pk", filter=Q(status=Suggestion.Status.SUBMITTED)),
        accepted=Count("pk", filter=Q(status=Suggestion.Status.ACCEPTED)),
        overdue=Count("pk", filter=Q(pk__in=Suggestion.objects.overdue(today).values("pk"))),
        requests=Count("pk", filter=Q(pk__in=Suggestion.objects.with_pending_request().values("pk"))),
        key=Count("pk", filter=Q(key_supervision__isnull=False, status__in=Suggestion.OPEN_STATUSES)),
    )


# The portal's reads: a deputy's suggestions by tab, a unit handler's parts.

S = Suggestion.Status
IN_HANDLING = (S.SUBMITTED, S.ACCEPTED, S.HANDLING, S.REHANDLING, S.TRACKING, S.REPLIED)


def deputy_of(user):
    """The user's deputy record, or None. Django caches the answer (a miss too) on the user object,
    so the layout and the page ask the database once."""
    return getattr(user, "deputy", None) if user.is_authenticated else None


def _signature(user, *statuses):
    return Exists(CoSignature.objects.filter(suggestion=OuterRef("pk"), deputy__user=user, status__in=statuses))


def _awaiting_rating():
    """A unit has answered and the lead deputy has not rated that answer yet (only answering
    parts, lead or separate, ever reach 'replied')."""
    return Exists(Assignment.objects.filter(suggestion=OuterRef("pk"), status=Assignment.Status.REPLIED))


def deputy_tabs(user) -> dict[str, Q]:
    """The deputy's list tabs as filters. The first four split the suggestions they lead."""
    mine = Q(lead_deputy__user=user)
    awaiting = Q(_awaiting_rating())
    return {
        "all": mine,
        "drafts": mine & Q(status=S.DRAFT),
        "handling": mine & Q(status__in=IN_HANDLING) & ~awaiting,
        "rating": mine & awaiting,
        "closed": mine & Q(status__in=Suggestion.ENDED_STATUSES),
        "cosigned": Q(_signature(user, CoSignature.Status.CONFIRMED)),
        "invitations": Q(_signature(user, CoSignature.Status.INVITED)) & Q(status=S.DRAFT),
    }


def tab_counts(user, tabs=None) -> dict[str, int]:
    """How many suggestions each tab holds: one aggregate query."""
    tabs = tabs or deputy_tabs(user)
    return Suggestion.objects.visible_to(user).aggregate(**{key: Count("pk", filter=q) for key, q in tabs.items()})


def deputy_suggestions(user):
    """What the deputy pages show: suggestions the user leads or is (still) invited to co-sign.
    Narrows visible_to(), which also lets unit handlers read their unit's cases."""
    answered_or_not = (CoSignature.Status.INVITED, CoSignature.Status.CONFIRMED, CoSignature.Status.DECLINED)
    return Suggestion.objects.visible_to(user).filter(Q(lead_deputy__user=user) | Q(_signature(user, *answered_or_not)))


def unit_assignments(user):
    """What the unit pages show: the handler's own unit's parts. Narrows visible_to(), which also
    lets deputies and staff read the parts of suggestions they see."""
    if not user.unit_id:
        return Assignment.objects.none()
    return Assignment.objects.visible_to(user).filter(unit_id=user.unit_id)


def unit_counts(user, today=None) -> dict[str, int]:
    """Open and overdue parts of the handler's unit; "overdue" as `Assignment.objects.overdue()`."""
    scoped = unit_assignments(user)
    return scoped.aggregate(open=Count("pk", filter=Q(status__in=Assignment.OPEN_STATUSES)),
                            overdue=Count("pk", filter=Q(pk__in=Assignment.objects.overdue(today).values("pk"))))
