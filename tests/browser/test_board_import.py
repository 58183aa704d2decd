"""The staff import in a real browser, on a phone: a board administrator uploads a file with
mistakes and sees them with their lines, uploads the corrected file, imports it, invites the
new people, and sees their invitations' status; a new person follows the link, chooses a
password and is signed in. Every state passes axe and the Nu Html Checker."""

import re

from playwright.sync_api import Page, expect

from accounts.models import User
from notifications.models import Kind, Message
from tests.boards.staff_files import csv_bytes
from tests.browser.conftest import PHONE, assert_accessible, login

GOOD = [
    ["Anna", "de", "Vries", "anna@example.org", "De Brug", "leerkracht"],
    ["Bob", "", "Bakker", "bob@example.org", "De Horizon", "intern begeleider"],
]
WRONG = [
    GOOD[0],
    ["Bob", "", "Bakker", "bob@example.org", "De Linde", "intern begeleider"],
    ["Cas", "", "Claes", "ANNA@example.org", "De Brug", "leerkracht"],
]


def upload(page: Page, name: str, content: bytes) -> None:
    page.locator("#id_file").set_input_files(
        files=[{"name": name, "mimeType": "text/csv", "buffer": content}]
    )
    page.get_by_role("button", name="Show the preview").click()


def test_an_administrator_imports_staff_and_invites_them(page: Page, live_server, live_world):
    User.objects.update(language="en")
    page.set_viewport_size(PHONE)
    login(page, live_server, live_world.administrator.email)
    page.goto(f"{live_server.url}/board/schools/")
    page.get_by_role("link", name="Import").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Import staff")
    assert_accessible(page, "import upload (phone)", phone=True)

    # A file with mistakes: every problem with its line and column, no import possible.
    upload(page, "personeel.csv", csv_bytes(WRONG))
    expect(page).to_have_url(re.compile(r"/board/import/\d+/$"))
    expect(page.locator("#problems-summary")).to_contain_text("The file has 2 problems")
    problems = page.locator("table", has=page.locator("#problems-caption"))
    expect(problems.get_by_role("row", name=re.compile("line 3"))).to_contain_text(
        "no school called “De Linde”"
    )
    expect(problems.get_by_role("row", name=re.compile("line 4"))).to_contain_text(
        "anna@example.org is on line 2 and on line 4"
    )
    expect(page.get_by_role("button", name="Import", exact=True)).to_be_disabled()
    assert_accessible(page, "import preview with problems (phone)", phone=True)

    # The corrected file: a preview of two new people, then the import.
    page.get_by_role("link", name="Upload another file").click()
    upload(page, "personeel-goed.csv", csv_bytes(GOOD))
    expect(page.get_by_role("heading", level=1)).to_have_text("Preview: personeel-goed.csv")
    new = page.locator("table", has=page.locator("#new-caption"))
    expect(new.get_by_role("row")).to_have_count(3)
    assert_accessible(page, "import preview (phone)", phone=True)
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.locator(".messages")).to_contain_text("2 new, 0 changed, 0 left")
    assert_accessible(page, "import done (phone)", phone=True)

    # Invite the new people; their status on the invitations page.
    page.get_by_role("button", name="Invite the new people").click()
    expect(page).to_have_url(re.compile(r"/board/invitations/$"))
    expect(page.locator(".messages")).to_contain_text("2 people have been invited")
    for email in ("anna@example.org", "bob@example.org"):
        expect(page.get_by_role("row", name=re.compile(email))).to_contain_text("invited")
    assert_accessible(page, "invitations (phone)", phone=True)

    # Anna follows the link in her mail and chooses a password.
    mail = Message.objects.get(kind=Kind.STAFF_INVITATION, to="anna@example.org")
    path = re.search(r"/board/welcome/\S+/", mail.text)[0]
    page.context.clear_cookies()
    page.goto(f"{live_server.url}{path}")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Anna")
    assert_accessible(page, "welcome (phone)", phone=True)
    page.locator("#id_new_password1").fill("lees-goed-2026!")
    page.locator("#id_new_password2").fill("lees-goed-2026!")
    page.locator("main form button[type=submit]").click()
    expect(page.locator("nav .nav a[href='/accounts/profile/']")).to_be_visible()
    page.goto(f"{live_server.url}{path}")  # Anna is signed in, and reads Dutch
    expect(page.get_by_role("heading", level=1)).to_have_text("Deze link werkt niet meer")
    assert_accessible(page, "welcome link used (phone)", phone=True)

    # The administrator sees her invitation accepted.
    page.context.clear_cookies()
    login(page, live_server, live_world.administrator.email)
    page.goto(f"{live_server.url}/board/invitations/")
    expect(page.get_by_role("row", name=re.compile("anna@example.org"))).to_contain_text("accepted")
    expect(page.get_by_role("row", name=re.compile("bob@example.org"))).to_contain_text("invited")
