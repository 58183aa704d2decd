"""The staff import's and the invitations' pages run a pinned number of queries, the same
for a file of 2 rows as of 120 (half of them people the board has already, with schools
and a community) and for a staff of a few as of sixty more."""

import pytest
from django.urls import reverse

from accounts.models import User
from boards.models import StaffImport
from communities.models import Membership, StaffMember
from tests.boards.matrix_boards import staff_import


def grow(world, size: int) -> None:
    """`size` more people on the staff, and a file with them and as many new people."""
    users = User.objects.bulk_create(
        User(email=f"staff{n}@example.org", full_name=f"Staff {n}") for n in range(size)
    )
    records = StaffMember.objects.bulk_create(
        StaffMember(organisation=world.board, user=user, function="leerkracht") for user in users
    )
    StaffMember.schools.through.objects.bulk_create(
        StaffMember.schools.through(staffmember_id=record.pk, school_id=world.school.pk)
        for record in records
    )
    Membership.objects.bulk_create(Membership(community=world.community, user=u) for u in users)
    rows = [
        [n + 2, [f"Staff {n}", f"staff{n}@example.org", "De Brug", "leerkracht", "PLG Lezen"]]
        for n in range(size)
    ] + [
        [size + n + 2, [f"Nieuw {n}", f"nieuw{n}@example.org", "De Horizon", "leerkracht", ""]]
        for n in range(size)
    ]
    StaffImport.objects.filter(pk=staff_import(world)["pk"]).update(
        header=["Naam", "E-mail", "School", "Functie", "Leergemeenschap"],
        mapping=["name", "email", "school", "function", "community"],
        rows=rows,
        leavers=True,
    )


PAGES = [
    # (url name, kwargs, pinned queries)
    ("boards:import", lambda w: {}, 10),
    ("boards:import_preview", staff_import, 16),
    ("boards:import_columns", staff_import, 9),
    ("boards:invitations", lambda w: {}, 12),
]


@pytest.mark.parametrize(("name", "kwargs", "pinned"), PAGES, ids=[p[0] for p in PAGES])
def test_import_page_query_count_is_pinned_and_flat(
    name, kwargs, pinned, world, client_for, queries
):
    client_for("administrator")
    url = reverse(name, kwargs=kwargs(world))
    grow(world, 1)
    queries.assert_count(url, pinned)
    User.objects.filter(email__startswith="staff").delete()
    grow(world, 60)
    queries.assert_count(url, pinned)
