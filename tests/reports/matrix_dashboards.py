"""URL x role entries for the dashboards pages."""

from tests.matrix import Entry, codes

# The facilitator, the coach, the school leader and the board director; plain members have
# the community pages instead (403); outside the board it doesn't exist (404).
DASHBOARD_VIEWERS = codes(302, 403, 403, 200, 200, 200, 200, 404)

ENTRIES: dict[str, Entry] = {
    "reports:community_dashboard": Entry(
        kwargs=lambda w: {"pk": w.community.pk},
        get=DASHBOARD_VIEWERS,
        post=codes(405, 405, 405, 405, 405, 405, 405, 405),
    ),
    # The school's leaders and its board's director; for everyone else the school's
    # dashboard doesn't exist (404), members of its communities included.
    "reports:school_dashboard": Entry(
        kwargs=lambda w: {"pk": w.school.pk},
        get=codes(302, 404, 404, 404, 404, 200, 200, 404),
        post=codes(405, 405, 405, 405, 405, 405, 405, 405),
    ),
}
