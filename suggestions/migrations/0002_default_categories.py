from django.db import migrations

# The fields a suggestion belongs to (领域分类); the office may add or rename them later.
CATEGORIES = [
    ("economy", "经济发展"), ("urban", "城乡建设"), ("transport", "交通出行"), ("education", "教育科技"),
    ("health", "医疗卫生"), ("social", "社会保障"), ("environment", "生态环境"), ("rural", "农业农村"),
    ("governance", "社会治理"), ("culture", "文化旅游"), ("other", "其他"),
]


def load(apps, schema_editor):
    Category = apps.get_model("suggestions", "Category")
    for order, (code, name) in enumerate(CATEGORIES, start=1):
        Category.objects.get_or_create(code=code, defaults={"name": name, "sort_order": order * 10})


def unload(apps, schema_editor):
    Category = apps.get_model("suggestions", "Category")
    Category.objects.filter(code__in=[code for code, _name in CATEGORIES], suggestions__isnull=True).delete()


class Migration(migrations.Migration):
    dependencies = [("suggestions", "0001_initial")]
    operations = [migrations.RunPython(load, unload)]
