from django.core import mail

from communities import services
from tests.factories import make_community


def test_a_subject_shows_an_ampersand_as_written(world, django_capture_on_commit_callbacks):
    community = make_community(schools=[world.school], name="Lezen & Schrijven")
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(
            community=community,
            email="someone@example.org",
            role="member",
            invited_by=world.facilitator,
        )
    message = mail.outbox[-1]
    assert "Lezen & Schrijven" in message.subject
    assert "&amp;" not in message.subject
    assert "Lezen & Schrijven" in message.body
    assert "Lezen &amp; Schrijven" in message.alternatives[0][0]
