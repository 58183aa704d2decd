"""A real OpenID Connect provider in a process of its own (tests/oidc/provider.mjs, the npm
package oidc-provider), started once per test process on a free port of 127.0.0.1 and stopped
at its end; and a helper that signs in there as a person's browser would."""

import json
import os
import re
import shutil
import socket
import subprocess
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import urljoin

import pytest
import requests

SCRIPT = Path(__file__).with_name("provider.mjs")
ROOT = SCRIPT.parents[2]
CLIENT_ID, CLIENT_SECRET = "plc-test-client", "plc-test-secret"
OTHER_CLIENT_ID = "another-application"

# The people who have a school account at the provider: the login typed there is the sub.
ACCOUNTS = [
    {"sub": "sub-teacher", "email": "teacher@example.org", "email_verified": True},
    {"sub": "sub-coach", "email": "coach@example.org", "email_verified": True},
    {"sub": "sub-other-teacher", "email": "other@example.org", "email_verified": False},
    {"sub": "sub-outsider", "email": "outsider@example.org", "email_verified": True},
    {"sub": "sub-stranger", "email": "stranger@example.org", "email_verified": True},
    # Another person who got the teacher's address later: same e-mail, other subject.
    {"sub": "sub-impostor", "email": "TEACHER@example.org", "email_verified": True},
]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class OpenIDProvider:
    issuer: str

    def mode(self, mode: str) -> None:
        """normal, wrong-audience, expired or nonsense (see provider.mjs)."""
        requests.post(f"{self.issuer}/__test__/mode", json={"mode": mode}, timeout=5)


@pytest.fixture(scope="session")
def oidc_provider():
    node = shutil.which("node")
    assert node, "node is needed for the OpenID provider tests (node v20, see README)"
    assert (ROOT / "node_modules" / "oidc-provider").is_dir(), "run `npm ci` (make test does)"
    port = free_port()
    config = {
        "port": port,
        "accounts": [{**a, "name": a["email"]} for a in ACCOUNTS],
        "clients": [
            {"client_id": CLIENT_ID, "client_secret": CLIENT_SECRET},
            {"client_id": OTHER_CLIENT_ID, "client_secret": "another-secret"},
        ],
        "redirect_prefixes": ["http://testserver/", "http://localhost:", "http://127.0.0.1:"],
    }
    process = subprocess.Popen(
        [node, str(SCRIPT)],
        cwd=ROOT,
        env={**os.environ, "OIDC_TEST_CONFIG": json.dumps(config)},
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
    )
    try:
        line = process.stdout.readline()
        assert line.startswith("ready "), f"the OpenID provider did not start: {line!r}"
        provider = OpenIDProvider(issuer=line.split()[1])
        yield provider
    finally:
        process.terminate()
        process.wait(timeout=10)


def sign_in_at_provider(authorize_url: str, login: str, *, until: str) -> str:
    """Follow the provider from its authorization URL, type `login` on its sign-in page, and
    return the URL it sends the browser back to (the first one starting with `until`)."""
    session = requests.Session()
    url, method, data = authorize_url, "get", None
    for _ in range(12):
        response = session.request(method, url, data=data, allow_redirects=False, timeout=10)
        if response.is_redirect:
            url = urljoin(url, response.headers["Location"])
            if url.startswith(until):
                return url
            method, data = "get", None
            continue
        form = re.search(r'<form[^>]*action="([^"]+)"', response.text)
        assert form, f"no form at {url}: {response.status_code} {response.text[:300]}"
        url, method = urljoin(url, form.group(1)), "post"
        data = {"prompt": "login", "login": login, "password": "any"}
    raise AssertionError("the provider never sent the browser back")
