"""Renderer pages. Include with ``path("bieu-mau/", include("formbuilder.renderer.urls"))``."""
from django.urls import path

from . import views

app_name = "formbuilder_renderer"
urlpatterns = [
    path("xem-thu/", views.preview_index, name="preview_index"),
    path("xem-thu/<str:code>/", views.preview, name="preview"),
]
