import datetime as dt

from django.db import migrations

# Kept here (not imported from services) so the migration never changes after it ran.
ACTIVITIES = [
    (1, "training", 1, dt.time(15, 30), 90),
    (1, "coaching", 3, dt.time(15, 0), 30),
    (2, "knowledge", 1, dt.time(15, 30), 90),
    (3, "coaching", 3, dt.time(15, 0), 30),
    (4, "knowledge", 1, dt.time(15, 30), 90),
]


def create_default_template(apps, schema_editor):
    CycleTemplate = apps.get_model("cycles", "CycleTemplate")
    TemplateActivity = apps.get_model("cycles", "TemplateActivity")
    template, created = CycleTemplate.objects.get_or_create(
        organisation=None,
        name="Vierwekelijkse cyclus",
        defaults={
            "weeks": 4,
            "description": (
                "Week 1 training en coaching, week 2 kennisgemeenschap, "
                "week 3 vrij en coaching, week 4 kennisgemeenschap."
            ),
        },
    )
    if created:
        TemplateActivity.objects.bulk_create(
            TemplateActivity(template=template, week=w, kind=k, weekday=d, start_time=t,
                             duration_minutes=m)
            for w, k, d, t, m in ACTIVITIES
        )


class Migration(migrations.Migration):
    dependencies = [("cycles", "0001_initial")]

    operations = [migrations.RunPython(create_default_template, migrations.RunPython.noop)]
