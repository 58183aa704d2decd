"""Invitations of imported staff: the mail through the outbox in the person's language, the
status per person, sending again once on a double click, and the welcome link."""

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from boards.models import StaffImport
from communities.models import StaffMember
from notifications.models import Kind, Message
from tests.boards.staff_files import csv_bytes, upload
from tests.sso.conftest import provider_for

ROWS = [
    ["Anna", "de", "Vries", "anna@example.org", "De Brug", "leerkracht"],
    ["Bob", "", "Bakker", "bob@example.org", "De Horizon", "leerkracht"],
]


@pytest.fixture(autouse=True)
def english(world):
    User.objects.update(language="en")


@pytest.fixture
def imported(world, client_for):
    """The two people of ROWS, imported by the administrator (not invited yet)."""
    admin = client_for("administrator")
    response = admin.post(reverse("boards:import"), {"file": upload(csv_bytes(ROWS))})
    admin.post(response.url.rstrip("/") + "/commit/")
    User.objects.filter(email="bob@example.org").update(language="en")
    return StaffImport.objects.get()


def invite(client, staff_import, capture):
    with capture(execute=True):
        return client.post(reverse("boards:import_invite", kwargs={"pk": staff_import.pk}))


def mails() -> list[Message]:
    return list(Message.objects.filter(kind=Kind.STAFF_INVITATION).order_by("to"))


def link_in(message: Message) -> str:
    return re.search(r"http://\S+/board/welcome/\S+/", message.text)[0]


def test_the_new_people_are_invited_once_in_their_language(
    world, client_for, imported, django_capture_on_commit_callbacks
):
    admin = client_for("administrator")
    response = invite(admin, imported, django_capture_on_commit_callbacks)
    assert response.url == reverse("boards:invitations")
    anna, bob = mails()
    assert anna.to == "anna@example.org" and anna.language == "nl"
    assert "Scholengroep Test" in anna.subject and "/board/welcome/" in anna.text
    assert bob.language == "en" and "invites you" in bob.subject
    invite(admin, imported, django_capture_on_commit_callbacks)  # a double click
    assert len(mails()) == 2
    page = admin.get(reverse("boards:invitations")).content.decode()
    assert page.count('<span class="badge">invited</span>') == 2


def test_welcome_link_sets_a_password_signs_in_and_then_is_used(
    world, client, client_for, imported, django_capture_on_commit_callbacks
):
    invite(client_for("administrator"), imported, django_capture_on_commit_callbacks)
    link = link_in(mails()[0]).removeprefix("http://127.0.0.1:8000")
    client.logout()
    page = client.get(link)
    assert page.status_code == 200 and "Anna" in page.content.decode()
    assert "new_password1" in page.content.decode()
    response = client.post(
        link, {"new_password1": "lees-goed-2026!", "new_password2": "lees-goed-2026!"}
    )
    assert response.status_code == 302
    anna = User.objects.get(email="anna@example.org")
    assert anna.check_password("lees-goed-2026!") and anna.last_login is not None
    assert client.get(reverse("accounts:profile")).status_code == 200  # signed in
    used = client.get(link)
    assert used.status_code == 410  # Anna is signed in now, and reads Dutch
    assert "Deze link werkt niet meer" in used.content.decode()
    admin = client_for("administrator")
    page = admin.get(reverse("boards:invitations") + "?status=accepted").content.decode()
    assert "anna@example.org" in page and "bob@example.org" not in page


def test_a_broken_or_expired_link_gets_a_clear_page(
    world, client, client_for, imported, django_capture_on_commit_callbacks
):
    invite(client_for("administrator"), imported, django_capture_on_commit_callbacks)
    link = link_in(mails()[0]).removeprefix("http://127.0.0.1:8000")
    client.logout()
    for broken in (link[:-3] + "xx/", "/board/welcome/%%%/x/", "/board/welcome/OTk5OTk/1-2/"):
        response = client.get(broken)
        assert response.status_code == 410, broken
    with time_machine.travel(timezone.now() + dt.timedelta(days=15)):
        assert client.get(link).status_code == 410


def test_expired_invitations_are_sent_again_once(
    world, client_for, imported, django_capture_on_commit_callbacks
):
    admin = client_for("administrator")
    invite(admin, imported, django_capture_on_commit_callbacks)
    later = timezone.now() + dt.timedelta(days=15)
    with time_machine.travel(later, tick=False):
        admin = client_for("administrator")  # signed in again: the session has gone idle
        page = admin.get(reverse("boards:invitations") + "?status=expired").content.decode()
        assert "anna@example.org" in page and "Send the 2 expired invitations again" in page
        for _click in range(2):
            with django_capture_on_commit_callbacks(execute=True):
                admin.post(reverse("boards:invitation_resend"), {"expired": "on"})
        assert len(mails()) == 4
        counts = admin.get(reverse("boards:invitations")).context["counts"]
        assert counts["invited"] == 2 and counts["expired"] == 0


def test_one_person_is_invited_again_once_on_a_double_click(
    world, client_for, imported, django_capture_on_commit_callbacks
):
    admin = client_for("administrator")
    record = StaffMember.objects.get(user__email="bob@example.org")
    for _click in range(2):
        with django_capture_on_commit_callbacks(execute=True):
            admin.post(reverse("boards:invitation_resend"), {"person": record.pk})
    assert [m.to for m in mails()] == ["bob@example.org"]


def test_another_boards_person_cant_be_invited(
    world, client_for, django_capture_on_commit_callbacks
):
    outsider_record = StaffMember.objects.get(user=world.outsider)
    with django_capture_on_commit_callbacks(execute=True):
        client_for("administrator").post(
            reverse("boards:invitation_resend"), {"person": outsider_record.pk}
        )
    assert mails() == []
    outsider_record.refresh_from_db()
    assert outsider_record.invited_at is None


def test_a_board_with_school_accounts_only_invites_to_sign_in_with_them(
    world, client, client_for, imported, django_capture_on_commit_callbacks
):
    provider_for(world, "https://login.example.org", password_login=False)
    invite(client_for("administrator"), imported, django_capture_on_commit_callbacks)
    bob = [m for m in mails() if m.to == "bob@example.org"][0]
    assert "sign in with your school account (bob@example.org)" in bob.text
    assert "password" not in bob.text
    link = link_in(bob).removeprefix("http://127.0.0.1:8000")
    client.logout()
    client.cookies["django_language"] = "en"
    page = client.get(link).content.decode()
    assert 'id="school-account"' in page and "/accounts/school/board-" in page
    assert "new_password1" not in page
    # A password posted anyway is not saved.
    client.post(link, {"new_password1": "lees-goed-2026!", "new_password2": "lees-goed-2026!"})
    assert not User.objects.get(email="bob@example.org").has_usable_password()


def test_a_board_with_school_accounts_and_passwords_offers_both(
    world, client, client_for, imported, django_capture_on_commit_callbacks
):
    provider_for(world, "https://login.example.org", password_login=True)
    invite(client_for("administrator"), imported, django_capture_on_commit_callbacks)
    link = link_in(mails()[0]).removeprefix("http://127.0.0.1:8000")
    client.logout()
    page = client.get(link).content.decode()
    assert 'id="school-account"' in page and "new_password1" in page
