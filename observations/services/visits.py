"""Writes for classroom visits: planning, the contract and coaching conversations, the
observer's scores, rescheduling, cancelling and sharing."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership
from communities.withdrawal import content_withdraw
from core.errors import StaleEdit
from core.once import made_before, save_once
from observations.models import Instrument, Item, ScaleLevel, Score, Visit


def _members(community: Community) -> set[int]:
    return set(Membership.objects.filter(community=community).values_list("user_id", flat=True))


@transaction.atomic
def visit_plan(
    *,
    community: Community,
    observed: User,
    observers: list[User],
    instrument: Instrument,
    starts_at: dt.datetime,
    group: str = "",
    subject: str = "",
    community_goal=None,
    personal_goal=None,
    client_key: uuid.UUID | None = None,
) -> Visit:
    """Plan a visit. The same form sent twice (same client_key) plans it once."""
    if earlier := made_before(Visit, client_key, community=community):
        return earlier
    members = _members(community)
    if observed.pk not in members:
        raise ValidationError({"observed": _("The observed teacher must be a member.")})
    if not observers:
        raise ValidationError({"observers": _("Choose at least one observer.")})
    if any(o.pk not in members for o in observers):
        raise ValidationError({"observers": _("Observers must be members of the community.")})
    if any(o.pk == observed.pk for o in observers):
        raise ValidationError({"observers": _("Nobody observes their own lesson.")})
    if community_goal is not None and community_goal.community_id != community.pk:
        raise ValidationError({"community_goal": _("Choose a goal of this community.")})
    if personal_goal is not None and personal_goal.owner_id != observed.pk:
        raise ValidationError({"personal_goal": _("Choose a goal of the observed teacher.")})
    visit = Visit(
        community=community,
        observed=observed,
        instrument=instrument,
        starts_at=starts_at,
        group=group,
        subject=subject,
        community_goal=community_goal,
        personal_goal=personal_goal,
        client_key=client_key,
    )
    visit.full_clean()
    saved = save_once(visit, community=community)
    if saved is not visit:  # the other submit of this form planned it a moment ago
        return saved
    visit.observers.set(observers)
    return visit


def _locked(visit: Visit, version: int) -> Visit:
    """The visit as stored, locked; refused when someone else saved it since it was read."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.version != version:
        raise StaleEdit(_("Someone else saved this visit in the meantime. Reload and try again."))
    return current


def _advance(visit: Visit, status: str) -> None:
    order = list(Visit.Status.values)
    if order.index(status) > order.index(visit.status):
        visit.status = status


@transaction.atomic
def visit_record_contract(
    *,
    visit: Visit,
    version: int,
    focus: str,
    data_collection: str,
    agreements: str,
    focus_items: list[Item],
) -> Visit:
    current = _locked(visit, version)
    _refuse_when_closed(current)
    if any(item.domain.instrument_id != current.instrument_id for item in focus_items):
        raise ValidationError({"focus_items": _("Choose items of this visit's checklist.")})
    current.focus, current.data_collection, current.agreements = focus, data_collection, agreements
    _advance(current, Visit.Status.CONTRACTED)
    current.version += 1
    current.save()
    current.focus_items.set(focus_items)
    return current


@transaction.atomic
def score_save(*, visit: Visit, item: Item, level: ScaleLevel | None, evidence: str = "") -> Score:
    """Save one item as it is filled in (autosave): the last write wins per item."""
    if item.domain.instrument_id != visit.instrument_id:
        raise ValidationError(_("This item is not on the visit's checklist."))
    if level is not None and level.instrument_id != visit.instrument_id:
        raise ValidationError(_("This level is not on the visit's scale."))
    score, _created = Score.objects.update_or_create(
        visit=visit, item=item, defaults={"level": level, "evidence": evidence}
    )
    if visit.status in (Visit.Status.PLANNED, Visit.Status.CONTRACTED):
        Visit.objects.filter(pk=visit.pk).update(status=Visit.Status.OBSERVED)
    return score


@transaction.atomic
def visit_record_coaching(
    *,
    visit: Visit,
    version: int,
    feed_up: str,
    feed_back: str,
    feed_forward: str,
    coaching_agreements: str,
) -> Visit:
    current = _locked(visit, version)
    _refuse_when_closed(current)
    current.feed_up, current.feed_back, current.feed_forward = feed_up, feed_back, feed_forward
    current.coaching_agreements = coaching_agreements
    _advance(current, Visit.Status.COACHED)
    current.version += 1
    current.save()
    return current


@transaction.atomic
def visit_update(
    *,
    visit: Visit,
    version: int,
    by: User,
    starts_at: dt.datetime,
    group: str,
    subject: str,
    observers: list[User] | None = None,
) -> Visit:
    """Reschedule a visit or change its class and subject; observers change only until the
    lesson has been observed."""
    current = _locked(visit, version)
    if observers is not None and current.status in (Visit.Status.PLANNED, Visit.Status.CONTRACTED):
        members = _members(current.community)
        if not observers:
            raise ValidationError({"observers": _("Choose at least one observer.")})
        if any(o.pk not in members for o in observers):
            raise ValidationError({"observers": _("Observers must be members of the community.")})
        if any(o.pk == current.observed_id for o in observers):
            raise ValidationError({"observers": _("Nobody observes their own lesson.")})
        current.observers.set(observers)
    current.starts_at, current.group, current.subject = starts_at, group, subject
    current.version += 1
    current.full_clean()
    current.save()
    return current


@transaction.atomic
def visit_cancel(*, visit: Visit, by: User) -> None:
    """A visit that hasn't been observed yet can be called off; after that it is the observed
    teacher's record and stays."""
    current = Visit.objects.select_for_update().get(pk=visit.pk)
    if current.status not in (Visit.Status.PLANNED, Visit.Status.CONTRACTED):
        raise ValidationError(_("This lesson has been observed: the visit can't be cancelled."))
    current.delete()
    if current.shared_with_community:
        content_withdraw(community_id=current.community_id)


@transaction.atomic
def scores_save(*, visit: Visit, entries: list[tuple[Item, ScaleLevel | None, str | None]]) -> int:
    """Save the items of one domain at once (autosave and the "next" button). None keeps
    what is stored (a level or evidence that wasn't sent); an item left empty that has no
    score yet is skipped, so an untouched item doesn't count as observed."""
    _refuse_when_closed(visit)
    existing = {score.item_id: score for score in Score.objects.filter(visit=visit)}
    saved = 0
    for item, level, evidence in entries:
        score = existing.get(item.pk)
        if score is None and level is None and not (evidence or "").strip():
            continue
        if level is None and score is not None and score.level_id is not None:
            level = score.level
        if evidence is None:
            evidence = score.evidence if score is not None else ""
        score_save(visit=visit, item=item, level=level, evidence=evidence[:5000])
        saved += 1
    return saved


def _refuse_when_closed(visit: Visit) -> None:
    if visit.status == Visit.Status.CLOSED:
        raise ValidationError(
            _("This visit has been closed with the teacher's reflection: it can't be changed.")
        )


@transaction.atomic
def visit_share(*, visit: Visit, by: User, shared: bool) -> Visit:
    """Only the observed teacher shares their visit with the community, or takes it back."""
    if by.pk != visit.observed_id:
        raise ValidationError(_("Only the observed teacher can share this visit."))
    was_shared = (
        Visit.objects.select_for_update()
        .values_list("shared_with_community", flat=True)
        .get(pk=visit.pk)
    )
    Visit.objects.filter(pk=visit.pk).update(shared_with_community=shared)
    visit.shared_with_community = shared
    if was_shared and not shared:  # its observers' reflections go with it
        content_withdraw(community_id=visit.community_id)
    return visit
