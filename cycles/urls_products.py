"""Product URLs, included into the "cycles" namespace by cycles/urls.py."""

from django.urls import path

from cycles import views_products as views

urlpatterns = [
    path("communities/<int:pk>/products/", views.product_list, name="products"),
    path("communities/<int:pk>/products/new/", views.product_create, name="product_create"),
    path("products/<int:pk>/", views.product_detail, name="product"),
    path("products/<int:pk>/edit/", views.product_edit, name="product_edit"),
    path("products/<int:pk>/upload/", views.product_upload, name="product_upload"),
    path(
        "products/versions/<int:pk>/download/",
        views.product_download,
        name="product_download",
    ),
]
