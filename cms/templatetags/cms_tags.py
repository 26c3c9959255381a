"""Template tags of the guidance site: top-level menu, breadcrumbs, visibility test."""
from __future__ import annotations

from django import template
from django.urls import reverse
from wagtail.models import Site

from ..selectors import breadcrumb_pages, menu_pages
from ..visibility import page_visible_to

register = template.Library()


def _site_root(request):
    site = Site.find_for_request(request)
    return site.root_page if site else None


@register.inclusion_tag("cms/includes/menu.html", takes_context=True)
def site_menu(context):
    """Render the top-level pages marked "show in menus" that the user may see, as <li> items."""
    request = context["request"]
    root = _site_root(request)
    current = context.get("page")
    current_path = getattr(current, "path", "")
    pages = menu_pages(root=root, user=request.user) if root else []
    return {
        "items": [(item, current_path.startswith(item.path)) for item in pages],
        "search_current": request.path == reverse("cms:search"),
    }


@register.inclusion_tag("cms/includes/breadcrumbs.html", takes_context=True)
def breadcrumbs(context, last_title=""):
    """Render the trail from the home page to the current page (or to ``last_title``)."""
    request = context["request"]
    page = context.get("page")
    if page is not None and hasattr(page, "get_ancestors"):
        trail = list(breadcrumb_pages(page=page, user=request.user))
        last_title = last_title or page.title
    else:
        root = _site_root(request)
        trail = [root] if root else []
    return {"trail": trail, "last_title": last_title}


@register.filter
def visible_to(page, user) -> bool:
    """Return True when ``user`` may see ``page`` (for pages chosen in links)."""
    return page is not None and page.live and page_visible_to(page, user)
