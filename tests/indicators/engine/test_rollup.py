"""The roll-up over a tree equals a brute-force computation (hypothesis), for every rule."""
import math

from hypothesis import given, settings
from hypothesis import strategies as st

from indicators.engine.rollup import Reported, rollup, rollup_indicators
from indicators.engine.rules import Aggregation, Condition, Rule, State, finalize, merge_all

RULES = [Rule(Aggregation.SUM), Rule(Aggregation.AVERAGE), Rule(Aggregation.MIN), Rule(Aggregation.MAX),
         Rule(Aggregation.COUNT), Rule(Aggregation.LAST), Rule(Aggregation.SHARE, condition=Condition(">=", 50))]


def small_tree():
    #        1
    #     2     3
    #   4   5     6
    #  7
    return {1: None, 2: 1, 3: 1, 4: 2, 5: 2, 6: 3, 7: 4}


def test_sum_with_counts_on_a_small_tree():
    results = rollup({7: 10, 5: 2, 6: 4}, small_tree(), Rule(Aggregation.SUM), expected=[7, 5, 6, 3])
    assert {n: (r.value, r.reporting, r.expected) for n, r in results.items()} == {
        4: (10, 1, 1), 2: (12, 2, 2), 3: (4, 1, 2), 1: (16, 3, 4)}


def test_an_internal_unit_counts_its_own_value_and_a_leaf_gets_no_result():
    results = rollup({2: 5, 4: 1}, small_tree(), Rule(Aggregation.SUM))
    assert results[2].value == 6 and results[1].value == 6
    assert 4 not in results and 5 not in results


def test_expected_units_without_values_give_an_undefined_result():
    results = rollup({}, small_tree(), Rule(Aggregation.AVERAGE), expected=[5])
    assert (results[2].value, results[2].reporting, results[2].expected) == (None, 0, 1)


def test_ratio_indicators_divide_the_sums_of_their_parts():
    rules = {"done": Rule(Aggregation.SUM), "total": Rule(Aggregation.SUM),
             "rate": Rule(Aggregation.RATIO, numerator="done", denominator="total", factor=100)}
    values = {(5, "done"): 1, (5, "total"): 4, (6, "done"): 3, (6, "total"): 4, (7, "total"): 0}
    results = rollup_indicators(values, small_tree(), rules)
    assert results[(1, "rate")].value == 50.0
    assert results[(4, "rate")].value is None  # 0 ÷ nothing reported: không xác định
    assert results[(3, "rate")].value == 75.0


# --- brute force ----------------------------------------------------------------

def descendants(tree, node):
    """Return the proper descendants of ``node`` by walking every node's ancestors."""
    found = set()
    for other in tree:
        parent = tree[other]
        while parent is not None:
            if parent == node:
                found.add(other)
                break
            parent = tree[parent]
    return found


def brute(values, tree, rule, expected):
    out = {}
    for node in tree:
        below = descendants(tree, node)
        if not any(n in values or n in expected for n in below):
            continue
        members = below | {node}
        state = merge_all([State.of_value(values[n].value, at=values[n].at, condition=rule.condition,
                                          expected=int(n in expected)) if n in values
                           else State.expecting() for n in members if n in values or n in expected])
        reported = [values[n] for n in members if n in values]
        if rule.aggregation is Aggregation.SUM:
            value = sum(r.value for r in reported) if reported else None
        elif rule.aggregation is Aggregation.AVERAGE:
            value = sum(r.value for r in reported) / len(reported) if reported else None
        elif rule.aggregation is Aggregation.MIN:
            value = min((r.value for r in reported), default=None)
        elif rule.aggregation is Aggregation.MAX:
            value = max((r.value for r in reported), default=None)
        elif rule.aggregation is Aggregation.COUNT:
            value = float(len(reported))
        elif rule.aggregation is Aggregation.SHARE:
            value = 100.0 * sum(1 for r in reported if r.value >= 50) / len(reported) if reported else None
        else:
            latest = sorted(reported, key=lambda r: (r.at is not None, r.at or 0, r.value))
            value = latest[-1].value if latest else None
        assert finalize(rule, state) == value or math.isclose(finalize(rule, state), value)
        out[node] = (value, len(reported), sum(1 for n in members if n in expected))
    return out


@st.composite
def trees_with_values(draw):
    size = draw(st.integers(1, 40))
    tree = {0: None}
    for node in range(1, size):
        tree[node] = draw(st.integers(0, node - 1))
    reporting = draw(st.sets(st.integers(0, size - 1)))
    values = {n: Reported(float(draw(st.integers(-100, 100))), draw(st.one_of(st.none(), st.integers(0, 5))))
              for n in reporting}
    expected = draw(st.sets(st.integers(0, size - 1)))
    return tree, values, expected


def close(a, b):
    return a == b or (a is not None and b is not None and math.isclose(a, b, abs_tol=1e-9))


@settings(max_examples=150, deadline=None)
@given(trees_with_values(), st.sampled_from(RULES))
def test_rollup_equals_brute_force(data, rule):
    tree, values, expected = data
    results = rollup(values, tree, rule, expected)
    wanted = brute(values, tree, rule, expected)
    assert set(results) == set(wanted)
    for node, (value, reporting, exp) in wanted.items():
        assert close(results[node].value, value), (node, results[node], value)
        assert (results[node].reporting, results[node].expected) == (reporting, exp)


@settings(max_examples=100, deadline=None)
@given(trees_with_values(), trees_with_values())
def test_ratio_equals_brute_force_ratio_of_sums(num_data, den_data):
    tree, num_values, expected = num_data
    den_values = {n: v for n, v in den_data[1].items() if n in tree}
    rules = {"n": Rule(Aggregation.SUM), "d": Rule(Aggregation.SUM),
             "r": Rule(Aggregation.RATIO, numerator="n", denominator="d", factor=100)}
    values = {**{(u, "n"): v for u, v in num_values.items()}, **{(u, "d"): v for u, v in den_values.items()}}
    results = rollup_indicators(values, tree, rules, {"n": expected, "d": expected})
    for node in tree:
        members = descendants(tree, node) | {node}
        nums = [num_values[m].value for m in members if m in num_values]
        dens = [den_values[m].value for m in members if m in den_values]
        if (node, "n") not in results and (node, "d") not in results:
            assert (node, "r") not in results
            continue
        want = None if not nums or not dens or sum(dens) == 0 else sum(nums) / sum(dens) * 100
        assert close(results[(node, "r")].value, want)
        assert results[(node, "r")].reporting == min(len(nums), len(dens))

