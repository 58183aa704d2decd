"""URL x role entries for the pdf pages."""

import datetime as dt

from django.core.files.base import ContentFile
from django.utils import timezone

from cycles.models import Cycle
from reports.models import Report
from tests.conftest import World
from tests.matrix import MEMBERS_ONLY, POST_ONLY, Entry, codes


def _cycle(w: World) -> Cycle:
    if "_report_cycle" not in w.__dict__:
        today = timezone.localdate()
        w.__dict__["_report_cycle"] = Cycle.objects.create(
            community=w.community,
            number=1,
            start_date=today - dt.timedelta(days=14),
            end_date=today + dt.timedelta(days=14),
        )
    return w.__dict__["_report_cycle"]


def _ready_report(w: World) -> Report:
    if "_ready_report" not in w.__dict__:
        cycle = _cycle(w)
        report = Report(cycle=cycle, community=w.community, language="nl")
        report.file.save("report.pdf", ContentFile(b"%PDF-1.7\n%%EOF\n"), save=False)
        report.status = Report.Status.READY
        report.size = report.file.size
        report.save()
        w.__dict__["_ready_report"] = report
    return w.__dict__["_ready_report"]


def cycle(w: World) -> dict:
    return {"pk": _cycle(w).pk}


def report(w: World) -> dict:
    return {"pk": _ready_report(w).pk}


# Everyone who sees the community sees its reports page; its facilitator, the school leader
# and the board director ask for a report. A report with what members shared is read and
# downloaded by the community's members only (leaders who are not members: 404).
REQUESTERS_POST = codes(302, 403, 403, 302, 403, 302, 302, 404)
MEMBERS_NOT_LEADERS = codes(302, 200, 200, 200, 200, 404, 404, 404)

ENTRIES: dict[str, Entry] = {
    "reports:cycle_report": Entry(kwargs=cycle, get=MEMBERS_ONLY),
    "reports:cycle_report_create": Entry(kwargs=cycle, get=POST_ONLY, post=REQUESTERS_POST),
    "reports:report_status": Entry(kwargs=report, get=MEMBERS_NOT_LEADERS),
    "reports:report_download": Entry(kwargs=report, get=MEMBERS_NOT_LEADERS),
}
