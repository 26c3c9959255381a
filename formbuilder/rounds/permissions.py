"""Who may do what with a submission. Built on the hierarchy selectors only."""
from __future__ import annotations

from hierarchy.models import Role
from hierarchy.selectors import membership_paths, user_can_act, user_sees_all


def can_draft(*, user, unit) -> bool:
    """Return True for drafters (or unit administrators) of ``unit`` itself."""
    return user_can_act(user=user, unit=unit, role=Role.DRAFTER) or (
        unit.path in membership_paths(user=user, roles=[Role.UNIT_ADMIN]))


def can_review(*, user, unit) -> bool:
    """Return True for reviewers of an upper level of ``unit`` (a strict ancestor), or central staff."""
    if user_sees_all(user):
        return True
    return any(unit.path.startswith(p) and unit.path != p for p in membership_paths(user=user, roles=[Role.REVIEWER]))
