"""Who may sign in with a board's school account, and who configures it.

Only people on the board's staff list get in (never a new account): a staff record at the
provider's board, not left, and an active account. The board's directors and administrators
configure the provider (boards.access); everyone else finds no such page (404)."""

from django.http import Http404

from accounts.models import User, normalize_email
from boards.access import organisation_for_administrator
from communities.models import Organisation, StaffMember
from sso.models import IdentityProvider, board_id_of


def board_for_administrator(user: User) -> Organisation:
    """The board whose sign-in `user` configures; 404 for everyone else."""
    return organisation_for_administrator(user)


def provider_by_id(provider_id: str) -> IdentityProvider | None:
    """The enabled provider allauth knows as `provider_id` ("board-12"), or None."""
    board_id = board_id_of(provider_id)
    if board_id is None:
        return None
    return (
        IdentityProvider.objects.select_related("organisation")
        .filter(organisation_id=board_id, enabled=True)
        .first()
    )


def provider_for_provider_id(provider_id: str) -> IdentityProvider:
    """As `provider_by_id`, 404 when there is none."""
    provider = provider_by_id(provider_id)
    if provider is None:
        raise Http404
    return provider


def staff_record(email: str) -> StaffMember | None:
    """The staff record of the person with this address (any board), or None."""
    return (
        StaffMember.objects.select_related("user", "organisation__identity_provider")
        .filter(user__email=normalize_email(email))
        .first()
    )


def provider_of_staff(record: StaffMember | None) -> IdentityProvider | None:
    """The enabled provider of the record's board, or None."""
    if record is None:
        return None
    provider = getattr(record.organisation, "identity_provider", None)
    return provider if provider is not None and provider.enabled else None


def may_sign_in(user: User, provider: IdentityProvider) -> bool:
    """On the staff list of the provider's board, not left, account active."""
    return (
        user.is_active
        and StaffMember.objects.filter(
            user=user, organisation_id=provider.organisation_id, left_at__isnull=True
        ).exists()
    )
