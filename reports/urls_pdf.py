"""URLs of the pdf pages (in the `reports` namespace)."""

urlpatterns: list = []
