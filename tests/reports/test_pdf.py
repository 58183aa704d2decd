"""The cycle report: built by the task, stored, mailed, downloaded; what it shows and what it
never shows (private reflections, unshared visits)."""

import datetime as dt
import re
import subprocess
import zlib

import pytest
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from communities import services as community_services
from communities.models import Membership
from cycles import selectors as cycle_selectors
from cycles.calendar import local_datetime
from cycles.models import ActivityKind, Meeting
from cycles.services import cycles as cycle_services
from cycles.services import meetings as meeting_services
from cycles.services.products import product_create
from observations.models import Instrument, Visit
from observations.selectors import scan as scan_selectors
from observations.services import reflections as reflection_services
from observations.services import scan as scan_services
from observations.services import visits as visit_services
from reports import services, tasks
from reports.models import Report
from reports.pdf.cycle_report import cycle_report_pdf
from tests.factories import UserFactory, make_community


def pdf_text(data: bytes) -> str:
    """The PDF's text as pdftotext reads it (-raw keeps the spaces in "1 / 7")."""
    result = subprocess.run(  # noqa: S603 - a fixed command on our own bytes
        ["/usr/bin/pdftotext", "-raw", "-", "-"],
        input=data,
        capture_output=True,
        check=True,
        timeout=60,
    )
    return result.stdout.decode()


def seed_cycle(world, *, extra_members: int = 0, meetings_with_content: int | None = None):
    """A cycle of `world.community` with everything a report shows, made through the
    services: meetings with topics, decisions, attendance and actions, a product, goal
    progress, a shared and an unshared visit, shared and private reflections, a scan round."""
    community = world.community
    for _i in range(extra_members):
        community_services.membership_add(
            community=community, user=UserFactory(), role=Membership.Role.MEMBER
        )
    today = timezone.localdate()
    # The cycle runs now: some meetings are behind us, the reflections are written in it.
    monday = today - dt.timedelta(days=today.weekday(), weeks=2)
    cycle = cycle_services.plan_create(
        community=community, template=cycle_selectors.template_default(), start=monday, count=1
    )[0]
    cycle = cycle_services.cycle_update(cycle=cycle, version=cycle.version, topic="Reading aloud")
    members = [
        m.user
        for m in Membership.objects.filter(community=community).select_related("user")
        if m.role != Membership.Role.FACILITATOR
    ]
    group = list(
        Meeting.objects.filter(cycle=cycle)
        .exclude(kind=ActivityKind.COACHING)
        .order_by("starts_at")
    )
    for number, meeting in enumerate(group[:meetings_with_content], start=1):
        meeting = meeting_services.meeting_update(
            meeting=meeting,
            version=meeting.version,
            by=world.facilitator,
            topic=f"Meeting topic {number}",
            decisions=f"Decision number {number}: we read aloud daily.",
        )
        for index, person in enumerate([world.facilitator, *members]):
            meeting_services.attendance_set(
                meeting=meeting, user=person, status="absent" if index % 5 == 4 else "present"
            )
        meeting_services.action_add(
            meeting=meeting,
            description=f"Action {number}: try the reading routine",
            owner=world.teacher,
            due_date=today,
        )
    product_create(
        community=community,
        title="Reading routine card",
        description="A card with the five steps.",
        link="https://example.org/reading-card",
        cycle=cycle,
        goal=world.goal,
        by=world.teacher,
    )
    community_services.goal_progress_add(
        goal=world.goal, author=world.facilitator, date=today, done="Two lessons", value=40
    )
    instrument = Instrument.objects.filter(organisation=None, is_current=True).first()
    shared = visit_services.visit_plan(
        community=community,
        observed=world.teacher,
        observers=[world.other_teacher],
        instrument=instrument,
        starts_at=timezone.now() - dt.timedelta(days=3),
        group="5B",
        subject="Reading",
    )
    unshared = visit_services.visit_plan(
        community=community,
        observed=world.other_teacher,
        observers=[world.teacher],
        instrument=instrument,
        starts_at=timezone.now() - dt.timedelta(days=2),
        group="6A",
    )
    Visit.objects.filter(pk__in=[shared.pk, unshared.pk]).update(cycle=cycle)
    Visit.objects.filter(pk=shared.pk).update(
        focus="SHARED-VISIT-FOCUS questions", feed_forward="Wait longer after a question."
    )
    Visit.objects.filter(pk=unshared.pk).update(
        focus="UNSHARED-VISIT-MARKER", feed_back="UNSHARED-VISIT-MARKER"
    )
    item = instrument.domains.first().items.first()
    visit_services.score_save(
        visit=Visit.objects.get(pk=unshared.pk), item=item, level=None, evidence="EVIDENCE-MARKER"
    )
    visit_services.visit_share(visit=shared, by=world.teacher, shared=True)
    reflection_services.reflection_save(
        author=world.teacher,
        community=community,
        visibility="community",
        title="SHARED-REFLECTION-TITLE",
        text="What I learnt about reading aloud.",
        publish=True,
    )
    reflection_services.reflection_save(
        author=world.teacher,
        community=community,
        visibility="private",
        title="PRIVATE-MARKER reflection",
        text="PRIVATE-MARKER text",
        publish=True,
    )
    reflection_services.reflection_save(
        author=world.other_teacher,
        community=community,
        visibility="coach",
        title="COACH-MARKER reflection",
        text="COACH-MARKER text",
        publish=True,
    )
    reflection_services.reflection_save(
        author=world.other_teacher,
        community=community,
        visibility="community",
        title="DRAFT-MARKER reflection",
        text="DRAFT-MARKER",
    )
    scan = scan_selectors.scan_default()
    scan_round = scan_services.scan_round_open(community=community, scan=scan)
    statements = list(scan.themes.values_list("statements__pk", flat=True))
    for score, person in zip(
        [3, 4, 5], [world.teacher, world.other_teacher, world.coach], strict=True
    ):
        scan_services.scan_answer(
            scan_round=scan_round, respondent=person, scores=dict.fromkeys(statements, score)
        )
    scan_services.scan_round_close(scan_round=scan_round)
    return cycle


@pytest.fixture
def cycle(world):
    return seed_cycle(world)


def request_report(client, cycle, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("reports:cycle_report_create", args=[cycle.pk]))
    assert response.status_code == 302
    return Report.objects.filter(cycle=cycle).latest("created_at")


def read(report: Report) -> bytes:
    with report.file.open("rb") as handle:
        return handle.read()


def test_the_task_builds_a_report_with_the_cycle_and_nothing_private(
    world, cycle, client_for, django_capture_on_commit_callbacks
):
    report = request_report(client_for("facilitator"), cycle, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.status == Report.Status.READY, report.error
    assert report.language == "nl"
    assert report.finished_at is not None
    data = read(report)
    assert data.startswith(b"%PDF-1.7")
    text = pdf_text(data)
    assert "PLG Lezen" in text
    assert "Reading aloud" in text
    assert "Meeting topic 1" in text
    assert "Decision number 1" in text
    assert "Action 1: try the reading routine" in text
    assert "Reading routine card" in text
    assert "Pupils summarise a text" in text
    assert "SHARED-VISIT-FOCUS" in text
    assert "SHARED-REFLECTION-TITLE" in text
    for marker in ["PRIVATE-MARKER", "COACH-MARKER", "DRAFT-MARKER"]:
        assert marker not in text
    assert "UNSHARED-VISIT-MARKER" not in text
    assert "EVIDENCE-MARKER" not in text
    pages = text.count("\f")
    assert pages > 2
    assert f"1 / {pages}" in text
    assert f"{pages} / {pages}" in text


def test_the_facilitator_gets_a_mail_with_an_absolute_link(
    world, cycle, client_for, django_capture_on_commit_callbacks
):
    report = request_report(client_for("facilitator"), cycle, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [world.facilitator.email]
    download = reverse("reports:report_download", args=[report.pk])
    assert f"http://testserver{download}" in message.body or f"{download}" in message.body
    assert "://" in message.body


def test_the_report_speaks_the_requesters_language(
    world, cycle, client_for, django_capture_on_commit_callbacks
):
    world.facilitator.language = "en"
    world.facilitator.save(update_fields=["language"])
    report = request_report(client_for("facilitator"), cycle, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    assert report.language == "en"
    english = pdf_text(read(report))
    assert "Topic" in english and "Onderwerp" not in english
    assert "Attendance" in english
    dutch = pdf_text(cycle_report_pdf(cycle, "nl"))
    assert "Onderwerp" in dutch and "Topic " not in dutch


def inflated(data: bytes) -> bytes:
    """The PDF with its compressed streams (object streams included) inflated. Each stream
    is read to the end of its own zlib data: cutting at "endstream" instead would lose a
    stream whose compressed bytes happen to end in a carriage return (1 in 256)."""
    parts = [data]
    for match in re.finditer(rb"stream\r?\n", data):
        try:
            parts.append(zlib.decompressobj().decompress(data[match.end() :]))
        except zlib.error:
            continue
    return b"".join(parts)


def test_the_pdf_is_tagged_pdf_ua_with_its_language_and_title(cycle):
    raw = cycle_report_pdf(cycle, "en")
    info = subprocess.run(  # noqa: S603
        ["/usr/bin/pdfinfo", "-"], input=raw, capture_output=True, check=True, timeout=60
    ).stdout.decode()
    assert re.search(r"^Tagged:\s+yes$", info, re.M)
    assert re.search(r"^Title:\s+Cycle report: PLG Lezen, cycle 1$", info, re.M)
    data = inflated(raw)
    assert b"/StructTreeRoot" in data
    assert b"/MarkInfo" in data
    assert b"pdfuaid" in data
    assert b"/Lang (en)" in data


def test_a_double_post_builds_one_report(world, cycle, client_for, monkeypatch):
    built = []
    monkeypatch.setattr(tasks.build_cycle_report, "delay_on_commit", built.append)
    client = client_for("facilitator")
    url = reverse("reports:cycle_report_create", args=[cycle.pk])
    assert client.post(url).status_code == 302
    assert client.post(url).status_code == 302
    assert Report.objects.filter(cycle=cycle).count() == 1
    assert len(built) == 1
    # The task claims once: a second delivery does nothing.
    assert services.report_build(report_id=built[0]) == "ready"
    assert services.report_build(report_id=built[0]) == "skipped"
    # Once ready, a new one may be made.
    assert client.post(url).status_code == 302
    assert Report.objects.filter(cycle=cycle).count() == 2


def test_a_failed_build_is_marked_failed(world, cycle, monkeypatch):
    report, created = services.cycle_report_request(
        cycle=cycle, by=world.facilitator, language="en", with_content=True
    )
    assert created

    def broken(*args, **kwargs):
        raise RuntimeError("no fonts")

    monkeypatch.setattr(services, "cycle_report_pdf", broken)
    assert services.report_build(report_id=report.pk) == "failed"
    report.refresh_from_db()
    assert report.status == Report.Status.FAILED
    assert "no fonts" in report.error
    assert not report.file


def test_download_is_a_pdf_attachment_for_people_in_scope_only(
    world, cycle, client_for, django_capture_on_commit_callbacks
):
    report = request_report(client_for("facilitator"), cycle, django_capture_on_commit_callbacks)
    url = reverse("reports:report_download", args=[report.pk])
    for persona in ["teacher", "coach"]:
        response = client_for(persona).get(url)
        assert response.status_code == 200, persona
        assert response["Content-Type"] == "application/pdf"
        assert response["Content-Disposition"].startswith("attachment;")
        assert "no-store" in response["Cache-Control"]
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    # What members shared is for members: leaders who are not members get a 404 (they ask
    # for a report with figures only).
    for persona in ["leader", "director", "outsider"]:
        assert client_for(persona).get(url).status_code == 404, persona
    other_board_facilitator = UserFactory()
    make_community(
        schools=[world.outside_community.schools.first()], facilitator=other_board_facilitator
    )
    client = client_for("anonymous")
    client.force_login(other_board_facilitator)
    assert client.get(url).status_code == 404


def test_the_status_fragment_polls_while_building_and_stops_when_ready(
    world, cycle, client_for, monkeypatch
):
    monkeypatch.setattr(tasks.build_cycle_report, "delay_on_commit", lambda pk: None)
    report, _created = services.cycle_report_request(
        cycle=cycle, by=world.facilitator, language="nl", with_content=True
    )
    client = client_for("teacher")
    url = reverse("reports:report_status", args=[report.pk])
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert 'hx-trigger="every 2s"' in fragment
    assert "<html" not in fragment
    page = client.get(url).content.decode()
    assert "<html" in page and f'href="{url}"' in page
    services.report_build(report_id=report.pk)
    fragment = client.get(url, headers={"HX-Request": "true"}).content.decode()
    assert "hx-trigger" not in fragment
    assert reverse("reports:report_download", args=[report.pk]) in fragment


def test_members_and_coaches_may_not_ask_for_a_report(world, cycle, client_for):
    url = reverse("reports:cycle_report", args=[cycle.pk])
    for persona in ["teacher", "coach"]:
        page = client_for(persona).get(url).content.decode()
        assert reverse("reports:cycle_report_create", args=[cycle.pk]) not in page
    page = client_for("leader").get(url).content.decode()
    assert reverse("reports:cycle_report_create", args=[cycle.pk]) in page


def test_only_one_report_in_the_making_per_cycle_and_language_in_the_database(world, cycle):
    from django.db import IntegrityError, transaction

    Report.objects.create(cycle=cycle, community=cycle.community, language="nl")
    Report.objects.create(cycle=cycle, community=cycle.community, language="en")
    with pytest.raises(IntegrityError), transaction.atomic():
        Report.objects.create(
            cycle=cycle, community=cycle.community, language="nl", status="building"
        )


def test_an_abandoned_build_does_not_block_a_new_report(world, cycle, monkeypatch):
    monkeypatch.setattr(tasks.build_cycle_report, "delay_on_commit", lambda pk: None)
    stuck, _created = services.cycle_report_request(
        cycle=cycle, by=world.facilitator, language="nl", with_content=True
    )
    long_ago = timezone.now() - services.BUILD_LEASE - dt.timedelta(minutes=1)
    Report.objects.filter(pk=stuck.pk).update(status=Report.Status.BUILDING, started_at=long_ago)
    report, created = services.cycle_report_request(
        cycle=cycle, by=world.facilitator, language="nl", with_content=True
    )
    assert created and report.pk != stuck.pk
    stuck.refresh_from_db()
    assert stuck.status == Report.Status.FAILED


def test_a_visit_planned_on_its_own_counts_in_the_cycle_it_falls_in(world):
    """A visit planned from the visits page (not the cycle's rotation) has no cycle set:
    the report counts it by its date, and leaves out visits before or after the cycle."""
    today = timezone.localdate()
    monday = today - dt.timedelta(days=today.weekday(), weeks=2)
    cycle = cycle_services.plan_create(
        community=world.community,
        template=cycle_selectors.template_default(),
        start=monday,
        count=1,
    )[0]
    instrument = Instrument.objects.filter(organisation=None, is_current=True).first()
    for starts_at in [
        timezone.now() - dt.timedelta(days=1),  # in the cycle
        local_datetime(cycle.start_date - dt.timedelta(days=1), dt.time(10)),  # before it
        local_datetime(cycle.end_date + dt.timedelta(days=1), dt.time(10)),  # after it
    ]:
        visit_services.visit_plan(
            community=world.community,
            observed=world.teacher,
            observers=[world.other_teacher],
            instrument=instrument,
            starts_at=starts_at,
        )
    text = pdf_text(cycle_report_pdf(cycle, "nl"))
    assert "1 lesbezoek in deze cyclus" in text
