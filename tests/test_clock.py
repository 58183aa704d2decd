"""The session clock mover (tests/clock.py): PLC_TEST_NOW runs the suite on another day."""

import datetime as dt
import os

import pytest
import time_machine
from django.utils import timezone

from tests import clock


def test_a_moment_without_offset_is_amsterdam_time():
    assert clock.parse("2027-03-28T03:30") == dt.datetime(
        2027, 3, 28, 3, 30, tzinfo=clock.AMSTERDAM
    )
    assert clock.parse("2028-02-29T23:30:00+01:00").utcoffset() == dt.timedelta(hours=1)


def test_a_bad_moment_stops_the_session():
    with pytest.raises(pytest.UsageError, match="PLC_TEST_NOW"):
        clock.parse("29-02-2028")


def test_the_session_runs_at_the_moment_asked_for():
    moment = clock.moved_to()
    if os.environ.get(clock.VARIABLE):
        assert moment == clock.parse(os.environ[clock.VARIABLE])
        # The clock ticks on from there (a session takes minutes, not a day).
        assert moment <= timezone.now() < moment + dt.timedelta(hours=12)
    else:
        assert moment is None
        assert abs(timezone.now() - dt.datetime.now(dt.UTC)) < dt.timedelta(seconds=5)


def test_a_test_can_freeze_time_inside_the_moved_clock():
    before = timezone.now()
    with time_machine.travel(dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.UTC), tick=False):
        assert timezone.now() == dt.datetime(2030, 6, 1, 12, 0, tzinfo=dt.UTC)
    # Back to the session's clock afterwards, wherever that is.
    assert before <= timezone.now() < before + dt.timedelta(hours=1)
