import io
import threading
import zipfile
from pathlib import Path

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection, connections
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from PIL import Image

from communities import services as community_services
from cycles import selectors, uploads
from cycles.models import Product, ProductVersion
from cycles.services import products
from tests.conftest import World
from tests.factories import SchoolFactory, UserFactory, make_community
from tests.once import rendered_key, send_twice

MB = 1024 * 1024

# Files made here, small and real -------------------------------------------------


def pdf_bytes(text: str = "hello") -> bytes:
    return (
        b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n"
        b"2 0 obj\n<< /Type /Pages /Kids [] /Count 0 >>\nendobj\n"
        + f"% {text}\n".encode()
        + b"trailer\n<< /Root 1 0 R >>\n%%EOF\n"
    )


def image_bytes(fmt: str) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", (1, 1), (200, 30, 30)).save(buffer, fmt)
    return buffer.getvalue()


_OOXML_MAIN = {
    "word/": ("document.xml", "wordprocessingml.document.main+xml"),
    "xl/": ("workbook.xml", "spreadsheetml.sheet.main+xml"),
    "ppt/": ("presentation.xml", "presentationml.presentation.main+xml"),
}


def ooxml_bytes(folder: str = "word/", *, main_type: str | None = None, macros=False) -> bytes:
    part, default_type = _OOXML_MAIN[folder]
    content_type = main_type or f"application/vnd.openxmlformats-officedocument.{default_type}"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            f'<Override PartName="/{folder}{part}" ContentType="{content_type}"/></Types>',
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr(f"{folder}{part}", "<document/>")
        if macros:
            archive.writestr(f"{folder}vbaProject.bin", b"\xd0\xcf\x11\xe0" + b"\x00" * 16)
    return buffer.getvalue()


def disguised_macro_docx(content_type: str = "application/vnd.ms-office.vbaProject") -> bytes:
    """A .docx whose VBA project is stored under an innocent name; only the content type
    [Content_Types].xml declares for that part says what it is."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr(
            "[Content_Types].xml",
            '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" '
            'ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/word/document.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
            f'<Override PartName="/word/media/image1.png" ContentType="{content_type}"/>'
            "</Types>",
        )
        archive.writestr("_rels/.rels", "<Relationships/>")
        archive.writestr("word/document.xml", "<document/>")
        archive.writestr("word/media/image1.png", b"\xd0\xcf\x11\xe0" + b"\x00" * 16)
    return buffer.getvalue()


def opendocument_bytes(kind: str = "text", *, macros: bool = False) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        # The mimetype comes first and uncompressed, as the OpenDocument standard says.
        archive.writestr(
            "mimetype", f"application/vnd.oasis.opendocument.{kind}", zipfile.ZIP_STORED
        )
        archive.writestr("content.xml", "<office:document-content/>", zipfile.ZIP_DEFLATED)
        archive.writestr("META-INF/manifest.xml", "<manifest/>", zipfile.ZIP_DEFLATED)
        if macros:
            archive.writestr("Basic/Standard/Module1.xml", "<script/>")
    return buffer.getvalue()


TOO_LARGE = "The file is too large (%(size)s). Files can be at most %(max)s."
NOT_ALLOWED = (
    "This type of file can't be shared. Upload a PDF, a Word, Excel or PowerPoint file, an "
    "OpenDocument file, an image (PNG, JPEG, GIF) or plain text."
)
NEITHER = "Add a file or a link (or both)."


def said(msgid: str, language: str | None = None, **params) -> str:
    """A message as it reads in `language` (the active one by default); without params, the
    part before its first placeholder. Tests don't depend on which catalogue is complete."""
    with translation.override(language or translation.get_language()):
        text = gettext(msgid)
    return text % params if params else text.split("%(")[0]


def shown(msgid: str, user) -> str:
    """A message as the page shows it to `user`, in their language, escaped."""
    return escape(said(msgid, user.language))


def upload(name: str, content: bytes, content_type: str = "application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


EXECUTABLE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"


@pytest.fixture(autouse=True)
def media(settings, tmp_path) -> Path:
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def stored_files(media: Path) -> list[Path]:
    return [path for path in media.rglob("*") if path.is_file()] if media.exists() else []


def share(world: World, **fields) -> Product:
    fields.setdefault("title", "Checklist close reading")
    fields.setdefault("by", world.teacher)
    return products.product_create(community=world.community, **fields)


# Detecting the type by content -----------------------------------------------------


@pytest.mark.parametrize(
    ("name", "content", "content_type"),
    [
        ("plan.pdf", pdf_bytes(), "application/pdf"),
        ("board.png", image_bytes("PNG"), "image/png"),
        ("photo.jpg", image_bytes("JPEG"), "image/jpeg"),
        ("anim.gif", image_bytes("GIF"), "image/gif"),
        ("lesson.docx", ooxml_bytes("word/"), uploads.DOCX.content_type),
        ("scores.xlsx", ooxml_bytes("xl/"), uploads.XLSX.content_type),
        ("slides.pptx", ooxml_bytes("ppt/"), uploads.PPTX.content_type),
        ("lesson.odt", opendocument_bytes("text"), uploads.ODT.content_type),
        ("scores.ods", opendocument_bytes("spreadsheet"), uploads.ODS.content_type),
        ("slides.odp", opendocument_bytes("presentation"), uploads.ODP.content_type),
        ("notes.txt", "Één checklist: lees, vat samen.\n".encode(), "text/plain; charset=utf-8"),
    ],
)
def test_allowed_types_are_recognised_by_their_content(name, content, content_type):
    kind, display = uploads.check_upload(upload(name, content))
    assert kind.content_type == content_type
    assert display == name


@pytest.mark.parametrize(
    ("name", "content"),
    [
        ("report.pdf", HTML),
        ("report.pdf", b"  \n<svg xmlns='http://www.w3.org/2000/svg' onload='alert(1)'/>"),
        ("setup.exe", EXECUTABLE),
        ("lesson.pdf", EXECUTABLE),
        ("archive.zip", b"PK\x03\x04 not really a zip"),
        ("macro.docx", ooxml_bytes("word/", macros=True)),
        (
            "macro.docm",
            ooxml_bytes(
                "word/", main_type="application/vnd.ms-word.document.macroEnabled.main+xml"
            ),
        ),
        ("macro.odt", opendocument_bytes("text", macros=True)),
        ("image.docx", disguised_macro_docx()),
        ("activex.docx", disguised_macro_docx("application/vnd.ms-office.activeX+xml")),
        ("vbadata.docx", disguised_macro_docx("application/vnd.ms-word.vbaData+xml")),
        ("latin1.txt", "café".encode("latin-1")),
        ("nul.txt", b"text\x00with a NUL"),
        ("blank.txt", b" \n\t\n"),
    ],
)
def test_other_content_is_refused_whatever_its_name(name, content):
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload(name, content, content_type="application/pdf"))
    assert "file" in refused.value.message_dict


def test_a_plain_zip_is_not_an_office_document():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("word/document.xml", "<document/>")
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("lesson.docx", buffer.getvalue()))


def test_the_browsers_content_type_is_ignored():
    kind, _ = uploads.check_upload(upload("board.png", image_bytes("PNG"), "application/pdf"))
    assert kind is uploads.PNG


def test_a_name_that_claims_another_type_is_refused():
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("notes.pdf", b"Just some notes"))
    assert refused.value.message_dict["file"] == [
        said(
            "This file is not a .%(extension)s file: its name and its content don't match.",
            extension="pdf",
        )
    ]


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        ("../../etc/lesson plan.pdf", "lesson_plan.pdf"),
        ("C:\\Users\\juf\\Les 3 (def).PDF", "Les_3_def.pdf"),
        ("<script>.pdf", "script.pdf"),
        ("no extension", "no_extension.pdf"),
        ("plan.final", "plan.final.pdf"),
        ("evil.html", "evil.html.pdf"),
        (".pdf", "file.pdf"),
        ("???.pdf", "file.pdf"),
        (".bashrc", "bashrc.pdf"),
        ("plan.", "plan.pdf"),
        ("", "file.pdf"),
        ("x" * 300 + ".pdf", "x" * 96 + ".pdf"),
        ("Één leerlijn.pdf", "Één_leerlijn.pdf"),
    ],
)
def test_the_display_name_is_sanitised_and_fits_the_content(name, expected):
    assert uploads.display_name(name, uploads.PDF) == expected


def test_twenty_megabytes_is_allowed_one_byte_more_is_not():
    exactly = b"%PDF-1.4\n" + b"0" * (20 * MB - 9)
    kind, _ = uploads.check_upload(upload("big.pdf", exactly))
    assert kind is uploads.PDF
    with pytest.raises(ValidationError) as refused:
        uploads.check_upload(upload("big.pdf", exactly + b"0"))
    assert refused.value.message_dict["file"][0].startswith(said(TOO_LARGE))


def test_an_empty_file_is_refused():
    with pytest.raises(ValidationError):
        uploads.check_upload(upload("empty.pdf", b""))


# Services --------------------------------------------------------------------------


def test_a_product_is_shared_with_a_file_stored_under_a_random_name(world, media):
    product = share(
        world,
        description="Five steps",
        authors=[world.teacher, world.other_teacher],
        cycle=None,
        goal=world.goal,
        file=upload("../Checklist lezen.pdf", pdf_bytes()),
    )
    version = product.versions.get()
    assert version.number == 1
    assert version.original_name == "Checklist_lezen.pdf"
    assert version.content_type == "application/pdf"
    assert version.size == len(pdf_bytes())
    assert version.uploaded_by == world.teacher
    assert "Checklist" not in version.file.name
    assert version.file.name.startswith(f"products/{world.community.pk}/")
    assert [path.read_bytes() for path in stored_files(media)] == [pdf_bytes()]
    assert set(product.authors.all()) == {world.teacher, world.other_teacher}


def test_without_authors_the_one_who_shares_is_the_author(world):
    product = share(world, link="https://example.org/lesson", by=world.coach)
    assert list(product.authors.all()) == [world.coach]


def test_a_product_needs_a_file_or_a_link(world, media):
    with pytest.raises(ValidationError) as refused:
        share(world)
    assert refused.value.message_dict == {"file": [said(NEITHER)]}
    assert Product.objects.count() == 0


def test_a_link_must_be_a_web_address(world):
    with pytest.raises(ValidationError) as refused:
        share(world, link="javascript:alert(1)")
    assert "link" in refused.value.message_dict


def test_cycle_goal_and_authors_belong_to_the_community(world):
    outside_member = UserFactory()
    community_services.membership_add(
        community=world.other_community, user=outside_member, role="member"
    )
    with pytest.raises(ValidationError) as refused:
        share(
            world,
            link="https://example.org",
            goal=world.outside_goal,
            authors=[world.teacher, outside_member],
        )
    assert set(refused.value.message_dict) == {"goal", "authors"}


def test_a_refused_upload_saves_nothing(world, media):
    with pytest.raises(ValidationError) as refused:
        share(world, title="", file=upload("page.pdf", HTML))
    # Every problem at once: the title and the file.
    assert set(refused.value.message_dict) == {"title", "file"}
    assert Product.objects.count() == 0
    assert stored_files(media) == []


def test_a_failing_row_leaves_no_file_behind(world, media, monkeypatch):
    product = share(world, link="https://example.org")

    def broken_save(self, *args, **kwargs):
        raise RuntimeError("database went away")

    monkeypatch.setattr(ProductVersion, "save", broken_save)
    with pytest.raises(RuntimeError):
        products.product_version_add(
            product=product, file=upload("a.pdf", pdf_bytes()), by=world.teacher
        )
    assert stored_files(media) == []


def test_a_new_version_keeps_the_old_one(world, media):
    product = share(world, file=upload("v1.pdf", pdf_bytes("one")))
    second = products.product_version_add(
        product=product, file=upload("v2.png", image_bytes("PNG")), by=world.other_teacher
    )
    third = products.product_version_add(
        product=product, file=upload("v3.pdf", pdf_bytes("three")), by=world.coach
    )
    assert (second.number, third.number) == (2, 3)
    versions = selectors.versions_of(product)
    assert [v.number for v in versions] == [3, 2, 1]
    assert [v.original_name for v in versions] == ["v3.pdf", "v2.png", "v1.pdf"]
    assert len({v.file.name for v in versions}) == 3
    assert len(stored_files(media)) == 3
    with versions[2].file.open("rb") as first:
        assert first.read() == pdf_bytes("one")


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="SQLite serialises writers itself"
)
def test_a_new_version_locks_its_product_while_it_takes_a_number(world):
    product = share(world, link="https://example.org")
    with CaptureQueriesContext(connection) as captured:
        products.product_version_add(
            product=product, file=upload("a.pdf", pdf_bytes()), by=world.teacher
        )
    locks = [q["sql"] for q in captured if "FOR UPDATE" in q["sql"]]
    assert len(locks) == 1
    assert '"cycles_product"' in locks[0]


@pytest.mark.skipif(
    not connection.features.has_select_for_update, reason="SQLite serialises writers itself"
)
@pytest.mark.django_db(transaction=True)
def test_uploads_at_the_same_moment_take_consecutive_numbers():
    teacher = UserFactory()
    community = make_community(schools=[SchoolFactory()])
    community_services.membership_add(community=community, user=teacher, role="member")
    product = products.product_create(
        community=community, title="Together", link="https://example.org", by=teacher
    )
    start = threading.Barrier(4)
    numbers, errors = [], []

    def add_version(i: int) -> None:
        try:
            start.wait()
            version = products.product_version_add(
                product=product, file=upload(f"{i}.pdf", pdf_bytes()), by=teacher
            )
            numbers.append(version.number)
        except Exception as error:
            errors.append(error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=add_version, args=(i,)) for i in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)
    assert errors == []
    assert sorted(numbers) == [1, 2, 3, 4]


def test_version_numbers_count_per_product(world):
    first = share(world, file=upload("a.pdf", pdf_bytes()))
    second = share(world, title="Other", file=upload("b.pdf", pdf_bytes()))
    products.product_version_add(product=first, file=upload("a.pdf", pdf_bytes()), by=world.coach)
    assert [v.number for v in first.versions.all()] == [2, 1]
    assert [v.number for v in second.versions.all()] == [1]


def test_update_changes_text_links_and_authors(world):
    product = share(world, link="https://example.org/a")
    products.product_update(
        product=product,
        title="Better title",
        description="Now with examples",
        link="https://example.org/b",
        cycle=None,
        goal=world.goal,
        authors=[world.other_teacher],
    )
    product.refresh_from_db()
    assert (product.title, product.link, product.goal) == (
        "Better title",
        "https://example.org/b",
        world.goal,
    )
    assert list(product.authors.all()) == [world.other_teacher]


def test_update_keeps_a_link_when_there_is_no_file(world):
    product = share(world, link="https://example.org/a")
    with pytest.raises(ValidationError) as refused:
        products.product_update(
            product=product,
            title="T",
            description="",
            link="",
            cycle=None,
            goal=None,
            authors=[world.teacher],
        )
    assert "link" in refused.value.message_dict
    with_file = share(world, file=upload("a.pdf", pdf_bytes()), link="https://example.org")
    products.product_update(
        product=with_file,
        title="T",
        description="",
        link="",
        cycle=None,
        goal=None,
        authors=[world.teacher],
    )


def test_an_author_who_left_may_stay_named(world):
    product = share(world, link="https://example.org", authors=[world.teacher, world.coach])
    community_services.membership_remove(membership=world.membership("coach"))
    products.product_update(
        product=product,
        title="Still theirs",
        description="",
        link="https://example.org",
        cycle=None,
        goal=None,
        authors=[world.teacher, world.coach],
    )
    assert set(product.authors.all()) == {world.teacher, world.coach}


# Pages -----------------------------------------------------------------------------


def test_a_member_shares_a_product_with_a_file(world, client_for, media):
    client = client_for("other_teacher")
    response = client.post(
        reverse("cycles:product_create", kwargs={"pk": world.community.pk}),
        {
            "title": "Reading checklist",
            "description": "Use it every lesson.",
            "link": "",
            "goal": world.goal.pk,
            "authors": [world.other_teacher.pk, world.teacher.pk],
            "file": upload("checklist.docx", ooxml_bytes("word/"), "application/pdf"),
        },
    )
    product = Product.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("cycles:product", kwargs={"pk": product.pk})
    version = product.versions.get()
    assert (version.original_name, version.content_type) == (
        "checklist.docx",
        uploads.DOCX.content_type,
    )
    assert version.uploaded_by == world.other_teacher
    page = client.get(response["Location"]).content.decode()
    assert "checklist.docx" in page
    assert shown("The product has been shared.", world.other_teacher) in page


REFUSED = {
    "too large": (
        "big.pdf",
        lambda: b"%PDF-1.4\n" + b"0" * (20 * MB - 8),
        TOO_LARGE,
    ),
    "html named pdf": ("page.pdf", lambda: HTML, NOT_ALLOWED),
    "executable": ("tool.exe", lambda: EXECUTABLE, NOT_ALLOWED),
    "vba project under an image's name": ("lesson.docx", disguised_macro_docx, NOT_ALLOWED),
    "neither file nor link": (None, None, NEITHER),
}


@pytest.mark.parametrize("case", list(REFUSED))
def test_a_refused_upload_shows_why_next_to_the_file_field(case, world, client_for, media):
    name, content, message = REFUSED[case]
    data = {"title": "Something", "link": "", "authors": [world.teacher.pk]}
    if name:
        data["file"] = upload(name, content())
    response = client_for("teacher").post(
        reverse("cycles:product_create", kwargs={"pk": world.community.pk}), data
    )
    assert response.status_code == 200
    html = response.content.decode()
    assert 'enctype="multipart/form-data"' in html
    # Django renders a field's errors with the id the input's aria-describedby names.
    error_start = html.index('id="id_file_error"')
    assert shown(message, world.teacher) in html[error_start : error_start + 400]
    assert 'aria-invalid="true"' in html
    assert Product.objects.count() == 0
    assert stored_files(media) == []


def test_a_member_uploads_a_new_version(world, client_for, media):
    product = share(world, file=upload("v1.pdf", pdf_bytes("one")))
    client = client_for("coach")
    url = reverse("cycles:product_upload", kwargs={"pk": product.pk})
    response = client.post(url, {"file": upload("v2.png", image_bytes("PNG"))})
    assert response.status_code == 302
    assert [v.number for v in product.versions.all()] == [2, 1]
    page = client.get(reverse("cycles:product", kwargs={"pk": product.pk})).content.decode()
    assert page.index("v2.png") < page.index("v1.pdf")  # newest first
    refused = client.post(url, {"file": upload("v3.pdf", HTML)})
    assert refused.status_code == 200
    assert shown(NOT_ALLOWED, world.coach) in refused.content.decode()
    assert product.versions.count() == 2
    assert len(stored_files(media)) == 2


def test_download_is_an_attachment_with_the_detected_type(world, client_for):
    product = share(world, file=upload("Les plan.pdf", pdf_bytes()))
    products.product_version_add(
        product=product, file=upload("aantekeningen", b"Lees eerst de titel.\n"), by=world.coach
    )
    first, second = product.versions.order_by("number")

    response = client_for("teacher").get(
        reverse("cycles:product_download", kwargs={"pk": first.pk})
    )
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == pdf_bytes()
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="Les_plan.pdf"'
    assert response["X-Content-Type-Options"] == "nosniff"
    assert "private" in response["Cache-Control"]
    assert int(response["Content-Length"]) == len(pdf_bytes())

    text = client_for("leader").get(reverse("cycles:product_download", kwargs={"pk": second.pk}))
    assert text["Content-Type"] == "text/plain; charset=utf-8"
    assert text["Content-Disposition"] == 'attachment; filename="aantekeningen.txt"'


def test_download_of_a_file_gone_from_storage_is_404(world, client_for, media):
    product = share(world, file=upload("a.pdf", pdf_bytes()))
    for path in stored_files(media):
        path.unlink()
    version = product.versions.get()
    response = client_for("teacher").get(
        reverse("cycles:product_download", kwargs={"pk": version.pk})
    )
    assert response.status_code == 404


@pytest.fixture
def shared(world) -> ProductVersion:
    product = share(world, file=upload("a.pdf", pdf_bytes()), link="https://example.org")
    return product.versions.get()


def _urls(version: ProductVersion) -> list[str]:
    product = version.product
    return [
        reverse("cycles:products", kwargs={"pk": product.community_id}),
        reverse("cycles:product", kwargs={"pk": product.pk}),
        reverse("cycles:product_download", kwargs={"pk": version.pk}),
    ]


def test_outsiders_get_404_and_anonymous_people_log_in(world, client_for, shared):
    for url in _urls(shared):
        assert client_for("outsider").get(url).status_code == 404
        anonymous = client_for("anonymous").get(url)
        assert anonymous.status_code == 302
        assert anonymous["Location"].startswith(reverse("accounts:login"))


def test_a_member_of_another_community_of_the_same_board_gets_404(world, client, shared):
    neighbour = UserFactory()
    community_services.membership_add(
        community=world.other_community, user=neighbour, role="facilitator"
    )
    client.force_login(neighbour)
    for url in _urls(shared):
        assert client.get(url).status_code == 404
    upload_url = reverse("cycles:product_upload", kwargs={"pk": shared.product_id})
    assert client.post(upload_url, {"file": upload("b.pdf", pdf_bytes())}).status_code == 404
    assert shared.product.versions.count() == 1


@pytest.mark.parametrize("persona", ["leader", "director"])
def test_leaders_read_and_download_but_do_not_add(persona, world, client_for, shared):
    client = client_for(persona)
    for url in _urls(shared):
        assert client.get(url).status_code == 200
    create = reverse("cycles:product_create", kwargs={"pk": world.community.pk})
    assert client.get(create).status_code == 403
    upload_url = reverse("cycles:product_upload", kwargs={"pk": shared.product_id})
    assert client.post(upload_url, {"file": upload("b.pdf", pdf_bytes())}).status_code == 403
    page = client.get(reverse("cycles:product", kwargs={"pk": shared.product_id}))
    assert page.context["upload_form"] is None
    assert not page.context["can_edit"]


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("teacher", 200),  # the author
        ("facilitator", 200),
        ("other_teacher", 403),
        ("coach", 403),
        ("leader", 403),
        ("director", 403),
        ("outsider", 404),
    ],
)
def test_authors_and_facilitators_edit(persona, status, world, client_for, shared):
    url = reverse("cycles:product_edit", kwargs={"pk": shared.product_id})
    assert client_for(persona).get(url).status_code == status


def test_an_author_edits_the_text(world, client_for, shared):
    response = client_for("teacher").post(
        reverse("cycles:product_edit", kwargs={"pk": shared.product_id}),
        {
            "title": "Renamed",
            "description": "d",
            "link": "",
            "authors": [world.teacher.pk, world.coach.pk],
        },
    )
    assert response.status_code == 302
    product = Product.objects.get(pk=shared.product_id)
    assert (product.title, product.link) == ("Renamed", "")
    assert set(product.authors.all()) == {world.teacher, world.coach}


def test_product_pages_have_no_inline_scripts_or_styles(world, client_for, shared):
    client = client_for("teacher")
    urls = _urls(shared)[:2] + [
        reverse("cycles:product_create", kwargs={"pk": world.community.pk}),
        reverse("cycles:product_edit", kwargs={"pk": shared.product_id}),
    ]
    for url in urls:
        html = client.get(url).content.decode()
        assert "<script>" not in html
        assert " style=" not in html
        assert "<main" in html and "<h1>" in html


def test_a_product_shared_twice_by_a_double_click_is_shared_once(world, client_for, media):
    client = client_for("teacher")
    url = reverse("cycles:product_create", kwargs={"pk": world.community.pk})
    key = rendered_key(client, url)
    location = send_twice(
        client,
        url,
        lambda: {
            "title": "Reading checklist",
            "link": "",
            "authors": [world.teacher.pk],
            "file": upload("checklist.pdf", pdf_bytes()),
            "client_key": key,
        },
    )
    product = Product.objects.get()
    assert location == reverse("cycles:product", kwargs={"pk": product.pk})
    assert product.versions.count() == 1
    assert len(stored_files(media)) == 1
