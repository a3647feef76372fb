from django.db import migrations
from django.db.models import F


def mark_provisional(apps, schema_editor):
    # Open parts computed before this release whose deadline falls in a year without a holiday
    # calendar were counted on weekdays only: mark them, so that loading the year recomputes them.
    # A date changed by an extension (due_on != original_due_on) was set by the office and stays.
    Assignment = apps.get_model("suggestions", "Assignment")
    CalendarYear = apps.get_model("congress", "CalendarYear")
    known = list(CalendarYear.objects.values_list("year", flat=True))
    open_parts = Assignment.objects.filter(status__in=["assigned", "rehandling"])
    open_parts.filter(round=1, due_start_on__isnull=True).update(due_start_on=F("assigned_on"))
    (open_parts.exclude(due_on__year__in=known).filter(round=1, due_on=F("original_due_on"))
     .update(due_is_provisional=True))


class Migration(migrations.Migration):
    dependencies = [
        ("suggestions", "0004_provisional_deadlines_and_assign_by"),
        ("congress", "0005_calendar_year"),
    ]
    operations = [migrations.RunPython(mark_provisional, migrations.RunPython.noop)]
