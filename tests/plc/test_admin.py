import pytest
from django.contrib import admin
from django.urls import reverse

from tests.factories import UserFactory

EXPECTED_APPS = {"accounts", "communities", "cycles", "observations"}


@pytest.fixture
def staff_client(client, db):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    return client


def test_every_model_of_our_apps_is_in_the_admin():
    from django.apps import apps

    missing = [
        model._meta.label
        for app in EXPECTED_APPS
        for model in apps.get_app_config(app).get_models()
        if model not in admin.site._registry
        and not model._meta.auto_created
        # Edited inline with their parent, or (scores, scan answers) a person's content
        # that the admin deliberately doesn't show.
        and model._meta.model_name
        not in {
            "score",
            "scanparticipation",
            "scanresponse",
            "scananswer",
            "scalelevel",
            "domain",
            "templateactivity",
        }
    ]
    assert missing == []


@pytest.mark.parametrize(
    "model",
    [m for m in admin.site._registry if m._meta.app_label in EXPECTED_APPS],
    ids=lambda m: m._meta.label,
)
def test_admin_list_and_search_answer(staff_client, world, model):
    url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
    assert staff_client.get(url).status_code == 200
    assert staff_client.get(url, {"q": "x"}).status_code == 200
