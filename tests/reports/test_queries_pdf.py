"""The cycle report page and the report's own reads run a pinned number of queries, the
same for a small cycle with one report and a larger one with many."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.pdf import cycle_report as selectors_pdf
from tests.reports.test_pdf import seed_cycle

PAGE_QUERIES = {"facilitator": 10, "teacher": 10, "leader": 11, "director": 10}


def add_reports(cycle, n: int, by) -> None:
    Report.objects.bulk_create(
        Report(
            cycle=cycle,
            community_id=cycle.community_id,
            requested_by=by,
            language="nl",
            status=Report.Status.FAILED,
            error="x",
        )
        for _i in range(n)
    )


@pytest.mark.parametrize("persona", list(PAGE_QUERIES))
@pytest.mark.parametrize(("members", "reports"), [(0, 1), (12, 14)])
def test_report_page_queries_are_flat(world, client_for, queries, persona, members, reports):
    cycle = seed_cycle(world, extra_members=members)
    add_reports(cycle, reports, world.facilitator)
    client_for(persona)
    queries.assert_count(reverse("reports:cycle_report", args=[cycle.pk]), PAGE_QUERIES[persona])


@pytest.mark.parametrize(("members", "meetings"), [(0, 1), (12, None)])
def test_the_report_reads_a_fixed_number_of_queries(world, members, meetings):
    cycle = seed_cycle(world, extra_members=members, meetings_with_content=meetings)
    with CaptureQueriesContext(connection) as captured:
        report = selectors_pdf.cycle_report(cycle, now=timezone.now())
        # Everything the template touches is loaded already (authors are prefetched).
        for product in report.products:
            list(product.authors.all())
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert len(captured.captured_queries) == 15, sql
