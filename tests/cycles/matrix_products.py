"""URL x role entries for the community's shared products.

Everyone who sees the community reads products and downloads their files; members (any
role) share products and upload versions; authors (here the teacher) and facilitators edit.
"""

from django.core.files.uploadedfile import SimpleUploadedFile

from cycles.models import Product
from cycles.services import products
from tests.matrix import MEMBERS_ONLY, POST_ONLY, Entry, codes

TITLE = "Matrix product"
PDF = b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog >>\nendobj\ntrailer\n<< /Root 1 0 R >>\n%%EOF\n"


def community(w) -> dict:
    return {"pk": w.community.pk}


def a_product(w) -> Product:
    product = Product.objects.filter(community=w.community, title=TITLE).first()
    if product is None:
        product = products.product_create(
            community=w.community,
            title=TITLE,
            link="https://example.org/lesson",
            authors=[w.teacher],
            by=w.teacher,
        )
    return product


def product(w) -> dict:
    return {"pk": a_product(w).pk}


def version(w) -> dict:
    shared = a_product(w)
    latest = shared.versions.first()
    if latest is None:
        latest = products.product_version_add(
            product=shared,
            file=SimpleUploadedFile("lesson.pdf", PDF, content_type="application/pdf"),
            by=w.teacher,
        )
    return {"pk": latest.pk}


MEMBERS_ADD = codes(302, 200, 200, 200, 200, 403, 403, 404)
MEMBERS_ADD_POST = codes(302, 302, 302, 302, 302, 403, 403, 404)
# An empty upload: members get the form back with the error.
MEMBERS_UPLOAD_POST = codes(302, 200, 200, 200, 200, 403, 403, 404)
AUTHOR_OR_FACILITATOR = codes(302, 200, 403, 200, 403, 403, 403, 404)
AUTHOR_OR_FACILITATOR_POST = codes(302, 302, 403, 302, 403, 403, 403, 404)
WRONG_METHOD = POST_ONLY  # 405 for everyone, signed in or not

ENTRIES: dict[str, Entry] = {
    "cycles:products": Entry(kwargs=community, get=MEMBERS_ONLY),
    "cycles:product_create": Entry(
        kwargs=community,
        get=MEMBERS_ADD,
        post=MEMBERS_ADD_POST,
        data=lambda w: {"title": "Shared in the matrix", "link": "https://example.org/x"},
    ),
    "cycles:product": Entry(kwargs=product, get=MEMBERS_ONLY),
    "cycles:product_edit": Entry(
        kwargs=product,
        get=AUTHOR_OR_FACILITATOR,
        post=AUTHOR_OR_FACILITATOR_POST,
        data=lambda w: {
            "title": "Renamed in the matrix",
            "link": "https://example.org/y",
            "authors": [w.teacher.pk],
        },
    ),
    "cycles:product_upload": Entry(kwargs=product, get=POST_ONLY, post=MEMBERS_UPLOAD_POST),
    "cycles:product_download": Entry(kwargs=version, get=MEMBERS_ONLY, post=WRONG_METHOD),
}
