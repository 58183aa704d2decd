"""The small observations demo, called by `seed_demo`: classroom visits in every stage,
reflections with every visibility, and PLC scan rounds in the two demo communities.
Extends demo.communities and demo.cycles.

It goes through the services, as people would create it, in a fixed order (the ids are
part of the demo). The bulk history for `seed_demo --scale` is in demo.observations_bulk.
"""

import datetime as dt

from django.db import transaction
from django.utils import timezone

from demo.observations import reflections, scans, visits_formative, visits_reading
from demo.observations.cast import cast_load, demo_communities, has_observations
from observations.models import Reflection, Visit


@transaction.atomic
def seed(today: dt.date | None = None) -> dict[str, int]:
    """Visits, reflections and scan rounds for the two demo communities, once. Returns what
    was added (nothing when it ran before)."""
    today = today or timezone.localdate()
    added = {"visits": 0, "reflections": 0, "scan rounds": 0}
    communities = demo_communities()
    if communities is None or has_observations(*communities):
        return added
    visits_before, reflections_before = Visit.objects.count(), Reflection.objects.count()
    cast = cast_load(today, *communities)

    visits_reading.anouk_closed_and_shared(cast)
    visits_reading.bilal_coached(cast)
    observed_visit = visits_reading.charlotte_observed(cast)
    visits_reading.daan_contracted(cast)
    visits_reading.planned(cast)
    visits_formative.eva_closed(cast)
    visits_formative.fatima_observed(cast)
    visits_formative.gijs_planned(cast)
    reflections.reading_reflections(cast, observed_visit=observed_visit)
    reflections.formative_reflections(cast)
    rounds = scans.scan_rounds(cast)

    added["visits"] = Visit.objects.count() - visits_before
    added["reflections"] = Reflection.objects.count() - reflections_before
    added["scan rounds"] = rounds
    return added
