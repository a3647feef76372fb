"""Implementation (政府办): milestones, sub-projects, progress reports and the office's checks (rule 22)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from congress import audit
from congress.locking import lock, lock_parent_then_child
from livelihood import rules
from livelihood.models import Check, Milestone, ProgressReport, Project, SubProject


def add_milestone(project, *, actor, title, due_on):
    """Give an adopted project a dated milestone; a report is due by that date (rule 22)."""
    with transaction.atomic():
        project = lock(Project.objects.all(), project.pk)
        rules.can_plan_project(actor, project).enforce()
        milestone = Milestone.objects.create(project=project, title=title.strip(), due_on=due_on)
        audit.record(project, "livelihood.project.milestone_added", actor=actor, title=milestone.title,
                     due_on=due_on.isoformat())
    return milestone


def add_subproject(project, *, actor, name, place=""):
    """A sub-project (子项目) of an adopted or candidate project."""
    with transaction.atomic():
        project = lock(Project.objects.all(), project.pk)
        rules.can_manage_cycle(actor).enforce()
        subproject = SubProject.objects.create(project=project, name=name.strip(), place=place.strip())
        audit.record(project, "livelihood.project.subproject_added", actor=actor, name=subproject.name)
    return subproject


def complete_subproject(subproject, *, actor, done_on=None):
    """Mark a sub-project done; when all are done the project is completed (completion rolls up)."""
    with transaction.atomic():
        project, subproject = lock_parent_then_child(subproject, "project")
        rules.can_report_progress(actor, project).enforce()
        if subproject.is_done:
            raise ValidationError(_("This sub-project is already done."), code="state")
        subproject.is_done, subproject.done_on = True, done_on or timezone.localdate()
        subproject.save(update_fields=["is_done", "done_on"])
        audit.record(project, "livelihood.project.subproject_done", actor=actor, name=subproject.name)
        _complete_if_done(project, actor)
    return subproject


def _complete_if_done(project, actor):
    # Derived from the children: the caller holds the project's lock (congress.locking).
    if project.subprojects.exists() and not project.subprojects.filter(is_done=False).exists():
        project.status, project.completed_at = Project.Status.COMPLETED, timezone.now()
        project.save(update_fields=["status", "completed_at"])
        audit.record(project, "livelihood.project.completed", actor=actor)


def post_progress(project, *, actor, percent, text, milestone=None, photo=None):
    """The responsible unit reports progress; a report answers its milestone (rule 22)."""
    if not 0 <= int(percent) <= 100:
        raise ValidationError({"percent": _("Give a percentage from 0 to 100.")}, code="invalid")
    with transaction.atomic():
        project = lock(Project.objects.all(), project.pk)
        rules.can_report_progress(actor, project).enforce()
        if milestone is not None:
            milestone = lock(Milestone.objects.filter(project=project), milestone.pk)
        report = ProgressReport.objects.create(project=project, milestone=milestone, percent=percent,
                                               text=text.strip(), reported_by=actor, photo=photo or "")
        if milestone is not None and milestone.status == Milestone.Status.OPEN:
            milestone.status = Milestone.Status.REPORTED
            milestone.save(update_fields=["status"])
        audit.record(project, "livelihood.project.progress_reported", actor=actor, percent=int(percent),
                     milestone=milestone.pk if milestone else None)
    return report


def record_check(project, *, actor, kind, checked_on, findings, has_problems=False):
    """Record one of the three checks (三查: the unit's self check, the sub-district's, leaders' spot check)."""
    if kind not in Check.Kind.values:
        raise ValidationError({"kind": _("Choose the kind of check.")}, code="invalid")
    with transaction.atomic():
        project = lock(Project.objects.all(), project.pk)
        rules.can_record_check(actor, project, kind).enforce()
        check = Check.objects.create(project=project, kind=kind, checked_on=checked_on, findings=findings.strip(),
                                     has_problems=has_problems, recorded_by=actor)
        audit.record(project, "livelihood.project.checked", actor=actor, kind=kind, has_problems=has_problems)
    return check
