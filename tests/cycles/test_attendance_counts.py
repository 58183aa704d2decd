"""Each meeting keeps how many were present and recorded (the dashboards add these up), and
the counts stay right however attendance changes."""

import datetime as dt
import threading

import pytest
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from communities import services as community_services
from cycles.models import Attendance, Meeting
from cycles.services import meetings as meeting_services
from tests.cycles.matrix_cycles import a_meeting
from tests.factories import SchoolFactory, UserFactory, make_community


def counts(meeting: Meeting) -> tuple[int, int]:
    meeting.refresh_from_db()
    return meeting.present_count, meeting.recorded_count


def test_recording_and_changing_attendance_keeps_the_counts(world):
    meeting = a_meeting(world)
    assert counts(meeting) == (0, 0)
    meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="present")
    meeting_services.attendance_set(meeting=meeting, user=world.other_teacher, status="present")
    assert counts(meeting) == (2, 2)
    meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="excused")
    assert counts(meeting) == (1, 2)


def test_a_row_removed_outside_the_service_is_counted_too(world):
    meeting = a_meeting(world)
    meeting_services.attendance_set(meeting=meeting, user=world.teacher, status="present")
    meeting_services.attendance_set(meeting=meeting, user=world.other_teacher, status="absent")
    Attendance.objects.get(meeting=meeting, user=world.other_teacher).delete()  # the admin
    assert counts(meeting) == (1, 1)
    world.teacher.delete()  # an erased account: its rows go by cascade
    assert counts(meeting) == (0, 0)


def test_another_meeting_is_not_touched(world):
    first = a_meeting(world)
    second = Meeting.objects.create(
        community=world.community, kind=first.kind, starts_at=first.starts_at, ends_at=first.ends_at
    )
    meeting_services.attendance_set(meeting=first, user=world.teacher, status="present")
    assert counts(second) == (0, 0)


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="SQLite serialises writers itself"
)
@pytest.mark.django_db(transaction=True)
def test_attendance_recorded_at_the_same_moment_is_all_counted():
    """Eight people's attendance recorded at once (a facilitator tapping fast, several
    workers): the meeting's counts are right afterwards."""
    community = make_community(schools=[SchoolFactory()])
    people = [UserFactory() for _ in range(8)]
    for person in people:
        community_services.membership_add(community=community, user=person, role="member")
    starts = timezone.now() - dt.timedelta(hours=2)
    meeting = Meeting.objects.create(
        community=community,
        kind="knowledge",
        starts_at=starts,
        ends_at=starts + dt.timedelta(hours=1),
    )
    start = threading.Barrier(len(people))
    errors = []

    def record(person, status: str) -> None:
        try:
            start.wait()
            meeting_services.attendance_set(meeting=meeting, user=person, status=status)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=record, args=(person, "present" if i % 2 else "absent"))
        for i, person in enumerate(people)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert counts(meeting) == (4, 8)


def test_deleting_a_meeting_does_not_recount_it_row_by_row(world):
    meeting = a_meeting(world)
    for person in (world.teacher, world.other_teacher, world.coach):
        meeting_services.attendance_set(meeting=meeting, user=person, status="present")
    with CaptureQueriesContext(connection) as captured:
        meeting.delete()
    updates = [q["sql"] for q in captured if q["sql"].startswith('UPDATE "cycles_meeting"')]
    assert updates == []
    assert not Attendance.objects.filter(meeting_id=meeting.pk).exists()
