"""Model → plain spec adapters for the engine's configuration checks (used by clean and checks.py)."""
from __future__ import annotations

from .engine.rules import Aggregation, Condition, PeriodCombine, Rule
from .engine.sources import Source, SourceKind
from .engine.targets import TargetSpec, target_problems
from .engine.validation import IndicatorSpec, Problem, RatioPart, indicator_problems


def _published_fields(definition):
    from formbuilder.selectors import compiled_form

    version = definition.published_version() if definition is not None else None
    return (compiled_form(version=version).fields if version else None), version is not None


def _part(indicator) -> RatioPart | None:
    if indicator is None:
        return None
    return RatioPart(code=indicator.code, unit=indicator.unit_of_measure, aggregation=indicator.aggregation,
                     has_source=bool(indicator.definition_id and indicator.field_key))


def indicator_spec(indicator, *, published: bool = False) -> IndicatorSpec:
    """Return the plain configuration of an Indicator model instance."""
    definition = indicator.definition if indicator.definition_id else None
    return IndicatorSpec(
        code=indicator.code, unit=indicator.unit_of_measure, value_type=indicator.value_type,
        aggregation=indicator.aggregation, source_kind=indicator.source_kind,
        definition=definition.code if definition else None, definition_published=published,
        field_key=indicator.field_key, column_key=indicator.column_key, choice_value=indicator.choice_value,
        numerator=_part(indicator.numerator if indicator.numerator_id else None),
        denominator=_part(indicator.denominator if indicator.denominator_id else None),
        factor=indicator.factor, condition_op=indicator.condition_op, condition_value=indicator.condition_value,
    )


def indicator_spec_problems(indicator) -> list[Problem]:
    """Return every configuration problem of ``indicator`` against its definition's published version."""
    definition = indicator.definition if indicator.definition_id else None
    fields, published = _published_fields(definition) if definition is not None else (None, False)
    return indicator_problems(indicator_spec(indicator, published=published), fields)


def target_spec(target) -> TargetSpec:
    return TargetSpec(direction=target.direction, value=target.value, baseline=target.baseline,
                      green=target.green_threshold, amber=target.amber_threshold)


def target_spec_problems(target) -> list[tuple[str, str]]:
    """Return (field, message) problems of a Target model instance against its indicator."""
    raw = {"direction": target.direction, "value": target.value, "baseline": target.baseline,
           "green": target.green_threshold, "amber": target.amber_threshold, "unit": target.unit or None}
    indicator = target.indicator if target.indicator_id else None
    return target_problems(raw, value_type=indicator.value_type if indicator else "decimal",
                           unit=indicator.unit_of_measure if indicator else "")


def indicator_rule(indicator) -> Rule:
    """Return the engine Rule of an Indicator (ratio parts named by indicator id)."""
    condition = (Condition(indicator.condition_op, indicator.condition_value)
                 if indicator.aggregation == Aggregation.SHARE and indicator.condition_op
                 and indicator.condition_value is not None else None)
    return Rule(aggregation=Aggregation(indicator.aggregation), condition=condition,
                numerator=indicator.numerator_id, denominator=indicator.denominator_id,
                factor=indicator.factor, period_combine=PeriodCombine(indicator.period_combine))


def indicator_source(indicator) -> Source:
    return Source(indicator=indicator.pk, kind=SourceKind(indicator.source_kind), field_key=indicator.field_key,
                  column_key=indicator.column_key, choice_value=indicator.choice_value)
