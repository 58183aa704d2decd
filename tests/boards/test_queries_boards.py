"""The board administration's pages run a pinned number of queries, the same with the
world's two schools as with a board of sixty-two (three pages, searched or not), with a
few people or sixty more, a few communities or sixty more: the session (read and saved),
the user, the scope, the board, the count and the page, and a fixed number of lookups."""

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities.models import Community, Membership, School, SchoolLeader, StaffMember

START = dt.date(2026, 9, 7)

PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("administrator", "boards:schools", lambda w: {}, {}, 11),
    ("director", "boards:schools", lambda w: {}, {}, 11),
    ("administrator", "boards:schools", lambda w: {}, {"q": "o", "page": "2"}, 11),
    ("administrator", "boards:school_create", lambda w: {}, {}, 9),
    ("administrator", "boards:school_edit", lambda w: {"pk": w.school.pk}, {}, 9),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "params", "pinned"),
    PAGES,
    ids=[f"{name}-{persona}-{'-'.join(params)}" for persona, name, _, params, _ in PAGES],
)
def test_board_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, params, pinned, world, client_for, queries
):
    client = client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    for size in (0, 60):
        School.objects.bulk_create(
            School(organisation=world.board, name=f"School {n:03d}", brin=f"{n:02d}XY")
            for n in range(size)
        )
        queries.assert_count(url, pinned)
    if name == "boards:schools":
        assert len(client.get(url).context["page"]) > 1  # a page of schools, each time


def _grow_people(world, size: int) -> None:
    """`size` more people on the board's list, each with a school, some leading one, some
    facilitating a community, one in five left."""
    users = User.objects.bulk_create(
        User(email=f"bulk{size}-{n}@example.org", full_name=f"Bulk {n:03d}") for n in range(size)
    )
    left = timezone.now()
    staff = StaffMember.objects.bulk_create(
        StaffMember(organisation=world.board, user=user, left_at=left if n % 5 == 0 else None)
        for n, user in enumerate(users)
    )
    StaffMember.schools.through.objects.bulk_create(
        StaffMember.schools.through(staffmember_id=s.pk, school_id=world.school.pk) for s in staff
    )
    SchoolLeader.objects.bulk_create(
        SchoolLeader(school=world.other_school, user=user) for user in users[::7]
    )
    Membership.objects.bulk_create(
        Membership(community=world.other_community, user=user, role="facilitator")
        for user in users[::3]
    )


PEOPLE_PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("administrator", "boards:people", lambda w: {}, {}, 13),
    ("director", "boards:people", lambda w: {}, {"status": "all", "page": "2"}, 13),
    ("administrator", "boards:people", lambda w: {}, {"q": "bulk", "status": "left"}, 13),
    ("administrator", "boards:person_create", lambda w: {}, {}, 10),
    ("administrator", "boards:person_edit", lambda w: {"pk": w.teacher.staff_record.pk}, {}, 11),
    ("director", "boards:person_roles", lambda w: {"pk": w.leader.staff_record.pk}, {}, 12),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "params", "pinned"),
    PEOPLE_PAGES,
    ids=[f"{name}-{persona}-{'-'.join(params)}" for persona, name, _, params, _ in PEOPLE_PAGES],
)
def test_people_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, params, pinned, world, client_for, queries
):
    client = client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    for size in (5, 60):
        _grow_people(world, size)
        queries.assert_count(url, pinned)
    if name == "boards:people":
        assert len(client.get(url).context["page"]) > 1


def _grow_communities(world, size: int) -> None:
    """`size` more communities of the board, each with a school and a facilitator."""
    communities = Community.objects.bulk_create(
        Community(organisation=world.board, name=f"PLG {size}-{n:03d}", focus="x", start_date=START)
        for n in range(size)
    )
    Community.schools.through.objects.bulk_create(
        Community.schools.through(community_id=c.pk, school_id=world.school.pk) for c in communities
    )
    _grow_people(world, size)
    people = list(User.objects.filter(email__startswith=f"bulk{size}-").order_by("pk"))
    Membership.objects.bulk_create(
        Membership(community=c, user=people[n], role="facilitator" if n % 2 else "member")
        for n, c in enumerate(communities)
    )


COMMUNITY_PAGES = [
    # (persona, url name, kwargs, query string, pinned queries)
    ("administrator", "boards:communities", lambda w: {}, {}, 13),
    ("director", "boards:communities", lambda w: {}, {"q": "PLG", "page": "2"}, 13),
    ("administrator", "boards:community_create", lambda w: {}, {}, 10),
    ("administrator", "boards:community_edit", lambda w: {"pk": w.community.pk}, {}, 11),
    (
        "administrator",
        "boards:community_facilitators",
        lambda w: {"pk": w.community.pk},
        {"q": "bulk"},
        11,
    ),
]


@pytest.mark.parametrize(
    ("persona", "name", "kwargs", "params", "pinned"),
    COMMUNITY_PAGES,
    ids=[f"{n}-{p}-{'-'.join(q)}" for p, n, _, q, _ in COMMUNITY_PAGES],
)
def test_community_page_query_count_is_pinned_and_flat(
    persona, name, kwargs, params, pinned, world, client_for, queries
):
    client = client_for(persona)
    url = reverse(name, kwargs=kwargs(world))
    if params:
        url += "?" + "&".join(f"{key}={value}" for key, value in params.items())
    for size in (5, 60):
        _grow_communities(world, size)
        queries.assert_count(url, pinned)
    if name == "boards:communities":
        assert len(client.get(url).context["page"]) > 1
