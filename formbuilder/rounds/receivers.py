"""Signal receivers of the rounds: queue the notifications of workflow events (connected in apps.py)."""
from __future__ import annotations

from django.dispatch import receiver

from . import signals


@receiver(signals.submission_changed, dispatch_uid="rounds.notify_submission_changed")
def queue_submission_notifications(sender, submission_id, action, **kwargs):
    from .tasks import notify_submission_changed

    notify_submission_changed(submission_id, action)


@receiver(signals.round_opened, dispatch_uid="rounds.notify_round_opened")
def queue_round_opened_notifications(sender, round_id, **kwargs):
    from .tasks import notify_round_opened

    notify_round_opened(round_id)
