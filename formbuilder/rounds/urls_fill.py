"""URLs of the filling side, under /bao-cao/ (namespace "rounds")."""
from django.urls import path

from . import views_fill
from .autosave import autosave

fill_wizard = views_fill.FillWizard.as_view(url_name="rounds:fill_step")

urlpatterns = [
    path("", views_fill.task_list, name="tasks"),
    path("dot-xuat/", views_fill.adhoc_open, name="adhoc_open"),
    path("<int:submission_id>/nhap/", fill_wizard, name="fill"),
    path("<int:submission_id>/nhap/<str:step>/", fill_wizard, name="fill_step"),
    path("<int:submission_id>/luu-nhap/", autosave, name="autosave"),
    path("<int:submission_id>/xung-dot/", views_fill.conflict, name="conflict"),
    path("<int:submission_id>/lich-su/", views_fill.history, name="history"),
    path("<int:submission_id>/tep/<str:ref>/", views_fill.attachment, name="attachment"),
]
