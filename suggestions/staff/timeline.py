"""The suggestion's timeline on the staff detail page: a label for each audit action the services
write (`suggestions.suggestion.<verb>`), and the few facts of its data worth a line."""

import contextlib
from datetime import date

from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from suggestions.models import Assignment, Evaluation

# A human label for each timeline action `suggestions.suggestion.<verb>` the services write.
TIMELINE_LABELS = {
    "drafted": gettext_lazy("Draft created"),
    "edited": gettext_lazy("Draft edited"),
    "cosigners_invited": gettext_lazy("Co-signers invited"),
    "invitation_withdrawn": gettext_lazy("Co-signing invitation withdrawn"),
    "cosign_confirmed": gettext_lazy("Co-signing confirmed"),
    "cosign_declined": gettext_lazy("Co-signing declined"),
    "submitted": gettext_lazy("Submitted"),
    "withdrawn": gettext_lazy("Withdrawn by the lead deputy"),
    "accepted": gettext_lazy("Accepted"),
    "acceptance_undone": gettext_lazy("Acceptance undone, back in review"),
    "rejected": gettext_lazy("Not accepted"),
    "marked_reference": gettext_lazy("Passed on for reference"),
    "merged": gettext_lazy("Merged with other suggestions"),
    "unmerged": gettext_lazy("Taken out of the merge group"),
    "assigned": gettext_lazy("Assigned to units"),
    "responsible_person_set": gettext_lazy("Responsible person named"),
    "return_requested": gettext_lazy("Unit asked to return the case"),
    "return_approved": gettext_lazy("Return approved"),
    "return_refused": gettext_lazy("Return refused"),
    "extension_requested": gettext_lazy("Extension requested"),
    "extension_approved": gettext_lazy("Extension approved"),
    "extension_refused": gettext_lazy("Extension refused"),
    "contacted": gettext_lazy("Unit contacted the deputy"),
    "co_unit_opinion": gettext_lazy("Co-unit sent its opinion"),
    "replied": gettext_lazy("Unit replied"),
    "rated": gettext_lazy("Deputy rated the reply"),
    "rehandling": gettext_lazy("Sent back for re-handling"),
    "commitment_fulfilled": gettext_lazy("Commitment fulfilled"),
    "commitment_explained": gettext_lazy("Commitment not fulfilled, explained"),
    "key_supervision": gettext_lazy("Put under key supervision"),
    "supervised": gettext_lazy("Supervision recorded"),
    "closed": gettext_lazy("Closed"),
}
TIMELINE_PREFIX = "suggestions.suggestion."


def action_label(action: str) -> str:
    verb = action.removeprefix(TIMELINE_PREFIX)
    return str(TIMELINE_LABELS.get(verb, action))


def event_details(data: dict) -> str:
    """The few facts of an event's data worth a line on the timeline."""
    parts = []
    if data.get("number"):
        parts.append(_("No. %(number)s") % {"number": data["number"]})
    if data.get("unit"):
        parts.append(str(data["unit"]))
    if data.get("new_unit"):
        parts.append(_("to %(unit)s") % {"unit": data["new_unit"]})
    for unit in data.get("units") or []:
        parts.append(f"{unit.get('unit')} ({dict(Assignment.Role.choices).get(unit.get('role'), '')})")
    if data.get("category"):
        parts.append(_("category %(category)s") % {"category": data["category"]})
    if data.get("satisfaction"):
        parts.append(str(dict(Evaluation.Satisfaction.choices).get(data["satisfaction"], data["satisfaction"])))
    if data.get("leader"):
        parts.append(_("leader %(name)s") % {"name": data["leader"]})
    if data.get("committee"):
        parts.append(str(data["committee"]))
    if data.get("due_on"):
        with contextlib.suppress(TypeError, ValueError):
            parts.append(_("due %(date)s") % {"date": date_format(date.fromisoformat(data["due_on"]), "DATE_FORMAT")})
    if data.get("with_numbers"):
        parts.append(_("with %(numbers)s") % {"numbers": "、".join(data["with_numbers"])})
    return " · ".join(parts)
