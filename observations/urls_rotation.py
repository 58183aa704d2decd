"""URLs of the rotation pages (in the `observations` namespace)."""

urlpatterns: list = []
