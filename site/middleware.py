"""Vietnamese first: the interface language comes from the user's explicit choice, never the browser.

Django's ``LocaleMiddleware`` honours the browser's ``Accept-Language``, so a browser set to English
(headless Chromium sends ``en-US``) got English wherever a translation exists beside Vietnamese
wherever one does not. Here the language is the one chosen with the switcher in the page header
(Django's ``set_language`` view at ``/i18n/setlang/``, which stores it in the language cookie), and
Vietnamese (``LANGUAGE_CODE``) otherwise.

Wagtail's admin keeps its own per-user preference (account settings); without one it follows the
language chosen here.
"""
from __future__ import annotations

from django.conf import settings
from django.utils import translation
from django.utils.cache import patch_vary_headers


def language_from_request(request) -> str:
    """The language of the cookie set by ``set_language`` when it names one of ``LANGUAGES``, else
    ``LANGUAGE_CODE``. ``Accept-Language`` is ignored on purpose."""
    chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
    if chosen:
        try:
            return translation.get_supported_language_variant(chosen)
        except LookupError:
            pass
    return settings.LANGUAGE_CODE


class ChosenLanguageMiddleware:
    """Replaces ``django.middleware.locale.LocaleMiddleware`` (no ``i18n_patterns`` are used)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # The thread's language is given back afterwards, so that work done later in the same thread
        # outside a request (a task run in process, a test) does not inherit one user's choice.
        with translation.override(language_from_request(request)):
            request.LANGUAGE_CODE = translation.get_language()
            response = self.get_response(request)
            # The same address answers in another language once the cookie changes.
            patch_vary_headers(response, ("Cookie",))
            response.headers.setdefault("Content-Language", translation.get_language())
        return response
