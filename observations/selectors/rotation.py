"""The reads of a cycle's peer-visit rotation: its visits, the school days left, and the
proposal made from them (see `rotation_plan` for the algorithm)."""

import datetime as dt
import hashlib
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Membership
from cycles.calendar import blocked_days, local_datetime
from cycles.models import Cycle
from observations.access import rotation_instruments
from observations.models import Instrument, Visit
from observations.rotation_plan import RotationError, propose

DEFAULT_TIME = dt.time(10, 0)


@dataclass(frozen=True)
class ProposedVisit:
    observed: User
    observers: tuple[User, ...]
    starts_at: dt.datetime


@dataclass
class Proposal:
    cycle: Cycle
    instrument: Instrument
    observers_per_visit: int
    replace: bool
    visits: list[ProposedVisit]
    kept: int = 0  # visits of this cycle that have begun and stay

    @property
    def fingerprint(self) -> str:
        """Changes when anything the facilitator would confirm changes."""
        visits = [
            (v.observed.pk, [o.pk for o in v.observers], v.starts_at.isoformat())
            for v in self.visits
        ]
        text = repr((self.cycle.pk, self.instrument.pk, self.replace, visits))
        return hashlib.sha256(text.encode()).hexdigest()[:32]


def rotation_visits(cycle: Cycle) -> list[Visit]:
    """The visits of the cycle's rotation, with their people."""
    return list(
        Visit.objects.filter(cycle=cycle)
        .select_related("observed")
        .prefetch_related("observers")
        .order_by("starts_at", "pk")
    )


def school_days(cycle: Cycle, *, after: dt.date) -> list[dt.date]:
    """Weekdays of the cycle after `after` that are no day off at any of its schools."""
    first, last = max(cycle.start_date, after + dt.timedelta(days=1)), cycle.end_date
    if first > last:
        return []
    school_ids = list(cycle.community.schools.values_list("pk", flat=True))
    blocked = blocked_days(school_ids, first, last)
    days = (first + dt.timedelta(days=i) for i in range((last - first).days + 1))
    return [day for day in days if day.weekday() < 5 and day not in blocked]


def rotation_propose(
    *,
    cycle: Cycle,
    instrument: Instrument | None = None,
    include_facilitators: bool = True,
    observers_per_visit: int = 1,
    time: dt.time = DEFAULT_TIME,
    replace: bool = False,
    existing: list[Visit] | None = None,
    today: dt.date | None = None,
) -> Proposal:
    """What `rotation_create` would make for the cycle, for the facilitator to check first."""
    existing = rotation_visits(cycle) if existing is None else existing
    if existing and not replace:
        raise ValidationError(
            {"replace": _("This cycle has a rotation already. Choose to replace it.")}
        )
    instrument = instrument or rotation_instruments(cycle.community).first()
    if instrument is None:
        raise ValidationError({"instrument": _("There is no observation checklist to use.")})
    roles = [Membership.Role.MEMBER]
    if include_facilitators:
        roles.append(Membership.Role.FACILITATOR)
    people = {
        m.user_id: m.user
        for m in Membership.objects.filter(community=cycle.community_id, role__in=roles)
        .select_related("user")
        .order_by("user_id")
    }
    history = Visit.observers.through.objects.filter(
        visit__cycle__community=cycle.community_id, visit__cycle__number__lt=cycle.number
    ).values_list("user_id", "visit__observed_id")
    kept = [v for v in existing if v.status != Visit.Status.PLANNED]
    try:
        pairings = propose(
            participants=people,
            school_days=school_days(cycle, after=today or timezone.localdate()),
            observers_per_visit=observers_per_visit,
            history=list(history),
            kept=[
                (v.observed_id, [o.pk for o in v.observers.all()], timezone.localdate(v.starts_at))
                for v in kept
            ],
        )
    except RotationError as error:
        raise ValidationError(str(error)) from None
    if not pairings:
        raise ValidationError(_("Everyone taking part has a visit in this cycle already."))
    visits = [
        ProposedVisit(
            people[p.observed],
            tuple(sorted((people[o] for o in p.observers), key=lambda u: (u.full_name, u.pk))),
            local_datetime(p.day, time),
        )
        for p in pairings
    ]
    visits.sort(key=lambda v: (v.starts_at, v.observed.full_name, v.observed.pk))
    return Proposal(cycle, instrument, observers_per_visit, replace, visits, kept=len(kept))
