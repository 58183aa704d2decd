"""Writes for checklists, classroom visits, reflections and PLC scans."""

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from communities.models import Community, Membership, Organisation
from communities.withdrawal import content_withdraw, narrows
from core.errors import StaleEdit
from core.once import made_before, save_once
from observations.models import (
    Domain,
    Instrument,
    Item,
    Reflection,
    ScaleLevel,
    Scan,
    ScanAnswer,
    ScanParticipation,
    ScanResponse,
    ScanRound,
    Score,
    Visibility,
    Visit,
    scan_round_count,
)

# Results of a scan round are shown only when at least this many members answered.
SCAN_MINIMUM_RESPONSES = 3


# Checklists ---------------------------------------------------------------------------


def instrument_is_used(instrument: Instrument) -> bool:
    return instrument.visits.exists()


@transaction.atomic
def instrument_copy(
    *,
    instrument: Instrument,
    organisation: Organisation | None,
    name: str,
    by: User | None,
    new_version_of_family: bool = False,
) -> Instrument:
    """A deep copy: as a board's own new checklist, or as the next version of the family."""
    copy = Instrument(
        organisation=organisation, name=name, description=instrument.description, created_by=by
    )
    if new_version_of_family:
        current = (
            Instrument.objects.select_for_update()
            .filter(family=instrument.family)
            .order_by("-version")
            .first()
        )
        Instrument.objects.filter(family=instrument.family, is_current=True).update(
            is_current=False
        )
        copy.family = instrument.family
        copy.version = current.version + 1
    copy.full_clean()
    copy.save()
    ScaleLevel.objects.bulk_create(
        ScaleLevel(instrument=copy, value=level.value, label=level.label, order=level.order)
        for level in instrument.levels.all()
    )
    for domain in instrument.domains.prefetch_related("items"):
        new_domain = Domain.objects.create(instrument=copy, title=domain.title, order=domain.order)
        Item.objects.bulk_create(
            Item(domain=new_domain, text=item.text, order=item.order) for item in domain.items.all()
        )
    if new_version_of_family:
        copy.communities.set(instrument.communities.all())
    return copy


@transaction.atomic
def instrument_for_editing(*, instrument: Instrument, by: User) -> Instrument:
    """The instrument to change: itself while unused, else a new version (the old one stays
    with the observations made with it)."""
    if not instrument_is_used(instrument):
        return instrument
    return instrument_copy(
        instrument=instrument,
        organisation=instrument.organisation,
        name=instrument.name,
        by=by,
        new_version_of_family=True,
    )


# Visits -------------------------------------------------------------------------------


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


# Reflections --------------------------------------------------------------------------

REFLECTION_TEXT_FIELDS = [
    "title",
    "text",
    "happened",
    "expected",
    "contribution",
    "patterns",
    "difference",
    "next_step",
]


@transaction.atomic
def reflection_save(
    *,
    author: User,
    reflection: Reflection | None = None,
    client_key: uuid.UUID | None = None,
    publish: bool = False,
    **fields,
) -> Reflection:
    """Create or update a reflection (draft autosave or final save). A repeated create with
    the same client_key returns the same reflection, so a double submit makes one."""
    if reflection is None and client_key is not None:
        reflection = Reflection.objects.filter(author=author, client_key=client_key).first()
    if reflection is None:
        reflection = Reflection(author=author, client_key=client_key)
    elif reflection.author_id != author.pk:
        raise ValidationError(_("This reflection belongs to someone else."))
    before = _stored_audience(reflection.pk) if reflection.pk else None
    for name, value in fields.items():
        setattr(reflection, name, value)
    if publish:
        if not any(getattr(reflection, name).strip() for name in REFLECTION_TEXT_FIELDS[1:]):
            raise ValidationError(_("Write something before you save the reflection."))
        reflection.is_draft = False
    if reflection.visibility != Visibility.PRIVATE and reflection.community_id is None:
        raise ValidationError(
            {"visibility": _("Choose a community to share this reflection with.")}
        )
    if (
        reflection.community_id is not None
        and not Membership.objects.filter(
            community_id=reflection.community_id, user=author
        ).exists()
    ):
        raise ValidationError({"community": _("You are not a member of this community.")})
    if reflection.visit_id is not None:
        visit = Visit.objects.filter(pk=reflection.visit_id).first()
        if visit is None or not (
            visit.observed_id == author.pk or visit.observers.filter(pk=author.pk).exists()
        ):
            raise ValidationError({"visit": _("Choose a visit you took part in.")})
        if (
            visit.observed_id != author.pk
            and not visit.shared_with_community
            and reflection.visibility == Visibility.COMMUNITY
        ):
            raise ValidationError(
                {
                    "visibility": _(
                        "The visit is not shared with the community: share this reflection "
                        "with your coach at most."
                    )
                }
            )
    reflection.full_clean()
    try:
        with transaction.atomic():
            reflection.save()
    except IntegrityError:  # the same new reflection arrived twice at once
        return Reflection.objects.get(author=author, client_key=client_key)
    if before is not None and before[0] is not None:
        after = _audience(reflection)
        if after[0] != before[0] or narrows(before[1], after[1]):
            content_withdraw(community_id=before[0])
    if not reflection.is_draft and reflection.visit_id is not None:
        # The observed teacher's reflection closes the visit once it has been observed.
        Visit.objects.filter(
            pk=reflection.visit_id,
            observed=author,
            status__in=[Visit.Status.OBSERVED, Visit.Status.COACHED],
        ).update(status=Visit.Status.CLOSED)
    return reflection


@transaction.atomic
def reflection_set_visibility(*, reflection: Reflection, by: User, visibility: str) -> Reflection:
    if reflection.author_id != by.pk:
        raise ValidationError(_("This reflection belongs to someone else."))
    return reflection_save(author=by, reflection=reflection, visibility=visibility)


@transaction.atomic
def reflection_delete(*, reflection: Reflection, by: User) -> None:
    if reflection.author_id != by.pk:
        raise ValidationError(_("This reflection belongs to someone else."))
    community_id, _visibility = _audience(reflection)
    reflection.delete()
    content_withdraw(community_id=community_id)


def _stored_audience(pk: int) -> tuple[int | None, str] | None:
    """The audience as stored (a form may have changed the instance already)."""
    stored = Reflection.objects.filter(pk=pk).only("community", "visibility", "is_draft").first()
    return _audience(stored) if stored is not None else None


def _audience(reflection: Reflection) -> tuple[int | None, str]:
    """Who else reads it: (community id, visibility), or (None, private) when nobody."""
    if reflection.is_draft or reflection.community_id is None:
        return None, Visibility.PRIVATE
    if reflection.visibility == Visibility.PRIVATE:
        return None, Visibility.PRIVATE
    return reflection.community_id, reflection.visibility


# PLC scan -----------------------------------------------------------------------------


def scan_default() -> Scan:
    """The built-in scan (the first one made, by the data migration)."""
    return Scan.objects.filter(organisation=None).order_by("pk").first()


@transaction.atomic
def scan_round_open(
    *, community: Community, scan: Scan, closes_on: dt.date | None = None
) -> ScanRound:
    if ScanRound.objects.filter(community=community, status=ScanRound.Status.OPEN).exists():
        raise ValidationError(_("A round is open already; close it first."))
    scan_round = ScanRound(community=community, scan=scan, closes_on=closes_on)
    scan_round.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():
            scan_round.save()
    except IntegrityError:  # opened twice at once: the other one stands
        raise ValidationError(_("A round is open already; close it first.")) from None
    return scan_round


@transaction.atomic
def scan_round_close(*, scan_round: ScanRound) -> ScanRound:
    # The row lock makes an answer that arrives at the same moment go first or be refused,
    # so the totals counted here are final.
    ScanRound.objects.select_for_update().filter(pk=scan_round.pk).update(
        status=ScanRound.Status.CLOSED
    )
    scan_round_count([scan_round.pk])
    scan_round.status = ScanRound.Status.CLOSED
    return scan_round


@transaction.atomic
def scan_answer(*, scan_round: ScanRound, respondent: User, scores: dict[int, int]) -> None:
    """Record one member's answers once. The answers are stored apart from who gave them."""
    # Read under a row lock: a round being closed right now is closed for this answer too.
    status = (
        ScanRound.objects.select_for_update()
        .filter(pk=scan_round.pk)
        .values_list("status", flat=True)
        .first()
    )
    if status != ScanRound.Status.OPEN or (
        scan_round.closes_on and scan_round.closes_on < timezone.localdate()
    ):
        raise ValidationError(_("This round is closed."))
    if respondent.pk not in _members(scan_round.community):
        raise ValidationError(_("Only members of the community answer the scan."))
    statements = set(scan_round.scan.themes.values_list("statements__pk", flat=True))
    if set(scores) != statements:
        raise ValidationError(_("Answer every statement."))
    if any(score not in range(1, 6) for score in scores.values()):
        raise ValidationError(_("Scores go from 1 to 5."))
    try:
        with transaction.atomic():
            ScanParticipation.objects.create(round=scan_round, respondent=respondent)
    except IntegrityError:
        raise ValidationError(_("You have answered this round already.")) from None
    response = ScanResponse.objects.create(round=scan_round)
    ScanAnswer.objects.bulk_create(
        ScanAnswer(response=response, statement_id=pk, score=score) for pk, score in scores.items()
    )
