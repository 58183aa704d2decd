"""The official holidays per region: the data file and its loader, filling a school's calendar
from it (on creation, by command, by the button), and the planner refusing a school year in
which a school of the community has no holidays."""

import copy
import datetime as dt
import io
import json

import pytest
import time_machine
from django.contrib.messages import get_messages
from django.core.management import call_command
from django.urls import reverse
from django.utils import translation

from communities.models import School
from cycles import school_holidays, selectors
from cycles.calendar import AMSTERDAM
from cycles.models import Cycle, Meeting, SchoolHoliday
from cycles.services import cycles as cycle_services
from cycles.services import school_calendars
from tests.factories import OrganisationFactory, SchoolFactory, make_community

D = dt.date
NOW = dt.datetime(2026, 11, 22, 12, tzinfo=AMSTERDAM)  # school year 2026-2027
# The published school years from 2026-2027 on: a new school gets five holidays in each.
FROM_NOW = [year for year in school_holidays.schedule().years if year >= 2026]


@pytest.fixture(autouse=True)
def frozen():
    with time_machine.travel(NOW, tick=False):
        yield


def raw() -> dict:
    return json.loads(school_holidays.DATA_FILE.read_text(encoding="utf-8"))


def of_2026(data: dict, key: str) -> dict:
    return data["school_years"]["2026-2027"][key]


def calendar(school: School) -> set[tuple[str, dt.date, dt.date]]:
    return set(school.holidays.values_list("name", "first_day", "last_day"))


# The data file and its loader -------------------------------------------------------------


def test_the_shipped_schedule_names_its_source_and_covers_every_region_and_year():
    schedule = school_holidays.schedule()
    assert schedule.source.publisher.startswith("Rijksoverheid")
    assert schedule.source.url == (
        "https://www.rijksoverheid.nl/onderwerpen/schoolvakanties/"
        "overzicht-schoolvakanties-per-schooljaar"
    )
    assert schedule.source.recorded == D(2026, 12, 6)
    assert set(schedule.years) >= {2024, 2025, 2026, 2027}
    for year in schedule.years:
        for region in School.Region.values:
            holidays = schedule.holidays(region, year)
            assert [h.name for h in holidays] == list(school_holidays.NAMES.values())
            assert all(h.first_day <= h.last_day for h in holidays)
            # Saturday to Sunday, as the ministry publishes them.
            assert {(h.first_day.weekday(), h.last_day.weekday()) for h in holidays} == {(5, 6)}
            summer = holidays[-1]
            assert (summer.last_day - summer.first_day).days == 6 * 7 + 1


def test_the_regions_take_turns_in_summer():
    schedule = school_holidays.schedule()
    for year in schedule.years:
        starts = {schedule.holidays(r, year)[-1].first_day for r in School.Region.values}
        assert len(starts) == 3, year  # three different weeks, all in July
        assert {day.month for day in starts} == {7}, year


def test_a_region_or_year_not_in_the_data_has_no_holidays():
    schedule = school_holidays.schedule()
    assert schedule.holidays("midden", 1999) == ()
    assert schedule.holidays("oost", 2026) == ()


@pytest.mark.parametrize(
    ("change", "complaint"),
    [
        (lambda d: of_2026(d, "herfst").pop("zuid"), "2026-2027.herfst"),
        (lambda d: d["school_years"]["2026-2027"].pop("mei"), "2026-2027"),
        (
            lambda d: of_2026(d, "kerst").update(noord=["2027-01-03", "2026-12-19"]),
            "2026-2027.kerst.noord: the last day is before the first day",
        ),
        (
            lambda d: of_2026(d, "zomer").update(midden=["2027-07-17"]),
            "2026-2027.zomer.midden",
        ),
        (
            lambda d: of_2026(d, "herfst").update(noord=["10-10-2026", "x"]),
            "is not a date",
        ),
        (
            lambda d: of_2026(d, "herfst").update(noord=["2025-10-10", "2025-10-18"]),
            "not in school year 2026-2027",
        ),
        (lambda d: d["school_years"].update({"2026-2028": {}}), "'2026-2028'"),
        (lambda d: d["source"].pop("url"), "source"),
        (lambda d: d.update(school_years={}), "empty"),
    ],
    ids=[
        "region-missing",
        "holiday-missing",
        "ends-before-it-starts",
        "one-date",
        "not-a-date",
        "other-school-year",
        "bad-school-year",
        "no-source-url",
        "no-years",
    ],
)
def test_the_loader_refuses_a_file_that_is_not_right_and_says_where(change, complaint):
    data = copy.deepcopy(raw())
    change(data)
    with pytest.raises(school_holidays.ScheduleError, match=complaint.replace(".", r"\.")):
        school_holidays.parse(data)


# Filling a school's calendar -----------------------------------------------------------------


def test_a_new_school_gets_the_holidays_of_its_region_from_this_school_year_on(db):
    school = SchoolFactory(region="zuid")
    assert ("Herfstvakantie", D(2026, 10, 17), D(2026, 10, 25)) in calendar(school)
    assert ("Voorjaarsvakantie", D(2027, 2, 6), D(2027, 2, 14)) in calendar(school)
    assert ("Zomervakantie", D(2028, 7, 22), D(2028, 9, 3)) in calendar(school)
    # 2026-2027, 2027-2028 and any later year published; the years that have ended are left out.
    assert school.holidays.count() == 5 * len(FROM_NOW)
    assert not school.holidays.filter(first_day__lt=D(2026, 8, 1)).exists()
    assert set(school.holidays.values_list("kind", flat=True)) == {"holiday"}


def test_filling_again_adds_nothing(db):
    school = SchoolFactory(region="noord")
    before = calendar(school)
    assert school_calendars.school_holidays_fill(school) == 0
    assert calendar(school) == before


def test_what_the_school_changed_stays_as_it_is(db):
    school = SchoolFactory(region="midden")
    school.holidays.filter(name="Meivakantie").delete()
    autumn = school.holidays.get(name="Herfstvakantie", first_day__year=2026)
    autumn.delete()
    school_calendars.holiday_add(
        school=school, name="Herfstvakantie", first_day=D(2026, 10, 19), last_day=D(2026, 10, 23)
    )
    school_calendars.holiday_add(school=school, name="Studiedag", first_day=D(2026, 11, 25))
    mine = calendar(school)
    assert school_calendars.school_holidays_fill(school) == 0
    assert calendar(school) == mine
    assert not school.holidays.filter(name="Meivakantie").exists()


def test_a_school_year_with_study_days_only_gets_the_regions_holidays(db):
    school = SchoolFactory(region="midden")
    school_calendars.holiday_add(school=school, name="Studiedag", first_day=D(2025, 11, 19))
    assert school_calendars.school_holidays_fill(school, years=[2025]) == 5
    assert ("Studiedag", D(2025, 11, 19), D(2025, 11, 19)) in calendar(school)
    assert ("Voorjaarsvakantie", D(2026, 2, 14), D(2026, 2, 22)) in calendar(school)


def test_years_not_published_add_nothing(db):
    school = SchoolFactory(region="midden")
    assert school_calendars.school_holidays_fill(school, years=[2040]) == 0


def test_the_command_fills_the_schools_that_have_none(db):
    board = OrganisationFactory()
    # Made in bulk, as an import does: no signal, so no holidays yet.
    bare = School.objects.bulk_create(
        [School(organisation=board, name=f"Bulk {i}", region="noord") for i in range(3)]
    )
    filled = SchoolFactory(region="zuid")
    before = calendar(filled)
    out = io.StringIO()
    call_command("fill_school_holidays", stdout=out)
    assert f"{3 * 5 * len(FROM_NOW)} holidays added to 3 schools" in out.getvalue()
    assert "rijksoverheid.nl" in out.getvalue()
    for school in bare:
        assert school.holidays.count() == 5 * len(FROM_NOW)
    assert calendar(filled) == before
    out = io.StringIO()
    call_command("fill_school_holidays", "--past", stdout=out)
    assert "holidays added to 4 schools" in out.getvalue()  # 2024-2025 and 2025-2026
    assert SchoolHoliday.objects.filter(first_day__year=2024).count() == 4 * 2  # autumn, Xmas
    out = io.StringIO()
    call_command("fill_school_holidays", "--past", stdout=out)
    assert out.getvalue().startswith("0 holidays added to 0 schools")


class TestTheButton:
    def url(self, world) -> str:
        return reverse("cycles:school_calendar_fill", kwargs={"pk": world.school.pk})

    def test_the_calendar_page_offers_the_regions_holidays(self, world, client_for):
        with translation.override("nl"):
            page = client_for("leader").get(
                reverse("cycles:school_calendar", kwargs={"pk": world.school.pk})
            )
        assert "Vakanties van regio midden invullen" in page.content.decode()
        assert self.url(world) in page.content.decode()

    def test_the_leader_fills_in_what_is_missing(self, world, client_for):
        world.school.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        response = client_for("leader").post(self.url(world))
        assert response.status_code == 302
        assert response["Location"] == reverse(
            "cycles:school_calendar", kwargs={"pk": world.school.pk}
        )
        assert [str(m) for m in get_messages(response.wsgi_request)] == [
            "5 vakanties van regio midden toegevoegd."
        ]
        assert ("Zomervakantie", D(2028, 7, 8), D(2028, 8, 20)) in calendar(world.school)

    def test_nothing_to_add_says_so_and_changes_nothing(self, world, client_for):
        before = calendar(world.school)
        response = client_for("leader").post(self.url(world))
        assert response.status_code == 302
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        assert messages and messages[0].startswith("Niets toe te voegen")
        assert calendar(world.school) == before


# The planner -----------------------------------------------------------------------------------


def plan_form(world, **data) -> dict:
    return {
        "template": selectors.template_default().pk,
        "start": "2026-11-30",
        "count": 10,
        "preview": "1",
        **data,
    }


class TestThePlannerNeedsHolidays:
    def test_a_school_without_holidays_for_a_year_of_the_plan_is_named(self, world):
        second = SchoolFactory(organisation=world.board, name="De Vlinder", region="noord")
        world.community.schools.add(second)
        second.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        with pytest.raises(cycle_services.HolidaysMissing) as caught:
            cycle_services.plan_propose(
                community=world.community,
                template=selectors.template_default(),
                start=D(2026, 11, 30),
            )
        assert [school.name for school, _years in caught.value.missing] == ["De Vlinder"]
        assert caught.value.missing[0][1] == [2027]
        [message] = caught.value.message_dict["start"]
        assert "De Vlinder" in message and "2027-2028" in message

    def test_making_the_plan_is_refused_too_and_nothing_is_saved(self, world):
        world.school.holidays.all().delete()
        with pytest.raises(cycle_services.HolidaysMissing) as caught:
            cycle_services.plan_create(
                community=world.community,
                template=selectors.template_default(),
                start=D(2026, 11, 30),
                count=2,
            )
        assert caught.value.missing[0][1] == [2026]
        assert not Cycle.objects.exists() and not Meeting.objects.exists()

    def test_study_days_alone_are_not_holidays(self, world):
        world.school.holidays.all().delete()
        school_calendars.holiday_add(
            school=world.school, name="Studiedag", first_day=D(2026, 12, 2)
        )
        with pytest.raises(cycle_services.HolidaysMissing):
            cycle_services.plan_propose(
                community=world.community,
                template=selectors.template_default(),
                start=D(2026, 11, 30),
                count=1,
            )

    def test_only_the_school_years_the_plan_runs_through_count(self, world):
        world.school.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        plan = cycle_services.plan_propose(
            community=world.community,
            template=selectors.template_default(),
            start=D(2026, 11, 30),
            count=3,
        )
        assert plan.complete and plan.cycles[-1].end_date < D(2027, 8, 1)

    def test_the_page_names_the_school_at_the_start_field_and_links_its_calendar(
        self, world, client_for
    ):
        world.school.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        with translation.override("nl"):
            response = client_for("facilitator").post(
                reverse("cycles:plan_new", kwargs={"pk": world.community.pk}),
                plan_form(world, confirm="1"),
            )
        assert response.status_code == 200
        [error] = response.context["form"].errors["start"]
        assert error == (
            "De Brug heeft geen vakanties voor schooljaar 2027-2028. Vul ze eerst in op de "
            "kalenderpagina van de school (Kalender van De Brug)."
        )
        calendar_url = reverse("cycles:school_calendar", kwargs={"pk": world.school.pk})
        assert f'href="{calendar_url}"' in response.content.decode()
        assert response.context["proposal"] is None
        assert not Cycle.objects.exists()

    def test_once_filled_in_the_plan_is_made(self, world, client_for):
        world.school.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        client_for("leader").post(
            reverse("cycles:school_calendar_fill", kwargs={"pk": world.school.pk})
        )
        response = client_for("facilitator").post(
            reverse("cycles:plan_new", kwargs={"pk": world.community.pk}),
            plan_form(world, confirm="1"),
        )
        assert response.status_code == 302
        assert world.community.cycles.count() == 10

    @pytest.mark.parametrize(
        "data",
        [
            {"start": "abc"},
            {"start": "2026-02-30"},
            {"start": "2026-11-01"},  # before today
            {"start": "2099-01-05"},
            {"start": "9999-12-31"},
            {"count": "-1"},
            {"count": "1e9"},
            {"template": "x"},
            {"template": ""},
            {"start": "2026-11-30", "count": "20", "confirm": "1"},
        ],
    )
    def test_no_input_gives_a_server_error(self, world, client_for, data):
        world.school.holidays.filter(first_day__gte=D(2027, 8, 1)).delete()
        response = client_for("facilitator").post(
            reverse("cycles:plan_new", kwargs={"pk": world.community.pk}), plan_form(world, **data)
        )
        assert response.status_code == 200
        assert response.context["form"].errors
        assert not Cycle.objects.exists()


def test_a_community_of_schools_in_two_regions_plans_around_both(db):
    board = OrganisationFactory()
    north = SchoolFactory(organisation=board, region="noord")
    south = SchoolFactory(organisation=board, region="zuid")
    community = make_community(schools=[north, south])
    plan = cycle_services.plan_propose(
        community=community, template=selectors.template_default(), start=D(2027, 1, 25)
    )
    skipped = {week.monday: week.reason for week in plan.skipped}
    assert skipped[D(2027, 2, 8)] == "Voorjaarsvakantie"  # zuid, 6-14 February
    assert skipped[D(2027, 2, 15)] == "Voorjaarsvakantie"  # noord, 13-21 February
