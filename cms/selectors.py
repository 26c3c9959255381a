"""Reads of the guidance site. Every list of pages goes through ``pages_visible_to``."""
from __future__ import annotations

from django.db.models import QuerySet
from wagtail.models import Page

from baocao_site.text import fold

from .models import GuidancePage, NoticePage
from .visibility import pages_visible_to


def search_pages(*, user, query: str):
    """Return the live pages ``user`` may see that match ``query``, best first.

    The query is folded like each page's ``search_text``, so "giam sat thuong xuyen" finds
    "giám sát thường xuyên"; every word must match.
    """
    folded = fold(query)
    if not folded:
        return Page.objects.none()
    pages = pages_visible_to(Page.objects.live().filter(depth__gt=1).specific(), user=user)
    return pages.search(folded, operator="and")


def menu_pages(*, root: Page, user) -> QuerySet[Page]:
    """Return the live children of ``root`` marked "show in menus" that ``user`` may see."""
    return pages_visible_to(root.get_children().live().in_menu(), user=user).specific()


def breadcrumb_pages(*, page: Page, user) -> QuerySet[Page]:
    """Return the ancestors of ``page`` below the tree root that ``user`` may see, top first."""
    return pages_visible_to(page.get_ancestors().filter(depth__gt=1), user=user)


def latest_guidance(*, user, limit: int) -> list[GuidancePage]:
    """Return the newest guidance pages ``user`` may see."""
    pages = pages_visible_to(GuidancePage.objects.live(), user=user)
    return list(pages.order_by("-first_published_at")[:limit])


def latest_notices(*, user, limit: int) -> list[NoticePage]:
    """Return the newest notices ``user`` may see."""
    pages = pages_visible_to(NoticePage.objects.live(), user=user)
    return list(pages.order_by("-date", "-first_published_at")[:limit])


def notices_in(*, index: Page, user) -> QuerySet[NoticePage]:
    """Return the live notices under ``index`` that ``user`` may see, newest first."""
    pages = pages_visible_to(NoticePage.objects.child_of(index).live(), user=user)
    return pages.order_by("-date", "-first_published_at")
