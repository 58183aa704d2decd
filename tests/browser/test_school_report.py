"""The school-year report in a real browser: the board director opens the school's report
page, asks for the report, the page polls (htmx) while it is made and then offers the
download; the PDF is downloaded and read back. Every state of the page passes axe on a
desktop and on a phone."""

import subprocess

import pytest
from django.urls import reverse
from playwright.sync_api import Page, expect

from reports import services, tasks
from reports.models import Report
from tests.browser.conftest import DESKTOP, PHONE, assert_accessible, check_page, login
from tests.reports.test_dashboard import last_year
from tests.reports.test_school_report import NEVER, seed_school


def _check_here(page: Page, label: str) -> None:
    page.set_viewport_size(DESKTOP)
    assert_accessible(page, f"{label} (desktop)")
    page.set_viewport_size(PHONE)
    assert_accessible(page, f"{label} (phone, {PHONE['width']}px)", phone=True)
    page.set_viewport_size(DESKTOP)


@pytest.fixture
def w(live_world):
    # The page and the PDF in English, so the test can name the buttons.
    from accounts.models import User

    User.objects.update(language="en")
    seed_school(live_world, last_year())
    return live_world


def test_director_requests_watches_and_downloads_the_report(
    page: Page, live_server, w, monkeypatch, tmp_path
):
    # Hold the build back, so the page is seen while the report is queued and polling;
    # the test then builds it, as a worker would.
    queued: list[int] = []
    monkeypatch.setattr(tasks.build_school_report, "delay_on_commit", queued.append)
    year = last_year()
    base = reverse("reports:school_report", args=[w.school.pk])
    login(page, live_server, w.director.email)
    # From the school dashboard, as a director finds it.
    page.goto(f"{live_server.url}{reverse('reports:school_dashboard', args=[w.school.pk])}")
    page.get_by_role("link", name="School-year report (PDF)").click()
    expect(page).to_have_url(f"{live_server.url}{base}")
    check_page(page, live_server, f"{base}?year={year}")
    page.set_viewport_size(DESKTOP)

    form = page.locator(
        f"form[action='{reverse('reports:school_report_create', args=[w.school.pk])}']"
    )
    form.get_by_role("button", name=f"Make the report for {year}–{year + 1}").click()
    expect(page).to_have_url(f"{live_server.url}{base}?year={year}")
    assert len(queued) == 1
    status = page.locator(f"#report-{queued[0]}")
    expect(status).to_have_attribute("hx-trigger", "every 2s")
    _check_here(page, "school report page, report queued")

    # Polls wait while the build uses the database connection the live server shares (see
    # test_pdf.py).
    page.route(
        f"**{reverse('reports:report_status', args=[queued[0]])}", lambda route: route.continue_()
    )
    assert services.report_build(report_id=queued[0]) == "ready"
    download_link = status.get_by_role("link", name="Download the report")
    expect(download_link).to_be_visible(timeout=10_000)  # the next poll brings it
    expect(page.locator(f"#report-{queued[0]}[hx-trigger]")).to_have_count(0)
    _check_here(page, "school report page, report ready")

    with page.expect_download() as info:
        download_link.click()
    download = info.value
    assert download.suggested_filename.endswith(".pdf")
    assert f"{year}-{year + 1}" in download.suggested_filename
    target = tmp_path / "report.pdf"
    download.save_as(target)
    assert target.read_bytes().startswith(b"%PDF")
    text = subprocess.run(  # noqa: S603 - a fixed command on our own file
        ["/usr/bin/pdftotext", "-raw", str(target), "-"],
        capture_output=True,
        check=True,
        timeout=60,
    ).stdout.decode()
    assert f"School year {year}–{year + 1}" in text
    assert "PLG Lezen" in text and "PLG Schrijven" in text
    for marker in NEVER:
        assert marker not in text, marker
    assert Report.objects.get(pk=queued[0]).status == Report.Status.READY

    # The single report's own status page, for the director too.
    check_page(page, live_server, reverse("reports:report_status", args=[queued[0]]))
