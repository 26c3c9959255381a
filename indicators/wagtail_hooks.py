from wagtail import hooks

from .admin_views import IndicatorViewSetGroup


@hooks.register("register_admin_viewset")
def register_indicators():
    return IndicatorViewSetGroup()
