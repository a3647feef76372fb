"""The livelihood milestones' deadlines (rule 22), declared for `congress.reminders`: the unit is
reminded before a milestone's date while no progress report answers it, and the office too once it
is overdue. A reported milestone, or a project no longer being implemented, leaves the source, so
pending reminders are cancelled at delivery."""

from django.utils.translation import gettext_noop

from congress import reminders
from congress.reminders import STAFF, UNIT_HANDLERS, ReminderRule, To
from livelihood.models import Milestone

MILESTONE_SOURCE = """
    SELECT m.id AS object_id, p.id AS project_id, p.lead_unit_id AS unit_id, m.due_on,
           m.created_on AS since, m.title, p.name AS project
      FROM livelihood_milestone m
      JOIN livelihood_project p ON p.id = m.project_id
     WHERE m.status = 'open' AND p.status = 'adopted' AND m.due_on <= %(horizon)s
"""

MILESTONE = ReminderRule(
    kind="livelihood.milestone", model=Milestone, source_sql=MILESTONE_SOURCE,
    recipients=(To(UNIT_HANDLERS, url="/portal/livelihood/projects/%s/", url_id="project_id"),
                To(STAFF, url="/staff/livelihood/projects/%s/", url_id="project_id", channels=(), when="overdue")),
    thresholds="LIVELIHOOD_MILESTONE_REMINDER_DAYS", overdue="LIVELIHOOD_OVERDUE_REMINDER_EVERY_DAYS",
    arguments=("title", "project"), texts=(
        gettext_noop("Project %(project)s: the progress report for “%(title)s” is due on %(date)s"),
        gettext_noop("Post the progress of “%(title)s” (%(project)s) by %(date)s."),
        gettext_noop("Project %(project)s: milestone “%(title)s” is overdue"),
        gettext_noop("No progress report for “%(title)s” (%(project)s); it was due on %(date)s."),
    ))
RULES = [MILESTONE]
reminders.register(*RULES)
