from django.urls import reverse


def test_pages_send_a_strict_content_security_policy(client, db):
    response = client.get(reverse("accounts:login"))
    policy = dict(
        part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";")
    )
    assert policy["script-src"] == "'self'"
    assert "unsafe" not in response["Content-Security-Policy"]
    assert policy["frame-ancestors"] == "'none'"
    assert policy["object-src"] == "'none'"


def test_pages_send_security_headers(client, db):
    response = client.get(reverse("accounts:login"))
    assert response["X-Frame-Options"] == "DENY"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["Cross-Origin-Opener-Policy"] == "same-origin"


def test_htmx_comes_from_our_own_static_files_and_needs_no_eval(client_for, world):
    html = client_for("teacher").get(reverse("home")).content.decode()
    assert '<script src="/static/django_htmx/htmx-2.min.js" defer>' in html
    assert "//cdn" not in html and "unpkg" not in html and "jsdelivr" not in html
    assert '"allowEval": false' in html
    assert "<script>" not in html  # no inline scripts
    assert " style=" not in html  # no inline styles


def test_forms_carry_the_csrf_token_for_htmx(client_for, world):
    html = client_for("teacher").get(reverse("home")).content.decode()
    assert 'hx-headers=\'{"X-CSRFToken": "' in html
