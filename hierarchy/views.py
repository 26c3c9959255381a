"""Unit pages for unit users. Every lookup goes through the visibility selectors."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404, render

from .models import Unit
from .selectors import membership_paths, unit_ancestors, unit_children, units_visible_to, user_can_see_unit, user_sees_all


@login_required
def unit_list(request):
    """Show the top of the user's visible tree (their own units), or search it without diacritics."""
    query = request.GET.get("q", "").strip()
    visible = units_visible_to(user=request.user).select_related("kind", "level")
    if query:
        units = visible.search(query).order_by("depth", "name")[:200]
    elif user_sees_all(request.user):
        units = unit_children(parent=None)
    else:
        units = visible.filter(path__in=membership_paths(user=request.user)).order_by("depth", "name")
    return render(request, "hierarchy/unit_list.html", {"units": units, "query": query})


@login_required
def unit_detail(request, code: str):
    """Show one unit and its children; refuse units outside the user's subtrees."""
    unit = get_object_or_404(Unit.objects.select_related("kind", "level", "merged_into"), code=code)
    if not user_can_see_unit(user=request.user, unit=unit):
        raise PermissionDenied("Bạn không có quyền xem đơn vị này.")
    context = {
        "unit": unit,
        "ancestors": [a for a in unit_ancestors(unit=unit) if user_can_see_unit(user=request.user, unit=a)],
        "children": unit_children(parent=unit),
        "memberships": unit.memberships.select_related("user").order_by("role", "user__username"),
    }
    return render(request, "hierarchy/unit_detail.html", context)
