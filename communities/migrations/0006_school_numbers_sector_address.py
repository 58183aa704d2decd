"""A school's BRIN and location number, sector and address (for the board administration),
and the client key that makes a school once however often its form is sent.

SQLite adds these columns by making the school table again, which its one-board triggers
read: they are dropped first and made again at the end."""

import importlib

import django.core.validators
from django.db import migrations, models

TRIGGERS = importlib.import_module("communities.migrations.0005_board_administrator")


def _sqlite_triggers(create: bool):
    def run(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for statement in TRIGGERS.sqlite_triggers(create=create):
                schema_editor.execute(statement, params=None)

    return run


class Migration(migrations.Migration):

    dependencies = [
        ('communities', '0005_board_administrator'),
    ]

    operations = [
        migrations.RunPython(_sqlite_triggers(create=False), _sqlite_triggers(create=True)),
        migrations.AddField(
            model_name='school',
            name='brin',
            field=models.CharField(blank=True, help_text='Two digits and two capital letters, e.g. 12AB.', max_length=4, validators=[django.core.validators.RegexValidator('\\A[0-9]{2}[A-Z]{2}\\Z', 'A BRIN number is two digits and two capital letters, e.g. 12AB.')], verbose_name='BRIN number'),
        ),
        migrations.AddField(
            model_name='school',
            name='client_key',
            field=models.UUIDField(blank=True, editable=False, null=True),
        ),
        migrations.AddField(
            model_name='school',
            name='location',
            field=models.CharField(default='00', help_text='Two digits: 00 for the main location.', max_length=2, validators=[django.core.validators.RegexValidator('\\A[0-9]{2}\\Z', 'A location number is two digits, e.g. 00.')], verbose_name='location number'),
        ),
        migrations.AddField(
            model_name='school',
            name='place',
            field=models.CharField(blank=True, max_length=100, verbose_name='place'),
        ),
        migrations.AddField(
            model_name='school',
            name='postcode',
            field=models.CharField(blank=True, help_text='1234 AB', max_length=7, validators=[django.core.validators.RegexValidator('\\A[1-9][0-9]{3} [A-Z]{2}\\Z', 'A postcode is four digits and two letters, e.g. 1234 AB.')], verbose_name='postcode'),
        ),
        migrations.AddField(
            model_name='school',
            name='sector',
            field=models.CharField(blank=True, choices=[('po', 'primary education (po)'), ('vo', 'secondary education (vo)'), ('mbo', 'vocational education (mbo)')], max_length=3, verbose_name='sector'),
        ),
        migrations.AddField(
            model_name='school',
            name='street',
            field=models.CharField(blank=True, max_length=200, verbose_name='street and number'),
        ),
        migrations.AddConstraint(
            model_name='school',
            constraint=models.UniqueConstraint(condition=models.Q(('brin', ''), _negated=True), fields=('organisation', 'brin', 'location'), name='school_brin_location_per_board', violation_error_message='This board already has a school with this BRIN and location number.'),
        ),
        migrations.AddConstraint(
            model_name='school',
            constraint=models.UniqueConstraint(condition=models.Q(('client_key__isnull', False)), fields=('organisation', 'client_key'), name='school_once_per_client_key', violation_error_message='This form has been sent already.'),
        ),
        migrations.RunPython(_sqlite_triggers(create=True), _sqlite_triggers(create=False)),
    ]
