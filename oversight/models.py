"""Oversight (监督): the standing committee's yearly plan, from the public call for topics to
findings closed and handling rated (issue 10; domain.md section 2 and rules 15–19).

A plan (`OversightPlan`) collects proposals (`TopicProposal`), adopts topics (`Topic`), each with
activities, a hearing (report, inquiry questions), deliberation opinions with findings (`Finding`),
units' handling reports, verification with evidence, and satisfaction votes (`SatisfactionVote`)
run on the shared ballot machinery. Filing review (`NormativeDocument`) and the budget execution
watch (`BudgetExecution`, `SpecialReview`) complete the app. State changes only through
`oversight.services`; who may act is in `oversight.rules`.
"""

from decimal import Decimal

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import requests
from congress.models import Committee, Meeting, Unit
from deputies.models import Deputy

VIEW_ALL = "oversight.view_topic"


def sees_all(user) -> bool:
    """Office staff, leaders and standing-committee members read every oversight record."""
    return user.is_authenticated and user.has_perm(VIEW_ALL)


# --------------------------------------------------------------------------- plan


class PlanQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff, leaders, members: all plans; any other signed-in user: published plans."""
        if not user.is_authenticated:
            return self.none()
        return self if sees_all(user) else self.filter(published_at__isnull=False)

    def published(self):
        return self.filter(published_at__isnull=False)


class OversightPlan(models.Model):
    """年度监督工作计划: one year's plan; adopted with its approval document, then published."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        ADOPTED = "adopted", _("Adopted")

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    call_opens_on = models.DateField(_("call for topics opens"), null=True, blank=True)
    call_closes_on = models.DateField(_("call for topics closes"), null=True, blank=True)
    approval_document = models.CharField(_("approval document"), max_length=200, blank=True)
    adopted_on = models.DateField(_("adopted on"), null=True, blank=True)
    published_at = models.DateTimeField(_("published at"), null=True, blank=True)

    objects = PlanQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("oversight plan")
        verbose_name_plural = _("oversight plans")

    def __str__(self):
        return self.title

    def call_is_open(self, today=None) -> bool:
        today = today or timezone.localdate()
        return bool(self.call_opens_on and self.call_closes_on and self.call_opens_on <= today <= self.call_closes_on)


class PlanAmendmentQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(plan__in=OversightPlan.objects.visible_to(user))


class PlanAmendment(models.Model):
    """A change to an adopted plan, with its recorded reason."""

    plan = models.ForeignKey(OversightPlan, models.CASCADE, related_name="amendments")
    reason = models.TextField(_("reason"))
    change = models.CharField(_("change"), max_length=300)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    at = models.DateTimeField(default=timezone.now)

    objects = PlanAmendmentQuerySet.as_manager()

    class Meta:
        ordering = ["at", "pk"]

    def __str__(self):
        return self.change


# --------------------------------------------------------------------------- topics


class TopicQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff, leaders, members: all topics. A unit handler: topics aimed at their unit. A
        deputy (and anyone signed in): the topics of published plans."""
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        scope = Q(plan__published_at__isnull=False)
        if user.unit_id:
            scope |= Q(pk__in=Topic.target_units.through.objects.filter(unit_id=user.unit_id).values("topic_id"))
        return self.filter(scope)

    def published(self):
        return self.filter(plan__published_at__isnull=False)


class Topic(models.Model):
    """监督议题: one item of the plan, heard at a standing-committee meeting."""

    class Kind(models.TextChoices):
        WORK_REPORT = "work_report", _("Work report")
        LAW_INSPECTION = "law_inspection", _("Law-enforcement inspection")
        INQUIRY = "inquiry", _("Special inquiry")
        WORK_REVIEW = "work_review", _("Work review")
        BUDGET = "budget", _("Budget and audit oversight")
        FILING_REVIEW = "filing_review", _("Normative-document filing review")
        APPOINTEE_REVIEW = "appointee_review", _("Appointee performance review")

    class Stage(models.TextChoices):
        PLANNED = "planned", _("Planned")
        RESEARCH = "research", _("Research")
        HEARD = "heard", _("Report heard")
        OPINION = "opinion", _("Opinion sent")
        RATING = "rating", _("Rating")
        FOLLOW_UP = "follow_up", _("Follow-up")
        CLOSED = "closed", _("Closed")

    plan = models.ForeignKey(OversightPlan, models.PROTECT, related_name="topics", verbose_name=_("plan"))
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    lead_committee = models.ForeignKey(Committee, models.PROTECT, related_name="oversight_topics",
                                       verbose_name=_("lead committee"))
    target_units = models.ManyToManyField(Unit, related_name="oversight_topics", verbose_name=_("target units"))
    meeting = models.ForeignKey(Meeting, models.PROTECT, null=True, blank=True, related_name="oversight_topics",
                                verbose_name=_("meeting"))
    stage = models.CharField(_("stage"), max_length=12, choices=Stage.choices, default=Stage.PLANNED)
    report_summary = models.TextField(_("report"), blank=True)
    report_recorded_on = models.DateField(_("report heard on"), null=True, blank=True)
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)

    objects = TopicQuerySet.as_manager()

    class Meta:
        ordering = ["plan", "pk"]
        permissions = [("manage_oversight", "Can run the oversight plan")]
        verbose_name = _("topic")
        verbose_name_plural = _("topics")

    def __str__(self):
        return self.title


class TopicChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(topic__in=Topic.objects.visible_to(user))


class TopicStep(models.Model):
    """One step of a topic's schedule (调研, 听取报告, 测评 …)."""

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="steps")
    title = models.CharField(_("title"), max_length=100)
    due_on = models.DateField(_("due on"))
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = TopicChildQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]

    def __str__(self):
        return self.title


class TopicProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see every proposal; a deputy or unit handler sees the ones they sent."""
        if not user.is_authenticated:
            return self.none()
        return self if sees_all(user) else self.filter(submitted_by=user)


class TopicProposal(models.Model):
    """议题征集: a proposed topic from a resident, a deputy or a unit."""

    class Source(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        DEPUTY = "deputy", _("Deputy")
        UNIT = "unit", _("Unit")

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under consideration")
        ADOPTED = "adopted", _("Adopted as a topic")
        MERGED = "merged", _("Merged into a topic")
        DECLINED = "declined", _("Not adopted")

    plan = models.ForeignKey(OversightPlan, models.PROTECT, related_name="proposals")
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    title = models.CharField(_("title"), max_length=200)
    content = models.TextField(_("content"))
    proposer_name = models.CharField(_("proposer"), max_length=50)
    proposer_contact = models.CharField(_("contact"), max_length=50, blank=True)  # staff only
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)
    group_label = models.CharField(_("group"), max_length=100, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=10, choices=Outcome.choices, default=Outcome.PENDING)
    topic = models.ForeignKey(Topic, models.SET_NULL, null=True, blank=True, related_name="proposals")
    outcome_note = models.CharField(_("outcome note"), max_length=300, blank=True)

    objects = TopicProposalQuerySet.as_manager()

    class Meta:
        ordering = ["rank", "pk"]

    def __str__(self):
        return self.title


# --------------------------------------------------------------------------- activities and hearing


class Activity(models.Model):
    """专题调研 / 视察: field work within a topic, with participants who earn duty points."""

    class Kind(models.TextChoices):
        RESEARCH = "research", _("Research visit")
        INSPECTION = "inspection_visit", _("Inspection")

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="activities")
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    title = models.CharField(_("title"), max_length=200)
    held_on = models.DateField(_("held on"))
    location = models.CharField(_("location"), max_length=200, blank=True)
    capacity = models.PositiveSmallIntegerField(_("places"), default=20)
    notes = models.TextField(_("notes"), blank=True)
    file = models.FileField(_("file"), upload_to="oversight/activities/%Y/", blank=True)

    objects = TopicChildQuerySet.as_manager()

    class Meta:
        ordering = ["held_on", "pk"]
        verbose_name = _("activity")
        verbose_name_plural = _("activities")

    def __str__(self):
        return self.title


class ParticipationQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        return self if sees_all(user) else self.filter(deputy__user=user)


class Participation(models.Model):
    """A deputy's place in an activity; attendance earns the "oversight.activity" duty."""

    activity = models.ForeignKey(Activity, models.CASCADE, related_name="participations")
    deputy = models.ForeignKey(Deputy, models.PROTECT, related_name="oversight_participations")
    signed_up_at = models.DateTimeField(default=timezone.now)
    attended = models.BooleanField(_("attended"), default=False)

    objects = ParticipationQuerySet.as_manager()

    class Meta:
        constraints = [models.UniqueConstraint(fields=["activity", "deputy"], name="oversight_participation_once")]

    def __str__(self):
        return f"{self.deputy_id}@{self.activity_id}"


class InquiryQuestion(models.Model):
    """专题询问 (rule 18): who asked, which office holder answered, the answer, an optional rating."""

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="questions")
    asked_by = models.CharField(_("asked by"), max_length=50)
    answered_by = models.CharField(_("answered by"), max_length=100)
    question = models.TextField(_("question"))
    answer = models.TextField(_("answer"), blank=True)
    rating = models.CharField(_("rating"), max_length=12, choices=Rating.choices, blank=True)

    objects = TopicChildQuerySet.as_manager()

    class Meta:
        ordering = ["pk"]

    def __str__(self):
        return self.question[:60]


# --------------------------------------------------------------------------- opinions and findings


class DeliberationOpinion(models.Model):
    """审议意见: the committee's opinion for one round, listing findings, with the handling report's
    due date (rule 17)."""

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="opinions")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    text = models.TextField(_("opinion"))
    issued_on = models.DateField(_("issued on"))
    due_on = models.DateField(_("handling report due on"))
    issued_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")

    objects = TopicChildQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "round"]
        constraints = [models.UniqueConstraint(fields=["topic", "round"], name="oversight_opinion_round_once")]

    def __str__(self):
        return f"{self.topic_id}/{self.round}"


class FindingQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff, leaders, members: all findings; a unit handler: their unit's findings only."""
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        if user.unit_id:
            return self.filter(unit_id=user.unit_id)
        return self.none()

    def overdue(self, today=None):
        today = today or timezone.localdate()
        return self.filter(due_on__lt=today).exclude(state=Finding.State.CLOSED)

    def for_list(self):
        return self.select_related("unit", "opinion__topic")


class Finding(models.Model):
    """问题清单: one problem with what must be done, for one unit, tracked until closed with
    evidence (对单销号)."""

    class State(models.TextChoices):
        OPEN = "open", _("Open")
        REPORTED = "reported", _("Reported")
        CLOSED = "closed", _("Closed")

    opinion = models.ForeignKey(DeliberationOpinion, models.CASCADE, related_name="findings")
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="oversight_findings", verbose_name=_("unit"))
    problem = models.TextField(_("problem"))
    required_action = models.TextField(_("what must be done"))
    due_on = models.DateField(_("due on"))
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.OPEN)
    closed_on = models.DateField(_("closed on"), null=True, blank=True)
    closed_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    closing_note = models.TextField(_("closing note"), blank=True)

    objects = FindingQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "pk"]
        indexes = [models.Index(fields=["unit", "state", "due_on"], name="oversight_finding_unit_state")]
        verbose_name = _("finding")
        verbose_name_plural = _("findings")

    def __str__(self):
        return self.problem[:60]

    @property
    def topic(self):
        return self.opinion.topic


class FindingChildQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(finding__in=Finding.objects.visible_to(user))


class HandlingReport(models.Model):
    """研究处理情况报告 (回告): a unit's report on one finding."""

    class Outcome(models.TextChoices):
        DONE = "done", _("Done")
        IN_PROGRESS = "in_progress", _("In progress")
        CANNOT = "cannot", _("Cannot be done")

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="reports")
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices)
    content = models.TextField(_("what was done"))
    plan = models.TextField(_("plan"), blank=True)
    expected_on = models.DateField(_("expected on"), null=True, blank=True)
    reason = models.TextField(_("reason"), blank=True)
    file = models.FileField(_("file"), upload_to="oversight/reports/%Y/", blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    submitted_at = models.DateTimeField(default=timezone.now)

    objects = FindingChildQuerySet.as_manager()

    class Meta:
        ordering = ["-submitted_at", "-pk"]

    def __str__(self):
        return f"{self.finding_id}: {self.outcome}"


class Evidence(models.Model):
    """The proof a finding was dealt with; a finding closes only with at least one."""

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="evidence")
    file = models.FileField(_("file"), upload_to="oversight/evidence/%Y/")
    note = models.CharField(_("note"), max_length=200, blank=True)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+")
    uploaded_at = models.DateTimeField(default=timezone.now)

    objects = FindingChildQuerySet.as_manager()

    def __str__(self):
        return self.note or self.file.name


class FindingExtension(requests.OfficeRequest):
    """A unit's request for more time on a finding, decided by the office."""

    finding = models.ForeignKey(Finding, models.CASCADE, related_name="extensions")
    requested_due_on = models.DateField(_("requested due date"))
    previous_due_on = models.DateField(_("previous due date"))

    objects = FindingChildQuerySet.as_manager()

    class Meta(requests.OfficeRequest.Meta):
        constraints = [models.UniqueConstraint(fields=["finding"], condition=Q(decision="pending"),
                                               name="oversight_one_pending_extension")]


# --------------------------------------------------------------------------- ratings


class VoteQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff, leaders, members: every vote; others: published ones (results only then)."""
        if not user.is_authenticated:
            return self.none()
        return self if sees_all(user) else self.filter(published_at__isnull=False)

    def published(self):
        return self.filter(published_at__isnull=False)


class SatisfactionVote(models.Model):
    """满意度测评: members rate a topic's handling (or one appointee) by secret ballot; the voting
    itself is the shared ballot machinery (congress.ballots), this row links it to the topic and
    keeps the rule 15 result once counted."""

    class Result(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASIC = "basic", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    topic = models.ForeignKey(Topic, models.CASCADE, related_name="votes")
    round = models.PositiveSmallIntegerField(_("round"), default=1)
    subject = models.CharField(_("subject"), max_length=100, blank=True,
                               help_text=_("For an appointee review: the official who reported."))
    ballot_id = models.BigIntegerField(null=True, blank=True)  # congress.ballots Ballot, once wired
    electorate_size = models.PositiveIntegerField(_("all members (N)"), default=0)
    turnout = models.PositiveIntegerField(_("voted"), default=0)
    satisfied = models.PositiveIntegerField(default=0)
    basic = models.PositiveIntegerField(default=0)
    unsatisfied = models.PositiveIntegerField(default=0)
    result = models.CharField(_("result"), max_length=12, choices=Result.choices, blank=True)
    counted_at = models.DateTimeField(null=True, blank=True)
    published_at = models.DateTimeField(null=True, blank=True)

    objects = VoteQuerySet.as_manager()

    class Meta:
        ordering = ["topic", "round", "subject"]

    def __str__(self):
        return f"{self.topic_id}/{self.round} {self.subject}".strip()


# --------------------------------------------------------------------------- filing review


class DocumentQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.filter(maker_id=user.unit_id) if user.unit_id else self.none()


class NormativeDocument(models.Model):
    """规范性文件备案审查 (rule 19): filed within 30 days of publication, reviewed within 30 days
    of receipt (settings), ending as no problem / ask to amend / ask to repeal."""

    class Outcome(models.TextChoices):
        PENDING = "pending", _("Under review")
        NO_PROBLEM = "no_problem", _("No problem")
        AMEND = "amend", _("Asked to amend")
        REPEAL = "repeal", _("Asked to repeal")

    title = models.CharField(_("title"), max_length=200)
    document_number = models.CharField(_("document number"), max_length=60, blank=True)
    maker = models.ForeignKey(Unit, models.PROTECT, related_name="normative_documents", verbose_name=_("maker"))
    published_on = models.DateField(_("published on"))
    filing_due_on = models.DateField(_("filing due on"))
    received_on = models.DateField(_("received on"), null=True, blank=True)
    review_due_on = models.DateField(_("review due on"), null=True, blank=True)
    reviewed_on = models.DateField(_("reviewed on"), null=True, blank=True)
    outcome = models.CharField(_("outcome"), max_length=12, choices=Outcome.choices, default=Outcome.PENDING)
    outcome_note = models.TextField(_("note"), blank=True)

    objects = DocumentQuerySet.as_manager()

    class Meta:
        ordering = ["-published_on", "pk"]

    def __str__(self):
        return self.title

    @property
    def filed_late(self) -> bool:
        return bool(self.received_on and self.received_on > self.filing_due_on)


# --------------------------------------------------------------------------- budget watch


class BudgetQuerySet(models.QuerySet):
    def visible_to(self, user):
        if not user.is_authenticated:
            return self.none()
        if sees_all(user):
            return self
        return self.filter(unit_id=user.unit_id) if user.unit_id else self.none()


class BudgetExecution(models.Model):
    """One project's budget execution in one quarter; `tier` is the gap's warning tier (0–3)."""

    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"), validators=[MinValueValidator(1), MaxValueValidator(4)])
    unit = models.ForeignKey(Unit, models.PROTECT, related_name="budget_executions", verbose_name=_("unit"))
    project_code = models.CharField(_("project code"), max_length=40)
    project_name = models.CharField(_("project"), max_length=200)
    budget_amount = models.DecimalField(_("budget (yuan)"), max_digits=16, decimal_places=2, default=Decimal("0"))
    planned_percent = models.DecimalField(_("planned %"), max_digits=6, decimal_places=2)
    actual_percent = models.DecimalField(_("actual %"), max_digits=6, decimal_places=2)
    gap = models.DecimalField(_("gap (points)"), max_digits=6, decimal_places=2)
    tier = models.PositiveSmallIntegerField(_("tier"), default=0)
    imported_at = models.DateTimeField(default=timezone.now)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["year", "quarter", "unit", "project_code"]
        constraints = [models.UniqueConstraint(fields=["year", "quarter", "unit", "project_code"],
                                               name="oversight_budget_row_once")]
        indexes = [models.Index(fields=["year", "quarter", "tier"], name="oversight_budget_tier")]

    def __str__(self):
        return f"{self.year}Q{self.quarter} {self.project_code}"


class SpecialReview(models.Model):
    """专项审查: a unit at tier 3 in two consecutive quarters, and what the review decided."""

    unit = models.ForeignKey(Unit, models.PROTECT, related_name="budget_special_reviews")
    year = models.PositiveSmallIntegerField(_("year"))
    quarter = models.PositiveSmallIntegerField(_("quarter"))
    outcome = models.TextField(_("outcome"), blank=True)
    budget_cut = models.DecimalField(_("next year's budget cut (yuan)"), max_digits=16, decimal_places=2,
                                     null=True, blank=True)
    projects_cut = models.PositiveSmallIntegerField(_("projects cut"), null=True, blank=True)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True, related_name="+")
    recorded_at = models.DateTimeField(null=True, blank=True)

    objects = BudgetQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "-quarter", "unit"]
        constraints = [models.UniqueConstraint(fields=["unit", "year", "quarter"],
                                               name="oversight_special_review_once")]

    def __str__(self):
        return f"{self.unit_id} {self.year}Q{self.quarter}"

