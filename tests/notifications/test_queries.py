"""The mail pages run a pinned number of queries, the same with little and with much mail;
the weekly digest and the collectors of due observations read in a fixed number of queries,
whatever the number of people and items."""

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities import services as community_services
from communities.models import CommunityGoal, Membership
from cycles.models import Attendance
from cycles.services import meetings as meeting_services
from cycles.services import products as product_services
from notifications import digest_content, preferences
from notifications.collectors import digest
from notifications.collectors import observations as collectors
from notifications.models import Kind, Message
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from tests.conftest import World, build_world
from tests.factories import UserFactory
from tests.notifications.test_digest import MONDAY, SEEDED, seed_week
from tests.notifications.test_digest import instrument as digest_instrument
from tests.notifications.test_digest import meeting_at as digest_meeting_at
from tests.notifications.test_due_observations import local, meeting_at, plan_visit

# The mail pages --------------------------------------------------------------------------


def grow_messages(world, n: int = 20) -> None:
    Message.objects.bulk_create(
        Message(
            key=f"x:{i}",
            kind=Kind.DIGEST,
            recipient=world.teacher,
            to=world.teacher.email,
            language="nl",
            status=Message.Status.SENT,
            created_at=timezone.now() - dt.timedelta(days=i),
        )
        for i in range(n)
    )


def test_the_preferences_page(world, client_for, queries):
    client_for("teacher")
    url = reverse("notifications:preferences")
    queries.assert_count(url, 6)
    preferences.preference_update(user=world.teacher, digest=False)
    grow_messages(world)
    queries.assert_count(url, 6)


def test_the_unsubscribe_page(world, client, queries):
    url = reverse(
        "notifications:unsubscribe",
        kwargs={"token": preferences.unsubscribe_token(world.teacher, "digest")},
    )
    queries.assert_count(url, 1)
    grow_messages(world)
    queries.assert_count(url, 1)


# The weekly digest -----------------------------------------------------------------------


class TestDigest:
    """The weekly digest (tests/notifications/test_digest.py): who is due, and the build."""

    @pytest.fixture(autouse=True)
    def clock(self):
        """test_digest's clock: the data is made on the Friday before the Monday it goes."""
        with time_machine.travel(SEEDED, tick=False) as traveller:
            yield traveller

    def grow(self, world, people: int) -> list[User]:
        """More members, each with an action, an observed lesson and a visit to come, and
        more shared reflections and products in the community."""
        users = []
        for _i in range(people):
            user = UserFactory()
            community_services.membership_add(
                community=world.community, user=user, role=Membership.Role.MEMBER
            )
            users.append(user)
        meeting = digest_meeting_at(world.community, SEEDED - dt.timedelta(days=1), decisions="Yes")
        for i, user in enumerate(users):
            meeting_services.action_add(
                meeting=meeting, description=f"Action {i}", owner=user, due_date=None
            )
            visit_services.visit_plan(
                community=world.community,
                observed=user,
                observers=[users[i - 1]],
                instrument=digest_instrument(),
                starts_at=local(2026, 11, 4, 9, 0),
                group=f"{i}A",
            )
            reflection_services.reflection_save(
                author=user,
                community=world.community,
                title=f"Reflection {i}",
                text="x",
                visibility="community",
                publish=True,
            )
            product_services.product_create(
                community=world.community,
                title=f"Product {i}",
                link="https://example.org/p",
                by=user,
            )
        return users

    def count(self, users: list[User]) -> tuple[int, list]:
        with CaptureQueriesContext(connection) as captured:
            built = digest_content.build(users, MONDAY)
        return len(captured.captured_queries), built

    @pytest.mark.parametrize("people", [10, 40])
    def test_building_digests_takes_a_fixed_number_of_queries(self, world, clock, people):
        seed_week(world)
        users = self.grow(world, people)
        clock.move_to(MONDAY, tick=False)
        queries, built = self.count(users + [world.teacher, world.other_teacher])
        assert queries == 11
        assert len(built) == people + 2
        assert all(not d.is_empty for d in built)
        assert all(len(d.actions) == 1 and len(d.visits) == 2 for d in built[:people])

    def test_the_same_for_10_and_40_people(self, world, clock):
        seed_week(world)
        few = self.grow(world, 10)
        clock.move_to(MONDAY, tick=False)
        ten, _built = self.count(few)
        clock.move_to(SEEDED, tick=False)
        many = few + self.grow(world, 30)
        clock.move_to(MONDAY, tick=False)
        forty, built = self.count(many)
        assert ten == forty == 11
        assert built[0].reflections.more > 0  # long lists are cut, with "and N more"

    def test_finding_who_is_due_is_one_query(self, world, clock):
        self.grow(world, 5)
        with CaptureQueriesContext(connection) as captured:
            people = digest.candidates(digest.due_week(MONDAY))
        assert len(captured.captured_queries) == 1
        assert len(people) == 4 + 1 + 5

    def test_a_run_builds_in_batches(self, world, clock, monkeypatch):
        seed_week(world)
        self.grow(world, 12)
        monkeypatch.setattr(digest, "BATCH_SIZE", 5)
        calls = []
        build = digest_content.build
        monkeypatch.setattr(
            digest_content, "build", lambda users, *a: calls.append(len(users)) or build(users, *a)
        )
        clock.move_to(MONDAY, tick=False)
        result = digest.run(MONDAY)
        assert calls == [5, 5, 5, 2]
        assert result == {"people": 17, "queued": 17, "skipped": 0}


# Visit reminders, reflection prompts and goal nudges -------------------------------------


def _count(collector, now: dt.datetime) -> tuple[int, int]:
    with time_machine.travel(now, tick=False), CaptureQueriesContext(connection) as captured:
        queued = collector(now)
    return len(captured.captured_queries), queued


def assert_fixed_reads(collector, add, now: dt.datetime, reads: int) -> None:
    """At two sizes, the collector reads in `reads` queries when nothing new is due, and
    each mail it queues costs the same number of queries (no query per item read)."""
    per_mail = set()
    for size in (1, 5):
        add(size)
        first, queued = _count(collector, now)
        again, nothing = _count(collector, now)
        assert queued >= size and nothing == 0
        assert again == reads, (size, again)
        per_mail.add((first - reads) / queued)
    assert len(per_mail) == 1, per_mail


class TestDueObservations:
    """The collectors of tests/notifications/test_due_observations.py, on its world."""

    @pytest.fixture
    def world(self, db) -> World:
        """test_due_observations' world, made on 1 November 2026 (its goals fall due 100
        days after it was made)."""
        with time_machine.travel(local(2026, 11, 1, 12, 0)):
            return build_world()

    @pytest.fixture(autouse=True)
    def _english(self, world):
        """As in test_due_observations: every reader reads English."""
        User.objects.update(language="en")
        for user in world.people.values():
            if user is not None:
                user.refresh_from_db()

    def test_visit_reminders(self, world):
        people = [world.teacher, world.other_teacher, world.coach, world.facilitator]
        made = []

        def add(size):
            for _i in range(size):
                n = len(made)
                observed = people[n % 4]
                made.append(
                    plan_visit(
                        world,
                        local(2026, 12, 3, 8, 0) + dt.timedelta(minutes=10 * n),
                        observed=observed,
                        observers=[p for p in people if p != observed][: 1 + n % 3],
                    )
                )

        assert_fixed_reads(collectors.visit_reminders, add, local(2026, 12, 2, 12, 0), reads=4)

    def test_reflection_prompts_after_visits(self, world):
        people = [world.teacher, world.other_teacher, world.coach, world.facilitator]
        made = []

        def add(size):
            for _i in range(size):
                n = len(made)
                made.append(
                    plan_visit(
                        world,
                        local(2026, 12, 1, 8, 0) + dt.timedelta(minutes=10 * n),
                        observed=people[n % 4],
                        observers=[people[(n + 1) % 4]],
                    )
                )

        assert_fixed_reads(
            collectors.reflection_prompts_after_visits,
            add,
            local(2026, 12, 1, 16, 30),
            reads=4,
        )

    def test_reflection_prompts_after_meetings(self, world):
        made = []

        def add(size):
            for _i in range(size):
                meeting = meeting_at(
                    world, local(2026, 12, 1, 9, 0) + dt.timedelta(hours=len(made))
                )
                Attendance.objects.create(
                    meeting=meeting, user=world.other_teacher, status=Attendance.Status.ABSENT
                )
                made.append(meeting)

        assert_fixed_reads(
            collectors.reflection_prompts_after_meetings,
            add,
            local(2026, 12, 1, 22, 0),
            reads=6,
        )

    def test_goal_nudges(self, world):
        made = []

        def add(size):
            for _i in range(size):
                n = len(made)
                made.append(
                    community_services.community_goal_create(
                        community=world.community,
                        title=f"Goal {n}",
                        outcome="o",
                        success_criterion="s",
                        target_date=dt.date(2026, 12, 1) - dt.timedelta(days=n % 10),
                        owner=[world.facilitator, world.coach][n % 2],
                    )
                )
                community_services.personal_goal_create(
                    owner=[world.teacher, world.other_teacher][n % 2],
                    community=world.community,
                    title=f"Personal {n}",
                    target_date=dt.date(2026, 12, 1) - dt.timedelta(days=n % 10),
                )

        assert_fixed_reads(collectors.goal_nudges, add, local(2026, 12, 2, 8, 0), reads=4)

    def test_nothing_to_read_costs_one_query_each(self, world):
        CommunityGoal.objects.update(target_date=dt.date(2030, 1, 1))
        now = local(2026, 12, 2, 12, 0)
        for collector, expected in [
            (collectors.visit_reminders, 1),
            (collectors.reflection_prompts_after_visits, 1),
            (collectors.reflection_prompts_after_meetings, 1),
            (collectors.goal_nudges, 2),
        ]:
            assert _count(collector, now) == (expected, 0)
