"""URL x role entries for the school-year report pages."""

from tests.matrix import Entry, codes

# The school's leaders and its board's director; for everyone else the school's reports
# don't exist (404), members of its communities included. A single report's status and
# download are the pdf pages' URLs (tests/reports/test_school_report.py checks them for a
# school-year report).
SCHOOL_READERS = codes(302, 404, 404, 404, 404, 200, 200, 404)

ENTRIES: dict[str, Entry] = {
    "reports:school_report": Entry(
        kwargs=lambda w: {"pk": w.school.pk},
        get=SCHOOL_READERS,
        post=codes(405, 405, 405, 405, 405, 405, 405, 405),
    ),
    # No year posted: the leader and director are sent back to the page with a message.
    "reports:school_report_create": Entry(
        kwargs=lambda w: {"pk": w.school.pk},
        get=codes(302, 405, 405, 405, 405, 405, 405, 405),
        post=codes(302, 404, 404, 404, 404, 302, 302, 404),
    ),
}
