"""URLs of the dashboards pages (in the `reports` namespace)."""

urlpatterns: list = []
