"""Signal receivers: the rounds app announces approvals; the indicators app queues its work."""
from __future__ import annotations

from . import services, tasks


def on_submission_changed(sender, submission_id: int, action: str, **kwargs) -> None:
    """Queue the indicator update of a submission whose approval changed (sent on commit)."""
    if action in services.VALUE_ACTIONS:
        tasks.submission_indicators_task(submission_id)
