"""The shared core: the institution's registers, users, audit, notifications and reminders.

Registers (Term, Meeting, Unit, Committee, Station) carry pghistory row history: triggers record
every insert, update and delete with the acting user, so no code path can change them unseen.
The business timeline of each object is `AuditEvent`, written by the services (congress/audit.py).
"""

import hashlib

import pghistory
import pghistory.models
from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

mobile_validator = RegexValidator(r"^1[3-9]\d{9}$", _("Enter an 11-digit mainland mobile number."))


class RegisterQuerySet(models.QuerySet):
    """Registers are public knowledge inside the platform: every signed-in user may read them."""

    def visible_to(self, user):
        return self if user.is_authenticated else self.none()

    def active(self):
        return self.filter(is_active=True)


# --------------------------------------------------------------------------- the institution


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Term(models.Model):
    """届: a five-year term of the district congress."""

    number = models.PositiveSmallIntegerField(_("term number"), unique=True)
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["-number"]
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        constraints = [
            models.CheckConstraint(condition=Q(ends_on__gt=F("starts_on")), name="term_ends_after_start"),
            models.CheckConstraint(condition=Q(number__gte=1), name="term_number_positive"),
        ]

    def __str__(self):
        return _("Term %(number)s") % {"number": self.number}

    @classmethod
    def current(cls, today=None):
        today = today or timezone.localdate()
        return cls.objects.filter(starts_on__lte=today, ends_on__gte=today).order_by("-number").first()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Meeting(models.Model):
    """人代会会议 or 常委会会议: one numbered sitting within a term."""

    class Kind(models.TextChoices):
        CONGRESS_SESSION = "congress_session", _("Congress session")
        STANDING_COMMITTEE = "standing_committee", _("Standing committee meeting")

    term = models.ForeignKey(Term, models.PROTECT, related_name="meetings", verbose_name=_("term"))
    kind = models.CharField(_("kind"), max_length=32, choices=Kind.choices)
    number = models.PositiveSmallIntegerField(_("number"))
    starts_on = models.DateField(_("starts on"))
    ends_on = models.DateField(_("ends on"))
    location = models.CharField(_("location"), max_length=200, blank=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["-starts_on", "kind", "-number"]
        verbose_name = _("meeting")
        verbose_name_plural = _("meetings")
        constraints = [
            models.UniqueConstraint(fields=["term", "kind", "number"], name="meeting_number_unique_in_term"),
            models.CheckConstraint(condition=Q(ends_on__gte=F("starts_on")), name="meeting_ends_after_start"),
            models.CheckConstraint(condition=Q(number__gte=1), name="meeting_number_positive"),
        ]

    def __str__(self):
        return self.title_of(self.kind, self.number, self.term.number)

    @classmethod
    def title_of(cls, kind: str, number: int, term_number: int) -> str:
        """The meeting's name from its columns alone (the API's plain list rows have no instance)."""
        if kind == cls.Kind.CONGRESS_SESSION:
            template = _("Session %(number)s of congress term %(term)s")
        else:
            template = _("Standing committee meeting %(number)s of term %(term)s")
        return template % {"number": number, "term": term_number}


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Unit(models.Model):
    """承办单位: any body that handles the congress's work."""

    class Kind(models.TextChoices):
        GOVERNMENT = "government", _("Government department")
        SUPERVISION = "supervision", _("Supervision commission")
        COURT = "court", _("Court")
        PROCURATORATE = "procuratorate", _("Procuratorate")
        SUBDISTRICT = "subdistrict", _("Sub-district or town")
        OTHER = "other", _("Other")

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.GOVERNMENT)
    contact_person = models.CharField(_("contact person"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=30, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("unit")
        verbose_name_plural = _("units")

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Committee(models.Model):
    """专门委员会 / 工作委员会."""

    name = models.CharField(_("name"), max_length=100, unique=True)
    short_name = models.CharField(_("short name"), max_length=30, blank=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("committee")
        verbose_name_plural = _("committees")

    def __str__(self):
        return self.name


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), pghistory.DeleteEvent())
class Station(models.Model):
    """代表之家 / 代表联络站 / 联络点: where deputies meet voters."""

    class Kind(models.TextChoices):
        HOME = "home", _("Deputies' home")
        STATION = "station", _("Liaison station")
        POINT = "point", _("Liaison point")

    name = models.CharField(_("name"), max_length=100, unique=True)
    code = models.SlugField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices, default=Kind.STATION)
    subdistrict = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="stations",
        limit_choices_to={"kind": Unit.Kind.SUBDISTRICT}, verbose_name=_("sub-district"),
    )
    address = models.CharField(_("address"), max_length=200, blank=True)
    opening_hours = models.CharField(_("opening hours"), max_length=100, blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    objects = RegisterQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "name"]
        verbose_name = _("station")
        verbose_name_plural = _("stations")

    def __str__(self):
        return self.name


# --------------------------------------------------------------------------- users and roles


class User(AbstractUser):
    """A person who signs in. Roles are groups (congress/roles.py).

    A unit handler is linked to a unit, a station keeper to a station; a deputy's account is
    linked from `deputies.Deputy.user`, because the deputies app sits above this one.
    """

    name = models.CharField(_("full name"), max_length=50, blank=True)
    phone = models.CharField(_("mobile phone"), max_length=11, blank=True, validators=[mobile_validator])
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="handlers", verbose_name=_("unit")
    )
    station = models.ForeignKey(
        Station, models.PROTECT, null=True, blank=True, related_name="keepers", verbose_name=_("station")
    )

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("access_staff_ui", _("Can use the staff pages")),
            ("access_portal", _("Can use the portal")),
        ]

    def get_full_name(self):
        return self.name or super().get_full_name() or self.username

    def __str__(self):
        return self.get_full_name()

    def in_role(self, role: str) -> bool:
        return any(group.name == role for group in self.groups.all())


# --------------------------------------------------------------------------- audit


class AuditEvent(models.Model):
    """One event on an object's timeline: who did what, when, with what note.

    Written only by services through `congress.audit.record`, inside their transaction.
    """

    content_type = models.ForeignKey(ContentType, models.PROTECT)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    action = models.CharField(_("action"), max_length=80)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("actor")
    )
    note = models.TextField(_("note"), blank=True)
    data = models.JSONField(default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now, db_index=True)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        indexes = [models.Index(fields=["content_type", "object_id", "created_at"], name="audit_by_object")]

    def __str__(self):
        return f"{self.action} #{self.object_id}"


# --------------------------------------------------------------------------- notifications and the outbox


class Notification(models.Model):
    """An in-app message in one user's inbox. Always written; email and SMS are Deliveries."""

    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="notifications", verbose_name=_("recipient")
    )
    kind = models.CharField(_("kind"), max_length=80)
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    # What happened, as `congress.texts.Text` JSON ({"title": …, "body": …}): pages render it in the
    # reader's language; `title` and `body` above keep the office-language copy (admin, search, SMS).
    message = models.JSONField(_("message"), default=dict, blank=True)
    created_at = models.DateTimeField(_("time"), default=timezone.now)
    read_at = models.DateTimeField(_("read at"), null=True, blank=True)
    # A notification that asks for an action names what it is about and which action answers it:
    # `congress.notifications.clear(subject, action)` marks it read when that action is done, so the
    # bell counts only what still waits for the reader.
    subject_type = models.ForeignKey(ContentType, models.CASCADE, null=True, blank=True, related_name="+",
                                     verbose_name=_("subject type"))
    subject_id = models.PositiveBigIntegerField(_("subject id"), null=True, blank=True)
    action = models.CharField(_("awaited action"), max_length=40, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [
            models.Index(fields=["recipient", "-created_at"], name="notification_inbox"),
            models.Index(fields=["recipient"], condition=Q(read_at__isnull=True), name="notification_unread"),
            models.Index(fields=["subject_type", "subject_id", "action"], condition=Q(read_at__isnull=True),
                         name="notification_awaiting"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_read(self):
        return self.read_at is not None

    def _rendered(self, part: str, stored: str) -> str:
        from congress.texts import Text

        text = Text.from_json((self.message or {}).get(part))
        return text.render() if text is not None else stored

    @property
    def display_title(self) -> str:
        """The title in the active language (the reader's), falling back to the stored copy."""
        return self._rendered("title", self.title)

    @property
    def display_body(self) -> str:
        return self._rendered("body", self.body)


class Delivery(models.Model):
    """A pending email or SMS: the outbox. Requests write it; the `deliver_pending` sweep sends it."""

    class Channel(models.TextChoices):
        EMAIL = "email", _("Email")
        SMS = "sms", _("SMS")

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENDING = "sending", _("Sending")
        SENT = "sent", _("Sent")
        FAILED = "failed", _("Failed")

    notification = models.ForeignKey(
        Notification, models.CASCADE, null=True, blank=True, related_name="deliveries"
    )
    channel = models.CharField(_("channel"), max_length=8, choices=Channel.choices)
    address = models.CharField(_("address"), max_length=254)
    subject = models.CharField(_("subject"), max_length=200, blank=True)
    body = models.TextField(_("body"))
    state = models.CharField(_("state"), max_length=8, choices=State.choices, default=State.PENDING)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("last error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    # Set, in its own committed transaction, when a sweep claims the row to send it: a row left
    # "sending" by a killed worker is retried only after CONGRESS_DELIVERY_CLAIM_SECONDS, and only
    # with the same idempotency key, so the gateway can drop the repeat.
    claimed_at = models.DateTimeField(_("claimed at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("delivery")
        verbose_name_plural = _("deliveries")
        indexes = [
            models.Index(fields=["created_at"], condition=Q(state="pending"), name="delivery_pending"),
            models.Index(fields=["claimed_at"], condition=Q(state="sending"), name="delivery_sending"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="sent_delivery_has_time"
            ),
        ]

    def __str__(self):
        return f"{self.get_channel_display()} → {self.address}"

    @property
    def idempotency_key(self) -> str:
        """The same for every attempt at this row, different for every row: what a gateway dedupes on."""
        return f"congress-delivery-{self.pk}"


class Reminder(models.Model):
    """A reminder that falls due on a date, for one recipient, about one object.

    Apps create reminders in daily sweeps with set-based inserts; the unique key per
    (object, kind, due date, recipient) makes a second sweep, a retry or a second beat harmless.
    `deliver_due_reminders` turns due rows into notifications. Never a Celery countdown.
    """

    class State(models.TextChoices):
        PENDING = "pending", _("Pending")
        SENT = "sent", _("Sent")
        CANCELLED = "cancelled", _("Cancelled")

    content_type = models.ForeignKey(ContentType, models.CASCADE)
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    kind = models.CharField(_("kind"), max_length=80)
    due_on = models.DateField(_("due on"))
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.CASCADE, related_name="reminders", verbose_name=_("recipient")
    )
    title = models.CharField(_("title"), max_length=200)
    body = models.TextField(_("body"), blank=True)
    url = models.CharField(_("link"), max_length=300, blank=True)
    channels = models.JSONField(_("channels"), default=list, blank=True)
    # {"title": Text JSON, "body": Text JSON} (congress/texts.py): the inbox shows the reminder in
    # the reader's language; title and body above are the office-language copy (SMS, email, admin).
    message = models.JSONField(_("message"), default=dict, blank=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("reminder")
        verbose_name_plural = _("reminders")
        constraints = [
            models.UniqueConstraint(
                fields=["content_type", "object_id", "kind", "due_on", "recipient"], name="reminder_once"
            ),
            models.CheckConstraint(
                condition=~Q(state="sent") | Q(sent_at__isnull=False), name="sent_reminder_has_time"
            ),
        ]
        indexes = [models.Index(fields=["due_on"], condition=Q(state="pending"), name="reminder_pending")]

    def __str__(self):
        return f"{self.kind} {self.due_on}"


# --------------------------------------------------------------------------- API tokens and worker health


def hash_token(key: str) -> str:
    # Keys are 256-bit random strings, so one SHA-256 is enough; a slow password hash would only
    # cost every API request time without adding safety.
    return hashlib.sha256(key.encode()).hexdigest()


@pghistory.track(pghistory.InsertEvent(), pghistory.UpdateEvent(), exclude=["last_used_at"])
class ApiToken(models.Model):
    """A named API credential for an outside system. Only the SHA-256 of the key is stored."""

    class Scope(models.TextChoices):
        READ = "read", _("Read")
        UNIT_REPLY = "unit-reply", _("Reply for one unit")
        STATS = "stats", _("Statistics")

    name = models.CharField(_("name"), max_length=100, unique=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, models.PROTECT, related_name="api_tokens",
        verbose_name=_("acts as user"),
        help_text=_("The account whose roles and scope the token's requests get."),
    )
    prefix = models.CharField(_("key prefix"), max_length=12, editable=False)
    digest = models.CharField(max_length=64, unique=True, editable=False)
    scopes = models.JSONField(_("scopes"), default=list)
    unit = models.ForeignKey(
        Unit, models.PROTECT, null=True, blank=True, related_name="api_tokens", verbose_name=_("unit"),
        help_text=_("Required for the unit-reply scope: the only unit this token may answer for."),
    )
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used at"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("API token")
        verbose_name_plural = _("API tokens")
        constraints = [
            models.CheckConstraint(
                condition=~Q(scopes__contains=["unit-reply"]) | Q(unit__isnull=False),
                name="unit_reply_token_has_unit",
            ),
        ]

    def __str__(self):
        return f"{self.name} ({self.prefix}…)"

    @property
    def is_usable(self):
        now = timezone.now()
        return self.revoked_at is None and (self.expires_at is None or self.expires_at > now)

    def has_scope(self, scope: str) -> bool:
        return scope in self.scopes


class WorkerHeartbeat(models.Model):
    """Written by every Celery worker every few seconds; /healthz reads the newest."""

    hostname = models.CharField(max_length=200, unique=True)
    seen_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")
        verbose_name_plural = _("worker heartbeats")

    def __str__(self):
        return self.hostname


class Holiday(models.Model):
    """One day that breaks the Monday–Friday rule: a statutory holiday on a weekday, or a make-up
    working day (调休) on a weekend. Loaded from the chinese-calendar package
    (`manage.py sync_holidays`); staff add the years the package does not know yet in the admin."""

    class Kind(models.TextChoices):
        HOLIDAY = "holiday", _("Holiday")
        WORKDAY = "workday", _("Make-up working day")

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=8, choices=Kind.choices)
    name = models.CharField(_("name"), max_length=50, blank=True)

    class Meta:
        ordering = ["date"]
        verbose_name = _("holiday or make-up working day")
        verbose_name_plural = _("holidays and make-up working days")

    def __str__(self):
        return f"{self.date} {self.get_kind_display()}"

    @property
    def display_name(self) -> str:
        """The name in the reader's language: the package's English names are msgids (HOLIDAY_NAMES)."""
        from django.utils.translation import gettext

        return gettext(self.name) if self.name else ""


# The chinese-calendar package names its days in English; these are their msgids (Chinese in the .po).
HOLIDAY_NAMES = [
    _("New Year's Day"), _("Spring Festival"), _("Tomb-sweeping Day"), _("Labour Day"),
    _("Dragon Boat Festival"), _("Mid-autumn Festival"), _("National Day"), _("Anti-Fascist 70th Day"),
]


class RowHistory(pghistory.models.Events):
    """pghistory's aggregated events under the office's name in the admin (PGHISTORY_ADMIN_MODEL):
    the package's own model shows as "PGHISTORY / Events"."""

    class Meta:
        proxy = True
        verbose_name = _("change history")
        verbose_name_plural = _("change history")


class CalendarYear(models.Model):
    """A year whose holidays and make-up working days are known. Deadlines that depend on a year
    without this row are provisional (counted on weekdays only) until the year is loaded."""

    class Source(models.TextChoices):
        PACKAGE = "package", _("chinese-calendar package")
        FORM = "form", _("Entered by staff")
        FILE = "file", _("Imported from a file")

    year = models.PositiveSmallIntegerField(_("year"), unique=True)
    loaded_at = models.DateTimeField(_("loaded at"), default=timezone.now)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    loaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.SET_NULL, null=True, blank=True,
                                  related_name="+", verbose_name=_("loaded by"))

    class Meta:
        ordering = ["-year"]
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")

    def __str__(self):
        return str(self.year)


# --------------------------------------------------------------------------- ballots
# The secret-ballot models live in their own module; importing them here makes them congress models.
from congress.ballots.models import (  # noqa: E402,F401
    Ballot,
    BallotElector,
    BallotOption,
    BallotPaper,
    BallotParticipation,
    EnteredPaper,
    EntryBatch,
)
