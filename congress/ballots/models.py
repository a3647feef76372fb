"""Secret ballots (architecture.md "Ballots and votes"; domain.md rules 15, 21).

"Who has voted" (`BallotParticipation`) and "what was voted" (`BallotPaper`) are two tables with
nothing that links them: a paper has a random UUID key, no timestamp, no user column, no history
tracker and no audit row. At close the papers of the ballot are rewritten in receipt order in the
closing transaction (services.close_ballot), so that neither `xmin` nor `ctid` nor the physical
order of rows still follows the order of casting. The models live in the `congress` app
(imported by congress/models.py), so their migrations are congress migrations.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.db.models import F, Q
from django.utils.translation import gettext_lazy as _

from congress import roles


class BallotQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every ballot; a voter the ballots whose electorate holds them; anyone (also
        without signing in) a published ballot."""
        published = Q(status=Ballot.Status.PUBLISHED)
        if not user.is_authenticated:
            return self.filter(published)
        if roles.staff_like(user):
            return self
        return self.filter(published | Q(electors__user=user)).distinct()

    def published(self):
        return self.filter(status=Ballot.Status.PUBLISHED)


class Ballot(models.Model):
    """One secret vote, owned by an object of another app (a livelihood cycle, an oversight topic).

    The rules are fields: `seats` (K), `max_yes`, `majority_base` and `quorum` (rules 15, 21).
    """

    class Kind(models.TextChoices):
        COMPETITIVE = "competitive", _("Competitive ballot")
        SATISFACTION = "satisfaction", _("Satisfaction vote")

    class Mode(models.TextChoices):
        ELECTRONIC = "electronic", _("Cast in the portal")
        PAPER = "paper", _("Paper ballots counted by hand")

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        OPEN = "open", _("Open")
        CLOSED = "closed", _("Closed, being counted")
        COUNTED = "counted", _("Counted")
        VERIFIED = "verified", _("Verified")
        PUBLISHED = "published", _("Published")

    class MajorityBase(models.TextChoices):
        ALL_ELECTORS = "all", _("More than half of all electors")
        VALID_PAPERS = "valid", _("More than half of the valid papers")

    content_type = models.ForeignKey(ContentType, models.PROTECT, verbose_name=_("owner type"))
    object_id = models.PositiveBigIntegerField(_("owner id"))
    owner = GenericForeignKey("content_type", "object_id")

    title = models.CharField(_("title"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    mode = models.CharField(_("mode"), max_length=16, choices=Mode.choices, default=Mode.ELECTRONIC)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.DRAFT)
    seats = models.PositiveSmallIntegerField(_("seats"), default=1,
                                             help_text=_("How many options are to be adopted (K)."))
    max_yes = models.PositiveSmallIntegerField(_("most \"yes\" marks on a paper"), default=1)
    majority_base = models.CharField(_("majority of"), max_length=8, choices=MajorityBase.choices,
                                     default=MajorityBase.ALL_ELECTORS)
    quorum = models.PositiveIntegerField(
        _("quorum"), null=True, blank=True,
        help_text=_("Papers needed for a result; empty: more than half of the electorate."),
    )
    receipts_with_marks = models.BooleanField(_("publish marks with the receipts"), default=False)
    runoff_of = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="runoffs",
                                  verbose_name=_("run-off of"))

    electorate_size = models.PositiveIntegerField(_("electorate"), null=True, blank=True)
    papers_issued = models.PositiveIntegerField(_("papers issued"), null=True, blank=True)
    digest = models.CharField(_("digest (SHA-256)"), max_length=64, blank=True)
    tally = models.JSONField(_("tally"), default=dict, blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)

    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                   related_name="+", verbose_name=_("created by"))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    opened_at = models.DateTimeField(_("opened at"), null=True, blank=True)
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = BallotQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("ballot")
        verbose_name_plural = _("ballots")
        permissions = [("manage_ballots", _("Can run ballots: open, close, count, verify, publish"))]
        indexes = [models.Index(fields=["content_type", "object_id"], name="ballot_owner_idx")]
        constraints = [
            models.CheckConstraint(condition=Q(seats__gte=1), name="ballot_seats_positive"),
            models.CheckConstraint(condition=Q(max_yes__gte=1) & Q(max_yes__lte=F("seats")),
                                   name="ballot_max_yes_within_seats"),
            models.CheckConstraint(
                condition=Q(papers_issued__isnull=True) | Q(electorate_size__isnull=True)
                | Q(papers_issued__lte=F("electorate_size")),
                name="ballot_issued_within_electorate"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_open(self) -> bool:
        return self.status == self.Status.OPEN

    @property
    def is_published(self) -> bool:
        return self.status == self.Status.PUBLISHED

    def public_result(self) -> dict | None:
        """The result as every surface may show it: nothing before publication."""
        return self.result if self.is_published else None

    def marks_allowed(self) -> list[str]:
        from congress.ballots.tally import marks_for

        return marks_for(self.kind)


class BallotOption(models.Model):
    """A candidate project, a subject to rate: optionally pointing to an object of the owner's app."""

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="options", verbose_name=_("ballot"))
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    label = models.CharField(_("label"), max_length=200)
    description = models.TextField(_("description"), blank=True, max_length=4000)
    content_type = models.ForeignKey(ContentType, models.PROTECT, null=True, blank=True, related_name="+")
    object_id = models.PositiveBigIntegerField(null=True, blank=True)
    target = GenericForeignKey("content_type", "object_id")

    class Meta:
        ordering = ["ballot", "position", "id"]
        verbose_name = _("ballot option")
        verbose_name_plural = _("ballot options")
        constraints = [models.UniqueConstraint(fields=["ballot", "position"], name="ballot_option_position_unique")]

    def __str__(self):
        return self.label

    @property
    def key(self) -> str:
        return str(self.pk)


class ElectorQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(ballot__in=Ballot.objects.visible_to(user)) if roles.staff_like(user) else self.none()


class BallotElector(models.Model):
    """The electorate, a snapshot taken when the ballot opens (who may vote is not re-read later)."""

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="electors")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = ElectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("elector")
        verbose_name_plural = _("electors")
        constraints = [models.UniqueConstraint(fields=["ballot", "user"], name="ballot_elector_unique")]


    def __str__(self):
        return f"{self.ballot_id}: {self.user_id}"

class BallotParticipation(models.Model):
    """Who has voted: one row per voter and ballot (the database's unique constraint is the guard).

    No timestamp and no serial key: either would record the order of voting, which the paper heap
    follows while the ballot is open.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="participations")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = ElectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("participation")
        verbose_name_plural = _("participations")
        constraints = [models.UniqueConstraint(fields=["ballot", "user"], name="ballot_participation_unique")]


    def __str__(self):
        return f"{self.ballot_id}: {self.user_id}"

class PaperQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Papers are shown only through a published ballot's receipts list."""
        return self.filter(ballot__in=Ballot.objects.visible_to(user).published())


class BallotPaper(models.Model):
    """What was voted: a random key, the marks and the receipt. Nothing here names a voter.

    `marks` maps an option's id (as a string) to a mark (tally.MARKS). `valid` is False only for a
    paper ballot entered by hand that breaks the rules (more "yes" than allowed); a paper cast in
    the portal is refused before it is stored if it breaks them.
    """

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="papers")
    marks = models.JSONField(_("marks"))
    receipt = models.CharField(_("receipt"), max_length=16)
    valid = models.BooleanField(_("valid"), default=True)

    objects = PaperQuerySet.as_manager()

    class Meta:
        verbose_name = _("ballot paper")
        verbose_name_plural = _("ballot papers")
        constraints = [models.UniqueConstraint(fields=["ballot", "receipt"], name="ballot_paper_receipt_unique")]


    def __str__(self):
        return self.receipt

class EntryBatch(models.Model):
    """One staff member's independent entry of the paper ballots returned (double entry)."""

    ballot = models.ForeignKey(Ballot, models.CASCADE, related_name="entry_batches")
    number = models.PositiveSmallIntegerField(_("batch"))
    entered_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    submitted = models.BooleanField(_("submitted"), default=False)

    objects = ElectorQuerySet.as_manager()

    class Meta:
        verbose_name = _("entry batch")
        verbose_name_plural = _("entry batches")
        constraints = [
            models.UniqueConstraint(fields=["ballot", "number"], name="entry_batch_number_unique"),
            models.UniqueConstraint(fields=["ballot", "entered_by"], name="entry_batch_one_per_clerk"),
            models.CheckConstraint(condition=Q(number__in=[1, 2]), name="entry_batch_one_or_two"),
        ]


    def __str__(self):
        return f"{self.ballot_id} #{self.number}"

class EnteredPaper(models.Model):
    """A paper as one clerk read it: the paper's serial number (written on the paper by the tellers,
    not tied to any voter) and the marks. `marks` is {} for a blank paper."""

    batch = models.ForeignKey(EntryBatch, models.CASCADE, related_name="papers")
    serial = models.PositiveIntegerField(_("paper number"))
    marks = models.JSONField(_("marks"), default=dict)

    class Meta:
        verbose_name = _("entered paper")
        verbose_name_plural = _("entered papers")
        constraints = [models.UniqueConstraint(fields=["batch", "serial"], name="entered_paper_serial_unique")]

    def __str__(self):
        return f"{self.batch_id}: {self.serial}"
