"""Writes for cycle templates: a board's own copy of a template, and its activities."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from communities.models import Organisation
from cycles.models import CycleTemplate, TemplateActivity


@transaction.atomic
def template_copy(
    *, template: CycleTemplate, organisation: Organisation, name: str
) -> CycleTemplate:
    copy = CycleTemplate(
        organisation=organisation,
        name=name,
        weeks=template.weeks,
        description=template.description,
    )
    copy.full_clean()
    copy.save()
    TemplateActivity.objects.bulk_create(
        TemplateActivity(
            template=copy,
            week=a.week,
            kind=a.kind,
            weekday=a.weekday,
            start_time=a.start_time,
            duration_minutes=a.duration_minutes,
        )
        for a in template.activities.all()
    )
    return copy


@transaction.atomic
def template_update(
    *, template: CycleTemplate, name: str, description: str, weeks: int
) -> CycleTemplate:
    if template.activities.filter(week__gt=weeks).exists():
        raise ValidationError({"weeks": _("Remove the activities of the weeks you drop first.")})
    template.name, template.description, template.weeks = name, description, weeks
    template.full_clean()
    template.save()
    return template


@transaction.atomic
def template_activity_delete(*, activity: TemplateActivity) -> None:
    """Remove an activity from its template."""
    activity.delete()


@transaction.atomic
def template_activity_add(*, template: CycleTemplate, **fields) -> TemplateActivity:
    activity = TemplateActivity(template=template, **fields)
    activity.full_clean()
    if activity.week > template.weeks:
        raise ValidationError(
            {"week": _("This template has %(weeks)s weeks.") % {"weeks": template.weeks}}
        )
    activity.save()
    return activity
