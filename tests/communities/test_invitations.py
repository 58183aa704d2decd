import datetime as dt

import pytest
import time_machine
from django.conf import settings
from django.core import mail
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from communities import services
from communities.models import Invitation, Membership
from tests.factories import UserFactory


def invite_url(invitation: Invitation) -> str:
    return reverse("accounts:invitation", kwargs={"token": services.invitation_token(invitation)})


def test_inviting_sends_a_mail_with_a_link_after_commit(world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        invitation = services.invitation_create(
            community=world.community,
            email="someone@example.org",
            role="member",
            invited_by=world.facilitator,
        )
        assert mail.outbox == []  # not before the invitation is committed
    message = mail.outbox[0]
    assert message.to == ["someone@example.org"]
    assert "PLG Lezen" in message.subject
    assert "Fay Facilitator" in message.body
    assert settings.SITE_URL + invite_url(invitation) in message.body
    html = message.alternatives[0][0]
    assert settings.SITE_URL + invite_url(invitation) in html


def test_facilitator_invites_from_the_members_page(
    world, client_for, django_capture_on_commit_callbacks
):
    client = client_for("facilitator")
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("communities:invite", kwargs={"pk": world.community.pk}),
            {"email": "New.Person@Example.org", "role": "coach"},
        )
    assert response.status_code == 302
    invitation = Invitation.objects.get(email="new.person@example.org")
    assert invitation.role == "coach"
    assert mail.outbox[-1].to == ["new.person@example.org"]


def test_a_newcomer_sets_a_password_and_joins(world, client):
    url = invite_url(world.invitation)
    assert client.get(url).status_code == 200
    response = client.post(
        url,
        {
            "full_name": "Nina Nieuw",
            "password1": "my-own-secret-42",
            "password2": "my-own-secret-42",
        },
    )
    assert response.status_code == 302
    assert response["Location"] == reverse("communities:detail", kwargs={"pk": world.community.pk})
    user = User.objects.get(email="newcomer@example.org")
    assert user.check_password("my-own-secret-42")
    assert Membership.objects.get(user=user, community=world.community).role == "member"
    assert client.get(reverse("home")).status_code == 200  # signed in
    # The link can't be used twice.
    client.post(reverse("accounts:logout"))
    assert client.get(url).status_code == 410


def test_mismatched_passwords_are_shown_and_nothing_is_saved(world, client):
    response = client.post(
        invite_url(world.invitation),
        {"full_name": "Nina", "password1": "my-own-secret-42", "password2": "other-secret-42"},
    )
    assert response.status_code == 200
    assert response.context["form"].errors["password2"]
    assert not User.objects.filter(email="newcomer@example.org").exists()
    world.invitation.refresh_from_db()
    assert world.invitation.status == Invitation.Status.PENDING


def test_a_weak_password_is_refused_next_to_the_field(world, client):
    response = client.post(
        invite_url(world.invitation),
        {"full_name": "Nina", "password1": "12345678", "password2": "12345678"},
    )
    assert response.context["form"].errors["password1"]
    assert not User.objects.filter(email="newcomer@example.org").exists()


def test_the_link_expires(world, client):
    later = timezone.now() + dt.timedelta(days=settings.INVITATION_VALID_DAYS, minutes=1)
    with time_machine.travel(later):
        response = client.get(invite_url(world.invitation))
    assert response.status_code == 410


def test_a_withdrawn_invitation_no_longer_works(world, client):
    services.invitation_revoke(invitation=world.invitation)
    assert client.get(invite_url(world.invitation)).status_code == 410


def test_a_tampered_token_is_refused(world, client):
    url = invite_url(world.invitation)
    assert client.get(url[:-3] + "xyz/").status_code == 410


def test_an_existing_account_logs_in_and_accepts(world, client):
    person = UserFactory(email="colleague@example.org")
    invitation = services.invitation_create(
        community=world.community,
        email="COLLEAGUE@example.org",
        role="member",
        invited_by=world.facilitator,
    )
    url = invite_url(invitation)
    response = client.get(url)
    assert reverse("accounts:login") in response.context["login_url"]
    client.force_login(person)
    assert client.get(url).status_code == 200
    assert client.post(url).status_code == 302
    assert Membership.objects.filter(user=person, community=world.community).exists()


def test_someone_else_cannot_accept_an_invitation_meant_for_another(world, client_for):
    client = client_for("other_teacher")
    assert client.post(invite_url(world.invitation)).status_code == 403
    world.invitation.refresh_from_db()
    assert world.invitation.status == Invitation.Status.PENDING


def test_inviting_again_renews_instead_of_duplicating(world):
    again = services.invitation_create(
        community=world.community,
        email="newcomer@example.org",
        role="coach",
        invited_by=world.facilitator,
    )
    assert again.pk == world.invitation.pk
    assert again.role == "coach"
    assert Invitation.objects.filter(email="newcomer@example.org").count() == 1


def test_a_member_cannot_be_invited_twice(world):
    with pytest.raises(ValidationError) as caught:
        services.invitation_create(
            community=world.community,
            email="teacher@example.org",
            role="member",
            invited_by=world.facilitator,
        )
    assert "email" in caught.value.message_dict


def test_a_bad_address_is_shown_on_the_form_and_nothing_is_sent(world, client_for):
    sent = len(mail.outbox)
    response = client_for("facilitator").post(
        reverse("communities:invite", kwargs={"pk": world.community.pk}),
        {"email": "not-an-address", "role": "member"},
    )
    assert response.status_code == 200
    assert response.context["invite_form"].errors["email"]
    assert len(mail.outbox) == sent
