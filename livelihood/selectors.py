"""Reads shared by the pages and the API: completion roll-ups and survey summaries."""

from django.db.models import Count, Max, Q

from livelihood.models import Project, SubProject, SurveySummary


def completion_by_project(projects):
    """{project_id: (done, total, latest percent)} for the given projects, in one query."""
    rows = (Project.objects.filter(pk__in=[p.pk for p in projects])
            .annotate(done=Count("subprojects", filter=Q(subprojects__is_done=True), distinct=True),
                      total=Count("subprojects", distinct=True),
                      percent=Max("progress_reports__percent"))
            .values_list("pk", "done", "total", "percent"))
    return {pk: (done, total, percent) for pk, done, total, percent in rows}


def completion_by_unit(cycle):
    """Sub-projects done / total per lead unit of the cycle's adopted projects (one GROUP BY)."""
    return list(SubProject.objects.filter(project__cycle=cycle, project__status__in=Project.ADOPTED_STATUSES)
                .values("project__lead_unit__name")
                .annotate(done=Count("pk", filter=Q(is_done=True)), total=Count("pk"))
                .order_by("project__lead_unit__name"))


def completion_of_cycle(cycle):
    return SubProject.objects.filter(project__cycle=cycle, project__status__in=Project.ADOPTED_STATUSES).aggregate(
        done=Count("pk", filter=Q(is_done=True)), total=Count("pk"))


def survey_summaries(cycle):
    """The roll-up rows of a cycle: (cycle row, project rows, unit rows)."""
    rows = list(SurveySummary.objects.filter(cycle=cycle).select_related("project", "unit"))
    overall = next((r for r in rows if r.level == SurveySummary.Level.CYCLE), None)
    return (overall, [r for r in rows if r.level == SurveySummary.Level.PROJECT],
            [r for r in rows if r.level == SurveySummary.Level.UNIT])
