"""Writes for reflections: saving (draft autosave and final save), who sees them, deleting.
A narrower audience withdraws the copies others were sent."""

import uuid

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils.translation import gettext as _

from accounts.models import User
from communities.withdrawal import content_withdraw, narrows
from observations import access as observation_access
from observations.models import Reflection, Visibility, Visit
from observations.models.reflections import REFLECTION_TEXT_FIELDS


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
        and not observation_access.can_link_reflection_to_community(author, reflection.community_id)
    ):
        raise ValidationError({"community": _("You are not a member of this community.")})
    if reflection.visit_id is not None:
        visit = Visit.objects.filter(pk=reflection.visit_id).first()
        if visit is None or not observation_access.can_link_reflection_to_visit(author, visit):
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
