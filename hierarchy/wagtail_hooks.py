from wagtail import hooks

from .admin_views import UnitViewSet
from .admin_groups import MembershipViewSet, UnitGroupViewSet


@hooks.register("register_admin_viewset")
def register_units():
    return [UnitViewSet(), UnitGroupViewSet(), MembershipViewSet()]
