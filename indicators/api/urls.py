"""URLs of the read-only API, mounted at /api/v1/."""
from django.urls import path

from . import views

app_name = "api"
urlpatterns = [
    path("periods/", views.periods, name="periods"),
    path("indicators/", views.indicators, name="indicators"),
    path("units/<int:unit_id>/values/", views.unit_values, name="unit_values"),
    path("units/<int:unit_id>/children/values/", views.children_values, name="children_values"),
    path("units/<int:unit_id>/completeness/", views.completeness, name="completeness"),
    path("openapi.json", views.openapi, name="openapi"),
]
