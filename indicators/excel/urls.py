"""URLs of the Excel pages; the site includes them as path("excel/", include("indicators.excel.urls"))."""
from django.urls import path

from . import views

app_name = "excel"
urlpatterns = [
    path("", views.index, name="index"),
    path("mau/<int:round_id>/<int:version_id>/", views.template_download, name="template"),
    path("nhap/", views.upload, name="upload"),
    path("nhap/<uuid:job_id>/", views.job_detail, name="job"),
    path("nhap/<uuid:job_id>/tien-do/", views.job_progress, name="job_progress"),
    path("nhap/<uuid:job_id>/xac-nhan/", views.job_confirm, name="job_confirm"),
    path("xuat/", views.export, name="export"),
    path("xuat/chi-tieu/", views.export_indicators, name="export_indicators"),
]
