"""Each meeting keeps how many were present and recorded (the dashboards add these up), and
the counts stay right however attendance changes."""

from cycles import services
from cycles.models import Attendance, Meeting
from tests.cycles.matrix_cycles import a_meeting


def counts(meeting: Meeting) -> tuple[int, int]:
    meeting.refresh_from_db()
    return meeting.present_count, meeting.recorded_count


def test_recording_and_changing_attendance_keeps_the_counts(world):
    meeting = a_meeting(world)
    assert counts(meeting) == (0, 0)
    services.attendance_set(meeting=meeting, user=world.teacher, status="present")
    services.attendance_set(meeting=meeting, user=world.other_teacher, status="present")
    assert counts(meeting) == (2, 2)
    services.attendance_set(meeting=meeting, user=world.teacher, status="excused")
    assert counts(meeting) == (1, 2)


def test_a_row_removed_outside_the_service_is_counted_too(world):
    meeting = a_meeting(world)
    services.attendance_set(meeting=meeting, user=world.teacher, status="present")
    services.attendance_set(meeting=meeting, user=world.other_teacher, status="absent")
    Attendance.objects.get(meeting=meeting, user=world.other_teacher).delete()  # the admin
    assert counts(meeting) == (1, 1)
    world.teacher.delete()  # an erased account: its rows go by cascade
    assert counts(meeting) == (0, 0)


def test_another_meeting_is_not_touched(world):
    first = a_meeting(world)
    second = Meeting.objects.create(
        community=world.community, kind=first.kind, starts_at=first.starts_at, ends_at=first.ends_at
    )
    services.attendance_set(meeting=first, user=world.teacher, status="present")
    assert counts(second) == (0, 0)
