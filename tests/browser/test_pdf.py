"""The cycle report in a real browser: the facilitator asks for it, the page polls (htmx)
while it is made and then offers the download; the PDF is downloaded and read back. Every
state of the page passes axe on a desktop and on a phone."""

import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from reports import services, tasks
from reports.models import Report
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, check_page, login
from tests.reports.test_pdf import seed_cycle


def _check_here(page: Page, label: str) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def cycle(live_world):
    # The page and the PDF in English, so the test can name the buttons.
    from accounts.models import User

    User.objects.update(language="en")
    return seed_cycle(live_world)


def test_facilitator_requests_watches_and_downloads_the_report(
    page: Page, live_server, live_world, cycle, monkeypatch, tmp_path
):
    # Hold the build back, so the page is seen while the report is queued and polling;
    # the test then builds it, as a worker would.
    queued: list[int] = []
    monkeypatch.setattr(tasks.build_cycle_report, "delay_on_commit", queued.append)
    path = reverse("reports:cycle_report", args=[cycle.pk])
    login(page, live_server, live_world.facilitator.email)
    check_page(page, live_server, path)
    page.set_viewport_size(DESKTOP)

    form = page.locator(f"form[action='{reverse('reports:cycle_report_create', args=[cycle.pk])}']")
    form.get_by_role("button", name="Make the report").click()
    expect(page).to_have_url(f"{live_server.url}{path}")
    assert len(queued) == 1
    status = page.locator(f"#report-{queued[0]}")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    _check_here(page, "report page, report queued")

    # The live server shares this thread's database connection: a poll arriving while the
    # build writes would use it at the same moment. Playwright lets an intercepted request
    # go on only while this thread waits on the browser, so polls wait for the build.
    page.route(
        f"**{reverse('reports:report_status', args=[queued[0]])}", lambda route: route.continue_()
    )
    assert services.report_build(report_id=queued[0]) == "ready"
    download_link = status.get_by_role("link", name="Download the report")
    expect(download_link).to_be_visible(timeout=10_000)  # the next poll brings it
    expect(page.locator(f"#report-{queued[0]}[hx-trigger]")).to_have_count(0)
    _check_here(page, "report page, report ready")

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    target = tmp_path / "report.pdf"
    download.save_as(target)
    data = target.read_bytes()
    assert data.startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed command on our own file
        ["/usr/bin/pdftotext", "-raw", str(target), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert "PLG Lezen" in text
    assert "Decision number 1" in text
    assert "SHARED-REFLECTION-TITLE" in text
    assert "PRIVATE-MARKER" not in text
    assert Report.objects.get(pk=queued[0]).status == Report.Status.READY


def test_status_page_works_without_javascript(browser, live_server, live_world, cycle):
    report, _created = services.cycle_report_request(
        cycle=cycle, by=live_world.facilitator, language="nl", with_content=True
    )
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    page = context.new_page()
    try:
        login(page, live_server, live_world.teacher.email)
        page.goto(f"{live_server.url}{reverse('reports:report_status', args=[report.pk])}")
        expect(page.get_by_role("link", name="Download the report")).to_be_visible()
    finally:
        context.close()
