"""The task list (việc cần làm) at /bao-cao/: reports to draft, then reports awaiting review."""
from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.utils import timezone

from hierarchy.models import Role
from hierarchy.selectors import membership_paths, user_sees_all

from ..home import task_rows


@login_required
def task_list(request):
    """Show the user's own units' reports and, for reviewers, what awaits them in their subtree."""
    now = timezone.now()
    rows = task_rows(user=request.user, now=now)
    return render(request, "rounds/fill/task_list.html", {
        "own": [r for r in rows if not r.awaiting_review],
        "to_review": [r for r in rows if r.awaiting_review],
        "now": now,
        # The memberships are already read (and cached) for the rows: offering the link costs no query.
        "may_open_adhoc": user_sees_all(request.user) or bool(
            membership_paths(user=request.user, roles=[Role.DRAFTER, Role.UNIT_ADMIN])),
    })
