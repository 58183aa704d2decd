"""The login page's first step sends people of a board with single sign-on to their
provider; a board that switched passwords off: no password field, and password login and
password reset refuse its people even when posted directly. No provider process needed."""

from django.contrib.auth.tokens import default_token_generator
from django.urls import reverse
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from notifications.models import Kind, Message
from tests.sso.conftest import provider_for

PASSWORD = "a-long-test-password"
ISSUER = "https://idp.example.org"


def test_without_single_sign_on_the_address_leads_to_the_password(world, english):
    response = english.post(reverse("accounts:login"), {"username": "teacher@example.org"})
    assert response.status_code == 200
    form = response.context["form"]
    assert "password" in form.fields and form.initial["username"] == "teacher@example.org"
    response = english.post(
        reverse("accounts:login"), {"username": "teacher@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_the_first_step_sends_a_person_of_the_board_to_its_provider(world, english):
    provider = provider_for(world, ISSUER)
    response = english.post(
        reverse("accounts:login"), {"username": "TEACHER@example.org", "next": "/board/"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("sso:start", args=[provider.provider_id]) + "?")
    assert "next=%2Fboard%2F" in response["Location"]
    # People of another board, and unknown addresses, get the password field.
    for email in ("outsider@example.org", "nobody@example.org"):
        response = english.post(reverse("accounts:login"), {"username": email})
        assert response.status_code == 200 and "password" in response.context["form"].fields


def test_a_bad_address_is_said_on_the_first_step(world, english):
    response = english.post(reverse("accounts:login"), {"username": "not an address"})
    assert response.status_code == 200
    assert response.context["form"].errors["username"]


def test_passwords_switched_off_refuse_a_direct_post(world, english):
    provider_for(world, ISSUER, password_login=False)
    response = english.post(
        reverse("accounts:login"), {"username": "teacher@example.org", "password": PASSWORD}
    )
    assert response.status_code == 200
    assert "_auth_user_id" not in english.session
    assert "not with a password" in response.content.decode()
    # Someone of another board still signs in with a password.
    response = english.post(
        reverse("accounts:login"), {"username": "outsider@example.org", "password": PASSWORD}
    )
    assert response.status_code == 302


def test_passwords_switched_off_get_no_reset_mail(world, english):
    provider_for(world, ISSUER, password_login=False)
    english.post(reverse("accounts:password_reset"), {"email": "teacher@example.org"})
    english.post(reverse("accounts:password_reset"), {"email": "outsider@example.org"})
    sent = Message.objects.filter(kind=Kind.PASSWORD_RESET)
    assert [m.recipient_id for m in sent] == [world.outsider.pk]


def test_a_reset_link_sent_before_passwords_were_switched_off_no_longer_works(world, english):
    uid = urlsafe_base64_encode(force_bytes(world.teacher.pk))
    token = default_token_generator.make_token(world.teacher)
    provider_for(world, ISSUER, password_login=False)
    url = reverse("accounts:password_reset_confirm", args=[uid, token])
    form_url = english.get(url)["Location"]
    response = english.post(
        form_url, {"new_password1": "Another-long-pass-1", "new_password2": "Another-long-pass-1"}
    )
    assert response.status_code == 200
    assert "not with a password" in response.content.decode()
    world.teacher.refresh_from_db()
    assert world.teacher.check_password(PASSWORD)
    assert "_auth_user_id" not in english.session
