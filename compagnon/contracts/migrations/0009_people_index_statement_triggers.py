"""PostgreSQL: the people of new contracts and supervisions written once per statement, from its transition table,
instead of a trigger call per row (compagnon/contracts/people_index.py). SQLite keeps its triggers: a no-op there."""

from django.db import migrations

from compagnon.contracts import people_index


def install_triggers(apps, schema_editor):
    # install() drops the former row-by-row insert triggers first.
    people_index.install(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('contracts', '0008_supervision_novelty_index'),
    ]

    operations = [
        migrations.RunPython(install_triggers, migrations.RunPython.noop),
    ]
