import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from tests.factories import UserFactory

PASSWORD = "a-long-test-password"


@pytest.fixture
def person(db) -> User:
    return UserFactory(email="anna@example.org", full_name="Anna de Vries")


def login(client, email: str, password: str = PASSWORD, ip: str = "10.0.0.1"):
    return client.post(
        reverse("accounts:login"), {"username": email, "password": password}, REMOTE_ADDR=ip
    )


def test_login_ignores_the_case_of_the_email_address(client, person):
    response = login(client, "  Anna@Example.ORG ")
    assert response.status_code == 302
    assert response["Location"] == reverse("home")


def test_accounts_are_unique_whatever_the_case(person):
    from django.core.exceptions import ValidationError
    from django.db import IntegrityError, transaction

    with pytest.raises(ValidationError):
        User.objects.create_user("ANNA@example.org", PASSWORD, full_name="Twin")
    # A writer that skips the model (bulk insert) is stopped by the database.
    with pytest.raises(IntegrityError), transaction.atomic():
        User.objects.bulk_create([User(email="ANNA@example.org", full_name="Twin")])


def test_wrong_password_shows_a_message_on_the_form(client, person):
    response = login(client, "anna@example.org", "wrong-password")
    assert response.status_code == 200
    assert response.context["form"].non_field_errors()
    assert "_auth_user_id" not in client.session


def test_session_key_rotates_on_login(client, person):
    client.get(reverse("accounts:login"))
    client.cookies[settings.SESSION_COOKIE_NAME] = "attacker-chosen-session-key"
    session = client.session
    session["planted"] = True
    session.save()
    before = session.session_key
    login(client, "anna@example.org")
    assert client.session.session_key != before


def test_session_ends_after_inactivity_and_is_renewed_by_use(client, person):
    idle = dt.timedelta(seconds=settings.SESSION_COOKIE_AGE)
    start = timezone.now()
    with time_machine.travel(start, tick=False) as traveller:
        login(client, "anna@example.org")
        traveller.shift(idle - dt.timedelta(minutes=5))
        assert client.get(reverse("home")).status_code == 200  # renewed by this visit
        traveller.shift(idle - dt.timedelta(minutes=5))
        assert client.get(reverse("home")).status_code == 200
        traveller.shift(idle + dt.timedelta(minutes=1))
        response = client.get(reverse("home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_logout_needs_post_and_ends_the_session(client, person):
    login(client, "anna@example.org")
    assert client.get(reverse("accounts:logout")).status_code == 405
    client.post(reverse("accounts:logout"))
    assert client.get(reverse("home")).status_code == 302


class TestThrottling:
    def fail(self, client, email, ip, times):
        for _ in range(times):
            login(client, email, "wrong-password", ip=ip)

    def test_account_and_address_are_locked_after_repeated_failures(self, client, person):
        self.fail(client, "anna@example.org", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
        response = login(client, "anna@example.org", ip="10.0.0.1")  # right password, too late
        assert response.status_code == 429
        assert "_auth_user_id" not in client.session

    def test_colleagues_behind_the_same_address_can_still_log_in(self, client, person):
        UserFactory(email="bob@example.org")
        self.fail(client, "anna@example.org", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
        assert login(client, "bob@example.org", ip="10.0.0.1").status_code == 302

    def test_the_owner_can_log_in_from_another_address(self, client, person):
        self.fail(client, "ANNA@example.org", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
        assert login(client, "anna@example.org", ip="10.0.0.2").status_code == 302

    def test_the_lock_is_lifted_after_the_cool_off(self, client, person):
        with time_machine.travel(timezone.now(), tick=False) as traveller:
            self.fail(client, "anna@example.org", "10.0.0.1", settings.AXES_FAILURE_LIMIT)
            assert login(client, "anna@example.org").status_code == 429
            traveller.shift(settings.AXES_COOLOFF_TIME + dt.timedelta(seconds=1))
            assert login(client, "anna@example.org").status_code == 302


def test_password_reset_mails_a_working_link(client, person, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "ANNA@example.org"})
    assert response.status_code == 302
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["anna@example.org"]
    html = message.alternatives[0][0]
    link = next(word for word in message.body.split() if word.startswith(settings.SITE_URL))
    assert link in html
    path = link.removeprefix(settings.SITE_URL)
    response = client.get(path, follow=True)
    assert response.context["validlink"]
    form_url = response.redirect_chain[-1][0]
    response = client.post(
        form_url, {"new_password1": "a-brand-new-pass-42", "new_password2": "a-brand-new-pass-42"}
    )
    assert response.status_code == 302
    client.post(reverse("accounts:logout"))
    assert login(client, "anna@example.org", "a-brand-new-pass-42").status_code == 302


def test_password_reset_for_an_unknown_address_reveals_nothing(client, db):
    response = client.post(reverse("accounts:password_reset"), {"email": "nobody@example.org"})
    assert response.status_code == 302
    assert mail.outbox == []


class TestLanguage:
    def test_dutch_by_default(self, client, db):
        response = client.get(reverse("accounts:login"))
        assert response["Content-Language"] == "nl"
        assert 'lang="nl"' in response.content.decode()
        assert "Inloggen" in response.content.decode()

    def test_accept_language_is_respected(self, client, db):
        response = client.get(reverse("accounts:login"), HTTP_ACCEPT_LANGUAGE="en-GB,en;q=0.9")
        assert response["Content-Language"] == "en"
        assert "Log in" in response.content.decode()

    def test_the_switch_changes_the_language_and_remembers_it_for_the_person(self, client, person):
        client.force_login(person)
        response = client.post(
            reverse("accounts:set_language"), {"language": "en", "next": reverse("home")}
        )
        assert response.status_code == 302
        person.refresh_from_db()
        assert person.language == "en"
        assert client.get(reverse("home"))["Content-Language"] == "en"

    def test_a_saved_language_follows_the_person_to_a_new_browser(self, client, person):
        person.language = "en"
        person.save()
        client.force_login(person)
        response = client.get(reverse("home"), HTTP_ACCEPT_LANGUAGE="nl")
        assert response["Content-Language"] == "en"
