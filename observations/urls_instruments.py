"""URLs of the instruments pages (in the `observations` namespace)."""

urlpatterns: list = []
