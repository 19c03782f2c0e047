# Block now lives in social (social 0003, same table): state only, the table stays.

from django.db import migrations


class Migration(migrations.Migration):

    dependencies = [
        ('moderation', '0001_initial'),
        ('social', '0003_block'),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[migrations.DeleteModel(name='Block')],
            database_operations=[],
        ),
    ]
