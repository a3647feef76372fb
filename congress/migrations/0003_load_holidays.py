from django.db import migrations


def load(apps, schema_editor):
    # A data migration, so that every database (tests included) knows the holidays from the start.
    from chinese_calendar import constants

    Holiday = apps.get_model("congress", "Holiday")
    rows = [Holiday(date=d, kind="holiday", name=str(n)) for d, n in constants.holidays.items() if d.weekday() < 5]
    rows += [Holiday(date=d, kind="workday", name=str(n)) for d, n in constants.workdays.items()]
    Holiday.objects.bulk_create(rows, ignore_conflicts=True)


class Migration(migrations.Migration):
    dependencies = [("congress", "0002_holiday")]
    operations = [migrations.RunPython(load, migrations.RunPython.noop)]
