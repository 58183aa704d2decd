"""Run the whole test session on another day: PLC_TEST_NOW=2028-02-29T23:30:00+01:00.

A pytest plugin (loaded with `-p tests.clock` from pyproject's addopts, so also in every
xdist worker, which inherits the variable). The clock is moved before Django is set up and
keeps ticking from that moment; tests that freeze time themselves with time_machine travel
inside it and come back to it. Without the variable nothing changes.

A moment without an offset is Amsterdam wall-clock time (the app's TIME_ZONE). Processes a
test starts (Celery workers, manage.py) keep the real clock.
"""

import datetime as dt
import os
from zoneinfo import ZoneInfo

import pytest
import time_machine

VARIABLE = "PLC_TEST_NOW"
AMSTERDAM = ZoneInfo("Europe/Amsterdam")

_traveller: time_machine.travel | None = None
_moment: dt.datetime | None = None


def moved_to() -> dt.datetime | None:
    """The moment the session started at, when PLC_TEST_NOW moved the clock."""
    return _moment


def parse(value: str) -> dt.datetime:
    try:
        moment = dt.datetime.fromisoformat(value.strip())
    except ValueError:
        raise pytest.UsageError(
            f"{VARIABLE}={value!r} is not an ISO 8601 moment, e.g. 2028-02-29T23:30:00+01:00"
        ) from None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=AMSTERDAM)
    return moment


@pytest.hookimpl(wrapper=True)
def pytest_load_initial_conftests(early_config, parser, args):
    # A wrapper runs before pytest-django's django.setup(): nothing imported by Django or by
    # the conftests sees the real date.
    global _traveller, _moment
    value = os.environ.get(VARIABLE, "")
    if value and _traveller is None:
        _moment = parse(value)
        _traveller = time_machine.travel(_moment, tick=True)
        _traveller.start()
    return (yield)


def pytest_unconfigure(config):
    global _traveller
    if _traveller is not None:
        _traveller.stop()
        _traveller = None


@pytest.fixture
def real_clock():
    """For a test that talks to a process with the real clock (an OpenID provider signs its
    tokens with it): a clock moved by PLC_TEST_NOW pauses for the test, and goes on after it
    from where it would have been. Without the variable nothing changes."""
    global _traveller
    if _traveller is None:
        yield
        return
    moved_now = dt.datetime.now(dt.UTC)
    _traveller.stop()
    _traveller = None
    real_start = dt.datetime.now(dt.UTC)
    try:
        yield
    finally:
        elapsed = dt.datetime.now(dt.UTC) - real_start
        _traveller = time_machine.travel(moved_now + elapsed, tick=True)
        _traveller.start()


def pytest_report_header(config):
    if _moment is None:
        return None
    local = _moment.astimezone(AMSTERDAM)
    return (
        f"clock moved by {VARIABLE} to {_moment.isoformat()}"
        f" ({local:%A %d %B %Y %H:%M} in Amsterdam), ticking"
    )
