"""Factories for the rows tests need. Anything with a rule goes through the services."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import Community, Organisation, School
from cycles import school_holidays
from cycles.calendar import school_year_bounds, school_year_of
from cycles.services import school_calendars


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@example.org")
    full_name = factory.Sequence(lambda n: f"Person {n}")
    password = factory.PostGenerationMethodCall("set_password", "a-long-test-password")

    @classmethod
    def _after_postgeneration(cls, instance, create, results=None):
        if create:
            instance.save()


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Board {n}")


class SchoolFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = School

    organisation = factory.SubFactory(OrganisationFactory)
    name = factory.Sequence(lambda n: f"School {n}")
    region = School.Region.MIDDLE


def make_community(*, schools: list[School], name: str | None = None, **fields) -> Community:
    """A community, made the way a school leader makes one."""
    make_community.counter += 1
    return services.community_create(
        name=name or f"Community {make_community.counter}",
        focus=fields.pop("focus", "Reading"),
        schools=schools,
        start_date=fields.pop("start_date", timezone.localdate() - dt.timedelta(days=30)),
        **fields,
    )


make_community.counter = 0


def school_calendar_full(school: School) -> None:
    """The region's official holidays of every published school year, and a summer holiday
    in each school year around today that the data doesn't cover yet: the planner refuses a
    school year without holidays, and tests plan "from today" on whatever day they run."""
    school_calendars.school_holidays_fill(school, years=school_holidays.schedule().years)
    current = school_year_of(timezone.localdate())
    for year in range(current - 1, current + 3):
        if not school.holidays.filter(
            kind="holiday", first_day__range=school_year_bounds(year)
        ).exists():
            first = dt.date(year + 1, 7, 15)
            school_calendars.holiday_add(
                school=school,
                name="Zomervakantie",
                first_day=first,
                last_day=first + dt.timedelta(weeks=6),
            )
