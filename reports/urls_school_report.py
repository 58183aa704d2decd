"""URLs of the school-year report pages (in the `reports` namespace)."""

urlpatterns: list = []
