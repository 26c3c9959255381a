"""Wagtail's base records, made again when a database lost them.

Wagtail's data migrations create the default locale, the root page and the root collection.
``manage.py flush`` (and every transactional test's teardown) empties those tables but does not
run data migrations again, so code that builds pages on such a database calls
``ensure_wagtail_tree`` first.
"""
from __future__ import annotations

from django.conf import settings
from django.db import transaction
from wagtail.coreutils import get_supported_content_language_variant
from wagtail.models import Collection, Locale, Page


@transaction.atomic
def ensure_wagtail_tree() -> Page:
    """Return the root page, creating the default locale, root page and root collection if missing."""
    Locale.objects.get_or_create(language_code=get_supported_content_language_variant(settings.LANGUAGE_CODE))
    if Collection.get_first_root_node() is None:
        Collection.add_root(name="Root")
    return Page.get_first_root_node() or Page.add_root(instance=Page(title="Root", slug="root"))
