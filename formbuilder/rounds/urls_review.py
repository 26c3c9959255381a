"""URLs of the review side, under /bao-cao/ (namespace "rounds"): review, progress, consolidation,
notifications."""
from django.urls import path

from . import consolidation_views, views_notifications, views_review

urlpatterns = [
    path("duyet/<int:submission_id>/", views_review.review, name="review"),
    path("dot/<int:round_id>/tien-do/", views_review.progress, name="progress"),
    path("dot/<int:round_id>/mo-lai/<int:assignment_id>/", views_review.reopen, name="reopen"),
    path("dot/<int:round_id>/tong-hop/", consolidation_views.consolidate, name="consolidate"),
    path("dot/<int:round_id>/tong-hop/docx/", consolidation_views.consolidate_docx, name="consolidate_docx"),
    path("thong-bao/", views_notifications.notification_list, name="notifications"),
    path("thong-bao/<int:pk>/", views_notifications.notification_open, name="notification_open"),
]
