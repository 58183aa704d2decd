"""Writes for a cycle's peer-visit rotation: the visits of a confirmed proposal."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from cycles import access as cycle_access
from cycles.models import Cycle
from observations.access import rotation_instruments
from observations.models import Visit
from observations.selectors.rotation import Proposal
from observations.services.visits import visit_plan


@transaction.atomic
def rotation_create(*, cycle: Cycle, proposal: Proposal, by: User) -> list[Visit]:
    """Create the proposal's visits, planned and in the cycle. Refused when the cycle has a
    rotation already, unless the proposal replaces it: then its visits that are still
    planned go, and those that have begun stay."""
    # Lock the cycle so two confirmations at once can't both plan it.
    cycle = Cycle.objects.select_for_update().select_related("community").get(pk=cycle.pk)
    if not cycle_access.can_plan(by, cycle.community):
        raise ValidationError(_("Only a facilitator of the community plans the rotation."))
    if proposal.cycle.pk != cycle.pk:
        raise ValidationError(_("This proposal is for another cycle."))
    if not rotation_instruments(cycle.community).filter(pk=proposal.instrument.pk).exists():
        raise ValidationError({"instrument": _("Choose a checklist of this community.")})
    if not proposal.visits:
        raise ValidationError(_("There are no visits to plan."))
    existing = Visit.objects.filter(cycle=cycle)
    if existing.exists():
        if not proposal.replace:
            raise ValidationError(
                {"replace": _("This cycle has a rotation already. Choose to replace it.")}
            )
        existing.filter(status=Visit.Status.PLANNED).delete()
        kept = set(existing.values_list("observed_id", flat=True))
        if any(v.observed.pk in kept for v in proposal.visits):
            raise ValidationError(_("A visit in this cycle has begun since. Propose again."))
    for visit in proposal.visits:
        if not cycle.start_date <= timezone.localdate(visit.starts_at) <= cycle.end_date:
            raise ValidationError(_("Every visit must fall within the cycle."))
    created = [
        visit_plan(
            community=cycle.community,
            observed=visit.observed,
            observers=list(visit.observers),
            instrument=proposal.instrument,
            starts_at=visit.starts_at,
        )
        for visit in proposal.visits
    ]
    Visit.objects.filter(pk__in=[v.pk for v in created]).update(cycle=cycle)
    for visit in created:
        visit.cycle = cycle
    return created
