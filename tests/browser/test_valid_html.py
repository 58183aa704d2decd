"""Every page of the URL matrix is valid HTML for every persona, with content on it (the
visibility matrix's scene): fetched by the test client and handed to the session's one run
of the Nu Html Checker (tests/browser/conftest.py), beside the pages the browser opened."""

import pytest

from tests.browser.conftest import _html_pages
from tests.test_visibility_matrix import PERSONAS, Scene


@pytest.mark.parametrize("persona", ["anonymous", *PERSONAS])
def test_every_page_is_valid_html_for_each_persona(built_in_rows, world, client, persona):
    scene = Scene(world)
    if persona != "anonymous":
        client.force_login(scene.people[persona])
    fetched = 0
    for url in [*scene.own_pages().values(), *scene.matrix_pages()]:
        response = client.get(url)
        if response.status_code != 200 or response.streaming:
            continue
        if "text/html" not in response.get("Content-Type", ""):
            continue
        _html_pages.add_document("GET", f"{url} as {persona}", 200, response.content)
        fetched += 1
    assert fetched >= (1 if persona == "anonymous" else 10)
