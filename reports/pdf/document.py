"""The PDF of a report: HTML in, a tagged PDF/UA-1 document out (pure: storing and mailing
it is the build's work, see `reports.services`)."""

from django.conf import settings


def write_pdf(html: str) -> bytes:
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
