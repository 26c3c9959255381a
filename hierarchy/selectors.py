"""Reads of the organisation tree. Every view asks here which units a user may see or act for."""
from __future__ import annotations

from django.db.models import Q, QuerySet

from .models import Membership, Role, Unit

ACTING_ROLES = {
    # A drafter writes for the unit itself, never for a child unit.
    Role.DRAFTER: False,
    # Reviewers and unit administrators act on the unit and its whole subtree.
    Role.REVIEWER: True,
    Role.UNIT_ADMIN: True,
    Role.VIEWER: None,
}


def _minimal_prefixes(paths: list[str]) -> list[str]:
    """Drop paths that lie inside another path of the list (their subtree is already covered)."""
    result: list[str] = []
    for path in sorted(set(paths)):
        if not result or not path.startswith(result[-1]):
            result.append(path)
    return result


def _subtree_filter(paths: list[str]) -> Q | None:
    prefixes = _minimal_prefixes(paths)
    if not prefixes:
        return None
    q = Q()
    for prefix in prefixes:
        q |= Q(path__startswith=prefix)
    return q


def user_sees_all(user) -> bool:
    """Return True for central staff: superusers (units at the root are covered by subtrees)."""
    return bool(user.is_authenticated and user.is_superuser)


def membership_paths(*, user, roles=None) -> list[str]:
    """Return the tree paths of the units where ``user`` holds one of ``roles`` (any role if None).

    All of the user's memberships are read in one query and cached on the user object.
    """
    if not user.is_authenticated:
        return []
    cache = user.__dict__.setdefault("_baocao_cache", {})
    if "memberships" not in cache:
        cache["memberships"] = list(Membership.objects.filter(user=user).values_list("unit__path", "role"))
    wanted = set(roles) if roles else None
    return [path for path, role in cache["memberships"] if wanted is None or role in wanted]


def units_visible_to(*, user) -> QuerySet[Unit]:
    """Return the units ``user`` may see: each unit of theirs and its subtree; central staff see all.

    Costs one query for the memberships (cached on the user object) and one for the units,
    whatever the size of the tree.
    """
    if user_sees_all(user):
        return Unit.objects.all()
    q = _subtree_filter(membership_paths(user=user))
    return Unit.objects.filter(q) if q is not None else Unit.objects.none()


def units_acting_for(*, user, role: str) -> QuerySet[Unit]:
    """Return the units ``user`` may act for in ``role``.

    A drafter acts for the units they belong to as drafter; reviewers and unit
    administrators act for their units and their subtrees; superusers act everywhere.
    """
    if user_sees_all(user):
        return Unit.objects.all()
    role = Role(role)
    subtree = ACTING_ROLES[role]
    if subtree is None:
        return Unit.objects.none()
    paths = membership_paths(user=user, roles=[role])
    if not paths:
        return Unit.objects.none()
    if subtree:
        return Unit.objects.filter(_subtree_filter(paths))
    return Unit.objects.filter(path__in=paths)


def user_can_see_unit(*, user, unit: Unit) -> bool:
    """Return True when ``unit`` lies in a subtree the user belongs to (no query after the first)."""
    if user_sees_all(user):
        return True
    return any(unit.path.startswith(p) for p in membership_paths(user=user))


def user_can_act(*, user, unit: Unit, role: str) -> bool:
    """Return True when ``user`` may act for ``unit`` in ``role``."""
    if user_sees_all(user):
        return True
    role = Role(role)
    subtree = ACTING_ROLES[role]
    if subtree is None:
        return False
    paths = membership_paths(user=user, roles=[role])
    if subtree:
        return any(unit.path.startswith(p) for p in paths)
    return unit.path in paths


def primary_membership(*, user) -> Membership | None:
    """Return the membership shown in the header: the highest unit, reviewer before drafter."""
    if not user.is_authenticated:
        return None
    order = {Role.UNIT_ADMIN: 0, Role.REVIEWER: 1, Role.DRAFTER: 2, Role.VIEWER: 3}
    memberships = list(Membership.objects.filter(user=user).select_related("unit", "unit__level"))
    if not memberships:
        return None
    return min(memberships, key=lambda m: (m.unit.depth, order.get(m.role, 9)))


def unit_children(*, parent: Unit | None) -> QuerySet[Unit]:
    """Return the direct children of ``parent`` (the roots when None), by name."""
    qs = Unit.get_root_nodes() if parent is None else parent.get_children()
    return qs.select_related("kind", "level").order_by("name")


def unit_ancestors(*, unit: Unit) -> list[Unit]:
    """Return the ancestors of ``unit`` from the root down, in one query."""
    steplen = Unit.steplen
    paths = [unit.path[: i * steplen] for i in range(1, unit.depth)]
    return list(Unit.objects.filter(path__in=paths).order_by("depth"))
