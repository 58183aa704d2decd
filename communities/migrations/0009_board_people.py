"""The board administration's people and communities: a client_key on the staff record and on
the community, so that a form sent twice makes one (core/once.py). Columns added in place:
SQLite's one-board triggers of 0007 stay as they are."""

from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0008_departure'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.AddField(
            model_name='community',
            name='client_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='staffmember',
            name='client_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddConstraint(
            model_name='community',
            constraint=models.UniqueConstraint(condition=models.Q(('client_key__isnull', False)), fields=('organisation', 'client_key'), name='community_once_per_client_key', violation_error_message='This form has been sent already.'),
        ),
        migrations.AddConstraint(
            model_name='staffmember',
            constraint=models.UniqueConstraint(condition=models.Q(('client_key__isnull', False)), fields=('organisation', 'client_key'), name='staff_once_per_client_key', violation_error_message='This form has been sent already.'),
        ),
    ]
