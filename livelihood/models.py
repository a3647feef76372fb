"""The livelihood-project cycle (民生实事项目票决制, domain.md §3, rules 15, 20–23).

One `Cycle` a year: residents, deputies and units propose (`Proposal`), staff screen and shortlist
candidates (`Project` with status "candidate"), deputies choose by secret ballot (the shared
`congress.ballots` machinery; the cycle keeps only the ballot's id), adopted projects are delivered
with milestones, sub-projects, progress reports and checks, and at year end deputies rate them by a
second ballot while residents answer the public survey (`SurveyResponse`), rolled up into
`SurveySummary` rows by a Celery task.
"""

import secrets

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from congress import roles


def _public_code() -> str:
    # What a resident keeps to follow a proposal: unguessable, short enough to copy from a phone.
    return secrets.token_urlsafe(9)


def is_office(user) -> bool:
    return roles.staff_like(user)


class CycleQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Cycles are public facts (their published parts); every signed-in role sees the list."""
        return self

    def published(self):
        return self.exclude(stage=Cycle.Stage.DRAFT)


class Cycle(models.Model):
    """One year's process (年度, 一轮票决): four stages and the steps inside them (Guigang's 4/15)."""

    class Stage(models.TextChoices):
        DRAFT = "draft", _("Not yet open")
        COLLECTION = "collection", _("Collecting proposals")
        SCREENING = "screening", _("Screening")
        BALLOT = "ballot", _("Ballot")
        IMPLEMENTATION = "implementation", _("Implementation")
        EVALUATION = "evaluation", _("Evaluation")
        CLOSED = "closed", _("Closed")

    year = models.PositiveSmallIntegerField(_("year"), unique=True,
                                            validators=[MinValueValidator(2000), MaxValueValidator(2100)])
    title = models.CharField(_("title"), max_length=200)
    stage = models.CharField(_("stage"), max_length=16, choices=Stage.choices, default=Stage.DRAFT)
    seats = models.PositiveSmallIntegerField(_("projects to adopt"), default=10,
                                             validators=[MinValueValidator(1), MaxValueValidator(200)])
    proposals_close_on = models.DateField(_("proposals close on"), null=True, blank=True)
    session_on = models.DateField(_("session date"), null=True, blank=True)
    candidate_document = models.CharField(_("approval document"), max_length=200, blank=True)
    candidates_approved_at = models.DateTimeField(_("candidate list approved at"), null=True, blank=True)
    candidates_approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                               related_name="+", verbose_name=_("approved by"))
    candidates_published_at = models.DateTimeField(_("candidate list published at"), null=True, blank=True)
    # The shared ballot machinery owns ballots; the cycle only remembers which one is its own.
    candidate_ballot_id = models.PositiveBigIntegerField(_("candidate ballot"), null=True, blank=True)
    # The deputies' year-end rating of every adopted project: one satisfaction ballot (rule 23).
    rating_ballot_id = models.PositiveBigIntegerField(_("rating ballot"), null=True, blank=True)
    result_published_at = models.DateTimeField(_("result published at"), null=True, blank=True)
    survey_opens_on = models.DateField(_("survey opens on"), null=True, blank=True)
    survey_closes_on = models.DateField(_("survey closes on"), null=True, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = CycleQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        verbose_name = _("livelihood cycle")
        verbose_name_plural = _("livelihood cycles")
        constraints = [
            models.CheckConstraint(condition=Q(candidates_published_at__isnull=True)
                                   | Q(candidates_approved_at__isnull=False),
                                   name="livelihood_cycle_published_after_approval"),
        ]

    def __str__(self):
        return self.title

    @property
    def is_survey_open(self) -> bool:
        today = timezone.localdate()
        return (self.stage == self.Stage.EVALUATION and self.survey_opens_on is not None
                and self.survey_opens_on <= today and (self.survey_closes_on is None or today <= self.survey_closes_on))


class ProposalQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see all; a deputy or unit handler sees what they proposed, a unit also what it assesses."""
        if is_office(user):
            return self
        if not user.is_authenticated:
            return self.none()
        condition = Q(submitted_by=user)
        if user.unit_id:
            condition |= Q(responsible_unit_id=user.unit_id)
        return self.filter(condition)

    def for_list(self):
        return self.select_related("cycle", "responsible_unit", "merged_into")


class Proposal(models.Model):
    """A project idea (群众点单). The public status is what a resident sees when following it."""

    class Source(models.TextChoices):
        RESIDENT = "resident", _("Resident")
        DEPUTY = "deputy", _("Deputy")
        UNIT = "unit", _("Unit")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        MERGED = "merged", _("Merged")
        SCREENED_OUT = "screened_out", _("Screened out")
        CANDIDATE = "candidate", _("Candidate")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")

    class Category(models.TextChoices):
        EDUCATION = "education", _("Education")
        HEALTH = "health", _("Health")
        ELDERLY = "elderly", _("Elderly care")
        TRANSPORT = "transport", _("Transport")
        ENVIRONMENT = "environment", _("Environment")
        HOUSING = "housing", _("Housing and neighbourhoods")
        EMPLOYMENT = "employment", _("Employment")
        CULTURE = "culture", _("Culture and sport")
        SAFETY = "safety", _("Public safety")
        OTHER = "other", _("Other")

    class Feasibility(models.TextChoices):
        UNASSESSED = "", _("Not assessed")
        FEASIBLE = "feasible", _("Feasible")
        CONDITIONAL = "conditional", _("Feasible with conditions")
        INFEASIBLE = "infeasible", _("Not feasible")

    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="proposals", verbose_name=_("cycle"))
    code = models.CharField(_("follow-up code"), max_length=16, unique=True, default=_public_code, editable=False)
    source = models.CharField(_("source"), max_length=10, choices=Source.choices)
    title = models.CharField(_("title"), max_length=120)
    description = models.TextField(_("description"), max_length=4000)
    place = models.CharField(_("place"), max_length=200, blank=True)
    category = models.CharField(_("category"), max_length=16, choices=Category.choices, default=Category.OTHER)
    # A resident's contact is for the office only (common rule: residents' contact details staff-only).
    contact_name = models.CharField(_("contact name"), max_length=50, blank=True)
    contact_phone = models.CharField(_("contact phone"), max_length=20, blank=True)
    submitted_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, null=True, blank=True,
                                     related_name="livelihood_proposals", verbose_name=_("submitted by"))
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.RECEIVED)
    merged_into = models.ForeignKey("self", models.PROTECT, null=True, blank=True, related_name="merged",
                                    verbose_name=_("merged into"))
    screen_out_reason = models.CharField(_("reason"), max_length=500, blank=True)
    feasibility = models.CharField(_("feasibility"), max_length=12, choices=Feasibility.choices, blank=True)
    estimated_cost = models.DecimalField(_("estimated cost (10,000 yuan)"), max_digits=12, decimal_places=2,
                                         null=True, blank=True, validators=[MinValueValidator(0)])
    assessment = models.TextField(_("assessment"), max_length=4000, blank=True)
    responsible_unit = models.ForeignKey("congress.Unit", models.PROTECT, null=True, blank=True,
                                         related_name="livelihood_proposals", verbose_name=_("responsible unit"))
    project = models.ForeignKey("Project", models.SET_NULL, null=True, blank=True, related_name="proposals",
                                verbose_name=_("project"))
    created_at = models.DateTimeField(_("received at"), default=timezone.now, db_index=True)

    objects = ProposalQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("proposal")
        verbose_name_plural = _("proposals")
        constraints = [
            models.CheckConstraint(condition=~Q(status="merged") | Q(merged_into__isnull=False),
                                   name="livelihood_merged_proposal_has_target"),
            models.CheckConstraint(condition=~Q(status="screened_out") | ~Q(screen_out_reason=""),
                                   name="livelihood_screened_out_has_reason"),
        ]

    def __str__(self):
        return self.title


class ProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        """Staff see all; a unit handler its unit's projects; deputies the published candidates and
        the adopted projects; anyone else (the public pages) the same published set."""
        if is_office(user):
            return self
        public = Q(cycle__candidates_published_at__isnull=False)
        if user.is_authenticated and user.unit_id:
            return self.filter(public | Q(lead_unit_id=user.unit_id))
        return self.filter(public)

    def adopted(self):
        return self.filter(status__in=Project.ADOPTED_STATUSES)

    def for_list(self):
        return self.select_related("cycle", "lead_unit")


class Project(models.Model):
    """A candidate (候选项目) and, once the ballot adopts it, the year's project (正式项目)."""

    class Status(models.TextChoices):
        CANDIDATE = "candidate", _("Candidate")
        ADOPTED = "adopted", _("Adopted")
        NOT_ADOPTED = "not_adopted", _("Not adopted")
        COMPLETED = "completed", _("Completed")

    ADOPTED_STATUSES = (Status.ADOPTED, Status.COMPLETED)

    class Rating(models.TextChoices):
        SATISFIED = "satisfied", _("Satisfied")
        BASICALLY = "basically", _("Basically satisfied")
        UNSATISFIED = "unsatisfied", _("Unsatisfied")

    cycle = models.ForeignKey(Cycle, models.PROTECT, related_name="projects", verbose_name=_("cycle"))
    name = models.CharField(_("name"), max_length=120)
    description = models.TextField(_("description"), max_length=4000, blank=True)
    budget = models.DecimalField(_("budget (10,000 yuan)"), max_digits=12, decimal_places=2,
                                 validators=[MinValueValidator(0)])
    lead_unit = models.ForeignKey("congress.Unit", models.PROTECT, related_name="livelihood_projects",
                                  verbose_name=_("lead unit"))
    completion_on = models.DateField(_("completion date"))
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.CANDIDATE)
    position = models.PositiveSmallIntegerField(_("order on the ballot"), default=0)
    yes_votes = models.PositiveIntegerField(_("yes votes"), null=True, blank=True)
    rank = models.PositiveSmallIntegerField(_("rank"), null=True, blank=True)
    # The deputies' year-end rating (rule 23): the rule-15 outcome of the cycle's rating ballot.
    deputy_rating = models.CharField(_("deputies' rating"), max_length=12, choices=Rating.choices, blank=True)
    completed_at = models.DateTimeField(_("completed at"), null=True, blank=True)

    objects = ProjectQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "position", "id"]
        verbose_name = _("livelihood project")
        verbose_name_plural = _("livelihood projects")
        constraints = [
            models.UniqueConstraint(fields=["cycle", "name"], name="livelihood_project_name_per_cycle"),
        ]

    def __str__(self):
        return self.name

    @property
    def is_adopted(self) -> bool:
        return self.status in self.ADOPTED_STATUSES


class ChildOfProjectQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self.filter(project__in=Project.objects.visible_to(user))


class SubProject(models.Model):
    """子项目: completion rolls up as sub-projects done / total (Fangchenggang's 583 of 40)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="subprojects", verbose_name=_("project"))
    name = models.CharField(_("name"), max_length=120)
    place = models.CharField(_("place"), max_length=200, blank=True)
    is_done = models.BooleanField(_("done"), default=False)
    done_on = models.DateField(_("done on"), null=True, blank=True)

    objects = ChildOfProjectQuerySet.as_manager()

    class Meta:
        ordering = ["project", "id"]
        verbose_name = _("sub-project")
        verbose_name_plural = _("sub-projects")
        constraints = [
            models.CheckConstraint(condition=Q(is_done=False) | Q(done_on__isnull=False),
                                   name="livelihood_done_subproject_has_date"),
        ]

    def __str__(self):
        return self.name


class Milestone(models.Model):
    """A dated step of an adopted project; it needs a progress report by its date (rule 22)."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        REPORTED = "reported", _("Reported")

    project = models.ForeignKey(Project, models.CASCADE, related_name="milestones", verbose_name=_("project"))
    title = models.CharField(_("title"), max_length=120)
    due_on = models.DateField(_("due on"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    created_on = models.DateField(_("created on"), default=timezone.localdate)

    objects = ChildOfProjectQuerySet.as_manager()

    class Meta:
        ordering = ["project", "due_on", "id"]
        verbose_name = _("milestone")
        verbose_name_plural = _("milestones")

    def __str__(self):
        return self.title


class ProgressReport(models.Model):
    """What the responsible unit reports (percent and text; photos through the shared attachments)."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="progress_reports", verbose_name=_("project"))
    milestone = models.ForeignKey(Milestone, models.SET_NULL, null=True, blank=True, related_name="reports",
                                  verbose_name=_("milestone"))
    percent = models.PositiveSmallIntegerField(_("percent complete"),
                                               validators=[MinValueValidator(0), MaxValueValidator(100)])
    text = models.TextField(_("progress"), max_length=4000)
    photo = models.FileField(_("photo"), upload_to="livelihood/progress/%Y/%m/", blank=True)
    reported_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("reported by"))
    reported_at = models.DateTimeField(_("reported at"), default=timezone.now)

    objects = ChildOfProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-reported_at", "-id"]
        verbose_name = _("progress report")
        verbose_name_plural = _("progress reports")
        constraints = [
            models.CheckConstraint(condition=Q(percent__lte=100), name="livelihood_percent_at_most_100"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.percent}%"


class Check(models.Model):
    """The office's checks (Jiangbei's 三查): units' self check, sub-district check, leaders' spot check."""

    class Kind(models.TextChoices):
        SELF = "self", _("Self check by the unit")
        SUBDISTRICT = "subdistrict", _("Sub-district check")
        SPOT = "spot", _("Leaders' spot check")

    project = models.ForeignKey(Project, models.CASCADE, related_name="checks", verbose_name=_("project"))
    kind = models.CharField(_("kind"), max_length=12, choices=Kind.choices)
    checked_on = models.DateField(_("checked on"))
    findings = models.TextField(_("findings"), max_length=4000)
    has_problems = models.BooleanField(_("problems found"), default=False)
    recorded_by = models.ForeignKey(settings.AUTH_USER_MODEL, models.PROTECT, related_name="+",
                                    verbose_name=_("recorded by"))

    objects = ChildOfProjectQuerySet.as_manager()

    class Meta:
        ordering = ["-checked_on", "-id"]
        verbose_name = _("check")
        verbose_name_plural = _("checks")

    def __str__(self):
        return f"{self.get_kind_display()} {self.checked_on}"


class Rectification(models.Model):
    """The task an 不满意 project gets (rule 16 applied to rule 23): fix within a deadline, report again."""

    class Status(models.TextChoices):
        OPEN = "open", _("Open")
        DONE = "done", _("Done")

    project = models.ForeignKey(Project, models.CASCADE, related_name="rectifications", verbose_name=_("project"))
    unit = models.ForeignKey("congress.Unit", models.PROTECT, related_name="+", verbose_name=_("unit"))
    due_on = models.DateField(_("due on"))
    reason = models.CharField(_("reason"), max_length=200)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.OPEN)
    report = models.TextField(_("report"), max_length=4000, blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)

    objects = ChildOfProjectQuerySet.as_manager()

    class Meta:
        ordering = ["due_on", "id"]
        verbose_name = _("rectification")
        verbose_name_plural = _("rectifications")
        constraints = [
            models.UniqueConstraint(fields=["project"], condition=Q(status="open"),
                                    name="livelihood_one_open_rectification"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.due_on}"


class SurveyResponse(models.Model):
    """A resident's rating of one project. `respondent` is a keyed hash of the phone number or of the
    device cookie (LIVELIHOOD_SURVEY_KEY): the unique constraint makes "one response per phone or
    device" a fact of the database, and the phone itself is never stored."""

    project = models.ForeignKey(Project, models.CASCADE, related_name="survey_responses",
                                verbose_name=_("project"))
    respondent = models.CharField(max_length=64)
    rating = models.CharField(_("rating"), max_length=12, choices=Project.Rating.choices)
    comment = models.CharField(_("comment"), max_length=500, blank=True)
    created_on = models.DateField(default=timezone.localdate)

    class Meta:
        verbose_name = _("survey response")
        verbose_name_plural = _("survey responses")
        constraints = [
            models.UniqueConstraint(fields=["project", "respondent"], name="livelihood_one_response_per_respondent"),
        ]

    def __str__(self):
        return f"{self.project_id} {self.rating}"


class SurveySummaryQuerySet(models.QuerySet):
    def visible_to(self, user):
        return self  # aggregates only: public once rolled up


class SurveySummary(models.Model):
    """One row of the roll-up: per project, per unit or per cycle (rule 23, both rates)."""

    class Level(models.TextChoices):
        PROJECT = "project", _("Project")
        UNIT = "unit", _("Unit")
        CYCLE = "cycle", _("Cycle")

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="survey_summaries")
    level = models.CharField(max_length=8, choices=Level.choices)
    project = models.ForeignKey(Project, models.CASCADE, null=True, blank=True, related_name="+")
    unit = models.ForeignKey("congress.Unit", models.CASCADE, null=True, blank=True, related_name="+")
    satisfied = models.PositiveIntegerField(default=0)
    basically = models.PositiveIntegerField(default=0)
    unsatisfied = models.PositiveIntegerField(default=0)
    total = models.PositiveIntegerField(default=0)
    computed_at = models.DateTimeField(default=timezone.now)

    objects = SurveySummaryQuerySet.as_manager()

    class Meta:
        ordering = ["cycle", "level", "project", "unit"]
        constraints = [
            models.UniqueConstraint(fields=["cycle", "level", "project", "unit"], nulls_distinct=False,
                                    name="livelihood_one_summary_row"),
        ]

    def __str__(self):
        return f"{self.cycle_id} {self.level} {self.project_id or self.unit_id or ''}"

    @property
    def rate_with_basically(self):
        """Rule 23: (满意 + 基本满意) / valid responses."""
        return (self.satisfied + self.basically) / self.total if self.total else None

    @property
    def rate_satisfied_only(self):
        return self.satisfied / self.total if self.total else None


class RollupRequest(models.Model):
    """The outbox of roll-ups: a request writes a row, the beat task runs what is pending (no broker
    on the web path)."""

    cycle = models.ForeignKey(Cycle, models.CASCADE, related_name="+")
    requested_at = models.DateTimeField(default=timezone.now)
    done_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["cycle"], condition=Q(done_at__isnull=True),
                                    name="livelihood_one_pending_rollup"),
        ]

    def __str__(self):
        return f"{self.cycle_id} {self.requested_at}"


class PublicSubmission(models.Model):
    """Public forms' rate limit, kept in the database so it holds with Redis stopped: one row per
    accepted submission, keyed by a hash of the client address and the form."""

    key = models.CharField(max_length=64)
    form = models.CharField(max_length=16)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        indexes = [models.Index(fields=["form", "key", "created_at"], name="livelihood_submission_key")]

    def __str__(self):
        return f"{self.form} {self.created_at}"
