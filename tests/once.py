"""A form sent twice, as a double click or a resent POST sends it."""

import re

from django.test import Client

_KEY = re.compile(r'<input type="hidden" name="client_key" value="([0-9a-f-]{36})"')


def rendered_key(client: Client, url: str) -> str:
    """The key the page renders into its form: what the browser sends back with it."""
    keys = _KEY.findall(client.get(url).content.decode())
    assert len(keys) == 1, keys
    return keys[0]


def send_twice(client: Client, url: str, data) -> str:
    """Post the same form twice; both answers are the same redirect. `data` is a dict, or
    a callable making a fresh one (an upload is read when it is sent)."""
    make = data if callable(data) else lambda: data
    first, second = client.post(url, make()), client.post(url, make())
    assert (first.status_code, second.status_code) == (302, 302)
    assert first["Location"] == second["Location"]
    return first["Location"]
