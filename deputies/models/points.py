"""Duty points (履职积分): the yearly point table, the records every duty leaves, attendance at
meetings, the nightly totals, the points notices (公示) with their objections, and the follow-ups
the bands call for (domain.md §4, rules 24–26)."""

import secrets

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from congress.models import Meeting
from deputies.models.register import Deputy


def _staff_like(user) -> bool:
    return user.is_authenticated and user.has_perm("congress.access_staff_ui")


class PointRuleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """The point table is public knowledge to everyone signed in (deputies see how they are scored)."""
        return self if user.is_authenticated else self.none()

    def for_year(self, year):
        return self.filter(year=year)


class PointRule(models.Model):
    """One item of one year's point table. A year's table is its own rows: preparing next year's
    never touches this year's, and a record keeps the points it was given (rule 24)."""

    class Category(models.TextChoices):
        MEETINGS = "meetings", _("Meetings")
        SUGGESTIONS = "suggestions", _("Suggestions")
        ACTIVITIES = "activities", _("Activities between sessions")
        CONTACT = "contact", _("Contact with residents")
        TRAINING = "training", _("Training")
        REPORT_BACK = "report_back", _("Report-back")
        DEDUCTIONS = "deductions", _("Deductions")
        ADJUSTMENTS = "adjustments", _("Adjustments")

    class Mode(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        SELF_REPORTED = "self_reported", _("Self-reported")
        MANUAL = "manual", _("Manual")

    year = models.PositiveSmallIntegerField(_("year"))
    item = models.CharField(_("item code"), max_length=40)
    name = models.CharField(_("name"), max_length=100)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices)
    points = models.DecimalField(_("points per occurrence"), max_digits=6, decimal_places=1)
    yearly_cap = models.DecimalField(_("yearly cap"), max_digits=7, decimal_places=1, null=True, blank=True)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.AUTOMATIC)

    objects = PointRuleQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "category", "item"]
        verbose_name = _("point rule")
        verbose_name_plural = _("point rules")
        constraints = [
            models.UniqueConstraint(fields=["year", "item"], name="pointrule_item_once_per_year"),
            models.CheckConstraint(condition=Q(year__gte=2000) & Q(year__lte=2200), name="pointrule_year_range"),
            models.CheckConstraint(condition=Q(yearly_cap__isnull=True) | Q(yearly_cap__gt=0),
                                   name="pointrule_cap_positive"),
        ]

    def __str__(self):
        return f"{self.year} · {self.name}"


class DutyRecordQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every record; a deputy sees their own (unverified ones included); nobody else any."""
        if not user.is_authenticated:
            return self.none()
        if _staff_like(user):
            return self
        return self.filter(deputy__user=user)

    def counted(self):
        return self.filter(status=DutyRecord.Status.COUNTED)

    def for_list(self):
        return self.select_related("deputy", "rule")


class DutyRecord(models.Model):
    """One performed duty and the points it was given. Only `counted` records count."""

    class Origin(models.TextChoices):
        AUTOMATIC = "automatic", _("Automatic")
        SELF_REPORTED = "self_reported", _("Self-reported")
        IMPORTED = "imported", _("Imported")
        ADJUSTMENT = "adjustment", _("Adjustment")

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting verification")
        COUNTED = "counted", _("Counted")
        RETURNED = "returned", _("Returned")
        REVERSED = "reversed", _("Reversed")

    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="duty_records", verbose_name=_("deputy"))
    rule = models.ForeignKey(PointRule, models.PROTECT, related_name="records", verbose_name=_("item"))
    item = models.CharField(_("item code"), max_length=40)
    category = models.CharField(_("category"), max_length=16, choices=PointRule.Category.choices)
    year = models.PositiveSmallIntegerField(_("year"))
    occurred_on = models.DateField(_("date"))
    points = models.DecimalField(_("points"), max_digits=6, decimal_places=1)
    origin = models.CharField(_("origin"), max_length=16, choices=Origin.choices, default=Origin.AUTOMATIC)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.COUNTED)
    source_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    source_id = models.BigIntegerField(null=True, blank=True)
    source = GenericForeignKey("source_type", "source_id")
    description = models.CharField(_("description"), max_length=500, blank=True)
    evidence = models.FileField(_("evidence"), upload_to="duty-evidence/%Y/", blank=True)
    note = models.CharField(_("note"), max_length=500, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("recorded by"))
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                   related_name="+", verbose_name=_("verified or approved by"))
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)
    return_reason = models.CharField(_("reason for return"), max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = DutyRecordQuerySet.as_manager()

    class Meta:
        ordering = ["-occurred_on", "-id"]
        verbose_name = _("duty record")
        verbose_name_plural = _("duty records")
        indexes = [
            # the yearly roll-up reads counted records of a year, grouped by deputy and item
            models.Index(fields=["year", "deputy", "rule"], name="dutyrecord_year_deputy",
                         condition=Q(status="counted"), include=["points", "occurred_on"]),
            models.Index(fields=["deputy", "-occurred_on"], name="dutyrecord_deputy_date"),
            models.Index(fields=["status", "origin"], name="dutyrecord_queue"),
        ]
        constraints = [
            # exactly once per (deputy, source object, item): the idempotency of record_duty (rule 24)
            models.UniqueConstraint(fields=["deputy", "source_type", "source_id", "item"],
                                    condition=Q(source_id__isnull=False), name="dutyrecord_once_per_source"),
            models.CheckConstraint(condition=Q(source_type__isnull=True, source_id__isnull=True)
                                   | Q(source_type__isnull=False, source_id__isnull=False),
                                   name="dutyrecord_source_complete"),
            # an adjustment counts only once someone other than its author approved it (rule 24)
            models.CheckConstraint(
                condition=~Q(origin="adjustment", status="counted")
                | (Q(decided_by__isnull=False) & ~Q(decided_by=F("created_by"))),
                name="dutyrecord_adjustment_second_person"),
            models.CheckConstraint(condition=~Q(origin="adjustment") | ~Q(note=""),
                                   name="dutyrecord_adjustment_reason"),
        ]

    def __str__(self):
        return f"{self.deputy} · {self.rule.name} · {self.points}"


class MeetingAttendanceQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _staff_like(user):
            return self
        return self.filter(deputy__user=user)


class MeetingAttendance(models.Model):
    """签到: one deputy at one meeting, recorded by staff or imported from the sign-in sheet."""

    class Status(models.TextChoices):
        PRESENT = "present", _("Present")
        HALF_DAY_LEAVE = "half_day_leave", _("Half a day on leave")
        ON_LEAVE = "on_leave", _("Absent with leave")
        ABSENT = "absent", _("Absent without leave")

    ITEMS = {
        Status.PRESENT: "meeting.present",
        Status.HALF_DAY_LEAVE: "meeting.half_day_leave",
        Status.ON_LEAVE: "meeting.absent_with_leave",
        Status.ABSENT: "meeting.absent_without_leave",
    }

    meeting = models.ForeignKey(Meeting, models.PROTECT, related_name="attendances", verbose_name=_("meeting"))
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="attendances", verbose_name=_("deputy"))
    status = models.CharField(_("attendance"), max_length=16, choices=Status.choices)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    recorded_at = models.DateTimeField(auto_now=True)

    objects = MeetingAttendanceQuerySet.as_manager()

    class Meta:
        ordering = ["meeting", "deputy"]
        verbose_name = _("meeting attendance")
        verbose_name_plural = _("meeting attendances")
        constraints = [models.UniqueConstraint(fields=["meeting", "deputy"], name="attendance_once")]

    def __str__(self):
        return f"{self.meeting} · {self.deputy} · {self.get_status_display()}"

    @property
    def item(self) -> str:
        return self.ITEMS[self.status]


class Band(models.TextChoices):
    GOOD = "good", _("Good")
    FAIR = "fair", _("Fairly good")
    POOR = "poor", _("Poor")


class PointsSummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _staff_like(user):
            return self
        return self.filter(deputy__user=user)


class PointsSummary(models.Model):
    """The nightly roll-up: a deputy's capped total, rank and band for a year (dashboards read it)."""

    deputy = models.ForeignKey(Deputy, models.CASCADE, related_name="points_summaries")
    year = models.PositiveSmallIntegerField(_("year"))
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=1)
    rank = models.PositiveIntegerField(_("rank"))
    band = models.CharField(_("band"), max_length=8, choices=Band.choices)
    by_category = models.JSONField(_("by category"), default=dict)
    computed_at = models.DateTimeField(auto_now=True)

    objects = PointsSummaryQuerySet.as_manager()

    class Meta:
        ordering = ["year", "rank", "deputy_id"]
        verbose_name = _("points summary")
        verbose_name_plural = _("points summaries")
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="pointssummary_once")]

    def __str__(self):
        return f"{self.deputy} · {self.year} · {self.total}"


class PointsNoticeQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Published and final notices are public (公示); drafts are the office's."""
        if user.is_authenticated and _staff_like(user):
            return self
        return self.exclude(status=PointsNotice.Status.DRAFT)


def _notice_slug() -> str:
    return secrets.token_urlsafe(9)


class PointsNotice(models.Model):
    """公示: a frozen snapshot of the year's points at a quarter's or the year's end, open to
    objections for a period, then approved by the 主任会议 and final for ever (rule 25)."""

    class Period(models.TextChoices):
        Q1 = "q1", _("First quarter")
        Q2 = "q2", _("Second quarter")
        Q3 = "q3", _("Third quarter")
        YEAR = "year", _("Year end")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        PUBLISHED = "published", _("Open for objections")
        FINAL = "final", _("Final")

    year = models.PositiveSmallIntegerField(_("year"))
    period = models.CharField(_("period"), max_length=4, choices=Period.choices)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    slug = models.CharField(max_length=16, unique=True, default=_notice_slug, editable=False)
    as_of = models.DateField(_("points as of"))
    objections_until = models.DateField(_("objections until"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    approval_note = models.CharField(_("approval (director's meeting)"), max_length=300, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")

    objects = PointsNoticeQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-as_of", "-id"]
        verbose_name = _("points notice")
        verbose_name_plural = _("points notices")
        constraints = [
            models.UniqueConstraint(fields=["year", "period"], name="pointsnotice_once_per_period"),
            models.CheckConstraint(condition=Q(status="draft") | Q(objections_until__isnull=False),
                                   name="pointsnotice_published_has_period"),
        ]

    def __str__(self):
        return f"{self.year} · {self.get_period_display()}"


class PointsNoticeEntryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(notice__in=PointsNotice.objects.visible_to(user))


class PointsNoticeEntry(models.Model):
    """One deputy's line in a notice, copied at publication: later records never change it."""

    notice = models.ForeignKey(PointsNotice, models.PROTECT, related_name="entries")
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="notice_entries")
    deputy_name = models.CharField(max_length=50)
    delegation_name = models.CharField(max_length=100, blank=True)
    total = models.DecimalField(max_digits=8, decimal_places=1)
    rank = models.PositiveIntegerField()
    band = models.CharField(max_length=8, choices=Band.choices)
    by_category = models.JSONField(default=dict)

    objects = PointsNoticeEntryQuerySet.as_manager()

    class Meta:
        ordering = ["notice", "rank", "deputy_name", "id"]
        constraints = [models.UniqueConstraint(fields=["notice", "deputy"], name="noticeentry_once")]

    def __str__(self):
        return f"{self.deputy_name} · {self.total}"


class PointsObjectionQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if _staff_like(user):
            return self
        return self.filter(Q(entry__deputy__user=user) | Q(submitted_by=user))


class PointsObjection(models.Model):
    """错重漏: an error, a duplicate or an omission pointed out during the objection period."""

    class Kind(models.TextChoices):
        ERROR = "error", _("Error")
        DUPLICATE = "duplicate", _("Duplicate")
        OMISSION = "omission", _("Omission")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        UPHELD = "upheld", _("Upheld: corrected")
        DISMISSED = "dismissed", _("Dismissed")

    notice = models.ForeignKey(PointsNotice, models.PROTECT, related_name="objections")
    entry = models.ForeignKey(PointsNoticeEntry, models.PROTECT, related_name="objections",
                              verbose_name=_("line"))
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    reason = models.TextField(_("reason"), max_length=2000)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    # a member of the public: name and contact for staff only
    public_name = models.CharField(_("your name"), max_length=50, blank=True)
    public_contact = models.CharField(_("contact (staff only)"), max_length=100, blank=True)
    # a keyed hash of the sender's address, for the public form's rate limit; never the address itself
    client_hash = models.CharField(max_length=64, blank=True, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    answer = models.TextField(_("answer"), max_length=2000, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                    related_name="+")
    answered_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = PointsObjectionQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("objection")
        verbose_name_plural = _("objections")
        constraints = [
            models.CheckConstraint(condition=Q(status="open") | ~Q(answer=""), name="objection_answered_in_writing"),
        ]

    def __str__(self):
        return f"{self.get_kind_display()} · {self.entry.deputy_name}"


class FollowUpQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated and _staff_like(user) else self.none()


class PointsFollowUp(models.Model):
    """What a band calls for, for a person to decide: nothing is sanctioned automatically (rule 26)."""

    class Kind(models.TextChoices):
        TALK = "talk", _("Talk with the deputy (约谈)")
        REVIEW = "review", _("Two poor years: review (劝辞/罢免)")
        RENOMINATION = "renomination", _("Re-nomination candidate")

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    deputy = models.ForeignKey(Deputy, models.CASCADE, related_name="points_follow_ups")
    year = models.PositiveSmallIntegerField(_("year"))
    kind = models.CharField(_("kind"), max_length=14, choices=Kind.choices)
    status = models.CharField(_("status"), max_length=6, choices=Status.choices, default=Status.OPEN)
    total = models.DecimalField(_("total"), max_digits=8, decimal_places=1)
    outcome = models.CharField(_("outcome"), max_length=500, blank=True)
    done_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = FollowUpQuerySet.as_manager()

    class Meta:
        ordering = ["status", "-year", "kind", "id"]
        verbose_name = _("points follow-up")
        verbose_name_plural = _("points follow-ups")
        constraints = [models.UniqueConstraint(fields=["deputy", "year", "kind"], name="followup_once")]

    def __str__(self):
        return f"{self.deputy} · {self.year} · {self.get_kind_display()}"


class SignInSheetQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self if user.is_authenticated and _staff_like(user) else self.none()


class SignInSheet(models.Model):
    """An uploaded sign-in sheet (签到表): parsed into a preview; records are written only when
    every row is valid, all in one transaction."""

    class Status(models.TextChoices):
        PREVIEW = "preview", _("Preview")
        APPLIED = "applied", _("Applied")

    file_name = models.CharField(max_length=200)
    rows = models.JSONField(default=list)
    error_count = models.PositiveIntegerField(default=0)
    status = models.CharField(max_length=8, choices=Status.choices, default=Status.PREVIEW)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = SignInSheetQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("sign-in sheet")
        verbose_name_plural = _("sign-in sheets")

    def __str__(self):
        return self.file_name
