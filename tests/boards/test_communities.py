"""The board's communities in the board administration: the list (search, pages, schools,
status, current members, facilitators), a new community (a double click adds one), its
structure changed, and its facilitators chosen among the board's current staff. Structure
only: no content, no figures, and nobody makes themselves a facilitator."""

import datetime as dt
import uuid

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from boards.selectors.communities import COMMUNITIES_PER_PAGE
from boards.services import communities as community_admin
from communities.models import Community, Membership, ReaderNotice, StaffMember
from tests.factories import make_community
from tests.once import rendered_key, send_twice

START = dt.date(2026, 9, 7)


def _data(world, **overrides) -> dict:
    return {
        "name": "PLG Rekenen met begrip",
        "focus": "Rekenen",
        "schools": [world.school, world.other_school],
        "start_date": START,
        "status": Community.Status.PLANNED,
        **overrides,
    }


# The services ------------------------------------------------------------------------


def test_an_administrator_adds_a_community_once(world):
    key = uuid.uuid4()
    first = community_admin.community_create(
        organisation=world.board, by=world.administrator, client_key=key, **_data(world)
    )
    again = community_admin.community_create(
        organisation=world.board, by=world.administrator, client_key=key, **_data(world)
    )
    assert again == first
    assert first.organisation == world.board
    assert set(first.schools.all()) == {world.school, world.other_school}
    assert not first.memberships.exists()  # the administrator is no member of it


def test_a_community_needs_schools_of_this_board_and_a_name_of_its_own(world):
    outside_school = world.outside_community.schools.get()
    for overrides, field in [
        ({"schools": []}, "schools"),
        ({"schools": [outside_school]}, "schools"),
        ({"name": "PLG Lezen"}, "name"),
        ({"name": ""}, "name"),
    ]:
        with pytest.raises(ValidationError) as caught:
            community_admin.community_create(
                organisation=world.board, by=world.director, **_data(world, **overrides)
            )
        assert field in caught.value.message_dict, overrides
    assert not Community.objects.filter(name="PLG Rekenen met begrip").exists()


def test_someone_who_does_not_administer_the_board_adds_no_community(world):
    for by, board in ((world.leader, world.board), (world.administrator, world.outside_board)):
        with pytest.raises(PermissionDenied):
            community_admin.community_create(organisation=board, by=by, **_data(world))


def test_an_administrator_changes_a_communitys_structure(world):
    community_admin.community_change(
        community=world.community,
        by=world.administrator,
        **_data(world, name="PLG Lezen en schrijven", status=Community.Status.PAUSED),
    )
    world.community.refresh_from_db()
    assert world.community.name == "PLG Lezen en schrijven"
    assert world.community.status == Community.Status.PAUSED
    assert world.community.schools.count() == 2
    with pytest.raises(ValidationError):
        community_admin.community_change(
            community=world.community, by=world.administrator, **_data(world, name="PLG Rekenen")
        )


def test_a_facilitator_is_added_as_a_member_and_taken_off_stays_one(world):
    teacher = world.teacher.staff_record
    community_admin.facilitator_add(
        community=world.other_community, staff=teacher, by=world.administrator
    )
    membership = Membership.objects.get(community=world.other_community, user=world.teacher)
    assert membership.role == Membership.Role.FACILITATOR
    community_admin.facilitator_remove(
        community=world.other_community, staff=teacher, by=world.administrator
    )
    membership.refresh_from_db()
    assert membership.role == Membership.Role.MEMBER
    # A member made facilitator keeps their membership (and their goals).
    community_admin.facilitator_add(
        community=world.community, staff=teacher, by=world.administrator
    )
    assert world.membership("teacher").role == Membership.Role.FACILITATOR
    assert world.teacher.personal_goals.filter(community=world.community).count() == 3


def test_the_members_are_told_of_a_new_facilitator_who_was_no_member(world):
    leader = world.leader.staff_record
    community_admin.facilitator_add(community=world.community, staff=leader, by=world.director)
    told = set(
        ReaderNotice.objects.filter(community=world.community, reader=world.leader).values_list(
            "recipient__email", flat=True
        )
    )
    assert "teacher@example.org" in told


def test_nobody_makes_themselves_a_facilitator(world):
    for persona in ("administrator", "director"):
        own = StaffMember.objects.get(user=world.people[persona])
        with pytest.raises(ValidationError):
            community_admin.facilitator_add(
                community=world.community, staff=own, by=world.people[persona]
            )
        assert not Membership.objects.filter(user=world.people[persona]).exists()


def test_a_leaver_or_someone_of_another_board_becomes_no_facilitator(world):
    teacher = world.teacher.staff_record
    StaffMember.objects.filter(pk=teacher.pk).update(left_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC))
    teacher.refresh_from_db()
    with pytest.raises(ValidationError):
        community_admin.facilitator_add(
            community=world.other_community, staff=teacher, by=world.administrator
        )
    with pytest.raises(ValidationError):
        community_admin.facilitator_add(
            community=world.community,
            staff=world.outsider.staff_record,
            by=world.administrator,
        )
    assert not Membership.objects.filter(community=world.other_community).exists()
    assert world.outsider.memberships.count() == 1


# The pages ---------------------------------------------------------------------------


def test_the_list_shows_structure_and_finds_by_name_focus_and_school(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:communities")
    response = client.get(url)
    rows = {c.name: c for c in response.context["page"]}
    assert set(rows) == {"PLG Lezen", "PLG Rekenen"}
    assert rows["PLG Lezen"].current_members == 4  # facilitator, two teachers, coach
    assert [m.user for m in rows["PLG Lezen"].facilitator_memberships] == [world.facilitator]
    page = response.content.decode()
    assert "Fay Facilitator" in page and "PLG Elders" not in page
    assert "MARKER" not in page  # no goal, reflection or other content
    # A member who left no longer counts.
    StaffMember.objects.filter(user=world.other_teacher).update(
        left_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    rows = {c.name: c for c in client.get(url).context["page"]}
    assert rows["PLG Lezen"].current_members == 3
    for search, expected in [("rekenen", {"PLG Rekenen"}), ("horizon", {"PLG Rekenen"})]:
        found = {c.name for c in client.get(url, {"q": search}).context["page"]}
        assert found == expected, search


def test_the_list_comes_in_pages(world, client_for):
    for n in range(COMMUNITIES_PER_PAGE):
        make_community(schools=[world.school], name=f"PLG {n:02d}")
    client = client_for("director")
    url = reverse("boards:communities")
    assert len(client.get(url).context["page"]) == COMMUNITIES_PER_PAGE
    assert len(client.get(url, {"page": 2}).context["page"]) == 2


def test_an_administrator_adds_a_community_through_the_form_once(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:community_create")
    data = {
        "name": "PLG Rekenen met begrip",
        "focus": "Rekenen",
        "schools": [world.school.pk],
        "start_date": "2026-09-07",
        "status": "planned",
        "client_key": rendered_key(client, url),
    }
    location = send_twice(client, url, data)
    community = Community.objects.get(organisation=world.board, name="PLG Rekenen met begrip")
    assert location == reverse("boards:community_facilitators", args=[community.pk])
    response = client.post(url, data | {"client_key": str(uuid.uuid4())})
    assert response.status_code == 200
    assert set(response.context["form"].errors) == {"name"}


def test_the_form_offers_this_boards_schools_and_refuses_others(world, client_for):
    client = client_for("administrator")
    form = client.get(reverse("boards:community_create")).context["form"]
    assert list(form.fields["schools"].queryset) == [world.school, world.other_school]
    outside_school = world.outside_community.schools.get()
    response = client.post(
        reverse("boards:community_create"),
        {"name": "X", "focus": "Y", "schools": [outside_school.pk], "start_date": "x"},
    )
    assert set(response.context["form"].errors) == {"schools", "start_date", "status"}


def test_an_administrator_edits_a_community(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:community_edit", args=[world.community.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "MARKER" not in page.content.decode()
    response = client.post(
        url,
        {
            "name": "PLG Lezen",
            "focus": "Begrijpend lezen",
            "schools": [world.school.pk, world.other_school.pk],
            "start_date": "2026-09-07",
            "status": "paused",
        },
    )
    assert response.status_code == 302
    world.community.refresh_from_db()
    assert (world.community.focus, world.community.status) == ("Begrijpend lezen", "paused")


def test_the_facilitators_page_finds_current_staff_and_adds_and_takes_off(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:community_facilitators", args=[world.other_community.pk])
    assert client.get(url).context["facilitators"] == []
    found = client.get(url, {"q": "tess"}).context["candidates"]
    assert [staff.user for staff in found] == [world.teacher]
    # Leavers, and the administrator themselves, are not offered.
    StaffMember.objects.filter(user=world.other_teacher).update(
        left_at=dt.datetime(2026, 3, 1, tzinfo=dt.UTC)
    )
    assert client.get(url, {"q": "otto"}).context["candidates"] == []
    page = client.get(url, {"q": "bea"}).content.decode()
    assert "Bea Beheerder" in page and 'value="add"' not in page
    teacher = world.teacher.staff_record
    response = client.post(url, {"person": teacher.pk, "action": "add"})
    assert response.status_code == 302
    assert [s.user for s in client.get(url).context["facilitators"]] == [world.teacher]
    client.post(url, {"person": teacher.pk, "action": "remove"})
    membership = Membership.objects.get(community=world.other_community, user=world.teacher)
    assert membership.role == Membership.Role.MEMBER


def test_the_facilitators_page_refuses_bad_input_with_a_message(world, client_for):
    client = client_for("administrator")
    url = reverse("boards:community_facilitators", args=[world.community.pk])
    for data in (
        {},
        {"person": "abc", "action": "add"},
        {"person": world.outsider.staff_record.pk, "action": "add"},
        {"person": world.administrator.staff_record.pk, "action": "add"},
        {"person": world.teacher.staff_record.pk, "action": "crown"},
    ):
        response = client.post(url, data)
        assert response.status_code == 200, data
        assert 'id="facilitator-errors"' in response.content.decode(), data
    assert (
        not Membership.objects.filter(user__in=[world.outsider, world.administrator])
        .exclude(community=world.outside_community)
        .exists()
    )


def test_another_boards_community_answers_404(world, client_for):
    client = client_for("administrator")
    for name in ("boards:community_edit", "boards:community_facilitators"):
        url = reverse(name, args=[world.outside_community.pk])
        assert client.get(url).status_code == 404
        assert client.post(url, {"name": "Taken"}).status_code == 404
    world.outside_community.refresh_from_db()
    assert world.outside_community.name == "PLG Elders"
