"""Evaluation (人大评): residents' survey, its roll-up, the deputies' rating and rectification (rules 15, 16, 23)."""

import hashlib
import hmac
from datetime import timedelta

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, connection, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from congress import audit, notifications
from congress.locking import lock, lock_parent_then_child
from congress.models import User
from congress.texts import Text
from livelihood import rules
from livelihood.models import Cycle, Project, Rectification, RollupRequest, SurveyResponse, SurveySummary


def respondent_key(value: str) -> str:
    """A keyed hash of the phone number or device id: the constraint needs a stable value, the office
    does not need the number itself (and a leaked table gives no phone numbers)."""
    secret = (settings.LIVELIHOOD_SURVEY_KEY or settings.SECRET_KEY).encode()
    mode = settings.LIVELIHOOD_SURVEY_ONE_PER
    return hmac.new(secret, f"{mode}:{value.strip()}".encode(), hashlib.sha256).hexdigest()


def submit_survey_response(project, *, respondent, rating, comment=""):
    """A resident rates an adopted project (rule 23); one response per phone or device (a DB constraint)."""
    if rating not in Project.Rating.values:
        raise ValidationError({"rating": _("Choose a rating.")}, code="invalid")
    if not project.is_adopted:
        raise ValidationError(_("Only the year's projects are rated."), code="state")
    rules.can_answer_survey(project.cycle).enforce()
    try:
        with transaction.atomic():
            response = SurveyResponse.objects.create(project=project, respondent=respondent_key(respondent),
                                                     rating=rating, comment=comment.strip())
    except IntegrityError:
        raise ValidationError(_("This phone or device has already rated this project."), code="duplicate") from None
    return response


def request_rollup(cycle):
    """Ask for a roll-up: a row the beat task picks up (no broker on the web path)."""
    RollupRequest.objects.bulk_create([RollupRequest(cycle=cycle)], ignore_conflicts=True)


# Two steps in one statement: the million responses are grouped once, per project (the only pass
# over the big table); the units' and the cycle's rows come from those few project rows with
# GROUPING SETS, so the roll-up costs about one GROUP BY (the bench compares it with one).
ROLLUP_SQL = """
    WITH per_project AS (
        SELECT r.project_id,
               COUNT(*) FILTER (WHERE r.rating = 'satisfied') AS satisfied,
               COUNT(*) FILTER (WHERE r.rating = 'basically') AS basically,
               COUNT(*) FILTER (WHERE r.rating = 'unsatisfied') AS unsatisfied,
               COUNT(*) AS total
          FROM livelihood_surveyresponse r
         WHERE r.project_id IN (SELECT id FROM livelihood_project WHERE cycle_id = %(cycle)s)
         GROUP BY r.project_id
    )
    INSERT INTO livelihood_surveysummary
           (cycle_id, level, project_id, unit_id, satisfied, basically, unsatisfied, total, computed_at)
    SELECT p.cycle_id,
           CASE WHEN GROUPING(p.id) = 0 THEN 'project' WHEN GROUPING(p.lead_unit_id) = 0 THEN 'unit'
                ELSE 'cycle' END,
           CASE WHEN GROUPING(p.id) = 0 THEN p.id END,
           CASE WHEN GROUPING(p.id) = 1 AND GROUPING(p.lead_unit_id) = 0 THEN p.lead_unit_id END,
           SUM(x.satisfied), SUM(x.basically), SUM(x.unsatisfied), SUM(x.total), %(now)s
      FROM per_project x
      JOIN livelihood_project p ON p.id = x.project_id
     GROUP BY GROUPING SETS ((p.cycle_id, p.id), (p.cycle_id, p.lead_unit_id), (p.cycle_id))
"""


def roll_up_survey(cycle_id):
    """Recompute the cycle's summary rows with one SQL aggregation (rule 23: both rates from the counts).

    Idempotent: the rows are replaced in one transaction, so running twice gives the same rows."""
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle_id)  # one roll-up of a cycle at a time
        SurveySummary.objects.filter(cycle=cycle).delete()
        with connection.cursor() as cursor:
            cursor.execute(ROLLUP_SQL, {"cycle": cycle.pk, "now": timezone.now()})
        RollupRequest.objects.filter(cycle=cycle, done_at__isnull=True).update(done_at=timezone.now())
    return SurveySummary.objects.filter(cycle_id=cycle_id).count()


def record_deputy_rating(project, *, actor, result):
    """Staff record the deputies' rating by hand (a vote held outside the platform); see apply_rating."""
    rules.can_plan_project(actor, project).enforce()
    return apply_rating(project, actor=actor, result=result)


def apply_rating(project, *, actor, result):
    """Store the deputies' rating of a project, the rule-15 result of its satisfaction ballot (rule 23).

    Rule 16 applied to projects: 不满意 creates a rectification task for the lead unit with a deadline."""
    if result not in Project.Rating.values:
        raise ValidationError({"result": _("Unknown rating.")}, code="invalid")
    with transaction.atomic():
        project = lock(Project.objects.select_related("lead_unit"), project.pk)
        if not project.is_adopted:
            raise ValidationError(_("Only an adopted project is rated."), code="state")
        project.deputy_rating = result
        project.save(update_fields=["deputy_rating"])
        audit.record(project, "livelihood.project.rated", actor=actor, result=result)
        if result == Project.Rating.UNSATISFIED and not project.rectifications.filter(
                status=Rectification.Status.OPEN).exists():
            due_on = timezone.localdate() + timedelta(days=settings.LIVELIHOOD_RECTIFICATION_DAYS)
            Rectification.objects.create(project=project, unit=project.lead_unit, due_on=due_on,
                                         reason=_("Deputies rated the project unsatisfied"))
            audit.record(project, "livelihood.project.rectification_opened", actor=actor, due_on=due_on.isoformat())
            for handler in User.objects.filter(unit=project.lead_unit, is_active=True):
                notifications.notify(handler, "livelihood.rectification",
                                     Text(gettext_noop("Project %(name)s must be rectified by %(date)s"),
                                          name=project.name, date=due_on),
                                     url=f"/portal/livelihood/projects/{project.pk}/")
    return project


def close_rectification(rectification, *, actor, report):
    """The unit reports what it fixed; the task closes (the next rating decides whether it is enough)."""
    with transaction.atomic():
        project, rectification = lock_parent_then_child(rectification, "project")
        rules.can_rectify(actor, project).enforce()
        if rectification.status != Rectification.Status.OPEN:
            raise ValidationError(_("This rectification is already closed."), code="state")
        rectification.status, rectification.report = Rectification.Status.DONE, report.strip()
        rectification.save(update_fields=["status", "report"])
        audit.record(project, "livelihood.project.rectification_done", actor=actor)
    return rectification


def open_survey(cycle, *, actor, opens_on, closes_on):
    """Set the residents' survey window; the cycle moves to evaluation (rule 23, at the next session)."""
    if closes_on < opens_on:
        raise ValidationError({"survey_closes_on": _("The survey cannot close before it opens.")}, code="invalid")
    with transaction.atomic():
        cycle = lock(Cycle.objects.all(), cycle.pk)
        rules.can_manage_cycle(actor, cycle).enforce()
        if cycle.stage not in (Cycle.Stage.IMPLEMENTATION, Cycle.Stage.EVALUATION):
            raise ValidationError(_("The survey follows implementation."), code="stage")
        cycle.stage, cycle.survey_opens_on, cycle.survey_closes_on = Cycle.Stage.EVALUATION, opens_on, closes_on
        cycle.save(update_fields=["stage", "survey_opens_on", "survey_closes_on"])
        audit.record(cycle, "livelihood.cycle.survey_opened", actor=actor, opens_on=opens_on.isoformat(),
                     closes_on=closes_on.isoformat())
    return cycle
