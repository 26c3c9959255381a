"""Template context of the rounds: the unread notification count shown in the header."""
from __future__ import annotations

from .models import Notification


def notifications(request):
    """Return ``unread_notifications``: a callable, so the count is only queried where a template shows it."""
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def unread() -> int:
        cache = request.__dict__.setdefault("_rounds_unread", [])
        if not cache:
            cache.append(Notification.objects.filter(user=user, read_at__isnull=True).count())
        return cache[0]

    return {"unread_notifications": unread}
