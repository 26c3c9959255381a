"""Login throttling: too many failures for one user name from one address lock it for a while."""
from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.utils import timezone

from .models import LoginFailure


def client_ip(request) -> str:
    return (request.META.get("REMOTE_ADDR") or "")[:45]


def login_locked(*, username: str, ip: str) -> bool:
    """Return True when ``username`` from ``ip`` failed too often within the window."""
    since = timezone.now() - dt.timedelta(seconds=settings.LOGIN_THROTTLE_WINDOW_S)
    failures = LoginFailure.objects.filter(username=username.lower(), ip=ip, at__gte=since).count()
    return failures >= settings.LOGIN_THROTTLE_FAILURES


def login_failed(*, username: str, ip: str) -> None:
    LoginFailure.objects.create(username=username.lower()[:150], ip=ip)


def login_succeeded(*, username: str, ip: str) -> None:
    LoginFailure.objects.filter(username=username.lower(), ip=ip).delete()
