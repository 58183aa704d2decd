"""Pure renderers: data in, PDF bytes out. Storing and mailing is the task's work."""

import datetime as dt

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from communities.models import School
from cycles.models import Cycle
from reports import selectors_pdf, selectors_school_report


def cycle_report_html(
    cycle: Cycle, language: str, *, now: dt.datetime | None = None, with_content: bool = True
) -> str:
    with translation.override(language):
        report = selectors_pdf.cycle_report(
            cycle, now=now or timezone.now(), with_content=with_content
        )
        return render_to_string("reports/pdf/cycle.html", {"report": report, "language": language})


def cycle_report_pdf(
    cycle: Cycle, language: str, *, now: dt.datetime | None = None, with_content: bool = True
) -> bytes:
    """The cycle report as a tagged PDF/UA-1 document in `language` ("nl" or "en")."""
    return _pdf(cycle_report_html(cycle, language, now=now, with_content=with_content))


def school_report_html(
    school: School,
    year: int,
    language: str,
    *,
    requested_by: str = "",
    now: dt.datetime | None = None,
) -> str:
    with translation.override(language):
        report = selectors_school_report.school_year_report(
            school, year, requested_by=requested_by, now=now or timezone.now()
        )
        return render_to_string(
            "reports/pdf/school_year.html", {"report": report, "language": language}
        )


def school_report_pdf(
    school: School,
    year: int,
    language: str,
    *,
    requested_by: str = "",
    now: dt.datetime | None = None,
) -> bytes:
    """The school-year report of `school` for the school year starting in `year`, as a
    tagged PDF/UA-1 document in `language` ("nl" or "en")."""
    return _pdf(school_report_html(school, year, language, requested_by=requested_by, now=now))


def _pdf(html: str) -> bytes:
    # Imported here: WeasyPrint loads Pango and its default stylesheets (~0.4 s), which only
    # the worker rendering a report needs, not every process that loads the URLconf.
    from weasyprint import HTML
    from weasyprint.urls import URLFetcher

    # The report needs nothing from outside: no network, no files; only inline data: URLs.
    fetcher = URLFetcher(allowed_protocols={"data"}, timeout=1)
    document = HTML(string=html, base_url=str(settings.BASE_DIR), url_fetcher=fetcher)
    # pdf/ua-1 implies a tagged PDF (structure tree, MarkInfo) with the document's
    # language and title in its metadata; <html lang> and <title> provide them.
    return document.write_pdf(pdf_variant="pdf/ua-1", uncompressed_pdf=False)
