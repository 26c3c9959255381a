"""Views of the guidance site outside the page tree: search."""
from __future__ import annotations

from django.core.paginator import Paginator
from django.template.response import TemplateResponse

from .selectors import search_pages

RESULTS_PER_PAGE = 10
MAX_QUERY_LENGTH = 200


def search(request):
    """Search the pages the user may see; Vietnamese with or without diacritics."""
    query = request.GET.get("q", "").strip()[:MAX_QUERY_LENGTH]
    results = None
    if query:
        results = Paginator(search_pages(user=request.user, query=query), RESULTS_PER_PAGE).get_page(
            request.GET.get("trang"))
    return TemplateResponse(request, "cms/search.html", {"query": query, "results": results})
