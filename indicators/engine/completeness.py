"""Completeness and timeliness of a subtree's reporting (tiến độ, đúng hạn)."""
from __future__ import annotations

from dataclasses import dataclass

from .rules import divide


@dataclass(frozen=True)
class Completeness:
    """How many units of a subtree were asked, submitted, submitted on time and were approved."""

    expected: int = 0
    submitted: int = 0
    on_time: int = 0
    approved: int = 0

    @property
    def late(self) -> int:
        return self.submitted - self.on_time

    @property
    def missing(self) -> int:
        return self.expected - self.submitted

    @property
    def submitted_rate(self) -> float | None:
        """Return submitted ÷ expected in % (None when nothing was asked)."""
        return divide(self.submitted, self.expected, 100.0)

    @property
    def on_time_rate(self) -> float | None:
        """Return submitted on time ÷ expected in %."""
        return divide(self.on_time, self.expected, 100.0)

    @property
    def approved_rate(self) -> float | None:
        return divide(self.approved, self.expected, 100.0)

    def merge(self, other: Completeness) -> Completeness:
        return Completeness(self.expected + other.expected, self.submitted + other.submitted,
                            self.on_time + other.on_time, self.approved + other.approved)


SUBMITTED_STATUSES = ("submitted", "approved")


def completeness_of(rows) -> Completeness:
    """Return the completeness of ``rows`` (status, is_late) — one per assignment.

    A report counts as submitted while it waits for review or is approved; a returned report
    does not, until it is submitted again. On time means submitted and not late.
    """
    result = Completeness()
    for status, is_late in rows:
        submitted = status in SUBMITTED_STATUSES
        result = result.merge(Completeness(1, int(submitted), int(submitted and not is_late),
                                           int(status == "approved")))
    return result
