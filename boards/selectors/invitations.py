"""The staff's invitations to the app, with their status per person: not invited, invited
(the link still works), accepted (they signed in) or expired. Fixed queries per page."""

import datetime as dt

from django.conf import settings
from django.core.paginator import Page, Paginator
from django.db.models import Case, CharField, Count, QuerySet, Value, When
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from boards.models import StaffImport
from communities.models import Organisation, StaffMember

PER_PAGE = 25
NOT_INVITED, INVITED, ACCEPTED, EXPIRED = "not_invited", "invited", "accepted", "expired"
STATUSES = {
    NOT_INVITED: _("not invited"),
    INVITED: _("invited"),
    ACCEPTED: _("accepted"),
    EXPIRED: _("expired"),
}


def valid_from(now: dt.datetime) -> dt.datetime:
    """Invitations sent before this moment have expired."""
    return now - dt.timedelta(days=settings.INVITATION_VALID_DAYS)


def staff_with_status(organisation_id: int, now: dt.datetime | None = None) -> QuerySet:
    """The board's current staff (leavers aside), each with `invitation` (a STATUSES key)."""
    now = now or timezone.now()
    return StaffMember.objects.filter(
        organisation_id=organisation_id, left_at__isnull=True
    ).annotate(
        invitation=Case(
            When(user__last_login__isnull=False, then=Value(ACCEPTED)),
            When(invited_at__isnull=True, then=Value(NOT_INVITED)),
            When(invited_at__gte=valid_from(now), then=Value(INVITED)),
            default=Value(EXPIRED),
            output_field=CharField(),
        )
    )


def invitation_list(organisation: Organisation, *, status: str = "", page: object = 1) -> Page:
    """One page of the staff with their invitation's status, by name; two queries."""
    staff = staff_with_status(organisation.pk).select_related("user")
    if status in STATUSES:
        staff = staff.filter(invitation=status)
    paginator = Paginator(staff.order_by("user__full_name", "user__email", "pk"), PER_PAGE)
    return paginator.get_page(page)


def invitation_counts(organisation: Organisation) -> dict[str, int]:
    """How many of the staff have each status; one query."""
    counts = dict.fromkeys(STATUSES, 0)
    for row in staff_with_status(organisation.pk).values("invitation").annotate(n=Count("pk")):
        counts[row["invitation"]] = row["n"]
    return counts


def uninvited_count(staff_import: StaffImport) -> int:
    """The people a committed import made who have not been invited yet."""
    return StaffMember.objects.filter(
        organisation_id=staff_import.organisation_id,
        user_id__in=staff_import.result.get("created", []),
        invited_at__isnull=True,
        left_at__isnull=True,
    ).count()
