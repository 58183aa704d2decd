"""The school-year report: asked for by a school leader or board director, built by the task,
stored, mailed once and downloaded; what it shows (the school dashboard's figures) and what it
never shows (reflections, visits' content, meeting notes, personal goals)."""

import datetime as dt
import re
import subprocess

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.urls import reverse

from communities import services as community_services
from communities.models import Membership, SchoolLeader
from cycles.models import Cycle, Meeting
from notifications.models import Message
from observations.models import Visit
from reports import services, tasks
from reports.models import Report
from reports.pdf.school_report import school_report_pdf
from tests.factories import SchoolFactory, UserFactory, make_community
from tests.reports.test_dashboard import PRESENT, at, attend, build_year, last_year, meeting, visit
from tests.reports.test_pdf import inflated, pdf_text

NEVER = [
    "PRIVATE-MARKER",  # private reflections, a private personal goal
    "COACH-MARKER",  # a reflection for the coach, a personal goal shared with the coach
    "SHARED-MARKER",  # a personal goal shared with the community: still personal
    "PRIVATE-FEEDBACK",  # an unshared visit's feedback
    "PRIVATE-EVIDENCE",  # an unshared visit's evidence
    "VISIT-NOTES-MARKER",  # an unshared visit's focus
    "NOTES-MARKER",  # a meeting's notes
    "DECISIONS-MARKER",  # a meeting's decisions
]


def seed_school(world, year: int) -> dict:
    """The school year `year` of `world.school`: PLG Lezen with the dashboard tests' year
    (reflections, private ones too; visits, one with private feedback), and PLG Schrijven
    with a meeting with notes, an unshared visit with a marker and a goal of its own."""
    built = build_year(world, year)
    second = make_community(
        schools=[world.school],
        name="PLG Schrijven",
        facilitator=world.other_teacher,
        start_date=dt.date(year, 8, 15),
    )
    community_services.membership_add(
        community=second, user=world.teacher, role=Membership.Role.MEMBER
    )
    cycle = Cycle.objects.create(
        community=second, number=1, start_date=dt.date(year, 9, 1), end_date=dt.date(year, 10, 31)
    )
    original = world.community
    world.community = second  # the helpers plan for world.community
    try:
        held = meeting(
            world,
            cycle,
            at(year, 9, 9),
            notes="NOTES-MARKER who said what",
            decisions="DECISIONS-MARKER we decided",
        )
        attend(held, world, teacher=PRESENT, other_teacher=PRESENT)
        unshared = visit(world, at(year, 9, 20, 9), Visit.Status.OBSERVED)
        Visit.objects.filter(pk=unshared.pk).update(
            focus="VISIT-NOTES-MARKER focus", feed_forward="VISIT-NOTES-MARKER next"
        )
    finally:
        world.community = original
    community_services.community_goal_create(
        community=second,
        title="Every pupil writes weekly",
        outcome="x",
        success_criterion="y",
        target_date=dt.date(year + 1, 6, 1),
        owner=world.other_teacher,
    )
    built.update(second=second)
    return built


@pytest.fixture
def data(world):
    return seed_school(world, last_year())


def page_url(school, year=None) -> str:
    base = reverse("reports:school_report", args=[school.pk])
    return f"{base}?year={year}" if year is not None else base


def ask(client, school, year, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("reports:school_report_create", args=[school.pk]), {"year": year}
        )
    assert response.status_code == 302
    return Report.objects.filter(school=school, year=year).latest("created_at")


def download(client, report) -> bytes:
    response = client.get(reverse("reports:report_download", args=[report.pk]))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    return b"".join(response.streaming_content)


def set_language(user, language: str) -> None:
    user.language = language
    user.save(update_fields=["language"])


def test_the_director_asks_and_downloads_the_report_in_dutch(
    world, data, client_for, django_capture_on_commit_callbacks
):
    year = last_year()
    client = client_for("director")
    report = ask(client, world.school, year, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    assert (report.kind, report.language, report.requested_by) == (
        Report.Kind.SCHOOL_YEAR,
        "nl",
        world.director,
    )
    assert report.cycle is None and report.community is None
    data = download(client, report)
    assert data.startswith(b"%PDF")
    text = pdf_text(data)
    assert f"Schooljaar {year}–{year + 1}" in text
    assert "De Brug" in text and "Scholengroep Test" in text
    assert "Dirk Director" in text
    assert "PLG Lezen" in text and "PLG Schrijven" in text
    assert "De leergemeenschappen naast elkaar" in text
    assert "3 van 3 gepland" in text  # PLG Lezen's meetings, as on the dashboard
    assert "57%" in text  # PLG Lezen's attendance
    assert "Vraagt aandacht" in text
    assert "Aanwezigheid per maand" in text
    assert "Pupils summarise a text" in text and "40%" in text
    assert "Every pupil writes weekly" in text
    for marker in NEVER:
        assert marker not in text, marker
    pages = text.count("\f")
    assert pages >= 3 and f"1 / {pages}" in text and f"{pages} / {pages}" in text
    # Only this school's communities.
    assert "PLG Rekenen" not in text and "PLG Elders" not in text


def test_the_report_speaks_the_requesters_language(
    world, data, client_for, django_capture_on_commit_callbacks
):
    year = last_year()
    set_language(world.leader, "en")
    report = ask(client_for("leader"), world.school, year, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    assert report.language == "en"
    text = pdf_text(download(client_for("leader"), report))
    assert "School-year report" in text
    assert f"School year {year}–{year + 1}" in text
    assert "The communities side by side" in text
    assert "Needs attention" in text and "below 70%" in text
    assert "Attendance per month" in text
    assert "Meetings: 3 held of 3 planned." in text
    assert "Meetings: 1 held of 1 planned." in text  # PLG Schrijven
    assert "Goals of PLG Schrijven" in text
    assert "Lea Leader" in text
    assert "Schooljaar" not in text
    for marker in NEVER:
        assert marker not in text, marker


def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_title(world, data):
    year = last_year()
    raw = school_report_pdf(world.school, year, "en")
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", "-"], input=raw, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(rf"^Title:\s+School-year report: De Brug, {year}–{year + 1}$", info, re.M)
    inflated_pdf = inflated(raw)
    assert b"/StructTreeRoot" in inflated_pdf and b"pdfuaid" in inflated_pdf
    assert b"/Lang (en)" in inflated_pdf


def test_the_requester_gets_one_mail_with_links(
    world, data, client_for, django_capture_on_commit_callbacks
):
    set_language(world.director, "en")
    year = last_year()
    report = ask(client_for("director"), world.school, year, django_capture_on_commit_callbacks)
    assert Message.objects.filter(key=f"report_ready:{report.pk}").count() == 1
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.director.email]
    assert f"De Brug, {year}–{year + 1}" in message.subject
    assert "school-year report" in message.body
    assert reverse("reports:report_download", args=[report.pk]) in message.body
    assert f"{page_url(world.school, year)}" in message.body
    assert "://" in message.body
    # A second delivery of the build claims nothing and mails nothing.
    with django_capture_on_commit_callbacks(execute=True):
        assert services.report_build(report_id=report.pk) == "skipped"
    assert len(mail.outbox) == 1


def test_a_double_post_builds_one_report(world, data, client_for, monkeypatch):
    built = []
    monkeypatch.setattr(tasks.build_school_report, "delay_on_commit", built.append)
    client = client_for("leader")
    url = reverse("reports:school_report_create", args=[world.school.pk])
    year = last_year()
    assert client.post(url, {"year": year}).status_code == 302
    assert client.post(url, {"year": year}).status_code == 302
    assert Report.objects.filter(school=world.school).count() == 1
    assert len(built) == 1
    # The director asks at the same time: the same report.
    assert client_for("director").post(url, {"year": year}).status_code == 302
    assert Report.objects.filter(school=world.school).count() == 1
    page = client_for("leader").get(page_url(world.school, year)).content.decode()
    assert 'hx-trigger="every 2s"' in page
    assert services.report_build(report_id=built[0]) == "ready"
    assert services.report_build(report_id=built[0]) == "skipped"
    # Once ready, a new one may be made; another year is another report.
    assert client.post(url, {"year": year}).status_code == 302
    assert client.post(url, {"year": year + 1}).status_code == 302
    assert Report.objects.filter(school=world.school).count() == 3
    assert len(built) == 3


def test_a_failed_build_is_marked_failed(world, data, monkeypatch):
    report, created = services.school_report_request(
        school=world.school, year=last_year(), by=world.director, language="en"
    )
    assert created

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "school_report_pdf", broken)
    assert services.report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "no fonts" in report.error
    assert not report.file
    assert not Message.objects.filter(kind="report_ready").exists()


@pytest.mark.parametrize("year", ["", "abc", "1999", "2101", "-1", "2025.5", "1" * 40])
def test_a_bad_year_gets_a_message_and_no_report(world, client_for, year):
    set_language(world.director, "en")
    client = client_for("director")
    response = client.post(
        reverse("reports:school_report_create", args=[world.school.pk]), {"year": year}
    )
    assert response.status_code == 302
    assert Report.objects.count() == 0
    shown = [str(m) for m in get_messages(response.wsgi_request)]
    assert shown == ["There is no such school year for this school. Choose one from the list."]


def test_the_service_refuses_a_year_out_of_range(world):
    from django.core.exceptions import ValidationError

    with pytest.raises(ValidationError):
        services.school_report_request(
            school=world.school, year=1850, by=world.director, language="nl"
        )


def test_the_page_lists_the_reports_and_chooses_a_year(world, data, client_for):
    year = last_year()
    Report.objects.create(
        kind=Report.Kind.SCHOOL_YEAR,
        school=world.school,
        year=year,
        language="nl",
        requested_by=world.director,
        status=Report.Status.FAILED,
    )
    set_language(world.leader, "en")
    client = client_for("leader")
    response = client.get(page_url(world.school, year))
    assert response.status_code == 200
    html = response.content.decode()
    assert f"School year {year}–{year + 1}" in html
    assert f'<input type="hidden" name="year" value="{year}">' in html
    assert f"Make the report for {year}–{year + 1}" in html
    assert "Dirk Director" in html
    # A year that isn't a choice shows the current one.
    assert client.get(page_url(world.school, "1900")).context["year"] != 1900
    assert client.get(page_url(world.school, "x")).status_code == 200


def ready_report(world, school=None) -> Report:
    report = Report(
        kind=Report.Kind.SCHOOL_YEAR,
        school=school or world.school,
        year=last_year(),
        language="nl",
        requested_by=world.director,
    )
    report.file.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
    report.status = Report.Status.READY
    report.size = report.file.size
    report.save()
    return report


def test_status_and_download_only_for_the_schools_leaders_and_directors(world, client_for):
    report = ready_report(world)
    status = reverse("reports:report_status", args=[report.pk])
    download_url = reverse("reports:report_download", args=[report.pk])
    for persona in ["teacher", "other_teacher", "facilitator", "coach", "outsider"]:
        client = client_for(persona)
        assert client.get(status).status_code == 404, persona
        assert client.get(download_url).status_code == 404, persona
    for persona in ["leader", "director"]:
        client = client_for(persona)
        assert client.get(status).status_code == 200, persona
        response = client.get(download_url)
        assert response.status_code == 200, persona
        assert "no-store" in response["Cache-Control"]
        year = last_year()
        assert f"-de-brug-{year}-{year + 1}-" in response["Content-Disposition"]
    assert client_for("anonymous").get(status).status_code == 302
    # The leader of another school of the same board: not theirs.
    other_leader = UserFactory()
    SchoolLeader.objects.create(school=world.other_school, user=other_leader)
    client = client_for("anonymous")
    client.force_login(other_leader)
    assert client.get(status).status_code == 404
    assert client.get(download_url).status_code == 404
    assert client.get(page_url(world.school)).status_code == 404


def test_the_status_fragment_polls_while_building(world, data, client_for, monkeypatch):
    monkeypatch.setattr(tasks.build_school_report, "delay_on_commit", lambda pk: None)
    report, _created = services.school_report_request(
        school=world.school, year=last_year(), by=world.director, language="nl"
    )
    client = client_for("director")
    url = reverse("reports:report_status", args=[report.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment and "<html" not in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and page_url(world.school, last_year()) in page
    services.report_build(report_id=report.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("reports:report_download", args=[report.pk]) in fragment


def test_the_school_dashboard_links_to_the_report_page(world, client_for):
    html = client_for("leader").get(reverse("reports:school_dashboard", args=[world.school.pk]))
    assert f'href="{page_url(world.school)}"' in html.content.decode()


def test_the_database_holds_each_kind_to_its_subject(world):
    year = last_year()
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(kind=Report.Kind.SCHOOL_YEAR, school=world.school, language="nl")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(kind=Report.Kind.CYCLE, school=world.school, year=year, language="nl")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            kind=Report.Kind.SCHOOL_YEAR,
            school=world.school,
            year=year,
            community=world.community,
            language="nl",
        )
    Report.objects.create(
        kind=Report.Kind.SCHOOL_YEAR, school=world.school, year=year, language="nl"
    )
    Report.objects.create(
        kind=Report.Kind.SCHOOL_YEAR, school=world.school, year=year, language="en"
    )
    other = SchoolFactory(organisation=world.board)
    Report.objects.create(kind=Report.Kind.SCHOOL_YEAR, school=other, year=year, language="nl")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            kind=Report.Kind.SCHOOL_YEAR,
            school=world.school,
            year=year,
            language="nl",
            status=Report.Status.BUILDING,
        )


def test_an_abandoned_build_does_not_block_a_new_report(world, monkeypatch):
    from django.utils import timezone

    monkeypatch.setattr(tasks.build_school_report, "delay_on_commit", lambda pk: None)
    year = last_year()
    stuck, _created = services.school_report_request(
        school=world.school, year=year, by=world.leader, language="nl"
    )
    long_ago = timezone.now() - services.BUILD_LEASE - dt.timedelta(minutes=1)
    Report.objects.filter(pk=stuck.pk).update(status=Report.Status.BUILDING, started_at=long_ago)
    report, created = services.school_report_request(
        school=world.school, year=year, by=world.leader, language="nl"
    )
    assert created and report.pk != stuck.pk


def test_a_school_without_communities_makes_a_short_report(world):
    school = SchoolFactory(organisation=world.board, name="De Lege School")
    text = pdf_text(school_report_pdf(school, last_year(), "en"))
    assert "De Lege School" in text and "This school has no communities yet." in text


def test_meetings_of_other_schools_do_not_count(world, data):
    # A community of the other school, with a meeting: not in this school's report.
    rekenen = world.other_community
    Meeting.objects.create(
        community=rekenen,
        kind="knowledge",
        starts_at=at(last_year(), 9, 3),
        ends_at=at(last_year(), 9, 3) + dt.timedelta(hours=1),
    )
    text = pdf_text(school_report_pdf(world.school, last_year(), "en"))
    assert "PLG Rekenen" not in text
