"""URLs of the rounds front-end: filling (urls_fill) and reviewing/consolidating (urls_review)."""
from django.urls import include, path

app_name = "rounds"
urlpatterns = [
    path("", include("formbuilder.rounds.urls_fill")),
    path("", include("formbuilder.rounds.urls_review")),
]
