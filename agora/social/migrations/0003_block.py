# Block moves from moderation to social (blocks are part of the social graph). State only: the
# table keeps its name (moderation_block), its rows, indexes and constraints.

import django.db.models.deletion
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('accounts', '0004_backfill_actors'),
        ('moderation', '0001_initial'),
        ('social', '0002_post_comment_to_buy_keyword'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='Block',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('created_at', models.DateTimeField(auto_now_add=True)),
                        ('blocked', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='+', to='accounts.handle')),
                        ('blocker', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='blocks', to=settings.AUTH_USER_MODEL)),
                    ],
                    options={
                        'db_table': 'moderation_block',
                        'constraints': [models.UniqueConstraint(fields=('blocker', 'blocked'), name='block_once')],
                    },
                ),
            ],
            database_operations=[],
        ),
    ]
