from wagtail import hooks

from .admin_versions import FormVersionViewSet
from .admin_views import FormDefinitionViewSet


@hooks.register("register_admin_viewset")
def register_form_designer():
    return [FormDefinitionViewSet(), FormVersionViewSet()]
