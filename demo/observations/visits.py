"""The two ways the small demo makes a visit: through the observation services as far as
a stage (planned, contract, scores, coaching), and closed by the observed teacher's
reflection."""

import datetime as dt

from accounts.models import User
from communities.models import Community
from observations.models import Instrument, Item, Reflection, Visit
from observations.services import reflections as reflection_services
from observations.services import visits as visit_services


def visit_through_stages(
    *,
    community: Community,
    observed: User,
    observers: list[User],
    instrument: Instrument,
    starts_at: dt.datetime,
    group: str,
    subject: str,
    contract: tuple[str, str, str, list[str]] | None = None,
    scores: dict[str, tuple[int | None, str]] | None = None,
    coaching: tuple[str, str, str, str] | None = None,
    **links,
) -> Visit:
    """A visit taken as far as the arguments go: planned, contract, scores, coaching.

    `scores` maps the start of an item's text to (level value, evidence); the key "*" gives
    the items not named (without it they are scored "not seen")."""
    visit = visit_services.visit_plan(
        community=community,
        observed=observed,
        observers=observers,
        instrument=instrument,
        starts_at=starts_at,
        group=group,
        subject=subject,
        **links,
    )
    items = list(
        Item.objects.filter(domain__instrument=instrument)
        .select_related("domain")
        .order_by("domain__order", "order")
    )
    if contract is not None:
        focus, data_collection, agreements, focus_starts = contract
        visit = visit_services.visit_record_contract(
            visit=visit,
            version=visit.version,
            focus=focus,
            data_collection=data_collection,
            agreements=agreements,
            focus_items=[i for i in items if i.text.startswith(tuple(focus_starts))],
        )
    if scores is not None:
        levels = {level.value: level for level in instrument.levels.all()}
        default = scores.pop("*", (None, ""))
        for item in items:
            value, evidence = next(
                (given for start, given in scores.items() if item.text.startswith(start)),
                default,
            )
            visit_services.score_save(
                visit=visit, item=item, level=levels.get(value), evidence=evidence
            )
        visit.refresh_from_db()
    if coaching is not None:
        feed_up, feed_back, feed_forward, agreements = coaching
        visit = visit_services.visit_record_coaching(
            visit=visit,
            version=visit.version,
            feed_up=feed_up,
            feed_back=feed_back,
            feed_forward=feed_forward,
            coaching_agreements=agreements,
        )
    return visit


def close_with_reflection(visit: Visit, author: User, **fields) -> Reflection:
    """The observed teacher's reflection on the visit, which closes it."""
    reflection = reflection_services.reflection_save(
        author=author, publish=True, visit=visit, **fields
    )
    # reflection_save closes the visit; make sure of it should that rule ever move.
    Visit.objects.filter(pk=visit.pk).exclude(status=Visit.Status.CLOSED).update(
        status=Visit.Status.CLOSED
    )
    return reflection
