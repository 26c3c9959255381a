"""Formula tokenizer, parser and evaluator: plain data in, plain data out."""
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from formbuilder.engine.formula import (
    MAX_NESTING, Binary, Call, FormulaError, Num, Ref, dependencies, evaluate, parse_formula, references,
    round_half_up,
)


def value(text, **values):
    return evaluate(parse_formula(text), values)


class TestParsing:
    def test_precedence_multiplication_before_addition(self):
        tree = parse_formula("a + b * 2")
        assert tree == Binary("+", Ref(("a",), 0), Binary("*", Ref(("b",), 4), Num(2, 8), 6), 2)

    def test_division_is_left_associative(self):
        assert value("a / b * 100", a=1, b=4) == 25.0
        assert value("8 / 4 / 2") == 1.0

    def test_parentheses_and_unary_minus(self):
        assert value("-(a - 10) * 2", a=4) == 12
        assert value("--3") == 3

    def test_dotted_references(self):
        tree = parse_formula("sum(van_ban.so_trang) + can_bo.cap_tinh.so_nguoi")
        refs = [ref.parts for ref, _ in references(tree)]
        assert refs == [("van_ban", "so_trang"), ("can_bo", "cap_tinh", "so_nguoi")]

    def test_references_report_their_aggregate_context(self):
        tree = parse_formula("sum(t.c, a) + round(b, 1) + count(t)")
        assert [(ref.name, context) for ref, context in references(tree)] == [
            ("t.c", "sum"), ("a", "sum"), ("b", None), ("t", "count")]

    def test_dependencies_are_first_parts(self):
        tree = parse_formula("so_van_ban_dien_tu / tong_so_van_ban * 100 + sum(bang.cot)")
        assert dependencies(tree) == {"so_van_ban_dien_tu", "tong_so_van_ban", "bang"}

    def test_function_call_tree(self):
        assert parse_formula("abs(x)") == Call("abs", (Ref(("x",), 4),), 0)

    @pytest.mark.parametrize(("text", "message", "position"), [
        ("", "Công thức trống", 0),
        ("   ", "Công thức trống", 0),
        ("a # b", "Ký tự không hợp lệ “#” ở vị trí 3", 2),
        ("a = b", "Ký tự không hợp lệ “=” ở vị trí 3; dùng “==” để so sánh bằng", 2),
        ("a ! b", "Ký tự không hợp lệ “!” ở vị trí 3; dùng “!=” để so sánh khác", 2),
        ("tỷ_lệ", "Ký tự không hợp lệ “ỷ” ở vị trí 2", 1),
        ("1.2.3", "Số không hợp lệ “1.2.3” ở vị trí 1", 0),
        ("12abc", "Số không hợp lệ “12a” ở vị trí 1", 0),
        ("a +", "Công thức còn thiếu toán hạng ở vị trí 4", 3),
        ("(a + b", "Thiếu “)” ở vị trí 7, gặp hết công thức (mở ở vị trí 1)", 6),
        ("a b", "Thừa “b” ở vị trí 3", 2),
        ("a < b < c", "Không thể nối liền hai phép so sánh ở vị trí 7; hãy dùng “and”", 6),
        ("foo(1)", "Hàm “foo” không được hỗ trợ ở vị trí 1 (chỉ dùng: sum, avg, min, max, count, round, abs, if)", 0),
        ("round(1, 2, 3)", "Hàm “round” cần 1 đến 2 đối số, nhận 3 ở vị trí 1", 0),
        ("if(a, b)", "Hàm “if” cần 3 đối số, nhận 2 ở vị trí 1", 0),
        ("sum()", "Hàm “sum” cần ít nhất 1 đối số, nhận 0 ở vị trí 1", 0),
        ("bang.", "Thiếu tên sau dấu chấm ở vị trí 5", 4),
        ("* a", "Không mong đợi “*” ở vị trí 1", 0),
    ])
    def test_errors_are_precise_vietnamese_with_position(self, text, message, position):
        with pytest.raises(FormulaError) as caught:
            parse_formula(text)
        assert str(caught.value) == message
        assert caught.value.position == position

    def test_length_limit(self):
        with pytest.raises(FormulaError, match="Công thức dài quá 10 ký tự"):
            parse_formula("a + b + c + d", max_length=10)

    def test_nesting_is_bounded(self):
        with pytest.raises(FormulaError, match="lồng nhau quá sâu"):
            parse_formula("(" * (MAX_NESTING + 5) + "1" + ")" * (MAX_NESTING + 5))
        with pytest.raises(FormulaError, match="lồng nhau quá sâu"):
            parse_formula("-" * 2000 + "1")

    def test_huge_number_literal_is_refused(self):
        with pytest.raises(FormulaError, match="Số quá dài"):
            parse_formula("9" * 5000)

    @pytest.mark.parametrize("text", [
        "__import__('os').system('echo x')",
        "eval(\"1\")",
        "a.__class__",
        "_x + 1",
        "lambda: 1",
        "open('x')",
        "[1, 2]",
    ])
    def test_python_code_is_not_a_formula(self, text):
        with pytest.raises(FormulaError):
            parse_formula(text)


class TestEvaluation:
    def test_ratio(self):
        assert value("so_van_ban_dien_tu / tong_so_van_ban * 100", so_van_ban_dien_tu=150,
                     tong_so_van_ban=200) == 75.0

    def test_division_by_zero_is_undefined(self):
        assert value("a / b * 100", a=5, b=0) is None

    def test_missing_operand_is_undefined(self):
        assert value("a + b", a=1) is None
        assert value("a * 2") is None

    def test_text_value_is_undefined_not_an_error(self):
        assert value("a + 1", a="mười") is None
        assert value("a + 1", a=True) == 2  # booleans come only from comparisons inside formulas

    def test_sum_skips_empty_cells_like_a_spreadsheet(self):
        assert evaluate(parse_formula("sum(t.c)"), {"t.c": [1, None, 2.5]}) == 3.5
        assert evaluate(parse_formula("sum(t.c)"), {"t.c": []}) == 0

    def test_sum_of_missing_scalar_is_undefined(self):
        assert value("sum(a, b)", a=1) is None

    def test_avg_min_max(self):
        values = {"t.c": [4, None, 2, 6]}
        assert evaluate(parse_formula("avg(t.c)"), values) == 4
        assert evaluate(parse_formula("min(t.c, 3)"), values) == 2
        assert evaluate(parse_formula("max(t.c)"), values) == 6
        assert evaluate(parse_formula("avg(t.c)"), {"t.c": [None]}) is None
        assert evaluate(parse_formula("max(t.c)"), {"t.c": []}) is None

    def test_count_rows_and_values(self):
        assert evaluate(parse_formula("count(t)"), {"t": [1, None, 1]}) == 2
        assert value("count(a)", a=3) == 1
        assert value("count(a)") == 0

    def test_round_is_half_up(self):
        assert value("round(2.5)") == 3
        assert value("round(-2.5)") == -3
        assert value("round(a, 2)", a=1 / 3 * 100) == 33.33
        assert value("round(0.125, 2)") == 0.13
        assert round_half_up(1234.5, -1) == 1230

    def test_abs_and_if(self):
        assert value("abs(a - b)", a=1, b=5) == 4
        assert value("if(a > b, a, b)", a=1, b=5) == 5
        assert value("if(a >= 10 and b != 0, 1, 0)", a=10, b=1) == 1
        assert value("if(a, 1, 2)") is None

    def test_if_only_evaluates_the_chosen_branch(self):
        assert value("if(b == 0, 0, a / b)", a=1, b=0) == 0

    def test_comparisons_and_logic(self):
        assert value("a < b", a=1, b=2) is True
        assert value("a == b", a=1, b=1.0) is True
        assert value("not a > 1", a=0) is True
        assert value("a > 1 or b > 1", a=5) is True  # a known True decides "or"
        assert value("a > 1 and b > 1", a=0) is False  # a known False decides "and"
        assert value("a > 1 and b > 1", a=5) is None
        assert value("a > 1 or b", b=0) is None

    def test_overflow_is_undefined(self):
        assert value("a * 1.5", a=10 ** 400) is None
        assert value("a / 3", a=10 ** 400) is None
        assert value("a * a", a=1e308) is None

    def test_callable_lookup_receives_parts(self):
        seen = []

        def lookup(parts):
            seen.append(parts)
            return 2

        assert evaluate(parse_formula("a.b.c * d"), lookup) == 4
        assert seen == [("a", "b", "c"), ("d",)]


@settings(max_examples=300, deadline=None)
@given(st.text(max_size=80))
def test_random_text_raises_only_formula_error(text):
    try:
        parse_formula(text)
    except FormulaError as error:
        assert str(error)
        assert error.position is not None


_ALPHABET = st.sampled_from(list("abct.()+-*/<>=!,0123456789 ") + ["sum(", "if(", "and", "or", "not", "round("])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join))
def test_formula_like_text_raises_only_formula_error(text):
    try:
        parse_formula(text)
    except FormulaError:
        pass


_leaf = st.one_of(st.sampled_from(["a", "b", "c", "0", "1", "2.5", "100"]))


def _combine(children):
    binary = st.tuples(children, st.sampled_from(["+", "-", "*", "/", "<", ">=", "==", "and", "or"]), children)
    return st.one_of(
        binary.map(lambda t: f"({t[0]} {t[1]} {t[2]})"),
        children.map(lambda c: f"-{c}"),
        children.map(lambda c: f"not {c}"),
        st.tuples(children, children).map(lambda t: f"sum({t[0]}, {t[1]}, t.c)"),
        st.tuples(children, children, children).map(lambda t: f"if({t[0]}, {t[1]}, {t[2]})"),
        children.map(lambda c: f"round({c}, 1)"),
        children.map(lambda c: f"abs({c})"),
        children.map(lambda c: f"max({c}, t.c)"),
    )


_numbers = st.one_of(st.none(), st.integers(-10 ** 30, 10 ** 30), st.floats(allow_nan=True), st.just(0))


@settings(max_examples=300, deadline=None)
@given(st.recursive(_leaf, _combine, max_leaves=12), _numbers, _numbers, _numbers,
       st.lists(_numbers, max_size=4))
def test_evaluation_never_raises(text, a, b, c, column):
    result = evaluate(parse_formula(text), {"a": a, "b": b, "c": c, "t.c": column})
    assert result is None or isinstance(result, (bool, int, float))
