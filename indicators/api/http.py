"""The API's HTTP plumbing: read-only JSON views, Vietnamese errors, query parameters and pages.

Plain Django (no framework): a view decorated with :func:`api_view` answers GET and HEAD only
(405 otherwise), refuses an anonymous user with 401, and turns :class:`ApiError` into a JSON error.
Every error has the same shape: ``{"error": <code>, "message": <Vietnamese text>}``.
"""
from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlencode

from django.http import HttpRequest, JsonResponse
from django.views.decorators.csrf import csrf_exempt

ALLOWED_METHODS = ("GET", "HEAD", "OPTIONS")
DEFAULT_PAGE_SIZE = 100
MAX_PAGE_SIZE = 500


class ApiError(Exception):
    """An answer other than 200: its HTTP status, a short code and a Vietnamese message."""

    def __init__(self, status: int, code: str, message: str):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message


def error_response(status: int, code: str, message: str) -> JsonResponse:
    response = JsonResponse({"error": code, "message": message}, status=status,
                            json_dumps_params={"ensure_ascii": False})
    if status == 405:
        response["Allow"] = ", ".join(ALLOWED_METHODS)
    return response


def api_view(view: Callable[..., Any] | None = None, *, public: bool = False):
    """Make ``view`` (returning a dict) a read-only JSON endpoint; ``public`` ones skip the login check.

    CSRF checks are skipped because no endpoint changes anything: a POST is answered 405 before
    any work, instead of the HTML CSRF page a script could not read.
    """
    def decorate(func):
        @csrf_exempt
        @functools.wraps(func)
        def wrapper(request: HttpRequest, *args, **kwargs):
            if request.method not in ALLOWED_METHODS:
                return error_response(405, "method_not_allowed",
                                      "API chỉ cho phép đọc dữ liệu (GET); không thể ghi, sửa hoặc xóa.")
            if request.method == "OPTIONS":
                response = JsonResponse({})
                response["Allow"] = ", ".join(ALLOWED_METHODS)
                return response
            if not public and not request.user.is_authenticated:
                return error_response(401, "not_authenticated",
                                      "Bạn chưa đăng nhập. Hãy đăng nhập để dùng API.")
            try:
                return JsonResponse(func(request, *args, **kwargs), json_dumps_params={"ensure_ascii": False})
            except ApiError as error:
                return error_response(error.status, error.code, error.message)
        return wrapper

    return decorate(view) if view is not None else decorate


def int_param(request: HttpRequest, name: str, *, required: bool = False, default: int | None = None,
              minimum: int = 1, maximum: int | None = None) -> int | None:
    """Return query parameter ``name`` as an integer, or raise a 400 ApiError in Vietnamese."""
    raw = request.GET.get(name, "").strip()
    if not raw:
        if required:
            raise ApiError(400, "bad_request", f"Thiếu tham số “{name}”.")
        return default
    try:
        value = int(raw)
    except ValueError:
        raise ApiError(400, "bad_request", f"Tham số “{name}” phải là số nguyên (nhận được: “{raw[:50]}”).") from None
    if value < minimum or maximum is not None and value > maximum:
        bounds = f"từ {minimum} đến {maximum}" if maximum is not None else f"từ {minimum} trở lên"
        raise ApiError(400, "bad_request", f"Tham số “{name}” phải {bounds} (nhận được: {value}).")
    return value


@dataclass(frozen=True)
class PageRequest:
    """Which page of a list was asked for."""

    page: int
    size: int

    @property
    def offset(self) -> int:
        return (self.page - 1) * self.size

    @property
    def stop(self) -> int:
        return self.offset + self.size


def page_request(request: HttpRequest) -> PageRequest:
    """Return the ``page`` and ``page_size`` asked for (1 and 100 by default; at most 500 a page)."""
    return PageRequest(int_param(request, "page", default=1),
                       int_param(request, "page_size", default=DEFAULT_PAGE_SIZE, maximum=MAX_PAGE_SIZE))


def _page_url(request: HttpRequest, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    return f"{request.path}?{urlencode(sorted(query.items()))}"


def page_envelope(request: HttpRequest, asked: PageRequest, count: int, results: Sequence) -> dict:
    """Return the paging fields of a list answer (count, page, next and previous links, the results).

    A page past the last one (other than the first page of an empty list) is a 404.
    """
    pages = max(1, -(-count // asked.size))
    if asked.page > pages:
        raise ApiError(404, "not_found", f"Không có trang {asked.page}; danh sách chỉ có {pages} trang.")
    return {"count": count, "page": asked.page, "page_size": asked.size, "pages": pages,
            "next": _page_url(request, asked.page + 1) if asked.page < pages else None,
            "previous": _page_url(request, asked.page - 1) if asked.page > 1 else None,
            "results": list(results)}
