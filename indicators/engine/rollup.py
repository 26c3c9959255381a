"""Roll values up an organisation tree: every ancestor gets the state of its whole subtree.

Plain data in, plain data out: ``values`` maps a unit to what it reported, ``parents`` maps a
unit to its parent (None at a root). Results exist for the units that have a *proper*
descendant reporting or expected to report; a leaf's own value is read where it is stored.
"""
from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from .rules import EMPTY, Aggregation, Rule, State, finalize, ratio_counts, ratio_value

Node = Hashable


@dataclass(frozen=True)
class Reported:
    """A value one unit reported, and when (for the "last value" rule)."""

    value: float
    at: Any = None


@dataclass(frozen=True)
class Result:
    """The aggregated value of a subtree (None: không xác định) with its counts and state."""

    value: float | None
    reporting: int
    expected: int
    state: State


def _as_reported(raw) -> Reported:
    return raw if isinstance(raw, Reported) else Reported(float(raw))


def own_states(values: Mapping[Node, Any], expected: Iterable[Node], rule: Rule) -> dict[Node, State]:
    """Return each unit's own state: its reported value (if any) and whether it was asked to report."""
    asked = set(expected)
    states: dict[Node, State] = {}
    for node, raw in values.items():
        reported = _as_reported(raw)
        states[node] = State.of_value(reported.value, at=reported.at, condition=rule.condition,
                                      expected=1 if node in asked else 0)
    for node in asked:
        if node not in states:
            states[node] = State.expecting()
    return states


def _depths(nodes: Iterable[Node], parents: Mapping[Node, Node | None]) -> dict[Node, int]:
    depth: dict[Node, int] = {}
    for start in nodes:
        chain, node = [], start
        while node is not None and node not in depth:
            chain.append(node)
            node = parents.get(node)
        base = -1 if node is None else depth[node]
        for offset, item in enumerate(reversed(chain), start=1):
            depth[item] = base + offset
    return depth


def subtree_states(own: Mapping[Node, State], parents: Mapping[Node, Node | None]) -> dict[Node, State]:
    """Return, for every unit with a proper descendant in ``own``, the merged state of its subtree.

    Units are visited deepest first, each pushing (own ⊕ descendants) to its parent once:
    O(units involved), the same plan as the SQL adapter's level-by-level re-aggregation.
    """
    depth = _depths(own, parents)
    below: dict[Node, State] = {}
    for node in sorted(depth, key=depth.__getitem__, reverse=True):
        parent = parents.get(node)
        if parent is None:
            continue
        mine = own.get(node, EMPTY)
        if node in below:
            mine = mine.merge(below[node])
        below[parent] = below[parent].merge(mine) if parent in below else mine
    return {node: own.get(node, EMPTY).merge(state) for node, state in below.items()}


def rollup(values: Mapping[Node, Any], parents: Mapping[Node, Node | None], rule: Rule,
           expected: Iterable[Node] = ()) -> dict[Node, Result]:
    """Return the result of every ancestor of a reporting or expected unit for one (non-ratio) rule."""
    states = subtree_states(own_states(values, expected, rule), parents)
    return {node: Result(finalize(rule, state), state.reporting, state.expected, state)
            for node, state in states.items()}


def ratio_results(numerator: Mapping[Node, Result], denominator: Mapping[Node, Result], factor: float,
                  own: Mapping[tuple[Node, str], State] | None = None) -> dict[Node, Result]:
    """Return numerator ÷ denominator × factor for every unit either side has a result for.

    A side without a result at a unit is that unit's own value (``own[(unit, "num" | "den")]``), if any.
    """
    own = own or {}
    results = {}
    for node in numerator.keys() | denominator.keys():
        num = numerator[node].state if node in numerator else own.get((node, "num"), EMPTY)
        den = denominator[node].state if node in denominator else own.get((node, "den"), EMPTY)
        reporting, expected = ratio_counts(num, den)
        results[node] = Result(ratio_value(num, den, factor), reporting, expected,
                               State(reporting=reporting, expected=expected))
    return results


def rollup_indicators(values: Mapping[tuple[Node, Any], Any], parents: Mapping[Node, Node | None],
                      rules: Mapping[Any, Rule], expected: Mapping[Any, Iterable[Node]] | None = None,
                      ) -> dict[tuple[Node, Any], Result]:
    """Return {(unit, indicator): Result} for every indicator of ``rules``.

    ``values`` maps (unit, indicator) to a number or :class:`Reported`; ``expected`` maps an
    indicator to the units asked to report it. Ratio indicators are computed from their
    numerator's and denominator's states and carry no values of their own.
    """
    expected = expected or {}
    by_indicator: dict[Any, dict[Node, Any]] = {}
    for (node, indicator), raw in values.items():
        by_indicator.setdefault(indicator, {})[node] = raw
    per_indicator: dict[Any, dict[Node, Result]] = {}
    for indicator, rule in rules.items():
        if rule.aggregation is not Aggregation.RATIO:
            per_indicator[indicator] = rollup(by_indicator.get(indicator, {}), parents, rule,
                                              expected.get(indicator, ()))
    for indicator, rule in rules.items():
        if rule.aggregation is Aggregation.RATIO:
            own = {}
            for side, part in (("num", rule.numerator), ("den", rule.denominator)):
                asked = set(expected.get(part, ()))
                for node, raw in by_indicator.get(part, {}).items():
                    own[(node, side)] = State.of_value(_as_reported(raw).value, expected=int(node in asked))
                for node in asked:
                    own.setdefault((node, side), State.expecting())
            per_indicator[indicator] = ratio_results(per_indicator.get(rule.numerator, {}),
                                                     per_indicator.get(rule.denominator, {}), rule.factor, own)
    return {(node, indicator): result for indicator, results in per_indicator.items()
            for node, result in results.items()}
