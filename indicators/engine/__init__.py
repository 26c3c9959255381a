"""Pure indicator engine (no Django): aggregation rules, the roll-up over a tree, periods,
targets, sources, completeness and configuration problems. Plain data in, plain data out."""
from .completeness import Completeness, completeness_of
from .periods import combine_periods, parse_period_key, period_key, round_period_key
from .rollup import Reported, Result, ratio_results, rollup, rollup_indicators, subtree_states
from .rules import (
    Aggregation, Condition, PeriodCombine, Rule, State, divide, finalize, format_value, merge_all, ratio_counts,
    ratio_value,
)
from .sources import Source, SourceKind, extract_values
from .targets import Status, TargetSpec, judge, target_problems
from .validation import IndicatorSpec, Problem, RatioPart, indicator_problems

__all__ = [
    "Aggregation", "Completeness", "Condition", "IndicatorSpec", "PeriodCombine", "Problem", "RatioPart",
    "Reported", "Result", "Rule", "Source", "SourceKind", "State", "Status", "TargetSpec", "combine_periods",
    "completeness_of", "divide", "extract_values", "finalize", "format_value", "indicator_problems", "judge",
    "merge_all", "parse_period_key", "period_key", "ratio_counts", "ratio_results", "ratio_value", "rollup",
    "rollup_indicators", "round_period_key", "subtree_states", "target_problems",
]
