"""Definition limits from settings (the engine itself takes them as plain values)."""
from django.conf import settings

from .engine.model import Limits


def definition_limits() -> Limits:
    """Return the engine limits configured in settings (FORMBUILDER_LIMITS), defaults otherwise."""
    return Limits(**getattr(settings, "FORMBUILDER_LIMITS", {}))
