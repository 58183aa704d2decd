"""A person's mail preferences: what they want (the defaults until they choose), their
choices saved, and the signed one-click unsubscribe links that turn one kind of mail off."""

from django.core import signing
from django.db import transaction

from accounts.models import User
from core.http import whole_number
from notifications.models import OPTIONAL_KINDS, Preference

UNSUBSCRIBE_SALT = "notifications.unsubscribe"


def preference_of(user: User) -> Preference:
    """A person's preferences; the defaults until they change them (nothing is written)."""
    return Preference.objects.filter(user=user).first() or Preference(user=user)


def preferences_for(user_ids) -> dict[int, Preference]:
    stored = {p.user_id: p for p in Preference.objects.filter(user_id__in=list(user_ids))}
    return {pk: stored.get(pk) or Preference(user_id=pk) for pk in user_ids}


@transaction.atomic
def preference_update(*, user: User, **fields) -> Preference:
    """Save a person's choices. An upsert: two first saves at once (two tabs, a mail
    program that sends its one-click unsubscribe twice) both end in the one row."""
    # get_or_create reads the row again when another request inserted it just now.
    Preference.objects.get_or_create(user=user)
    preference = Preference.objects.select_for_update().get(user=user)
    for name, value in fields.items():
        setattr(preference, name, value)
    preference.full_clean()
    preference.save()
    return preference


def unsubscribe_token(user: User, kind: str) -> str:
    return signing.Signer(salt=UNSUBSCRIBE_SALT).sign(f"{user.pk}.{kind}")


def unsubscribe_target(token: str) -> tuple[User, str] | None:
    """The person and kind a signed unsubscribe link is for, or None if it isn't ours."""
    try:
        value = signing.Signer(salt=UNSUBSCRIBE_SALT).unsign(token)
    except signing.BadSignature:
        return None
    user_pk, _dot, kind = value.partition(".")
    pk = whole_number(user_pk)
    user = User.objects.filter(pk=pk, is_active=True).first() if pk else None
    if user is None or kind not in OPTIONAL_KINDS:
        return None
    return user, kind


@transaction.atomic
def unsubscribe(*, user: User, kind: str) -> Preference:
    return preference_update(user=user, **{kind: False})
