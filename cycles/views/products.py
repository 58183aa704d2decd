"""Pages for a community's shared products: list, detail, share, edit, new version, download."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.utils.cache import patch_cache_control
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from communities import access as community_access
from core.http import form_error, render_page
from cycles import access as cycle_access
from cycles import selectors
from cycles.forms import ProductForm, VersionForm
from cycles.models import Product
from cycles.services import products as product_services


@require_GET
@login_required
def product_list(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_use_product_of(request.user, community):
        raise Http404
    return render_page(
        request,
        "cycles/products/product_list.html",
        {
            "community": community,
            "products": selectors.products_of(community),
            "can_add": cycle_access.can_add_product(request.user, community),
        },
    )


@require_http_methods(["GET", "POST"])
@login_required
def product_create(request: HttpRequest, pk: int) -> HttpResponse:
    community = community_access.community_for_user(request.user, pk)
    if not cycle_access.can_add_product(request.user, community):
        raise PermissionDenied
    # Not `request.POST or None`: a post with only a file has an empty POST.
    form = ProductForm(
        request.POST if request.method == "POST" else None,
        request.FILES if request.method == "POST" else None,
        community=community,
        with_file=True,
        initial={"authors": [request.user]},
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product = product_services.product_create(
                community=community,
                title=data["title"],
                description=data["description"],
                link=data["link"],
                cycle=data["cycle"],
                goal=data["goal"],
                authors=data["authors"],
                file=data["file"],
                by=request.user,
                client_key=data.get("client_key"),
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("The product has been shared."))
            return redirect("cycles:product", pk=product.pk)
    return render_page(
        request, "cycles/products/product_form.html", {"form": form, "community": community}
    )


def _detail_page(
    request: HttpRequest, product: Product, upload_form: VersionForm | None = None
) -> HttpResponse:
    can_upload = cycle_access.can_add_product(request.user, product.community)
    return render_page(
        request,
        "cycles/products/product_detail.html",
        {
            "product": product,
            "community": product.community,
            "versions": selectors.versions_of(product),
            "can_edit": cycle_access.can_edit_product(request.user, product),
            "can_upload": can_upload,
            "upload_form": upload_form or (VersionForm() if can_upload else None),
        },
    )


@require_GET
@login_required
def product_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _detail_page(request, cycle_access.product_for_user(request.user, pk))


@require_http_methods(["GET", "POST"])
@login_required
def product_edit(request: HttpRequest, pk: int) -> HttpResponse:
    product = cycle_access.product_for_editor(request.user, pk)
    community = product.community
    form = ProductForm(
        request.POST if request.method == "POST" else None,
        instance=product,
        community=community,
        with_file=False,
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            product_services.product_update(
                product=product,
                title=data["title"],
                description=data["description"],
                link=data["link"],
                cycle=data["cycle"],
                goal=data["goal"],
                authors=data["authors"],
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(request, _("Your changes have been saved."))
            return redirect("cycles:product", pk=product.pk)
    return render_page(
        request,
        "cycles/products/product_form.html",
        {"form": form, "community": community, "product": product},
    )


@require_POST
@login_required
def product_upload(request: HttpRequest, pk: int) -> HttpResponse:
    product = cycle_access.product_for_uploader(request.user, pk)
    form = VersionForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            version = product_services.product_version_add(
                product=product, file=form.cleaned_data["file"], by=request.user
            )
        except ValidationError as error:
            form_error(form, error)
        else:
            messages.success(
                request,
                _("Version %(number)s has been added; the earlier versions are kept.")
                % {"number": version.number},
            )
            return redirect("cycles:product", pk=product.pk)
    return _detail_page(request, product, upload_form=form)


@require_GET
@login_required
def product_download(request: HttpRequest, pk: int) -> FileResponse:
    version = cycle_access.version_for_user(request.user, pk)
    try:
        handle = version.file.storage.open(version.file.name, "rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=version.original_name,
        content_type=version.content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    # Only for the person who asked: no shared cache keeps it, nor a school's shared computer.
    patch_cache_control(response, private=True, no_store=True)
    return response
