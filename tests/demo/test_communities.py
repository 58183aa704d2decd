import datetime as dt

import time_machine
from django.core.management import call_command
from django.utils import timezone

from accounts.models import User
from communities.models import Community, Membership, Organisation, School, StaffMember
from cycles import school_holidays
from cycles.models import Attendance, Meeting, Product, SchoolHoliday, Topic
from demo import cycles as cycles_demo
from demo import history as demo_history
from demo import staff as demo_staff
from demo.communities import DEMO_PASSWORD


def test_seed_demo_creates_the_board_and_accounts_once(db, capsys):
    call_command("seed_demo")
    call_command("seed_demo")
    out = capsys.readouterr().out
    assert DEMO_PASSWORD in out
    board = Organisation.objects.get(name="Scholengroep De Brug")
    assert board.schools.count() == 3
    assert board.communities.count() == 2
    expected = {
        "bestuur@example.org",
        "beheer@example.org",
        "directeur@example.org",
        "begeleider@example.org",
        "coach@example.org",
        "buiten@example.org",
        *(f"docent{i}@example.org" for i in range(1, 9)),
    }
    assert expected <= set(User.objects.values_list("email", flat=True))
    assert User.objects.get(email="docent1@example.org").check_password(DEMO_PASSWORD)
    assert board.administrators.get().user.email == "beheer@example.org"
    assert Community.objects.filter(organisation__name="Stichting Buitenwijk").count() == 1


def test_if_empty_leaves_a_used_database_alone(db, capsys):
    User.objects.create_user("admin@example.org", "x" * 12, full_name="Admin")
    call_command("seed_demo", "--if-empty")
    assert not Organisation.objects.exists()


def test_scale_adds_bulk_schools_that_demo_accounts_see(db):
    call_command("seed_demo", "--scale", "2")
    call_command("seed_demo", "--scale", "2")  # again: nothing doubles
    assert School.objects.filter(name__startswith="Bulkschool").count() == 2
    assert User.objects.filter(email__endswith="@bulk.example.org").count() == 2 * 41
    reading = Community.objects.get(name="PLG Begrijpend lezen")
    assert Membership.objects.filter(community=reading).count() > 20
    assert reading.goals.count() > 1
    bulk = Community.objects.filter(name__startswith="PLG 001-")
    assert bulk.count() == 3
    this_year = cycles_demo.school_year_start(timezone.localdate())
    years_back = range(this_year.year - demo_history.YEARS_BACK, this_year.year)
    for community in bulk:
        # This school year's ten, after the two school years before it: each of those has the
        # cycles that end before its summer holiday (nine or ten, by its calendar). So has this
        # one while the official schedule doesn't reach the next school year yet.
        planned = community.cycles.filter(start_date__gte=this_year).count()
        if this_year.year + 1 in school_holidays.schedule().years:
            assert planned == 10
        else:
            assert planned >= 9
        for year in years_back:
            begins = cycles_demo.school_year_start(dt.date(year, 9, 1))
            ends = cycles_demo.school_year_start(dt.date(year + 1, 9, 1))
            that_year = community.cycles.filter(start_date__gte=begins, start_date__lt=ends)
            assert that_year.count() >= 9, year
            assert not that_year.filter(end_date__gte=ends).exists(), year
        assert community.topics.count() == 2
        assert community.products.count() == 1


def test_the_demo_has_a_planned_year_with_meetings_topics_and_products(db):
    with time_machine.travel(dt.datetime(2026, 11, 22, 12, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo")
    reading = Community.objects.get(name="PLG Begrijpend lezen")
    assert reading.cycles.count() == 10
    assert Meeting.objects.filter(community=reading).count() > 30
    assert SchoolHoliday.objects.filter(school__communities=reading).exists()
    assert Topic.objects.filter(community=reading, status="chosen").exists()
    assert Product.objects.filter(community=reading).count() == 2
    held = Meeting.objects.filter(community=reading, status="held").exclude(kind="coaching")
    assert held.count() >= 6  # September to late November
    assert Attendance.objects.filter(meeting__in=held).count() >= 6 * 6


def test_every_demo_person_of_the_board_is_on_its_staff_list(db):
    call_command("seed_demo")
    board = Organisation.objects.get(name="Scholengroep De Brug")
    staff = {
        record.user.email: record
        for record in StaffMember.objects.filter(organisation=board).select_related("user")
    }
    expected = set(demo_staff.FUNCTIONS)
    assert set(staff) == expected
    assert all(record.function for record in staff.values())
    assert staff["directeur@example.org"].function == "schoolleider"
    assert [s.name for s in staff["docent2@example.org"].schools.all()] == [
        "Basisschool De Horizon"
    ]
    # A demo database made before the staff list: seeding again completes it.
    StaffMember.objects.filter(organisation=board).update(function="")
    call_command("seed_demo")
    assert not StaffMember.objects.filter(organisation=board, function="").exists()


def test_the_bulk_people_are_on_the_staff_list_too(db):
    call_command("seed_demo", "--scale", "1")
    leader = StaffMember.objects.get(user__email="leider001@bulk.example.org")
    assert leader.function == "schoolleider"
    assert [s.name for s in leader.schools.all()] == ["Bulkschool 001"]
    assert StaffMember.objects.filter(user__email__endswith="@bulk.example.org").count() == 41
