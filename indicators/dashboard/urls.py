"""URLs of the dashboards, mounted at /chi-tieu/."""
from django.urls import path

from . import views

app_name = "dashboard"
urlpatterns = [
    path("", views.index, name="index"),
    path("<int:unit_id>/", views.unit_dashboard, name="unit"),
    path("<int:unit_id>/xuat.xlsx", views.unit_export, name="export"),
]
