"""The staff import through its pages, as a board administrator does it: upload, columns,
preview with every problem, commit once, and every bad input of issue 13 with its message
where the administrator looks, and nothing saved."""

import datetime as dt

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from boards.models import StaffImport
from boards.services.leavers import staff_leave
from communities.models import Membership, ReaderNotice, School, StaffMember
from tests.boards.staff_files import csv_bytes, upload, xlsx_bytes

HEADER = ["Voornaam", "Tussenvoegsel", "Achternaam", "E-mailadres", "School", "Functie"]
ANNA = ["Anna", "de", "Vries", "Anna@Example.org", "De Brug", "leerkracht"]
BOB = ["Bob", "", "Bakker", "bob@example.org", "De Horizon | De Brug", "intern begeleider"]


@pytest.fixture(autouse=True)
def english(world):
    User.objects.update(language="en")


@pytest.fixture
def admin(client_for):
    return client_for("administrator")


def send(client, content: bytes, name: str = "personeel.csv", **data):
    return client.post(reverse("boards:import"), {"file": upload(content, name), **data})


def preview_of(response):
    assert response.status_code == 302, response.content[:500]
    return response.url


def staff_count(world) -> int:
    return StaffMember.objects.filter(organisation=world.board).count()


def test_upload_preview_commit_and_the_same_file_again(world, admin):
    before = staff_count(world)
    url = preview_of(send(admin, csv_bytes([ANNA, BOB])))
    page = admin.get(url).content.decode()
    assert "Preview: personeel.csv" in page
    assert "anna@example.org" in page and "De Horizon, De Brug" in page
    assert staff_count(world) == before  # the preview saves nothing of the staff
    staff_import = StaffImport.objects.get()
    response = admin.post(reverse("boards:import_commit", kwargs={"pk": staff_import.pk}))
    assert response.status_code == 302
    page = admin.get(url).content.decode()
    assert "2 new, 0 changed, 0 left" in page and "Invite the new people" in page
    anna = User.objects.get(email="anna@example.org")
    assert anna.full_name == "Anna de Vries" and not anna.has_usable_password()
    bob = StaffMember.objects.get(user__email="bob@example.org")
    assert bob.function == "intern begeleider"
    assert {s.name for s in bob.schools.all()} == {"De Brug", "De Horizon"}
    assert staff_count(world) == before + 2
    staff_import.refresh_from_db()
    assert staff_import.rows == []  # the file's names and addresses are not kept

    again = preview_of(send(admin, csv_bytes([ANNA, BOB])))
    page = admin.get(again).content.decode()
    assert "<dt>New</dt><dd>0</dd>" in page and "<dt>Unchanged</dt><dd>2</dd>" in page
    admin.post(again.rstrip("/") + "/commit/")
    assert staff_count(world) == before + 2
    assert User.objects.filter(email__in=["anna@example.org", "bob@example.org"]).count() == 2


def test_a_double_click_on_commit_commits_once(world, admin):
    url = preview_of(send(admin, csv_bytes([ANNA])))
    commit = url.rstrip("/") + "/commit/"
    admin.post(commit)
    admin.post(commit)
    assert User.objects.filter(email="anna@example.org").count() == 1
    staff_import = StaffImport.objects.get()
    assert staff_import.status == StaffImport.Status.COMMITTED
    assert staff_import.result["created"] == [User.objects.get(email="anna@example.org").pk]


def test_a_double_click_on_upload_stores_the_file_once(world, admin):
    key = "6a1f5b0e-8f55-4a3c-9c61-1c1b6f2d7e11"
    send(admin, csv_bytes([ANNA]), client_key=key)
    send(admin, csv_bytes([ANNA]), client_key=key)
    assert StaffImport.objects.count() == 1


def test_changed_people_show_what_changes(world, admin):
    teacher = world.teacher
    row = ["Tess", "", "Teacher-Jansen", teacher.email.upper(), "De Horizon", "coördinator"]
    url = preview_of(send(admin, csv_bytes([row])))
    page = admin.get(url).content.decode()
    assert "Changed people" in page
    assert "Name: Tess Teacher → Tess Teacher-Jansen" in page
    assert "Function: coördinator" in page
    assert "Schools: → De Horizon" in page or "Schools: De Horizon" in page
    admin.post(url.rstrip("/") + "/commit/")
    teacher.refresh_from_db()
    assert teacher.full_name == "Tess Teacher-Jansen"
    record = teacher.staff_record
    assert record.function == "coördinator"
    assert [s.name for s in record.schools.all()] == ["De Horizon"]


def test_communities_are_joined_as_members(world, admin):
    header = ["Naam", "E-mail", "BRIN", "Leergemeenschap"]
    School.objects.filter(pk=world.school.pk).update(brin="12AB", location="00")
    url = preview_of(
        send(
            admin, csv_bytes([["Cor Claes", "cor@example.org", "12ab", "PLG Lezen"]], header=header)
        )
    )
    admin.post(url.rstrip("/") + "/commit/")
    cor = User.objects.get(email="cor@example.org")
    membership = Membership.objects.get(user=cor)
    assert membership.community == world.community and membership.role == "member"
    assert [s.pk for s in cor.staff_record.schools.all()] == [world.school.pk]


def test_the_importer_cant_add_themselves_to_a_community(world, admin):
    header = ["Naam", "E-mail", "School", "Leergemeenschap"]
    rows = [["Bea Beheerder", world.administrator.email, "De Brug", "PLG Lezen"]]
    page = problems_page(admin, rows, header=header)
    assert "You can't add yourself to a learning community" in page.replace("&#x27;", "'")
    assert not Membership.objects.filter(user=world.administrator).exists()


def test_an_administrator_of_the_application_cant_be_imported(world, admin):
    User.objects.create_superuser("root@example.org", "a sound passphrase 42", full_name="Root")
    page = problems_page(admin, [["Root", "", "", "ROOT@example.org", "De Brug", ""]])
    assert "belongs to an administrator of the application" in page
    assert not StaffMember.objects.filter(user__email="root@example.org").exists()


def test_the_members_before_are_told_who_now_reads_what_they_share(world, admin):
    header = ["Naam", "E-mail", "School", "Leergemeenschap"]
    rows = [
        ["Cor Claes", "cor@example.org", "De Brug", "PLG Lezen"],
        ["Dido Dam", "dido@example.org", "De Brug", "PLG Lezen"],
    ]
    url = preview_of(send(admin, csv_bytes(rows, header=header)))
    admin.post(url.rstrip("/") + "/commit/")
    told = ReaderNotice.objects.filter(community=world.community)
    before = set(
        Membership.objects.filter(community=world.community)
        .exclude(user__email__in=["cor@example.org", "dido@example.org"])
        .values_list("user_id", flat=True)
    )
    assert {notice.recipient_id for notice in told} == before
    assert {notice.reader.email for notice in told} == {"cor@example.org", "dido@example.org"}
    assert told.count() == 2 * len(before)


def test_a_preview_nobody_imported_is_gone_after_a_week(world, admin):
    preview_of(send(admin, csv_bytes([ANNA])))
    StaffImport.objects.update(created_at=timezone.now() - dt.timedelta(days=8))
    recent = preview_of(send(admin, csv_bytes([ANNA]), "recent.csv"))
    preview_of(send(admin, csv_bytes([BOB]), "next.csv"))
    assert sorted(StaffImport.objects.values_list("file_name", flat=True)) == [
        "next.csv",
        "recent.csv",
    ]
    assert admin.get(recent).status_code == 200


def problems_page(admin, rows, header=HEADER) -> str:
    url = preview_of(send(admin, csv_bytes(rows, header=header)))
    return admin.get(url).content.decode()


def assert_nothing_saved(world, admin, before: int) -> None:
    staff_import = StaffImport.objects.order_by("-pk").first()
    response = admin.post(reverse("boards:import_commit", kwargs={"pk": staff_import.pk}))
    page = admin.get(response.url).content.decode()
    assert "nothing has been imported" in page
    assert staff_count(world) == before
    assert not User.objects.filter(email__in=["anna@example.org", "bob@example.org"]).exists()
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.PREVIEW


@pytest.mark.parametrize(
    ("row", "expected"),
    [
        (["Anna", "", "Vries", "anna@example.org", "De Linde", ""], "no school called “De Linde”"),
        (["Anna", "", "Vries", "outsider@example.org", "De Brug", ""], "another school board"),
        (["Anna", "", "Vries", "anna@@example", "De Brug", ""], "not a valid e-mail address"),
        (["", "", "", "anna@example.org", "De Brug", ""], "The name is empty."),
    ],
)
def test_a_wrong_line_is_listed_and_nothing_is_saved(world, admin, row, expected):
    before = staff_count(world)
    page = problems_page(admin, [ANNA[:3] + ["bob@example.org", "De Brug", ""], row])
    assert "line 3" in page and expected in page
    assert 'type="submit" disabled' in page
    assert_nothing_saved(world, admin, before)


def test_unknown_brin_and_unknown_community(world, admin):
    header = ["Naam", "E-mail", "BRIN", "Leergemeenschap"]
    page = problems_page(
        admin,
        [["Anna de Vries", "anna@example.org", "99ZZ", "PLG Onbekend"]],
        header=header,
    )
    assert "no school with BRIN number 99ZZ" in page
    assert "no learning community called “PLG Onbekend”" in page
    assert "<td>BRIN</td>" in page and "<td>Leergemeenschap</td>" in page


def test_duplicate_address_names_both_lines(world, admin):
    before = staff_count(world)
    page = problems_page(admin, [ANNA, BOB, ANNA[:3] + ["ANNA@example.org", "De Brug", ""]])
    assert "anna@example.org is on line 2 and on line 4" in page
    assert_nothing_saved(world, admin, before)


@pytest.mark.parametrize(
    ("content", "name", "expected"),
    [
        (b"", "leeg.csv", "The file is empty."),
        (csv_bytes([]), "kop.csv", "only a header row"),
        (b"%PDF-1.4\n\x00\x00\x00", "lijst.pdf", "neither a CSV file nor an Excel file"),
        (
            xlsx_bytes([ANNA, ["=A2", "", "X", "x@example.org", "De Brug", ""]]),
            "lijst.xlsx",
            "formulas (in A3)",
        ),
        (xlsx_bytes([ANNA, BOB], merge="E2:E3"), "lijst.xlsx", "merged cells (E2:E3)"),
    ],
    # Named, not by their bytes: a workbook holds the moment it was made, so its size can
    # differ between the xdist workers' collections.
    ids=["empty", "header-only", "pdf", "xlsx-formula", "xlsx-merged"],
)
def test_a_file_that_cant_be_read_gets_its_message_at_the_file_field(
    world, admin, content, name, expected
):
    response = send(admin, content, name)
    assert response.status_code == 200
    assert expected in response.context["form"].errors["file"][0]
    assert expected in response.content.decode().replace("&quot;", '"')
    assert not StaffImport.objects.exists()


def test_a_50_mb_upload_is_refused_at_the_file_field(world, admin):
    response = send(admin, b"a" * (50 * 1024 * 1024), "groot.csv")
    assert response.status_code == 200
    assert "The file is too large" in response.context["form"].errors["file"][0]
    assert not StaffImport.objects.exists()


def test_windows_1252_with_semicolons_and_an_accent(world, admin):
    row = ["Renée", "", "Böhm", "renee@example.org", "De Brug", "leerkracht"]
    url = preview_of(send(admin, csv_bytes([row], encoding="cp1252")))
    admin.post(url.rstrip("/") + "/commit/")
    assert User.objects.get(email="renee@example.org").full_name == "Renée Böhm"


def test_xlsx_is_imported(world, admin):
    url = preview_of(send(admin, xlsx_bytes([ANNA, BOB]), "personeel.xlsx"))
    admin.post(url.rstrip("/") + "/commit/")
    assert StaffMember.objects.filter(user__email="bob@example.org").exists()


def test_unrecognised_headers_ask_which_column_holds_what(world, admin):
    header = ["Medewerker", "Werkadres", "Locatie"]
    response = send(
        admin, csv_bytes([["Anna de Vries", "anna@example.org", "De Brug"]], header=header)
    )
    columns = reverse("boards:import_columns", kwargs={"pk": StaffImport.objects.get().pk})
    assert response.url == columns
    page = admin.get(columns).content.decode()
    assert "Which column holds what?" in page and "anna@example.org" in page
    response = admin.post(columns, {"column_0": "name", "column_1": "email", "column_2": "email"})
    assert "more than once" in response.content.decode()
    response = admin.post(columns, {"column_0": "name", "column_1": "email", "column_2": "school"})
    assert response.status_code == 302
    admin.post(response.url.rstrip("/") + "/commit/")
    assert User.objects.get(email="anna@example.org").full_name == "Anna de Vries"


def test_leavers_on_request_never_the_importer(world, admin, client_for):
    url = preview_of(send(admin, csv_bytes([ANNA]), leavers="on"))
    page = admin.get(url).content.decode()
    assert "Leavers: on the staff list, not in the file" in page
    assert world.teacher.email in page
    assert world.administrator.email not in page.split("leavers-caption")[1]
    admin.post(url.rstrip("/") + "/leavers/", {"leavers": ""})
    assert "leavers-caption" not in admin.get(url).content.decode()


def test_another_boards_import_answers_404(world, client_for):
    admin = client_for("administrator")
    send(admin, csv_bytes([ANNA]))
    staff_import = StaffImport.objects.get()
    staff_import.organisation = world.outside_board
    staff_import.save()
    for name in ("boards:import_preview", "boards:import_columns"):
        assert admin.get(reverse(name, kwargs={"pk": staff_import.pk})).status_code == 404
    commit = reverse("boards:import_commit", kwargs={"pk": staff_import.pk})
    assert admin.post(commit).status_code == 404
    assert not User.objects.filter(email="anna@example.org").exists()


def commit_queries(world, admin, count: int) -> int:
    rows = [
        [f"P{n}", "", "Test", f"p{n}@example.org", "De Brug", "leerkracht"] for n in range(count)
    ]
    url = preview_of(send(admin, csv_bytes(rows)))
    staff_import = StaffImport.objects.order_by("-pk").first()
    with CaptureQueriesContext(connection) as captured:
        admin.post(url.rstrip("/") + "/commit/")
    staff_import.refresh_from_db()
    assert staff_import.status == StaffImport.Status.COMMITTED
    StaffMember.objects.filter(user__email__startswith="p").delete()
    User.objects.filter(email__endswith="@example.org", full_name__endswith=" Test").delete()
    return len(captured.captured_queries)


def test_the_commit_runs_the_same_queries_for_20_and_100_rows(world, admin):
    # Up to a batch of rows (500, fewer on SQLite, whose statements take at most 999
    # values): the queries don't grow with the rows.
    assert commit_queries(world, admin, 20) == commit_queries(world, admin, 100) == 21


def test_leavers_are_marked_as_left_on_commit(world, admin):
    url = preview_of(send(admin, csv_bytes([ANNA]), leavers="on"))
    admin.post(url.rstrip("/") + "/commit/")
    teacher = StaffMember.objects.select_related("user").get(user=world.teacher)
    assert teacher.left_at is not None and not teacher.user.is_active
    assert not Membership.objects.filter(user=world.teacher).exists()
    assert (
        StaffImport.objects.get().result["left"]
        == teacher.organisation.staff.filter(left_at__isnull=False).count()
    )


def test_someone_who_left_comes_back_with_the_file(world, admin):
    record = StaffMember.objects.get(user=world.teacher)
    staff_leave(record=record, by=world.administrator)
    row = ["Tess", "", "Teacher", world.teacher.email, "De Brug", ""]
    url = preview_of(send(admin, csv_bytes([row])))
    page = admin.get(url).content.decode()
    assert "Staff list: left on" in page and "→ back" in page
    admin.post(url.rstrip("/") + "/commit/")
    record.refresh_from_db()
    world.teacher.refresh_from_db()
    assert record.left_at is None and world.teacher.is_active
