"""Every URL x every persona. A new URL without an entry fails `test_every_url_is_covered`.

Entries live here for the foundation and in `tests/<app>/matrix_*.py` per feature.
Codes: 200 ok, 302 redirect (to login for anonymous, or after a POST), 403 visible but not
yours to change, 404 outside your scope (never revealed), 405 wrong method, 410 gone.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from communities import services
from communities.models import ReaderNotice
from tests.boards import matrix_boards
from tests.conftest import PERSONAS, World
from tests.cycles import matrix_calendar, matrix_cycles, matrix_products
from tests.matrix import (
    ANY_SIGNED_IN,
    MANAGERS_ONLY,
    MANAGERS_POST,
    MEMBERS_ONLY,
    OWNER_ONLY,
    OWNER_POST,
    POST_ONLY,
    PUBLIC,
    Entry,
    codes,
)
from tests.notifications import matrix_notifications
from tests.observations import (
    matrix_instruments,
    matrix_observations,
    matrix_rotation,
    matrix_scan,
    matrix_visits,
)
from tests.reports import matrix_board, matrix_dashboards, matrix_pdf, matrix_school_report
from tests.sso import matrix_sso

FEATURES: list[dict[str, Entry]] = [
    matrix_cycles.ENTRIES,
    matrix_calendar.ENTRIES,
    matrix_products.ENTRIES,
    matrix_observations.ENTRIES,
    matrix_visits.ENTRIES,
    matrix_rotation.ENTRIES,
    matrix_instruments.ENTRIES,
    matrix_scan.ENTRIES,
    matrix_notifications.ENTRIES,
    matrix_dashboards.ENTRIES,
    matrix_pdf.ENTRIES,
    matrix_board.ENTRIES,
    matrix_school_report.ENTRIES,
    matrix_boards.ENTRIES,
    matrix_sso.ENTRIES,
]


def community(w: World) -> dict:
    return {"pk": w.community.pk}


def reader_notice(w: World) -> ReaderNotice:
    return ReaderNotice.objects.get_or_create(
        recipient=w.teacher, community=w.community, reader=w.coach, role="coach"
    )[0]


def coach_of_community(w: World) -> dict:
    return {"pk": w.community.pk, "coach_pk": w.coach.pk}


def membership(w: World) -> dict:
    return {"pk": w.community.pk, "membership_pk": w.membership("other_teacher").pk}


CORE: dict[str, Entry] = {
    "home": Entry(get=ANY_SIGNED_IN),
    "healthz": Entry(get=PUBLIC),
    # Accounts
    "accounts:login": Entry(get=codes(200, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:logout": Entry(get=POST_ONLY, post=codes(302, 302, 302, 302, 302, 302, 302, 302)),
    "accounts:profile": Entry(get=ANY_SIGNED_IN),
    "accounts:password_change": Entry(get=ANY_SIGNED_IN),
    "accounts:password_reset": Entry(get=PUBLIC),
    "accounts:password_reset_done": Entry(get=PUBLIC),
    "accounts:password_reset_confirm": Entry(
        kwargs=lambda w: {"uidb64": "MQ", "token": "bad-token"}, get=PUBLIC
    ),
    "accounts:password_reset_complete": Entry(get=PUBLIC),
    "accounts:invitation": Entry(
        kwargs=lambda w: {"token": services.invitation_token(w.invitation)},
        # Signed in with another address: 403, the invitation is for someone else.
        get=codes(200, 403, 403, 403, 403, 403, 403, 403),
    ),
    "accounts:set_language": Entry(
        get=POST_ONLY,
        post=codes(302, 302, 302, 302, 302, 302, 302, 302),
        data=lambda w: {"language": "en", "next": "/"},
    ),
    # Communities
    "communities:list": Entry(get=ANY_SIGNED_IN),
    "communities:create": Entry(get=codes(302, 403, 403, 403, 403, 200, 200, 403)),
    "communities:detail": Entry(kwargs=community, get=MEMBERS_ONLY),
    "communities:edit": Entry(kwargs=community, get=MANAGERS_ONLY),
    "communities:members": Entry(kwargs=community, get=MANAGERS_ONLY),
    "communities:invite": Entry(
        kwargs=community,
        get=POST_ONLY,
        # Invalid data: managers see the form again with the error.
        post=codes(302, 403, 403, 200, 403, 200, 200, 404),
    ),
    "communities:member_role": Entry(
        kwargs=membership, get=POST_ONLY, post=MANAGERS_POST, data=lambda w: {"role": "coach"}
    ),
    "communities:member_remove": Entry(kwargs=membership, get=POST_ONLY, post=MANAGERS_POST),
    "communities:invitation_revoke": Entry(
        kwargs=lambda w: {"pk": w.community.pk, "invitation_pk": w.invitation.pk},
        get=POST_ONLY,
        post=MANAGERS_POST,
    ),
    "communities:goal_create": Entry(kwargs=community, get=MANAGERS_ONLY),
    "communities:goal": Entry(kwargs=lambda w: {"pk": w.goal.pk}, get=MEMBERS_ONLY),
    "communities:goal_edit": Entry(kwargs=lambda w: {"pk": w.goal.pk}, get=MANAGERS_ONLY),
    "communities:goal_progress": Entry(
        kwargs=lambda w: {"pk": w.goal.pk},
        get=POST_ONLY,
        # Invalid data: editors get the form back with errors (200).
        post=codes(302, 403, 403, 200, 403, 200, 200, 404),
    ),
    "communities:my_goals": Entry(get=ANY_SIGNED_IN),
    "communities:my_goal_create": Entry(get=ANY_SIGNED_IN),
    "communities:my_goal": Entry(kwargs=lambda w: {"pk": w.private_goal.pk}, get=OWNER_ONLY),
    "communities:my_goal_edit": Entry(kwargs=lambda w: {"pk": w.private_goal.pk}, get=OWNER_ONLY),
    "communities:my_goal_visibility": Entry(
        kwargs=lambda w: {"pk": w.private_goal.pk},
        get=POST_ONLY,
        post=OWNER_POST,
        data=lambda w: {"visibility": "private"},
    ),
    "communities:my_goal_delete": Entry(
        kwargs=lambda w: {"pk": w.private_goal.pk}, get=POST_ONLY, post=OWNER_POST
    ),
    "communities:my_goal_progress": Entry(
        kwargs=lambda w: {"pk": w.private_goal.pk},
        get=POST_ONLY,
        post=codes(302, 200, 404, 404, 404, 404, 404, 404),
    ),
    # Who reads what I share: only the recipient dismisses a notice; a member accepts (or no
    # longer accepts) a coach of their community, never themselves; others: not there.
    "communities:reader_notice_dismiss": Entry(
        kwargs=lambda w: {"pk": reader_notice(w).pk}, get=POST_ONLY, post=OWNER_POST
    ),
    "communities:coach_accept": Entry(
        kwargs=coach_of_community, get=POST_ONLY, post=codes(302, 302, 302, 302, 404, 404, 404, 404)
    ),
    "communities:coach_withdraw": Entry(
        kwargs=coach_of_community, get=POST_ONLY, post=codes(302, 302, 302, 302, 404, 404, 404, 404)
    ),
}


MATRIX: dict[str, Entry] = {**CORE}
for feature in FEATURES:
    assert not set(feature) & set(MATRIX), "an URL has two entries"
    MATRIX.update(feature)


def _names(resolver: URLResolver, namespace: str = "") -> set[str]:
    names: set[str] = set()
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            if pattern.namespace == "admin":
                continue  # The admin is for staff only: see test_admin_is_for_staff_only.
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            names |= _names(pattern, inner)
        elif isinstance(pattern, URLPattern) and pattern.name:
            names.add(f"{namespace}{pattern.name}")
    return names


def test_every_url_is_covered():
    discovered = _names(get_resolver())
    assert discovered - set(MATRIX) == set(), "URLs without a matrix entry"
    assert set(MATRIX) - discovered == set(), "matrix entries without a URL"


CASES = [
    (name, method, persona)
    for name, entry in MATRIX.items()
    for method in ("get", "post")
    if getattr(entry, method) is not None
    for persona in PERSONAS
]


@pytest.mark.parametrize(("name", "method", "persona"), CASES)
def test_url_answers_persona(name, method, persona, world, client_for):
    entry = MATRIX[name]
    client = client_for(persona)
    url = reverse(name, kwargs=entry.kwargs(world))
    response = client.get(url) if method == "get" else client.post(url, entry.data(world))
    expected = getattr(entry, method)[persona]
    assert response.status_code == expected, (
        f"{method.upper()} {url} as {persona}: {response.status_code}, expected {expected}"
    )
    if (
        expected == 302
        and persona == "anonymous"
        and name not in {"accounts:logout", "accounts:set_language"}
    ):
        assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize("persona", PERSONAS)
def test_admin_is_for_staff_only(persona, world, client_for):
    response = client_for(persona).get(reverse("admin:index"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("admin:login"))


GARBAGE = {
    "email": "not an address\x00",
    "role": "headmaster" * 50,
    "date": "0001-01-01",
    "start": "9999-12-31",
    "end": "25:61",
    "first_day": "0001-01-01",
    "last_day": "9999-12-31",
    "due_date": "0001-01-01",
    "target_date": "9999-12-31",
    "start_date": "0001-01-01",
    "count": "999999999999",
    "value": "lots",
    "visibility": "everyone",
    "language": "xx",
    "full_name": "",
    "password1": "a",
    "password2": "b",
    "schools": "abc",
    "next": "https://evil.example.com/",
}


@pytest.mark.parametrize("name", list(MATRIX))
@pytest.mark.parametrize("persona", ["anonymous", "teacher", "facilitator", "director"])
def test_garbage_input_never_answers_500(name, persona, world, client_for):
    url = reverse(name, kwargs=MATRIX[name].kwargs(world))
    client = client_for(persona)
    assert client.get(url, {"community": "abc", "next": "//evil.example.com"}).status_code < 500
    response = client.post(url, GARBAGE)
    assert response.status_code < 500
    if response.status_code == 302:
        assert "evil.example.com" not in response["Location"]
