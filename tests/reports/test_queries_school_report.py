"""The school-year report page and the report's own reads run a pinned number of queries,
the same for a school with one community and one report as for a school with three
communities and three reports."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from reports.models import Report
from reports.pdf import school_report as selectors_school_report
from tests.reports.test_dashboard import build_year, last_year
from tests.reports.test_queries_school_dashboard import grow_school

PAGE_QUERIES = {"leader": 12, "director": 12}


def add_reports(world, n: int) -> None:
    Report.objects.bulk_create(
        Report(
            kind=Report.Kind.SCHOOL_YEAR,
            school=world.school,
            year=last_year(),
            requested_by=world.director,
            language="nl",
            status=Report.Status.FAILED,
            error="x",
        )
        for _i in range(n)
    )


def grow(world, communities: int, reports: int) -> None:
    year = last_year()
    build_year(world, year)
    if communities > 1:
        grow_school(world, year, communities - 1, 3)
    add_reports(world, reports)


@pytest.mark.parametrize("persona", list(PAGE_QUERIES))
@pytest.mark.parametrize(("communities", "reports"), [(1, 1), (3, 3)])
def test_school_report_page_queries_are_flat(
    world, client_for, queries, persona, communities, reports
):
    grow(world, communities, reports)
    client_for(persona)
    address = reverse("reports:school_report", args=[world.school.pk])
    for params in (f"?year={last_year()}", ""):
        queries.assert_count(address + params, PAGE_QUERIES[persona])
    page = queries.client.get(address + f"?year={last_year()}").context["page"]
    assert len(page.reports) == reports


@pytest.mark.parametrize("communities", [1, 3])
def test_the_report_reads_a_fixed_number_of_queries(world, communities):
    grow(world, communities, 0)
    with CaptureQueriesContext(connection) as captured:
        report = selectors_school_report.school_year_report(
            world.school, last_year(), now=timezone.now()
        )
    assert len(report.communities) == communities
    sql = "\n".join(q["sql"] for q in captured.captured_queries)
    assert len(captured.captured_queries) == 12, sql
