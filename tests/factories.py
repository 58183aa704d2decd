"""Factories for the rows tests need. Anything with a rule goes through the services."""

import datetime as dt

import factory
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import Community, Organisation, School


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
