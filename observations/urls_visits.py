"""URLs of the visits pages (in the `observations` namespace)."""

urlpatterns: list = []
