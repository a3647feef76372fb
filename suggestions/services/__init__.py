"""Every state change of a suggestion, one function per transition (style.md B3).

Each is atomic, checks who acts and the rule (raising PermissionDenied or ValidationError with a
clear message), writes its audit event and its notifications in the same transaction.
Views, the portal, the API, the admin and tasks all call these.
"""

from suggestions.services.assignment import (
    assign_suggestion,
    decide_extension,
    decide_reassignment,
    request_extension,
    request_reassignment,
    set_responsible_person,
)
from suggestions.services.drafting import (
    create_draft,
    invite_cosigners,
    respond_to_invitation,
    submit_suggestion,
    update_draft,
    withdraw_invitation,
    withdraw_suggestion,
)
from suggestions.services.evaluation import close_suggestion, evaluate_reply
from suggestions.services.handling import record_contact, reply_to_assignment, resolve_commitment, send_co_unit_opinion
from suggestions.services.review import (
    accept_suggestion,
    mark_reference_only,
    merge_suggestions,
    reject_suggestion,
    undo_acceptance,
    unmerge_suggestion,
)
from suggestions.services.supervision import put_under_key_supervision, record_supervision_action

__all__ = [
    "accept_suggestion", "assign_suggestion", "close_suggestion", "create_draft", "decide_extension",
    "decide_reassignment", "evaluate_reply", "invite_cosigners", "mark_reference_only", "merge_suggestions",
    "put_under_key_supervision", "record_contact", "record_supervision_action", "reject_suggestion",
    "reply_to_assignment", "request_extension", "request_reassignment", "resolve_commitment",
    "respond_to_invitation", "send_co_unit_opinion", "set_responsible_person", "submit_suggestion",
    "undo_acceptance", "unmerge_suggestion", "update_draft", "withdraw_invitation", "withdraw_suggestion",
]
