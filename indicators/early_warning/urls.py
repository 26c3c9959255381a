"""URLs of the early-warning pages, mounted at /canh-bao/."""
from django.urls import path

from . import views

app_name = "early_warning"
urlpatterns = [
    path("", views.index, name="index"),
]
