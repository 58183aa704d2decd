"""URLs of the scan pages (in the `observations` namespace)."""

urlpatterns: list = []
