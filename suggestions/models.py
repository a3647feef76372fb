"""Deputies' suggestions (代表建议、批评和意见) and their handling by units.

A suggestion is drafted by its lead deputy, co-signed, submitted, reviewed by staff, assigned to
units, answered, rated by the deputy, possibly re-handled, and closed. Each unit's part is an
`Assignment` with its own deadline; each answer is a `Reply`, each rating an `Evaluation`.
State changes only through `suggestions.services`; rules and date maths are in `suggestions.rules`.
"""

import pghistory
from django.conf import settings
from django.db import models
from django.db.models import Case, Exists, F, OuterRef, Q, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import requests
from congress.models import Committee, Meeting, Term, Unit
from deputies.models import Deputy


class CategoryQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Reference data: every signed-in user reads the list of fields."""
        return self if user.is_authenticated else self.none()


class Category(models.Model):
    """领域分类: the field a suggestion belongs to (education, transport, …)."""

    name = models.CharField(_("name"), max_length=50, unique=True)
    code = models.SlugField(_("code"), max_length=30, unique=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = CategoryQuerySet.as_manager()

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("suggestion category")
        verbose_name_plural = _("suggestion categories")

    def __str__(self):
        return self.name


class MergeGroupQuerySet(models.QuerySet):
    def visible_to(self, user):
        """A merge group is seen by whoever sees one of its suggestions."""
        return self.filter(Exists(Suggestion.objects.visible_to(user).filter(merge_group=OuterRef("pk"))))


class MergeGroup(models.Model):
    """并案办理: suggestions of the same content handled together; each keeps its own reply,
    deadline and rating (domain.md rule 8)."""

    note = models.CharField(_("note"), max_length=200, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = MergeGroupQuerySet.as_manager()

    class Meta:
        verbose_name = _("merge group")
        verbose_name_plural = _("merge groups")

    def __str__(self):
        return _("Merge group %(id)s") % {"id": self.pk}


class NumberSeries(models.Model):
    """The last number given in one series (a session, or between sessions of a term).
    Locked while numbering, so numbers are gap-free and never given twice."""

    term = models.ForeignKey(Term, models.PROTECT, related_name="+")
    meeting = models.ForeignKey(Meeting, models.PROTECT, null=True, blank=True, related_name="+")
    last = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("number series")
        verbose_name_plural = _("number series")
        constraints = [
            models.UniqueConstraint(fields=["term", "meeting"], name="number_series_once",
                                    nulls_distinct=False),
        ]

    def __str__(self):
        return f"{self.term_id}/{self.meeting_id or 'B'}: {self.last}"


def _deputy_scope(user, suggestion="") -> Q:
    """Suggestions a user sees as a deputy: the ones they lead (drafts too) and the ones they are
    invited to co-sign (until the invitation is withdrawn). `suggestion` prefixes the lookups
    ("suggestion__") when the scope is applied to a child's queryset."""
    if not user.has_perm("congress.access_portal"):
        return Q(pk__in=[])
    deputy_id = Deputy.objects.filter(user=user).values("pk")[:1]
    signed = (CoSignature.objects.filter(suggestion=OuterRef(f"{suggestion}pk"), deputy=deputy_id)
              .exclude(status=CoSignature.Status.WITHDRAWN))
    return Q(**{f"{suggestion}lead_deputy__user": user}) | Exists(signed)


class SuggestionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only place that decides which suggestions a user may see (architecture.md, scope).

        Staff and leaders: every submitted suggestion. A deputy: the ones they lead (drafts too)
        and the ones they are invited to co-sign. A unit handler: those where their unit has a
        live part (not returned or cancelled), exactly the parts `Assignment.visible_to` shows
        them. A user with several roles sees the union. Drafts are never visible to staff: they
        are the deputy's own until submitted.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("suggestions.view_suggestion"):
            return self.exclude(status=Suggestion.Status.DRAFT)
        scope = _deputy_scope(user)
        if user.unit_id:
            live = Assignment.objects.filter(suggestion=OuterRef("pk"), unit_id=user.unit_id,
                                             status__in=Assignment.LIVE_STATUSES)
            scope |= Exists(live) & ~Q(status=Suggestion.Status.DRAFT)
        return self.filter(scope)

    def for_list(self):
        return self.select_related("lead_deputy", "category", "meeting", "term", "key_supervision")

    def open(self):
        """Assigned and not finished: being handled, replied, re-handled or tracked."""
        return self.filter(status__in=Suggestion.OPEN_STATUSES)

    def ended(self):
        """Finished for good: closed, withdrawn, not accepted or kept for reference."""
        return self.filter(status__in=Suggestion.ENDED_STATUSES)

    def overdue(self, today=None):
        """Suggestions with at least one overdue part, as `AssignmentQuerySet.overdue` defines it."""
        return self.filter(Exists(Assignment.objects.overdue(today).filter(suggestion=OuterRef("pk"))))

    def with_pending_request(self):
        """Suggestions where a unit's return or extension request awaits the office's decision."""
        return self.filter(Exists(Assignment.objects.with_pending_request().filter(suggestion=OuterRef("pk"))))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Suggestion(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted, awaiting assignment")
        REJECTED = "rejected", _("Not accepted")
        REFERENCE = "reference", _("Reference only")
        HANDLING = "handling", _("Being handled")
        REPLIED = "replied", _("Replied, awaiting rating")
        REHANDLING = "rehandling", _("Being re-handled")
        TRACKING = "tracking", _("Commitments being tracked")
        CLOSED = "closed", _("Closed")
        WITHDRAWN = "withdrawn", _("Withdrawn")

    class HandlingMode(models.TextChoices):
        LEAD_AND_CO = "lead_and_co", _("Lead unit with co-units")
        SEPARATE = "separate", _("Each unit answers separately")

    class RejectReason(models.TextChoices):
        # domain.md rule 9: the fixed list of grounds for 不予立案
        OUT_OF_POWERS = "out_of_powers", _("Outside the powers of local bodies")
        PERSONAL = "personal", _("A personal or family matter")
        FORWARDED_LETTER = "forwarded_letter", _("A forwarded letter from the public")
        ACADEMIC = "academic", _("Academic discussion or advertising")
        NO_SUBSTANCE = "no_substance", _("No concrete content")
        SEVERAL_MATTERS = "several_matters", _("More than one matter (one matter per suggestion)")
        OTHER = "other", _("Other")

    OPEN_STATUSES = (Status.HANDLING, Status.REPLIED, Status.REHANDLING, Status.TRACKING)
    ENDED_STATUSES = (Status.CLOSED, Status.WITHDRAWN, Status.REJECTED, Status.REFERENCE)
    # Statuses in which a number on the row is not (or no longer) the case number: the suggestion is
    # back in review after its acceptance was undone, or was then not accepted after all.
    UNISSUED_STATUSES = (Status.DRAFT, Status.SUBMITTED, Status.REJECTED, Status.REFERENCE)

    term = models.ForeignKey(Term, models.PROTECT, related_name="suggestions", verbose_name=_("term"))
    meeting = models.ForeignKey(
        Meeting, models.PROTECT, null=True, blank=True, related_name="suggestions", verbose_name=_("session"),
        help_text=_("The congress session it was raised at; empty for a suggestion between sessions."),
    )
    number = models.CharField(_("number"), max_length=20, blank=True)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    category = models.ForeignKey(Category, models.PROTECT, related_name="suggestions", verbose_name=_("category"))
    lead_deputy = models.ForeignKey(
        Deputy, models.PROTECT, related_name="led_suggestions", verbose_name=_("lead deputy")
    )
    attachment = models.FileField(_("attachment"), upload_to="suggestions/%Y/", blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.DRAFT)
    handling_mode = models.CharField(_("handling mode"), max_length=12, choices=HandlingMode.choices, blank=True)
    merge_group = models.ForeignKey(
        MergeGroup, models.SET_NULL, null=True, blank=True, related_name="suggestions", verbose_name=_("merged with")
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    reviewed_at = models.DateTimeField(_("reviewed at"), null=True, blank=True)
    reject_reason = models.CharField(_("reason not accepted"), max_length=20, choices=RejectReason.choices,
                                     blank=True)
    review_note = models.TextField(_("review note"), blank=True)
    assigned_on = models.DateField(_("assigned on"), null=True, blank=True)
    # Rule 4: a suggestion between sessions must be assigned by this day; stored at submission so
    # the review queue, the reminder sweep and the statistics read one column.
    assign_by = models.DateField(_("to be assigned by"), null=True, blank=True)
    assign_by_is_provisional = models.BooleanField(_("assign-by date is provisional"), default=False)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    close_note = models.TextField(_("closing note"), blank=True)

    objects = SuggestionQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-id"]
        verbose_name = _("suggestion")
        verbose_name_plural = _("suggestions")
        permissions = [
            ("review_suggestion", _("Can accept, reject and assign suggestions")),
            ("supervise_suggestion", _("Can put suggestions under key supervision")),
        ]
        constraints = [
            models.UniqueConstraint(fields=["number"], condition=~Q(number=""), name="suggestion_number_unique"),
            models.CheckConstraint(
                condition=Q(status="draft") | Q(submitted_at__isnull=False), name="submitted_suggestion_has_time"
            ),
            models.CheckConstraint(
                condition=~Q(status="rejected") | ~Q(reject_reason=""), name="rejected_suggestion_has_reason"
            ),
            models.CheckConstraint(
                condition=~Q(status__in=["handling", "replied", "rehandling", "tracking"])
                | (~Q(number="") & ~Q(handling_mode="") & Q(assigned_on__isnull=False)),
                name="assigned_suggestion_is_numbered",
            ),
        ]
        indexes = [
            # The lists' order (newest first, id breaking ties): a status filter reads the page off the
            # index and stops after it instead of sorting every match (issue 7, list speed).
            models.Index(fields=["status", "-submitted_at", "-id"], name="suggestion_status_newest"),
            # The office's commonest pair of filters, stage and category: counted and paged off the
            # index alone.
            models.Index(fields=["status", "category", "-submitted_at", "-id"], name="suggestion_status_category"),
            models.Index(fields=["lead_deputy", "status"], name="suggestion_lead_deputy"),
            models.Index(fields=["meeting", "status"], name="suggestion_meeting"),
        ]

    def __str__(self):
        return f"{self.issued_number} {self.title}" if self.issued_number else self.title

    @staticmethod
    def issued(number: str, status: str, reviewed_at) -> str:
        """The case number as pages and the API show it (for rows read with .values()): empty while
        an undone acceptance's number is only reserved for the suggestion (issue 8)."""
        if status in Suggestion.UNISSUED_STATUSES:
            return ""
        if status == Suggestion.Status.WITHDRAWN and reviewed_at is None:  # withdrawn while back in review
            return ""
        return number

    @property
    def issued_number(self) -> str:
        return self.issued(self.number, self.status, self.reviewed_at)

    @property
    def reserved_number(self) -> str:
        """A number kept for the suggestion while it is not accepted: shown to the office only."""
        return "" if self.issued_number else self.number

    @property
    def is_between_sessions(self) -> bool:
        return self.meeting_id is None

    @property
    def is_key(self) -> bool:
        return hasattr(self, "key_supervision")


class SuggestionChildQuerySet(models.QuerySet):
    """Rows that belong to one suggestion: seen by whoever sees the suggestion."""

    def visible_to(self, user):
        return self.filter(suggestion__in=Suggestion.objects.visible_to(user))


class CoSignature(models.Model):
    """联名 / 附议: a deputy invited by the lead deputy to co-sign. It counts only once confirmed
    before the suggestion is submitted (domain.md rule 7)."""

    class Status(models.TextChoices):
        INVITED = "invited", _("Invited")
        CONFIRMED = "confirmed", _("Confirmed")
        DECLINED = "declined", _("Declined")
        WITHDRAWN = "withdrawn", _("Invitation withdrawn")

    suggestion = models.ForeignKey(Suggestion, models.CASCADE, related_name="cosignatures")
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="cosignatures", verbose_name=_("deputy"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.INVITED)
    invited_at = models.DateTimeField(default=timezone.now)
    responded_at = models.DateTimeField(_("responded at"), null=True, blank=True)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        ordering = ["invited_at", "id"]
        verbose_name = _("co-signature")
        verbose_name_plural = _("co-signatures")
        constraints = [models.UniqueConstraint(fields=["suggestion", "deputy"], name="cosign_once")]

    def __str__(self):
        return f"{self.deputy} · {self.get_status_display()}"


class AssignmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The only place that decides which units' parts a user may see.

        Staff and leaders: all. A unit handler: their own unit's live parts (a returned or
        cancelled part is no longer theirs, and neither is its suggestion). A deputy: every part
        of the suggestions they see as a deputy. A deputy who also handles for a unit sees both.
        """
        if not user.is_authenticated:
            return self.none()
        if user.has_perm("suggestions.view_suggestion"):
            return self
        scope = _deputy_scope(user, "suggestion__")
        if user.unit_id:
            scope |= (Q(unit_id=user.unit_id, status__in=Assignment.LIVE_STATUSES)
                      & ~Q(suggestion__status=Suggestion.Status.DRAFT))
        return self.filter(scope)

    def answering(self):
        """Parts that answer the deputy: the lead unit, or each unit handling separately (not co-units)."""
        return self.filter(role__in=Assignment.ANSWERING_ROLES)

    def live(self):
        """Parts still the unit's: not returned to the office, not cancelled."""
        return self.filter(status__in=Assignment.LIVE_STATUSES)

    def open(self):
        """Parts the unit still has to act on: being handled, or re-handled after an unsatisfied rating."""
        return self.filter(status__in=Assignment.OPEN_STATUSES)

    def overdue(self, today=None):
        """THE definition of overdue (逾期), used by the staff home, the statistics, the filters
        and the API: an answering part (lead or separate unit, never a co-unit) that is open
        (being handled or re-handled) and whose deadline, extensions included, is before today.
        A part answered late is not overdue any more; its lateness shows in the on-time rate."""
        today = today or timezone.localdate()
        return self.answering().open().filter(due_on__lt=today)

    def with_pending_request(self):
        """Parts with a return or extension request awaiting the office's decision."""
        pending = OfficeRequest.Decision.PENDING
        return self.filter(
            Exists(ReassignmentRequest.objects.filter(assignment=OuterRef("pk"), decision=pending))
            | Exists(Extension.objects.filter(assignment=OuterRef("pk"), decision=pending)))


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Assignment(models.Model):
    """One unit's part in handling a suggestion (交办), with its own deadline."""

    class Role(models.TextChoices):
        LEAD = "lead", _("Lead unit")
        CO = "co", _("Co-unit")
        SEPARATE = "separate", _("Handles its own part")

    class Status(models.TextChoices):
        ASSIGNED = "assigned", _("Being handled")
        REPLIED = "replied", _("Replied")
        REHANDLING = "rehandling", _("Being re-handled")
        DONE = "done", _("Done")
        RETURNED = "returned", _("Returned to the office")
        CANCELLED = "cancelled", _("Cancelled")

    OPEN_STATUSES = (Status.ASSIGNED, Status.REHANDLING)
    LIVE_STATUSES = (Status.ASSIGNED, Status.REPLIED, Status.REHANDLING, Status.DONE)
    ENDED_STATUSES = (Status.RETURNED, Status.CANCELLED)
    ANSWERING_ROLES = (Role.LEAD, Role.SEPARATE)

    suggestion = models.ForeignKey(Suggestion, models.CASCADE, related_name="assignments")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="suggestion_assignments", verbose_name=_("unit"))
    role = models.CharField(_("role"), max_length=10, choices=Role.choices)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.ASSIGNED)
    assigned_on = models.DateField(_("assigned on"))
    assigned_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    due_on = models.DateField(_("reply due on"))
    original_due_on = models.DateField(_("original due date"))
    # Computed on weekdays only because a year it touches has no holiday calendar yet; recomputed
    # when staff load that year (congress.calendar.load_year).
    due_is_provisional = models.BooleanField(_("due date is provisional"), default=False)
    # The day the deadline's clock started (交办, the session's close, or re-交办), kept so that a
    # provisional deadline can be recomputed without guessing.
    due_start_on = models.DateField(_("deadline counted from"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    responsible_person = models.CharField(_("responsible person"), max_length=50, blank=True)
    responsible_phone = models.CharField(_("responsible person's phone"), max_length=30, blank=True)
    opinion = models.TextField(_("co-unit's opinion"), blank=True)
    opinion_at = models.DateTimeField(_("opinion sent at"), null=True, blank=True)
    replied_at = models.DateTimeField(_("replied at"), null=True, blank=True)
    # The part's current answer, kept by the reply and rating services, so that statistics are one
    # GROUP BY over assignments instead of a search for each part's latest reply and rating.
    first_replied_on = models.DateField(_("first answered on"), null=True, blank=True)
    first_due_on = models.DateField(_("deadline in force at the first answer"), null=True, blank=True)
    reply_category = models.CharField(_("latest reply category"), max_length=1, blank=True)
    satisfaction = models.CharField(_("latest rating"), max_length=20, blank=True)
    rating_due_on = models.DateField(_("rating due on"), null=True, blank=True)
    rating_due_is_provisional = models.BooleanField(_("rating due date is provisional"), default=False)

    objects = AssignmentQuerySet.as_manager()

    class Meta:
        # The lead unit first, then units answering separately, then co-units.
        ordering = ["suggestion", Case(When(role="lead", then=0), When(role="separate", then=1), default=2), "id"]
        verbose_name = _("assignment")
        verbose_name_plural = _("assignments")
        constraints = [
            models.UniqueConstraint(
                fields=["suggestion"], condition=Q(role="lead") & ~Q(status__in=["returned", "cancelled"]),
                name="one_lead_unit_per_suggestion",
            ),
            models.UniqueConstraint(
                fields=["suggestion", "unit"], condition=~Q(status__in=["returned", "cancelled"]),
                name="unit_assigned_once_per_suggestion",
            ),
            models.CheckConstraint(condition=Q(due_on__gte=F("assigned_on")), name="assignment_due_after_assigned"),
            models.CheckConstraint(
                condition=~Q(status__in=["replied", "done"]) | ~Q(role__in=["lead", "separate"])
                | Q(replied_at__isnull=False),
                name="replied_assignment_has_time",
            ),
        ]
        indexes = [
            models.Index(fields=["due_on"], condition=Q(status__in=["assigned", "rehandling"]),
                         name="assignment_open_due"),
            models.Index(fields=["unit", "status"], name="assignment_unit_status"),
        ]

    def __str__(self):
        return f"{self.suggestion} → {self.unit}"

    @property
    def answers(self) -> bool:
        """Whether this unit sends the deputy a reply (the lead unit, or each unit when separate)."""
        return self.role != self.Role.CO

    @property
    def is_open(self) -> bool:
        return self.status in self.OPEN_STATUSES

    def is_overdue(self, today=None) -> bool:
        """The row-level form of `AssignmentQuerySet.overdue`: the same three conditions."""
        return self.is_open and self.answers and self.due_on < (today or timezone.localdate())


class AssignmentChildQuerySet(models.QuerySet):
    """Rows that belong to one unit's part: seen by whoever sees the part."""

    def visible_to(self, user):
        return self.filter(assignment__in=Assignment.objects.visible_to(user))


class OfficeRequestQuerySet(AssignmentChildQuerySet):
    def pending(self):
        """Awaiting the office's decision."""
        return self.filter(decision=OfficeRequest.Decision.PENDING)


class OfficeRequest(requests.OfficeRequest):
    """A unit's written request that the office decides: a return (退回) or an extension (延期)."""

    objects = OfficeRequestQuerySet.as_manager()

    class Meta(requests.OfficeRequest.Meta):
        abstract = True


class ReassignmentRequest(OfficeRequest):
    """分办 / 退回: a unit asks the office to take back a case it thinks is not its business
    (domain.md rule 5); only within the return window, and only the office reassigns."""

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="reassignment_requests")
    suggested_unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="+",
                                       verbose_name=_("unit that should handle it"))

    class Meta(OfficeRequest.Meta):
        verbose_name = _("reassignment request")
        verbose_name_plural = _("reassignment requests")
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(decision="pending"),
                                    name="one_pending_reassignment_request"),
        ]

    def __str__(self):
        return f"{self.assignment} · {self.get_decision_display()}"


class Extension(OfficeRequest):
    """延期: a longer deadline, with a written reason, approved by the office and never past the
    legal maximum (domain.md rule 2)."""

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="extensions")
    requested_due_on = models.DateField(_("requested due date"))
    previous_due_on = models.DateField(_("previous due date"))

    class Meta(OfficeRequest.Meta):
        verbose_name = _("extension")
        verbose_name_plural = _("extensions")
        constraints = [
            models.UniqueConstraint(fields=["assignment"], condition=Q(decision="pending"),
                                    name="one_pending_extension"),
            models.CheckConstraint(condition=Q(requested_due_on__gt=F("previous_due_on")),
                                   name="extension_moves_the_date_later"),
        ]

    def __str__(self):
        return f"{self.assignment} → {self.requested_due_on}"


class ContactRecord(models.Model):
    """面商 / 沟通: a unit's contact with the deputy before replying."""

    class Method(models.TextChoices):
        FACE_TO_FACE = "face", _("Face to face")
        PHONE = "phone", _("By phone")
        SITE_VISIT = "visit", _("Site visit together")
        MEETING = "meeting", _("Meeting")
        OTHER = "other", _("Other")

    assignment = models.ForeignKey(Assignment, models.CASCADE, related_name="contacts")
    contacted_on = models.DateField(_("date"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    summary = models.TextField(_("summary"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = AssignmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["-contacted_on", "-id"]
        verbose_name = _("contact record")
        verbose_name_plural = _("contact records")

    def __str__(self):
        return f"{self.assignment} · {self.contacted_on}"


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Reply(models.Model):
    """答复: a unit's formal answer in one round (domain.md rule 11)."""

    # Rule 11 (config: labels and count): the choices come from SUGGESTIONS_REPLY_CATEGORIES when the
    # model is imported; services validate against the setting at call time (rules.reply_categories).
    Category = models.TextChoices("Category", {code: (code, label) for code, label
                                               in settings.SUGGESTIONS_REPLY_CATEGORIES})

    assignment = models.ForeignKey(Assignment, models.PROTECT, related_name="replies")
    round = models.PositiveSmallIntegerField(_("round"))
    category = models.CharField(_("reply category"), max_length=1, choices=Category.choices)
    body = models.TextField(_("reply text"))
    co_unit_opinions = models.TextField(_("co-units' opinions"), blank=True)
    signed_by = models.CharField(_("signed off by"), max_length=50)
    signed_by_head = models.BooleanField(_("signed off by the unit head"), default=False)
    attachment = models.FileField(_("reply letter"), upload_to="replies/%Y/", blank=True)
    replied_at = models.DateTimeField(_("replied at"), default=timezone.now)
    replied_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    evaluation_due_on = models.DateField(_("rating due on"))

    objects = AssignmentChildQuerySet.as_manager()

    class Meta:
        ordering = ["assignment_id", "round"]  # the id: following Assignment's own ordering would not work
        verbose_name = _("reply")
        verbose_name_plural = _("replies")
        constraints = [models.UniqueConstraint(fields=["assignment", "round"], name="one_reply_per_round")]

    def __str__(self):
        return f"{self.assignment} · {self.category}"


class ReplyChildQuerySet(models.QuerySet):
    """Rows that belong to one reply: seen by whoever sees the reply."""

    def visible_to(self, user):
        return self.filter(reply__in=Reply.objects.visible_to(user))


class ReplyReceipt(models.Model):
    """The reply as received by one signing deputy: the lead deputy and every confirmed
    co-signer get their own record (逐人答复, domain.md rule 7)."""

    reply = models.ForeignKey(Reply, models.CASCADE, related_name="receipts")
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="reply_receipts")
    delivered_at = models.DateTimeField(_("delivered at"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)

    objects = ReplyChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("reply receipt")
        verbose_name_plural = _("reply receipts")
        constraints = [models.UniqueConstraint(fields=["reply", "deputy"], name="reply_receipt_once")]

    def __str__(self):
        return f"{self.reply} → {self.deputy}"


class Commitment(models.Model):
    """承诺事项: what a B or C reply promises, tracked until fulfilled or explained."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        FULFILLED = "fulfilled", _("Fulfilled")
        EXPLAINED = "explained", _("Not fulfilled, explained")

    reply = models.ForeignKey(Reply, models.CASCADE, related_name="commitments")
    description = models.TextField(_("what was promised"))
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    resolved_at = models.DateTimeField(_("resolved at"), null=True, blank=True)
    resolution = models.TextField(_("how it ended"), blank=True)

    objects = ReplyChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("commitment")
        verbose_name_plural = _("commitments")
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | Q(resolved_at__isnull=False),
                                   name="resolved_commitment_has_time"),
        ]

    def __str__(self):
        return self.description[:40]


class Evaluation(models.Model):
    """回执 / 满意度测评: the lead deputy's rating of one reply (domain.md rule 12)."""

    class Satisfaction(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically_satisfied", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    class Aspect(models.TextChoices):
        GOOD = "good", _("Good")
        FAIR = "fair", _("Fair")
        POOR = "poor", _("Poor")

    reply = models.OneToOneField(Reply, models.PROTECT, related_name="evaluation")
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="evaluations")
    satisfaction = models.CharField(_("satisfaction"), max_length=20, choices=Satisfaction.choices)
    attitude = models.CharField(_("handling attitude"), max_length=4, choices=Aspect.choices)
    approach = models.CharField(_("handling approach"), max_length=4, choices=Aspect.choices)
    effect = models.CharField(_("handling effect"), max_length=4, choices=Aspect.choices)
    comment = models.TextField(_("comments"), blank=True)
    evaluated_at = models.DateTimeField(default=timezone.now)
    is_late = models.BooleanField(_("after the rating window"), default=False)

    objects = ReplyChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("evaluation")
        verbose_name_plural = _("evaluations")
        constraints = [
            # An unsatisfied rating reopens the case, so the deputy must say why (rule 3).
            models.CheckConstraint(condition=~Q(satisfaction="unsatisfied") | ~Q(comment=""),
                                   name="unsatisfied_rating_has_views"),
        ]

    def __str__(self):
        return f"{self.reply} · {self.get_satisfaction_display()}"


class KeySupervision(models.Model):
    """重点督办: a suggestion supervised by a leader and a committee (domain.md rule 14)."""

    suggestion = models.OneToOneField(Suggestion, models.CASCADE, related_name="key_supervision")
    leader = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="supervised_suggestions",
                               verbose_name=_("supervising leader"))
    committee = models.ForeignKey(Committee, models.PROTECT, related_name="supervised_suggestions",
                                  verbose_name=_("committee"))
    note = models.TextField(_("note"), blank=True)
    selected_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    selected_at = models.DateTimeField(default=timezone.now)

    objects = SuggestionChildQuerySet.as_manager()

    class Meta:
        verbose_name = _("key supervision")
        verbose_name_plural = _("key supervision")

    def __str__(self):
        return f"{self.suggestion} · {self.leader}"


class SupervisionActionQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(key_supervision__in=KeySupervision.objects.visible_to(user))


class SupervisionAction(models.Model):
    """One thing done to supervise a key suggestion: a meeting, a site visit, a hearing."""

    class Kind(models.TextChoices):
        MEETING = "meeting", _("Supervision meeting")
        VISIT = "visit", _("Site visit")
        HEARING = "hearing", _("Progress report heard")
        LETTER = "letter", _("Supervision letter")
        OTHER = "other", _("Other")

    key_supervision = models.ForeignKey(KeySupervision, models.CASCADE, related_name="actions")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    happened_on = models.DateField(_("date"))
    description = models.TextField(_("what was done"))
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    recorded_at = models.DateTimeField(default=timezone.now)

    objects = SupervisionActionQuerySet.as_manager()

    class Meta:
        ordering = ["-happened_on", "-id"]
        verbose_name = _("supervision action")
        verbose_name_plural = _("supervision actions")

    def __str__(self):
        return f"{self.get_kind_display()} {self.happened_on}"


class Statistic(models.Model):
    """Summary rows of the statistics roll-up (one SQL aggregation); dashboards read only these.

    One row per (year, meeting or all, dimension, unit or category). `meeting` empty = the year.
    """

    class Dimension(models.TextChoices):
        UNIT = "unit", _("Unit")
        CATEGORY = "category", _("Category")

    year = models.PositiveSmallIntegerField()
    meeting = models.ForeignKey(Meeting, models.CASCADE, null=True, blank=True, related_name="+")
    dimension = models.CharField(max_length=10, choices=Dimension.choices)
    unit = models.ForeignKey(Unit, models.CASCADE, null=True, blank=True, related_name="+")
    category = models.ForeignKey(Category, models.CASCADE, null=True, blank=True, related_name="+")
    assigned = models.PositiveIntegerField(default=0)
    replied = models.PositiveIntegerField(default=0)
    replied_on_time = models.PositiveIntegerField(default=0)
    overdue = models.PositiveIntegerField(default=0)
    category_a = models.PositiveIntegerField(default=0)
    category_b = models.PositiveIntegerField(default=0)
    category_c = models.PositiveIntegerField(default=0)
    category_d = models.PositiveIntegerField(default=0)
    # Answers per reply category code, whatever SUGGESTIONS_REPLY_CATEGORIES holds (3 or 4 letters,
    # 甲乙丙); category_a–d above are kept for the default A–D scheme and its API.
    category_counts = models.JSONField(default=dict, blank=True)
    # Rule 4: parts of between-session suggestions assigned after their assign-by date.
    assigned_late = models.PositiveIntegerField(default=0)
    evaluated = models.PositiveIntegerField(default=0)
    satisfied = models.PositiveIntegerField(default=0)
    basically_satisfied = models.PositiveIntegerField(default=0)
    unsatisfied = models.PositiveIntegerField(default=0)
    rating_missing = models.PositiveIntegerField(default=0)
    rehandled = models.PositiveIntegerField(default=0)
    commitments = models.PositiveIntegerField(default=0)
    commitments_fulfilled = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("suggestion statistic")
        verbose_name_plural = _("suggestion statistics")
        constraints = [
            models.UniqueConstraint(fields=["year", "meeting", "dimension", "unit", "category"],
                                    name="statistic_once", nulls_distinct=False),
        ]

    def __str__(self):
        return f"{self.year} {self.dimension} {self.unit_id or self.category_id}"

    @staticmethod
    def rate(part: int, whole: int) -> float | None:
        return round(part / whole, 4) if whole else None

    @property
    def on_time_rate(self):
        return self.rate(self.replied_on_time, self.replied)

    @property
    def satisfaction_rate(self):
        """满意率 counting 基本满意 too, as offices usually report it (domain.md rule 12)."""
        return self.rate(self.satisfied + self.basically_satisfied, self.evaluated)

    @property
    def strict_satisfaction_rate(self):
        return self.rate(self.satisfied, self.evaluated)

    @property
    def solved_rate(self):
        solved = sum(self.category_counts.get(code, 0) for code in settings.SUGGESTIONS_SOLVED_CATEGORIES)
        return self.rate(solved, self.replied)

    @property
    def fulfilment_rate(self):
        return self.rate(self.commitments_fulfilled, self.commitments)

