"""Render this package's templates (indicators/early_warning/templates/) with the site's base layout.

indicators.early_warning is a package of the indicators app, not an app of its own, so Django's app
template loader does not look here; a second engine with the site's options and this folder first
does (as indicators.excel and indicators.dashboard do).
"""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from django.conf import settings
from django.http import HttpResponse
from django.template.backends.django import DjangoTemplates

HERE = Path(__file__).resolve().parent / "templates"


@lru_cache(maxsize=1)
def _engine() -> DjangoTemplates:
    site = settings.TEMPLATES[0]
    return DjangoTemplates({"NAME": "early_warning", "DIRS": [HERE, *site.get("DIRS", [])],
                            "APP_DIRS": site.get("APP_DIRS", True), "OPTIONS": dict(site.get("OPTIONS", {}))})


def render(request, name: str, context: dict, status: int = 200) -> HttpResponse:
    """Return the page ``name`` rendered for ``request``."""
    return HttpResponse(_engine().get_template(name).render(context, request), status=status)
