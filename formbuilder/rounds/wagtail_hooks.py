"""Wagtail hooks of the rounds app: registrations only."""
from wagtail import hooks

from cms.providers import DUE_ITEMS_HOOK, ROUND_DETAILS_HOOK, ROUND_PROGRESS_HOOK

from .cms_hooks import round_page_details, round_page_progress
from .home import due_items


@hooks.register(DUE_ITEMS_HOOK)
def rounds_due_items(request):
    return due_items(request)


@hooks.register(ROUND_DETAILS_HOOK)
def rounds_round_details(page, request):
    return round_page_details(page, request)


@hooks.register(ROUND_PROGRESS_HOOK)
def rounds_round_progress(page, request):
    return round_page_progress(page, request)


@hooks.register("register_admin_viewset")
def register_round_admin():
    from .admin_views import RoundAdminViewSet

    return RoundAdminViewSet()
