"""The reads the classroom visit pages need, each a fixed number of queries."""

from dataclasses import dataclass, field

from django.db.models import Count, Prefetch, Q, QuerySet

from accounts.models import User
from communities import scope
from communities.models import Community
from observations import access as observation_access
from observations.models import Domain, Item, Reflection, ScaleLevel, Score, Visit


@dataclass
class SheetItem:
    item: Item
    score: Score | None
    in_focus: bool


@dataclass
class SheetDomain:
    domain: Domain
    number: int
    items: list[SheetItem] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return sum(1 for entry in self.items if entry.score is not None)


def _with_people(visits: QuerySet) -> QuerySet:
    return visits.select_related("observed", "community", "instrument").prefetch_related(
        Prefetch("observers", queryset=User.objects.order_by("full_name", "email"))
    )


def visits_of(user: User) -> list[Visit]:
    """Visits I observe, in which I am observed, or that I coach (see
    `scope.reads_as_coach`)."""
    visits = Visit.objects.filter(
        Q(observed=user)
        | Q(observers=user)
        | scope.coached_teachers_q(user, "community", "observed")
    ).distinct()
    return list(_with_people(visits).order_by("-starts_at")[:200])


def community_visits(user: User, community: Community) -> list[Visit]:
    """The visits of a community this person may open: their own; for its members the
    shared ones; for its coaches those of the teachers they read as coach. A leader who
    is not a member sees the counts (`visit_counts`), not the visits."""
    mine = Q(observed=user) | Q(observers=user)
    if scope.is_member(user, community):
        mine |= Q(shared_with_community=True) | scope.coached_teachers_q(
            user, "community", "observed"
        )
    visits = Visit.objects.filter(mine, community=community).distinct()
    return list(_with_people(visits).order_by("-starts_at")[:200])


def visit_counts(community: Community) -> list[tuple[str, int]]:
    """How many visits are in each stage (label, number): figures a leader may see."""
    rows = Visit.objects.filter(community=community).values("status").annotate(n=Count("pk"))
    counts = {row["status"]: row["n"] for row in rows}
    return [(label, counts.get(value, 0)) for value, label in Visit.Status.choices]


def visit_sheet(visit: Visit) -> list[SheetDomain]:
    """The visit's checklist with what has been filled in, domain by domain."""
    scores = {
        score.item_id: score for score in Score.objects.filter(visit=visit).select_related("level")
    }
    focus = set(visit.focus_items.values_list("pk", flat=True))
    domains = Domain.objects.filter(instrument_id=visit.instrument_id).prefetch_related(
        Prefetch("items", queryset=Item.objects.order_by("order", "pk"))
    )
    sheet = []
    for number, domain in enumerate(domains.order_by("order", "pk"), start=1):
        entry = SheetDomain(domain=domain, number=number)
        entry.items = [
            SheetItem(item=item, score=scores.get(item.pk), in_focus=item.pk in focus)
            for item in domain.items.all()
        ]
        sheet.append(entry)
    return sheet


def scale_of(visit: Visit) -> list[ScaleLevel]:
    return list(ScaleLevel.objects.filter(instrument_id=visit.instrument_id).order_by("order"))


def visit_reflections(visit: Visit, user: User) -> list[Reflection]:
    """The reflections about this visit that this person may read."""
    reflections = (
        Reflection.objects.filter(visit=visit)
        .filter(Q(author=user) | Q(is_draft=False))
        .select_related("author", "community")
        .prefetch_related("community__schools")  # for leaders' scope, without a query each
        .order_by("-created_at")
    )
    visible = []
    for reflection in reflections:
        if reflection.community_id == visit.community_id:
            reflection.community = visit.community  # its schools are loaded already
        reflection.visit = visit  # with its observers
        if observation_access.can_view_reflection(user, reflection):
            visible.append(reflection)
    return visible
