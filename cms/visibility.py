"""Who may see a page of the guidance site (phạm vi xem).

One rule serves every path: ``SitePage.serve()``, listings, menus, breadcrumbs, search
and document downloads (attached or linked from a page) all ask here.

- public pages: everyone;
- pages for logged-in users: any authenticated user;
- pages for chosen units or groups: a user one of whose units is a chosen unit or lies in
  its subtree, or is a member of a chosen unit group;
- superusers and CMS editors (members of a group holding Wagtail page permissions) see all.

Pages that are not ``SitePage`` (the home page, Wagtail's root) are public.
"""
from __future__ import annotations

from django.apps import apps
from django.db import models
from django.db.models import Q, QuerySet

from hierarchy.selectors import membership_paths


class Visibility(models.TextChoices):
    PUBLIC = "public", "Công khai — mọi người"
    LOGGED_IN = "logged_in", "Người dùng đã đăng nhập"
    UNITS = "units", "Chỉ các đơn vị, nhóm đơn vị được chọn"


def user_sees_all_pages(user) -> bool:
    """Return True for superusers and CMS editors (a group of theirs holds page permissions)."""
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    cache = user.__dict__.setdefault("_baocao_cache", {})
    if "_cms_editor" not in cache:
        from wagtail.models import GroupPagePermission

        cache["_cms_editor"] = GroupPagePermission.objects.filter(group__user=user).exists()
    return cache["_cms_editor"]


def _ancestor_or_self_paths(paths: list[str], steplen: int) -> list[str]:
    """Return every prefix of ``paths`` that is a tree path: each unit and all its ancestors."""
    return sorted({path[:end] for path in paths for end in range(steplen, len(path) + 1, steplen)})


def audience_filter(*, user) -> Q:
    """Return a filter over ``SitePage`` rows that ``user`` may see (editors aside)."""
    public = Q(visibility=Visibility.PUBLIC)
    if not user.is_authenticated:
        return public
    own_paths = membership_paths(user=user)
    Unit = apps.get_model("hierarchy", "Unit")
    within_chosen_unit = Q(visible_units__path__in=_ancestor_or_self_paths(own_paths, Unit.steplen))
    in_chosen_group = Q(visible_groups__units__path__in=own_paths)
    return (public | Q(visibility=Visibility.LOGGED_IN)
            | (Q(visibility=Visibility.UNITS) & (within_chosen_unit | in_chosen_group)))


def pages_visible_to(queryset: QuerySet, *, user) -> QuerySet:
    """Return ``queryset`` (of any page model) without the pages ``user`` may not see.

    Filters on the primary key only, so the result can still be passed to Wagtail search.
    """
    if user_sees_all_pages(user):
        return queryset
    SitePage = apps.get_model("cms", "SitePage")
    visible = SitePage.objects.filter(audience_filter(user=user)).values("pk")
    hidden = SitePage.objects.exclude(pk__in=visible).values("pk")
    return queryset.exclude(pk__in=hidden)


def page_visible_to(page, user) -> bool:
    """Return True when ``user`` may see ``page`` (no query for public pages)."""
    SitePage = apps.get_model("cms", "SitePage")
    if not isinstance(page, SitePage):
        page = page.specific_deferred
        if not isinstance(page, SitePage):
            return True
    if page.visibility == Visibility.PUBLIC:
        return True
    if not user.is_authenticated:
        return False
    if page.visibility == Visibility.LOGGED_IN or user_sees_all_pages(user):
        return True
    return SitePage.objects.filter(pk=page.pk).filter(audience_filter(user=user)).exists()


def pages_referencing(document) -> set[int]:
    """Return the ids of the pages that reference ``document``: attachments, rich-text links, link blocks.

    Wagtail's reference index records every chooser and rich-text reference of a page (its child
    attachments included); the attachments are read directly as well, so that a page saved while
    the index was not updated still counts. Two queries.
    """
    from django.contrib.contenttypes.models import ContentType
    from wagtail.models import Page, ReferenceIndex

    Attachment = apps.get_model("cms", "Attachment")
    ids = set(Attachment.objects.filter(document=document).values_list("page_id", flat=True))
    referencing = ReferenceIndex.get_references_to(document).filter(
        base_content_type=ContentType.objects.get_for_model(Page))  # every page type indexes as Page
    ids.update(int(pk) for pk in referencing.values_list("object_id", flat=True))
    return ids


def document_visible_to(document, user) -> bool:
    """Return True unless ``document`` is referenced only by pages ``user`` may not see.

    A document no page references stays public; one that a page ``user`` sees references (a
    public page, say) is served, whatever restricted pages reference it too.
    """
    page_ids = pages_referencing(document)
    if not page_ids:
        return True
    Page = apps.get_model("wagtailcore", "Page")
    return pages_visible_to(Page.objects.filter(pk__in=page_ids), user=user).exists()
