"""The reads the observation checklist pages need: the list and one checklist with its
versions."""

from dataclasses import dataclass

from django.db.models import Count, F, Prefetch, Q

from accounts.models import User
from communities import scope
from communities.models import Community
from observations import access as observation_access
from observations.models import Domain, Instrument, ScaleLevel


def instruments_for_list(user: User) -> list[Instrument]:
    """The current checklists `user` can use, built-in first, with their size and which of
    the person's communities use them."""
    return list(
        Instrument.objects.filter(observation_access.visible_instruments_q(user), is_current=True)
        .select_related("organisation", "created_by")
        .annotate(
            domain_count=Count("domains", distinct=True),
            item_count=Count("domains__items", distinct=True),
        )
        .prefetch_related(
            Prefetch(
                "communities",
                queryset=scope.visible_communities(user).order_by("name"),
                to_attr="used_by",
            )
        )
        .order_by(F("organisation__name").asc(nulls_first=True), "name")
    )


@dataclass
class InstrumentPage:
    instrument: Instrument
    levels: list[ScaleLevel]
    domains: list[Domain]
    versions: list[Instrument]  # the whole family, newest first, with visit_count
    used_by: list[Community]  # of the person's communities

    @property
    def visit_count(self) -> int:
        return next(v.visit_count for v in self.versions if v.pk == self.instrument.pk)

    @property
    def current(self) -> Instrument:
        return next((v for v in self.versions if v.is_current), self.instrument)


def instrument_current_version(instrument: Instrument) -> Instrument | None:
    return Instrument.objects.filter(family=instrument.family, is_current=True).first()


def community_instruments(community: Community) -> list[Instrument]:
    """The current checklists a community chose, by name."""
    return list(community.instruments.filter(is_current=True).order_by("name"))


def instrument_page(instrument: Instrument, user: User) -> InstrumentPage:
    return InstrumentPage(
        instrument=instrument,
        levels=list(instrument.levels.all()),
        domains=list(instrument.domains.prefetch_related("items")),
        versions=list(
            Instrument.objects.filter(family=instrument.family)
            # Only visits in the viewer's own communities: a built-in checklist is shared by
            # every board, and another board's figures are not theirs to see.
            .annotate(
                visit_count=Count(
                    "visits",
                    filter=Q(visits__community__in=scope.visible_communities(user)),
                )
            )
            .order_by("-version")
            .only("pk", "family", "version", "is_current", "name", "created_at")
        ),
        used_by=list(
            scope.visible_communities(user)
            .filter(instruments=instrument)
            .order_by("name")
            .only("pk", "name")
        ),
    )
