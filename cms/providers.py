"""Extension points other features fill through Wagtail hooks, so cms never imports them.

- ``baocao_due_items``: ``fn(request) -> iterable of DueItem`` — work due for the user, on the home page.
- ``baocao_round_progress``: ``fn(page, request) -> RoundProgress | None`` — progress of a round page.
- ``baocao_round_details``: ``fn(page, request) -> RoundDetails | None`` — what the round named by a
  round page's ``round_code`` asks (forms), by when (deadlines), and the user's links into it.

Register with ``@hooks.register(DUE_ITEMS_HOOK)`` in the feature's ``wagtail_hooks.py``.
"""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from wagtail import hooks

DUE_ITEMS_HOOK = "baocao_due_items"
ROUND_PROGRESS_HOOK = "baocao_round_progress"
ROUND_DETAILS_HOOK = "baocao_round_details"


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


@dataclass(frozen=True)
class RoundFormInfo:
    """A form a round asks for (biểu mẫu): its definition code, title and version number."""

    code: str
    title: str
    version: int


@dataclass(frozen=True)
class RoundDeadline:
    """One due time of a round (hạn nộp), written out in Vietnamese; ``scope`` names whom it binds."""

    at: dt.datetime
    text: str
    scope: str = ""


@dataclass(frozen=True)
class RoundLink:
    """A link from a round page into the reporting work (task list, a unit's report)."""

    title: str
    url: str
    note: str = ""


@dataclass(frozen=True)
class RoundDetails:
    """The round a round page describes, as its provider reads it (đợt báo cáo)."""

    title: str
    status: str
    forms: tuple[RoundFormInfo, ...] = ()
    deadlines: tuple[RoundDeadline, ...] = ()
    links: tuple[RoundLink, ...] = ()


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


def round_details(page, request) -> RoundDetails | None:
    """Return the first details a registered provider gives for ``page``'s round, or None."""
    for fn in hooks.get_hooks(ROUND_DETAILS_HOOK):
        details = fn(page, request)
        if details is not None:
            return details
    return None
