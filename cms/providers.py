"""Extension points other features fill through Wagtail hooks, so cms never imports them.

- ``baocao_due_items``: ``fn(request) -> iterable of DueItem`` — work due for the user, on the home page.
- ``baocao_round_progress``: ``fn(page, request) -> RoundProgress | None`` — progress of a round page.

Register with ``@hooks.register(DUE_ITEMS_HOOK)`` in the feature's ``wagtail_hooks.py``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wagtail import hooks

DUE_ITEMS_HOOK = "baocao_due_items"
ROUND_PROGRESS_HOOK = "baocao_round_progress"


@dataclass(frozen=True)
class DueItem:
    """A piece of work due for the user (việc cần làm)."""

    title: str
    url: str
    due_on: dt.date | None = None
    status: str = ""


@dataclass(frozen=True)
class RoundProgress:
    """How far a reporting round has come (tiến độ đợt báo cáo)."""

    done: int
    total: int
    label: str = ""
    url: str = ""

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0


def due_items(request) -> list[DueItem]:
    """Return the due work every registered provider reports for ``request.user`` (none by default)."""
    if not request.user.is_authenticated:
        return []
    return [item for fn in hooks.get_hooks(DUE_ITEMS_HOOK) for item in fn(request)]


def round_progress(page, request) -> RoundProgress | None:
    """Return the first progress a registered provider gives for ``page``, or None."""
    for fn in hooks.get_hooks(ROUND_PROGRESS_HOOK):
        progress = fn(page, request)
        if progress is not None:
            return progress
    return None
