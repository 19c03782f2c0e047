"""Visitor rows become one 64-bit digest per day (smaller index, faster rollup). They are
transient (only today's and yesterday's are kept), so the table is simply recreated."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("insights", "0001_initial")]

    operations = [
        migrations.DeleteModel(name="DailyVisitor"),
        migrations.CreateModel(
            name="DailyVisitor",
            fields=[
                (
                    "id",
                    models.BigAutoField(
                        auto_created=True, primary_key=True, serialize=False, verbose_name="ID"
                    ),
                ),
                ("day", models.DateField()),
                ("digest", models.BigIntegerField()),
            ],
            options={
                "constraints": [
                    models.UniqueConstraint(fields=("day", "digest"), name="insights_visitor_day")
                ]
            },
        ),
    ]
