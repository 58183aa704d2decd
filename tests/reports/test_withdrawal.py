"""Withdrawal takes effect everywhere at once: a stored cycle report that holds what a
teacher took back is deleted (or its build stopped) before anyone can download it again, a
digest not yet sent is built again without it, and an observer's reflection goes with the
visit it is about."""

import datetime as dt
from pathlib import Path

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from notifications.collectors import digest
from notifications.models import Kind, Message
from observations.models import Reflection, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services
from reports import services, tasks
from reports.models import Report
from tests.reports.test_pdf import pdf_text, read, seed_cycle


@pytest.fixture
def cycle(world):
    return seed_cycle(world, meetings_with_content=1)


def ready_report(world, cycle, *, by=None, with_content=True) -> Report:
    report, _created = services.cycle_report_request(
        cycle=cycle, by=by or world.facilitator, language="en", with_content=with_content
    )
    assert services.report_build(report_id=report.pk) == "ready"
    report.refresh_from_db()
    return report


def shared_reflection(world) -> Reflection:
    return Reflection.objects.get(title="SHARED-REFLECTION-TITLE")


def test_a_reflection_made_private_deletes_the_reports_that_hold_it(
    world, cycle, client_for, django_capture_on_commit_callbacks
):
    report = ready_report(world, cycle)
    path = report.file.path
    assert "SHARED-REFLECTION-TITLE" in pdf_text(read(report))
    download = reverse("reports:report_download", args=[report.pk])
    assert client_for("other_teacher").get(download).status_code == 200

    with django_capture_on_commit_callbacks(execute=True):
        reflection_services.reflection_set_visibility(
            reflection=shared_reflection(world), by=world.teacher, visibility="private"
        )

    assert client_for("other_teacher").get(download).status_code == 404
    assert client_for("facilitator").get(download).status_code == 404
    assert not Report.objects.filter(pk=report.pk).exists()
    assert not Path(path).exists()  # the file is gone too, once the withdrawal committed
    fresh = ready_report(world, cycle)
    assert "SHARED-REFLECTION-TITLE" not in pdf_text(read(fresh))


def test_deleting_a_reflection_or_taking_a_visit_back_deletes_the_reports(world, cycle):
    first = ready_report(world, cycle)
    reflection_services.reflection_delete(reflection=shared_reflection(world), by=world.teacher)
    assert not Report.objects.filter(pk=first.pk).exists()

    second = ready_report(world, cycle)
    assert "SHARED-VISIT-FOCUS" in pdf_text(read(second))
    visit = Visit.objects.get(focus__startswith="SHARED-VISIT-FOCUS")
    visit_services.visit_share(visit=visit, by=world.teacher, shared=False)
    assert not Report.objects.filter(pk=second.pk).exists()
    assert "SHARED-VISIT-FOCUS" not in pdf_text(read(ready_report(world, cycle)))


def test_a_report_being_made_when_content_is_withdrawn_is_never_stored(world, cycle, monkeypatch):
    monkeypatch.setattr(tasks.build_cycle_report, "delay_on_commit", lambda pk: None)
    report, _created = services.cycle_report_request(
        cycle=cycle, by=world.facilitator, language="en", with_content=True
    )
    reflection_services.reflection_set_visibility(
        reflection=shared_reflection(world), by=world.teacher, visibility="coach"
    )
    assert services.report_build(report_id=report.pk) == "skipped"
    report.refresh_from_db()
    assert (report.status, report.error, report.file.name) == (
        Report.Status.FAILED,
        "withdrawn",
        "",
    )


def test_narrowing_something_else_leaves_the_reports_alone(world, cycle):
    report = ready_report(world, cycle)
    private = Reflection.objects.get(title="PRIVATE-MARKER reflection")
    reflection_services.reflection_set_visibility(
        reflection=private, by=world.teacher, visibility="private"
    )
    assert Report.objects.filter(pk=report.pk).exists()


def test_a_leader_who_is_not_a_member_gets_figures_only(world, cycle, client_for):
    client = client_for("leader")
    page = client.get(reverse("reports:cycle_report", args=[cycle.pk])).content.decode()
    assert "de rapporten bevatten alleen cijfers" in page
    report = ready_report(world, cycle, by=world.leader, with_content=False)
    text = pdf_text(read(report))
    assert "Decision number 1" in text  # the community's meetings: figures and decisions
    for content in ["SHARED-REFLECTION-TITLE", "SHARED-VISIT-FOCUS", "What I learnt"]:
        assert content not in text
    assert client.get(reverse("reports:report_download", args=[report.pk])).status_code == 200
    # A member's report with content is not theirs to read.
    members = ready_report(world, cycle)
    assert client.get(reverse("reports:report_download", args=[members.pk])).status_code == 404
    assert client.get(reverse("reports:report_status", args=[members.pk])).status_code == 404


def test_an_observers_reflection_goes_with_the_visit(world, cycle, client_for):
    visit = Visit.objects.get(focus__startswith="SHARED-VISIT-FOCUS")  # other_teacher observed
    observer_note = reflection_services.reflection_save(
        author=world.other_teacher,
        community=world.community,
        visit=visit,
        visibility="community",
        title="OBSERVER-REFLECTION",
        text="What I saw in 5B.",
        publish=True,
    )
    url = reverse("observations:reflection", args=[observer_note.pk])
    assert client_for("facilitator").get(url).status_code == 200
    assert "OBSERVER-REFLECTION" in pdf_text(read(ready_report(world, cycle)))

    visit_services.visit_share(visit=visit, by=world.teacher, shared=False)

    assert client_for("facilitator").get(url).status_code == 404
    assert client_for("other_teacher").get(url).status_code == 200  # its author
    assert client_for("teacher").get(url).status_code == 200  # the observed teacher
    assert "OBSERVER-REFLECTION" not in pdf_text(read(ready_report(world, cycle)))


def test_a_digest_not_yet_sent_is_built_again_without_what_was_withdrawn(world):
    # The reflection is written on a Friday; the digest is due on Monday 07:00.
    friday = dt.datetime(2026, 10, 30, 12, 0, tzinfo=timezone.get_current_timezone())
    monday = dt.datetime(2026, 11, 2, 7, 0, tzinfo=timezone.get_current_timezone())
    with time_machine.travel(friday, tick=False):
        reflection = reflection_services.reflection_save(
            author=world.teacher,
            community=world.community,
            visibility="community",
            title="DIGEST-REFLECTION",
            text="x",
            publish=True,
        )
    with time_machine.travel(monday, tick=False):
        digest.run(monday)  # queued; sent after commit, which a test never reaches
        waiting = Message.objects.get(kind=Kind.DIGEST, recipient=world.other_teacher)
        assert waiting.status == Message.Status.PENDING
        assert "DIGEST-REFLECTION" in waiting.text

        reflection_services.reflection_set_visibility(
            reflection=reflection, by=world.teacher, visibility="private"
        )
        assert not Message.objects.filter(pk=waiting.pk).exists()

        digest.run(monday)
        again = Message.objects.filter(kind=Kind.DIGEST, recipient=world.other_teacher).first()
        assert again is None or "DIGEST-REFLECTION" not in again.text
