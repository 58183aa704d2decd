from reports import urls_board, urls_dashboards, urls_pdf, urls_school_report

app_name = "reports"

urlpatterns = [
    *urls_dashboards.urlpatterns,
    *urls_pdf.urlpatterns,
    *urls_board.urlpatterns,
    *urls_school_report.urlpatterns,
]
