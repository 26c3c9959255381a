"""Errors of the rounds workflow, each with a Vietnamese message."""
from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class WorkflowError(ValidationError):
    """A transition that is not allowed now (wrong status, locked, …)."""


class SubmissionInvalid(ValidationError):
    """The data does not validate; ``field_errors`` carries the engine's FieldErrors."""

    def __init__(self, field_errors):
        self.field_errors = list(field_errors)
        super().__init__([e.message for e in self.field_errors])


class EditConflict(Exception):
    """Someone saved the draft since this user loaded it; nothing was overwritten."""

    def __init__(self, *, theirs: dict, yours: dict, revision: int, by):
        self.theirs, self.yours, self.revision, self.by = theirs, yours, revision, by
        super().__init__("Bản nháp đã được người khác lưu trong lúc bạn sửa.")


class NotAllowed(PermissionDenied):
    pass
