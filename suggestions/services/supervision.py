"""重点督办: key supervision by a leader and a committee, and what they do (rule 14)."""

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import locking, roles
from congress.texts import Text
from suggestions import links, rules
from suggestions.models import KeySupervision, SupervisionAction
from suggestions.services._common import enforce, lock_suggestion, notify_all, record, refuse, unit_handlers

SUPERVISABLE = rules.HANDLED_STATUSES  # kept for the staff pages; rules.can_supervise decides


def put_under_key_supervision(suggestion, *, actor, leader, committee, note: str = "") -> KeySupervision:
    """Select a suggestion for key supervision; a supervising leader is required."""
    if leader is None:
        refuse(_("Key supervision needs a supervising leader."), "leader_required", "leader")
    if committee is None:
        refuse(_("Choose the committee that supervises it."), "committee_required", "committee")
    if not leader.is_active or not leader.groups.filter(name__in=[roles.LEADER, roles.STAFF]).exists():
        refuse(_("%(name)s is not a leader of the standing committee.") % {"name": leader}, "not_leader", "leader")
    with transaction.atomic():
        suggestion = lock_suggestion(suggestion)
        enforce(rules.can_supervise(actor, suggestion))
        supervision = KeySupervision.objects.create(suggestion=suggestion, leader=leader, committee=committee,
                                                    note=note.strip(), selected_by=actor)
        record(suggestion, "key_supervision", actor=actor, note=note.strip(), leader=str(leader),
               committee=committee.name)
        notify_all([leader], "suggestions.key_supervision",
                   Text(gettext_noop("You supervise suggestion %(number)s"), number=suggestion.number),
                   body=suggestion.title, url=links.staff_url(suggestion.pk))
        units = suggestion.assignments.live().values_list("unit_id", flat=True)
        notify_all(unit_handlers(units), "suggestions.key_supervision",
                   Text(gettext_noop("Suggestion %(number)s is under key supervision: "
                                     "its answer needs the unit head's sign-off"), number=suggestion.number),
                   body=suggestion.title, channels=("email",))
    return supervision


def record_supervision_action(supervision, *, actor, kind: str, happened_on, description: str,
                              today=None) -> SupervisionAction:
    today = today or timezone.localdate()
    if kind not in SupervisionAction.Kind.values:
        refuse(_("Choose what kind of supervision this was."), "kind_required", "kind")
    if not description.strip():
        refuse(_("Describe what was done."), "description_required", "description")
    if happened_on > today:
        refuse(_("Record supervision once it has happened."), "future", "happened_on")
    with transaction.atomic():
        suggestion, supervision = locking.lock_parent_then_child(supervision, "suggestion")
        enforce(rules.can_record_supervision(actor, supervision))
        action = SupervisionAction.objects.create(key_supervision=supervision, kind=kind, happened_on=happened_on,
                                                  description=description.strip(), recorded_by=actor)
        record(suggestion, "supervised", actor=actor, note=description.strip(), kind=kind,
               happened_on=happened_on.isoformat())
    return action
