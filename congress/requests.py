"""Requests that the office decides: a unit asks (to return a case, for more time) and the office
approves or refuses, with a note. Suggestions use it for returns and extensions; oversight
handling reports and livelihood milestones need the same two requests.

An app subclasses `OfficeRequest` (adding what the request is about) and calls `decide()` inside
its own service's transaction, after its own checks (who may decide, what approval changes).
"""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy


class OfficeRequest(models.Model):
    """A unit's written request that the office decides (a return 退回, an extension 延期)."""

    class Decision(models.TextChoices):
        PENDING = "pending", gettext_lazy("Awaiting decision")
        APPROVED = "approved", gettext_lazy("Approved")
        REFUSED = "refused", gettext_lazy("Refused")

    reason = models.TextField(gettext_lazy("reason"))
    requested_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    decision = models.CharField(gettext_lazy("decision"), max_length=10, choices=Decision.choices,
                                default=Decision.PENDING)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    decided_at = models.DateTimeField(null=True, blank=True)
    decision_note = models.TextField(gettext_lazy("decision note"), blank=True)

    class Meta:
        abstract = True
        ordering = ["-requested_at"]

    @property
    def is_pending(self) -> bool:
        return self.decision == self.Decision.PENDING


def decide(request: OfficeRequest, *, actor, approve: bool, note: str = "") -> OfficeRequest:
    """Write the office's decision on `request` (domain.md rules 2 and 5: the office, and only the
    office, decides returns and extensions, and says why when it refuses).

    Refuses, saving nothing, a request already decided and a refusal without a note. The caller
    holds the row locked (select_for_update) in its transaction and writes the audit event.
    """
    if not request.is_pending:
        raise ValidationError(_("This request has already been decided."), code="decided")
    note = (note or "").strip()
    if not approve and not note:
        raise ValidationError({"note": [ValidationError(_("A refusal needs a note that says why."),
                                                        code="note_required")]})
    request.decision = request.Decision.APPROVED if approve else request.Decision.REFUSED
    request.decided_by, request.decided_at, request.decision_note = actor, timezone.now(), note
    request.save(update_fields=["decision", "decided_by", "decided_at", "decision_note"])
    return request
