"""Reads of the round admin: what opening a round would create, before it is opened."""
from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from formbuilder.engine.calendar import CalendarError, Period, ReportingRule
from formbuilder.selectors import compiled_form
from hierarchy.models import Unit

from .models import Round, SectionAssignment
from .sections import title_of
from .selectors import round_resolve_units


@dataclass(frozen=True)
class PreviewRow:
    """One task that opening the round would create."""

    form_code: str
    unit: Unit
    sections: tuple[str, ...]
    due_at: dt.datetime | None


@dataclass(frozen=True)
class RoundPreview:
    rows: list[PreviewRow]
    errors: list[str]

    @property
    def units(self) -> int:
        return len({r.unit.pk for r in self.rows})


def round_preview(*, round: Round, now: dt.datetime | None = None) -> RoundPreview:
    """Return the tasks ``round_open`` would create now, with each unit's due time, and any calendar error.

    Mirrors ``services.round_open``: a form with a section split goes to its contributing units,
    the others to the units the targets resolve to.
    """
    now = now or timezone.now()
    rule = ReportingRule.from_dict(round.rule)
    period = Period.from_dict(round.period) if round.period else None
    units = list(round_resolve_units(round=round).select_related("level"))
    split: dict[int, list[SectionAssignment]] = {}
    for sa in SectionAssignment.objects.filter(round=round).select_related("unit__level").order_by("unit__path"):
        split.setdefault(sa.version_id, []).append(sa)
    rows, errors = [], []
    for rf in round.forms.select_related("version__definition"):
        version = rf.version
        compiled = compiled_form(version=version)
        titles = {key: title_of(compiled, key) for key in compiled.sections}
        pairs = ([(sa.unit, sa.section_keys) for sa in split[version.pk]] if version.pk in split
                 else [(u, []) for u in units])
        for unit, keys in pairs:
            try:
                due = rule.due_at(period, level_rank=unit.level.rank, opened_at=now)
            except CalendarError as exc:
                errors.extend(m for m in exc.messages if m not in errors)
                due = None
            rows.append(PreviewRow(version.definition.code, unit, tuple(titles.get(k, k) for k in keys), due))
    return RoundPreview(rows, errors)
