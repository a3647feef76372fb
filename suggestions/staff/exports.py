"""The columns of the staff downloads: the filtered suggestion list and the statistics table.
Each export is exactly the rows the page shows, so these only say how a row becomes cells."""

from django.utils.translation import gettext as _

from congress.calendar import provisional_reason
from congress.exports import Column
from suggestions.models import Assignment, Evaluation


def _joined(values, sep="、"):
    distinct = list(dict.fromkeys(v for v in values if v not in (None, "")))
    if len(distinct) == 1:
        return distinct[0]
    return sep.join(str(v) for v in distinct)


def _answering(suggestion):
    return [p for p in suggestion.live_parts if p.role in Assignment.ANSWERING_ROLES]


def suggestion_columns(user) -> list[Column]:
    """Rows are suggestions with `live_parts` and `confirmed_cosignatures` prefetched (selectors)."""

    def units(roles):
        return lambda s: "、".join(p.unit.name for p in s.live_parts if p.role in roles)

    def answers(attr):
        return lambda s: _joined(getattr(p, attr) for p in _answering(s))

    return [
        Column(_("Number"), lambda s: s.issued_number),
        Column(_("Title"), lambda s: s.title),
        Column(_("Lead deputy"), lambda s: s.lead_deputy.name),
        Column(_("Co-signers"), lambda s: "、".join(c.deputy.name for c in s.confirmed_cosignatures)),
        Column(_("Category"), lambda s: s.category.name),
        Column(_("Submitted at"), lambda s: s.submitted_at),
        Column(_("Session"), lambda s: s.meeting or _("Between sessions")),
        Column(_("Lead unit"), units(Assignment.ANSWERING_ROLES)),
        Column(_("Co-units"), units((Assignment.Role.CO,))),
        Column(_("Assign by"), lambda s: s.assign_by),
        Column(_("Assigned on"), lambda s: s.assigned_on),
        Column(_("Reply due on"), answers("due_on")),
        # A provisional date says why (a year without holiday calendar), as on the pages.
        Column(_("Reply due date provisional"), lambda s: _joined(
            provisional_reason([p.due_on.year]) for p in _answering(s) if p.due_is_provisional and p.is_open)),
        Column(_("Replied on"), answers("first_replied_on")),
        Column(_("Reply category"), answers("reply_category")),
        Column(_("Satisfaction"), lambda s: _joined(
            Evaluation.Satisfaction(p.satisfaction).label for p in _answering(s) if p.satisfaction)),
        Column(_("Status"), lambda s: s.get_status_display()),
    ]


def statistics_columns() -> list[Column]:
    """Rows are `StatLine`s (suggestions/staff/statistics.py): counts from the row, rates printed."""

    def count(name):
        return lambda line: getattr(line.row, name)

    columns = [Column(_("Unit"), lambda line: line.label), Column(_("Assigned"), count("assigned")),
               Column(_("Replied"), count("replied")), Column(_("Replied on time"), count("replied_on_time")),
               Column(_("On-time rate"), lambda line: line.on_time), Column(_("Overdue"), count("overdue"))]
    for index, letter in enumerate("ABCD"):
        columns += [Column(_("Category %(letter)s") % {"letter": letter}, count(f"category_{letter.lower()}")),
                    Column(_("Share %(letter)s") % {"letter": letter}, lambda line, i=index: line.shares[i])]
    return columns + [
        Column(_("Rated"), count("evaluated")), Column(_("Satisfied"), count("satisfied")),
        Column(_("Basically satisfied"), count("basically_satisfied")),
        Column(_("Unsatisfied"), count("unsatisfied")),
        Column(_("Satisfaction rate (with basically satisfied)"), lambda line: line.satisfaction),
        Column(_("Satisfaction rate (satisfied only)"), lambda line: line.strict_satisfaction),
        Column(_("Rating missing"), count("rating_missing")), Column(_("Re-handled"), count("rehandled")),
        Column(_("Assigned late"), count("assigned_late")),  # rule 4
        Column(_("Commitments"), count("commitments")),
        Column(_("Commitments fulfilled"), count("commitments_fulfilled")),
        Column(_("Fulfilment rate"), lambda line: line.fulfilment),
    ]
