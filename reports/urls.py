from reports import urls_dashboards, urls_pdf

app_name = "reports"

urlpatterns = [*urls_dashboards.urlpatterns, *urls_pdf.urlpatterns]
