"""The reads of the board administration's pages, in a fixed number of queries."""

from django.core.paginator import Page, Paginator
from django.db.models import Q

from communities.models import Organisation, School

SCHOOLS_PER_PAGE = 25


def school_list(organisation: Organisation, *, search: str = "", page: object = 1) -> Page:
    """One page of the board's schools, by name; `search` finds a part of the name, the BRIN
    number or the place. Two queries (the count and the page) however many schools."""
    schools = School.objects.filter(organisation=organisation)
    if search:
        schools = schools.filter(
            Q(name__icontains=search) | Q(brin__icontains=search) | Q(place__icontains=search)
        )
    paginator = Paginator(schools.order_by("name", "pk"), SCHOOLS_PER_PAGE)
    return paginator.get_page(page)
