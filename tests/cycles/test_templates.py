import pytest
from django.core.validators import MinValueValidator
from django.urls import reverse
from django.utils import timezone, translation

from cycles import selectors
from cycles.models import CycleTemplate, TemplateActivity
from cycles.services import cycles as cycle_services
from tests.cycles.matrix_cycles import board_template


def test_a_facilitator_copies_the_built_in_template_for_the_board(world, client_for):
    default = selectors.template_default()
    response = client_for("facilitator").post(
        reverse(
            "cycles:template_copy", kwargs={"pk": world.community.pk, "template_pk": default.pk}
        )
    )
    copy = CycleTemplate.objects.get(organisation=world.board)
    assert response["Location"] == reverse("cycles:template", kwargs={"pk": copy.pk})
    assert copy.activities.count() == default.activities.count()
    # Copying again gets a name of its own.
    client_for("facilitator").post(
        reverse(
            "cycles:template_copy", kwargs={"pk": world.community.pk, "template_pk": default.pk}
        )
    )
    assert CycleTemplate.objects.filter(organisation=world.board).count() == 2


def test_the_built_in_template_cannot_be_edited(world, client_for):
    url = reverse("cycles:template", kwargs={"pk": selectors.template_default().pk})
    assert client_for("facilitator").get(url).status_code == 403


def test_a_lesson_study_rhythm_of_two_weeks(world, client_for):
    template = board_template(world)
    client = client_for("facilitator")
    url = reverse("cycles:template", kwargs={"pk": template.pk})
    for activity in template.activities.filter(week__gt=2):
        client.post(reverse("cycles:template_activity_delete", kwargs={"pk": activity.pk}))
    response = client.post(
        url, {"template-name": "Lesson study", "template-description": "", "template-weeks": 2}
    )
    assert response.status_code == 302
    response = client.post(
        url,
        {
            "activity-week": 2,
            "activity-kind": "training",
            "activity-weekday": 3,
            "activity-start_time": "14:00",
            "activity-duration_minutes": 120,
        },
    )
    assert response.status_code == 302
    template.refresh_from_db()
    assert template.weeks == 2
    cycles = cycle_services.plan_create(
        community=world.community, template=template, start=timezone.localdate(), count=2
    )
    assert all((c.end_date - c.start_date).days == 11 for c in cycles)


def test_weeks_with_activities_cannot_be_dropped(world, client_for):
    template = board_template(world)
    response = client_for("facilitator").post(
        reverse("cycles:template", kwargs={"pk": template.pk}),
        {"template-name": "x", "template-description": "", "template-weeks": 2},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["weeks"]
    template.refresh_from_db()
    assert template.weeks == 4


@pytest.mark.parametrize(
    ("field", "value"), [("activity-week", 9), ("activity-duration_minutes", 2)]
)
def test_an_impossible_activity_is_refused_next_to_the_field(world, client_for, field, value):
    template = board_template(world)
    data = {
        "activity-week": 1,
        "activity-kind": "training",
        "activity-weekday": 1,
        "activity-start_time": "15:30",
        "activity-duration_minutes": 60,
        field: value,
    }
    response = client_for("facilitator").post(
        reverse("cycles:template", kwargs={"pk": template.pk}), data
    )
    assert response.status_code == 200
    assert response.context["activity_form"].errors
    assert TemplateActivity.objects.filter(template=template).count() == 5


def field_error(html: str, field_id: str) -> str:
    """The error text Django renders next to a field (the id its aria-describedby names)."""
    start = html.index(f'id="{field_id}_error"')
    return html[start : html.index("</ul>", start)]


def at_least(number: int) -> str:
    """Django's "at least" message, as a Dutch-speaking user reads it."""
    with translation.override("nl"):
        return str(MinValueValidator.message) % {"limit_value": number}


@pytest.mark.parametrize(
    ("field", "constraint", "low"),
    [("week", "activity_week_from_1", 1), ("duration_minutes", "activity_duration_5_to_600", 5)],
)
def test_week_or_duration_zero_says_what_is_allowed_at_the_field(
    world, client_for, field, constraint, low
):
    template = board_template(world)
    data = {
        "activity-week": 1,
        "activity-kind": "training",
        "activity-weekday": 1,
        "activity-start_time": "15:30",
        "activity-duration_minutes": 60,
        f"activity-{field}": 0,
    }
    response = client_for("facilitator").post(
        reverse("cycles:template", kwargs={"pk": template.pk}), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert at_least(low) in field_error(html, f"id_activity-{field}")
    assert constraint not in html
    assert TemplateActivity.objects.filter(template=template).count() == 5


def test_a_template_of_zero_weeks_says_what_is_allowed_at_the_field(world, client_for):
    template = board_template(world)
    response = client_for("facilitator").post(
        reverse("cycles:template", kwargs={"pk": template.pk}),
        {"template-name": template.name, "template-description": "", "template-weeks": 0},
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert at_least(1) in field_error(html, "id_template-weeks")
    assert "template_1_to_12_weeks" not in html
    template.refresh_from_db()
    assert template.weeks == 4
