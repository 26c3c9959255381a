"""Wagtail hooks of the rounds app: registrations only."""
from wagtail import hooks

from cms.providers import DUE_ITEMS_HOOK

from .home import due_items


@hooks.register(DUE_ITEMS_HOOK)
def rounds_due_items(request):
    return due_items(request)


@hooks.register("register_admin_viewset")
def register_round_admin():
    from .admin_views import RoundAdminViewSet

    return RoundAdminViewSet()
