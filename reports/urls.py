"""/reports/: the utilisation pages and their CSV and PDF downloads (reports.pages.exports)."""

from django.urls import path

from reports.pages import exports
from reports.pages.building import building
from reports.pages.colocation import colocation_page
from reports.pages.comparison import comparison
from reports.pages.rounds import round_page

app_name = "reports"

urlpatterns = [
    path("", comparison, name="comparison"),
    path("buildings/<int:building_id>/", building, name="building"),
    path("colocation/", colocation_page, name="colocation"),
    path("buildings.csv", exports.comparison_csv, name="comparison_csv"),
    path("buildings/<int:building_id>/spaces.csv", exports.building_csv, name="building_csv"),
    path("buildings.pdf", exports.comparison_pdf, name="comparison_pdf"),
    path("buildings/<int:building_id>/report.pdf", exports.building_pdf, name="building_pdf"),
    path("colocation.pdf", exports.colocation_pdf, name="colocation_pdf"),
    path("colocation.csv", exports.colocation_csv, name="colocation_csv"),
    path("rounds/<int:round_id>/", round_page, name="round"),
]
