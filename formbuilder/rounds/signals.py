"""Signals other apps listen to (indicators roll up on approval) without the rounds knowing them."""
from django.dispatch import Signal

# round_id, assignment_ids
round_opened = Signal()
# submission_id, action ("submit", "resubmit", "return", "approve", "unapprove")
submission_changed = Signal()
