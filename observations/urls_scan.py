"""URLs of the scan pages (in the `observations` namespace)."""

from django.urls import path

from observations import views_scan

urlpatterns: list = [
    path("communities/<int:pk>/scan/", views_scan.scan, name="scan"),
    path("communities/<int:pk>/scan/open/", views_scan.scan_open, name="scan_open"),
    path("scan-rounds/<int:pk>/answer/", views_scan.scan_answer, name="scan_answer"),
    path("scan-rounds/<int:pk>/close/", views_scan.scan_close, name="scan_close"),
]
