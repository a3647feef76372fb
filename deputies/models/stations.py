"""Stations' work (家站点, domain.md §5): reception shifts, residents' issues, liaisons and voter
monitors, report-backs (述职) and their ratings, and the public forms' rate-limit log.

Scope lives here, one `visible_to(user)` per model (style.md B1 rule 3). A resident's contact
details (`ResidentIssue.resident_contact`, `Liaison.phone`) are personal data: only office staff see
them, and the deputy, unit, keeper and public surfaces use their own serializers and templates
that never name those fields (see `deputies.stations_rules.can_see_resident_contact`).
"""

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import roles
from congress.models import Station, Unit
from deputies.models.register import Deputy

__all__ = [
    "Liaison", "PublicSubmission", "Reception", "ReceptionDeputy", "ReportBack", "ReportBackRating",
    "ResidentIssue", "hash_code",
]


def hash_code(code: str) -> str:
    """Lookup codes and rating tokens are stored as SHA-256 only: a database dump reveals none."""
    return hashlib.sha256(code.strip().upper().encode()).hexdigest()


def _is_office(user) -> bool:
    return user.is_authenticated and user.has_perm("congress.access_staff_ui")


def _deputy_id(user):
    deputy = getattr(user, "deputy", None) if user.is_authenticated else None
    return deputy.pk if deputy is not None else None


class ReceptionQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all; a station keeper: their station's; a deputy: the shifts they are on or at
        their own station; anyone else: none (the public reads announced shifts on public pages)."""
        if not user.is_authenticated:
            return self.none()
        if _is_office(user):
            return self
        condition = Q(pk__in=[])
        if user.station_id and user.in_role(roles.STATION_KEEPER):
            condition |= Q(station_id=user.station_id)
        deputy_id = _deputy_id(user)
        if deputy_id:
            condition |= Q(Exists(ReceptionDeputy.objects.filter(reception=OuterRef("pk"), deputy_id=deputy_id)))
        return self.filter(condition)

    def announced(self):
        return self.filter(status__in=[Reception.Status.SCHEDULED, Reception.Status.HELD],
                           announced_at__isnull=False)

    def for_list(self):
        return self.select_related("station").prefetch_related("shifts__deputy")


class Reception(models.Model):
    """接待选民 / 进站: one reception shift at a station, with the deputies assigned to it."""

    class Status(models.TextChoices):
        SCHEDULED = "scheduled", _("Scheduled")
        HELD = "held", _("Held")
        CANCELLED = "cancelled", _("Cancelled")

    station = models.ForeignKey(Station, models.PROTECT, related_name="receptions", verbose_name=_("station"))
    starts_at = models.DateTimeField(_("starts at"))
    ends_at = models.DateTimeField(_("ends at"))
    topic = models.CharField(_("topic"), max_length=200, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.SCHEDULED)
    announced_at = models.DateTimeField(_("announced at"), null=True, blank=True)
    held_note = models.TextField(_("record of the reception"), blank=True)
    residents_received = models.PositiveIntegerField(_("residents received"), default=0)
    deputies = models.ManyToManyField(Deputy, through="ReceptionDeputy", related_name="receptions",
                                      verbose_name=_("deputies"))
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ReceptionQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_at", "id"]
        verbose_name = _("reception")
        verbose_name_plural = _("receptions")
        indexes = [models.Index(fields=["station", "starts_at"], name="reception_station_start")]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=models.F("starts_at")), name="reception_ends_after_start"),
        ]

    def __str__(self):
        local = timezone.localtime(self.starts_at)
        return f"{self.station} {local:%Y-%m-%d %H:%M}"


class ReceptionDeputy(models.Model):
    """A deputy on a shift; `attended` is recorded when the shift is held (None until then)."""

    reception = models.ForeignKey(Reception, models.CASCADE, related_name="shifts", verbose_name=_("reception"))
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="reception_shifts", verbose_name=_("deputy"))
    attended = models.BooleanField(_("came"), null=True, blank=True)

    class Meta:
        ordering = ["reception", "deputy__name"]
        verbose_name = _("reception shift")
        verbose_name_plural = _("reception shifts")
        constraints = [models.UniqueConstraint(fields=["reception", "deputy"], name="reception_deputy_once")]

    def __str__(self):
        return f"{self.reception} · {self.deputy}"


class ResidentIssueQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all. A unit handler: issues routed to their unit. A deputy: issues addressed to
        them or raised at a shift they were on. A keeper: their station's. Anyone else: none (the
        resident follows theirs by lookup code, not through this scope)."""
        if not user.is_authenticated:
            return self.none()
        if _is_office(user):
            return self
        condition = Q(pk__in=[])
        if user.unit_id and user.in_role(roles.UNIT_HANDLER):
            condition |= Q(unit_id=user.unit_id, route__in=[ResidentIssue.Route.SUBDISTRICT, ResidentIssue.Route.UNIT])
        if user.station_id and user.in_role(roles.STATION_KEEPER):
            condition |= Q(station_id=user.station_id)
        deputy_id = _deputy_id(user)
        if deputy_id:
            condition |= Q(deputy_id=deputy_id) | Q(
                Exists(ReceptionDeputy.objects.filter(reception=OuterRef("reception_id"), deputy_id=deputy_id)))
        return self.filter(condition)

    def for_list(self):
        return self.select_related("station", "deputy", "unit", "reception")


class ResidentIssue(models.Model):
    """群众意见 / 民生小事: a resident's request raised at a reception or through a QR page (rule 28)."""

    class Channel(models.TextChoices):
        RECEPTION = "reception", _("At a reception")
        DEPUTY_QR = "deputy_qr", _("Deputy's QR code")
        STATION_QR = "station_qr", _("Station's QR code")

    class Route(models.TextChoices):
        NONE = "", _("Not yet routed")
        ON_SPOT = "on_spot", _("Answered on the spot")
        SUBDISTRICT = "subdistrict", _("Sent to the sub-district")
        UNIT = "unit", _("Sent to a district unit")
        SUGGESTION = "suggestion", _("Turned into a suggestion")
        REFUSED = "refused", _("Refused with a redirect note")

    class Status(models.TextChoices):
        NEW = "new", _("New")
        ROUTED = "routed", _("With the handling body")
        ANSWERED = "answered", _("Answered")
        CONVERTED = "converted", _("Turned into a suggestion")
        REFUSED = "refused", _("Refused")
        CLOSED = "closed", _("Closed")

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    OPEN_STATUSES = (Status.NEW, Status.ROUTED)

    channel = models.CharField(_("raised through"), max_length=12, choices=Channel.choices)
    station = models.ForeignKey(Station, models.PROTECT, null=True, blank=True, related_name="resident_issues",
                                verbose_name=_("station"))
    deputy = models.ForeignKey(Deputy, models.PROTECT, null=True, blank=True, related_name="resident_issues",
                               verbose_name=_("deputy"))
    reception = models.ForeignKey(Reception, models.PROTECT, null=True, blank=True, related_name="issues",
                                  verbose_name=_("reception"))
    subject = models.CharField(_("subject"), max_length=100)
    content = models.TextField(_("content"))
    resident_name = models.CharField(_("resident's name"), max_length=50, blank=True)
    # Staff only (never in deputy, unit, keeper or public rows): a phone number or an address.
    resident_contact = models.CharField(_("resident's contact details"), max_length=100, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.NEW)
    route = models.CharField(_("route"), max_length=12, choices=Route.choices, blank=True, default=Route.NONE)
    unit = models.ForeignKey(Unit, models.PROTECT, null=True, blank=True, related_name="resident_issues",
                             verbose_name=_("handling unit"))
    due_on = models.DateField(_("due on"), null=True, blank=True)
    routed_at = models.DateTimeField(_("routed at"), null=True, blank=True)
    route_note = models.TextField(_("routing note"), blank=True)
    answer = models.TextField(_("answer"), blank=True)
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    answered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                    related_name="+", verbose_name=_("answered by"))
    # The draft suggestion it became (suggestions sits above deputies: an id, not a foreign key).
    suggestion_ref = models.PositiveBigIntegerField(_("suggestion"), null=True, blank=True)
    rating = models.CharField(_("resident's rating"), max_length=12, choices=Rating.choices, blank=True)
    rating_comment = models.TextField(_("resident's comment"), blank=True)
    rated_at = models.DateTimeField(_("rated at"), null=True, blank=True)
    lookup_digest = models.CharField(max_length=64, unique=True, editable=False)
    created_at = models.DateTimeField(_("raised at"), default=timezone.now, db_index=True)

    objects = ResidentIssueQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("resident issue")
        verbose_name_plural = _("resident issues")
        indexes = [
            models.Index(fields=["unit", "status", "due_on"], name="resident_issue_unit_due"),
            models.Index(fields=["status", "created_at"], name="resident_issue_status"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(route__in=["subdistrict", "unit"]) | (Q(unit__isnull=False) & Q(due_on__isnull=False)),
                name="resident_issue_routed_has_unit_and_due"),
            models.CheckConstraint(condition=Q(rating="") | Q(answered_at__isnull=False),
                                   name="resident_issue_rated_after_answer"),
        ]

    def __str__(self):
        return self.subject

    @property
    def is_overdue(self):
        return self.status == self.Status.ROUTED and self.due_on is not None and self.due_on < timezone.localdate()


class LiaisonQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all; a deputy: their own liaisons and monitors; anyone else: none."""
        if not user.is_authenticated:
            return self.none()
        if _is_office(user):
            return self
        deputy_id = _deputy_id(user)
        return self.filter(deputy_id=deputy_id) if deputy_id else self.none()


class Liaison(models.Model):
    """民情联络员 (about three per deputy) or 选民监督员 (invited to report-backs), with the deputy."""

    class Kind(models.TextChoices):
        LIAISON = "liaison", _("Liaison")
        MONITOR = "monitor", _("Voter monitor")

    deputy = models.ForeignKey(Deputy, models.CASCADE, related_name="liaisons", verbose_name=_("deputy"))
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices, default=Kind.LIAISON)
    name = models.CharField(_("full name"), max_length=50)
    community = models.CharField(_("community"), max_length=100, blank=True)
    phone = models.CharField(_("contact phone"), max_length=30, blank=True)  # staff only
    is_active = models.BooleanField(_("active"), default=True)

    objects = LiaisonQuerySet.as_manager()

    class Meta:
        ordering = ["deputy", "kind", "name"]
        verbose_name = _("liaison")
        verbose_name_plural = _("liaisons")

    def __str__(self):
        return self.name


class ReportBackQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Office: all; a deputy: their own; anyone else signed in: the published ones."""
        if not user.is_authenticated:
            return self.none()
        if _is_office(user):
            return self
        condition = Q(status=ReportBack.Status.PUBLISHED)
        deputy_id = _deputy_id(user)
        if deputy_id:
            condition |= Q(deputy_id=deputy_id)
        return self.filter(condition)


class ReportBack(models.Model):
    """述职 (rule 29): a deputy reports to the voters; residents present rate; the result is published."""

    class Status(models.TextChoices):
        PLANNED = "planned", _("Planned")
        HELD = "held", _("Held")
        PUBLISHED = "published", _("Published")

    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="report_backs", verbose_name=_("deputy"))
    year = models.PositiveSmallIntegerField(_("year"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.PLANNED)
    station = models.ForeignKey(Station, models.PROTECT, null=True, blank=True, related_name="report_backs",
                                verbose_name=_("station"))
    held_on = models.DateField(_("held on"), null=True, blank=True)
    report = models.TextField(_("report"), blank=True)
    comments = models.TextField(_("voters' comments"), blank=True)
    # Phones rate through the meeting's QR code while the meeting is open for rating.
    rating_digest = models.CharField(max_length=64, blank=True, editable=False)
    rating_open = models.BooleanField(_("open for rating"), default=False)
    satisfied = models.PositiveIntegerField(_("satisfied"), default=0)
    basically = models.PositiveIntegerField(_("basically satisfied"), default=0)
    unsatisfied = models.PositiveIntegerField(_("unsatisfied"), default=0)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = ReportBackQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "deputy__name"]
        verbose_name = _("report-back")
        verbose_name_plural = _("report-backs")
        constraints = [models.UniqueConstraint(fields=["deputy", "year"], name="report_back_once_a_year")]

    def __str__(self):
        return f"{self.deputy} {self.year}"

    @property
    def ratings_total(self):
        return self.satisfied + self.basically + self.unsatisfied

    @property
    def satisfaction_rate(self):
        """Satisfied and basically satisfied over all ratings (None before any rating)."""
        total = self.ratings_total
        return None if not total else round((self.satisfied + self.basically) / total, 3)


class ReportBackRating(models.Model):
    """One resident's rating of a report-back: on paper (entered by staff) or by phone."""

    class Channel(models.TextChoices):
        PAPER = "paper", _("On paper")
        PHONE = "phone", _("By phone")

    report_back = models.ForeignKey(ReportBack, models.CASCADE, related_name="ratings", verbose_name=_("report-back"))
    rating = models.CharField(_("rating"), max_length=12, choices=ResidentIssue.Rating.choices)
    comment = models.TextField(_("comment"), blank=True)
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    created_at = models.DateTimeField(_("time"), default=timezone.now)

    class Meta:
        ordering = ["report_back", "id"]
        verbose_name = _("report-back rating")
        verbose_name_plural = _("report-back ratings")

    def __str__(self):
        return f"{self.report_back}: {self.rating}"


class PublicSubmission(models.Model):
    """What the public forms count per address (messages, failed lookups, phone ratings): kept in the
    database, not the cache, so the limit holds across workers and with Redis stopped."""

    class Kind(models.TextChoices):
        MESSAGE = "message", _("Message")
        LOOKUP_FAILURE = "lookup_failure", _("Failed lookup")
        RATING = "rating", _("Rating")

    kind = models.CharField(max_length=16, choices=Kind.choices)
    address = models.GenericIPAddressField()
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["kind", "address", "created_at"], name="public_submission_window")]
        verbose_name = _("public submission")
        verbose_name_plural = _("public submissions")

    def __str__(self):
        return f"{self.kind} {self.address}"
