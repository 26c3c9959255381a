"""Validate submission data against a compiled form: fast when valid, precise when not.

A valid document is answered by a fastjsonschema function compiled once (well under a
millisecond on a 300-field form); only an invalid one pays for jsonschema's ``iter_errors``,
which reports every error with its location so each can be explained in Vietnamese.
"""
from __future__ import annotations

import datetime
import re

import fastjsonschema
from jsonschema import Draft202012Validator, FormatChecker

from .compute import compute_values
from .explain import Explainer, FieldError
from .model import CompiledForm

_DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$", re.ASCII)


def is_iso_date(value) -> bool:
    """Return True if ``value`` is a real calendar date written ``yyyy-mm-dd`` (non-strings pass: format only
    applies to strings)."""
    if not isinstance(value, str):
        return True
    if not _DATE_RE.match(value):
        return False
    try:
        datetime.date.fromisoformat(value)
    except ValueError:
        return False
    return True


# Both validators must judge dates identically, or the fast path could accept what the
# explaining path rejects; so neither uses its library's own "date" checker.
FORMAT_CHECKER = FormatChecker(formats=())
FORMAT_CHECKER.checks("date")(is_iso_date)
_FAST_FORMATS = {"date": is_iso_date}


class FormValidator:
    """Validator for one compiled form version; build once and reuse (callers cache it per version)."""

    def __init__(self, compiled: CompiledForm):
        self.compiled = compiled
        self._fast = {
            True: fastjsonschema.compile(compiled.schema, formats=_FAST_FORMATS),
            False: fastjsonschema.compile(compiled.draft_schema, formats=_FAST_FORMATS),
        }
        # Built once: jsonschema.validate() would re-check the schema itself on every call.
        self._explaining = {
            True: Draft202012Validator(compiled.schema, format_checker=FORMAT_CHECKER),
            False: Draft202012Validator(compiled.draft_schema, format_checker=FORMAT_CHECKER),
        }
        self._explainer = Explainer(compiled)

    def is_valid(self, data, *, complete: bool) -> bool:
        """Return True if ``data`` is a valid complete submission (``complete=True``) or a valid draft."""
        try:
            self._fast[complete](data)
        except fastjsonschema.JsonSchemaValueException:
            return False
        return True

    def validate(self, data, *, complete: bool) -> list[FieldError]:
        """Return every error of ``data`` (empty when valid), one per failing value, in form order.

        ``complete=False`` checks a draft: nothing is required, but what is filled must be right.
        """
        if self.is_valid(data, complete=complete):
            return []
        return self._explainer.explain(self._explaining[complete].iter_errors(data))

    def compute(self, data) -> dict[str, int | float | None]:
        """Return computed field values and table column totals (``"bang.cot"``); None means undefined."""
        return compute_values(self.compiled, data)
