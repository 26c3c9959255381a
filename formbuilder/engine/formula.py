"""Formulas of computed fields (chỉ tiêu tính toán): tokenizer, Pratt parser, evaluator.

User text is never handed to ``eval``/``exec``: it is tokenised by hand and parsed into a
small tree of dataclasses that only :func:`evaluate` interprets. There is deliberately no
power operator, so a 500-character formula cannot build an astronomically large number.
"""
from __future__ import annotations

import math
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

# (fewest, most) arguments; None means any number.
FUNCTIONS = {
    "sum": (1, None), "avg": (1, None), "min": (1, None), "max": (1, None), "count": (1, 1),
    "round": (1, 2), "abs": (1, 1), "if": (3, 3),
}
# Functions whose arguments may be whole table columns (``sum(bang.so_luong)``) or tables.
AGGREGATES = frozenset({"sum", "avg", "min", "max", "count"})
KEYWORDS = frozenset({"and", "or", "not"})
COMPARISONS = frozenset({"<", "<=", ">", ">=", "==", "!="})

# Parentheses and unary operators nest at most this deep; it keeps the recursive parser and
# evaluator far from Python's recursion limit whatever the input.
MAX_NESTING = 60
MAX_NUMBER_LENGTH = 30

_BINDING = {"or": 10, "and": 20, **{op: 40 for op in COMPARISONS}, "+": 50, "-": 50, "*": 60, "/": 60}
_PREFIX_NOT = 30
_PREFIX_SIGN = 70
_TWO_CHAR = ("<=", ">=", "==", "!=")
_ONE_CHAR = "+-*/<>(),."


class FormulaError(ValueError):
    """A formula cannot be parsed; ``position`` is the 0-based index of the offending character."""

    def __init__(self, message: str, position: int | None = None):
        self.position = position
        super().__init__(message)


@dataclass(frozen=True)
class Token:
    kind: str  # "number", "name", "op", "end"
    text: str
    pos: int


@dataclass(frozen=True)
class Num:
    value: int | float
    pos: int


@dataclass(frozen=True)
class Ref:
    """A reference: ``field``, ``table.column`` or ``table.row.column`` (fixed rows)."""

    parts: tuple[str, ...]
    pos: int

    @property
    def name(self) -> str:
        return ".".join(self.parts)


@dataclass(frozen=True)
class Unary:
    op: str
    operand: object
    pos: int


@dataclass(frozen=True)
class Binary:
    op: str
    left: object
    right: object
    pos: int


@dataclass(frozen=True)
class Call:
    name: str
    args: tuple
    pos: int


def _at(pos: int) -> str:
    return f"ở vị trí {pos + 1}"


def tokenize(text: str) -> list[Token]:
    """Return the tokens of ``text``, ending with an ``end`` token; raise FormulaError on a stray character."""
    tokens: list[Token] = []
    i, n = 0, len(text)
    while i < n:
        char = text[i]
        if char in " \t\r\n":
            i += 1
        elif "0" <= char <= "9":
            start = i
            while i < n and ("0" <= text[i] <= "9" or text[i] == "."):
                i += 1
            literal = text[start:i]
            if literal.count(".") > 1 or literal.endswith(".") or (i < n and _is_name_char(text[i])):
                end = i + 1 if i < n and _is_name_char(text[i]) else i
                raise FormulaError(f"Số không hợp lệ “{text[start:end]}” {_at(start)}", start)
            if len(literal) > MAX_NUMBER_LENGTH:
                raise FormulaError(f"Số quá dài {_at(start)} (tối đa {MAX_NUMBER_LENGTH} chữ số)", start)
            tokens.append(Token("number", literal, start))
        elif _is_name_start(char):
            start = i
            while i < n and _is_name_char(text[i]):
                i += 1
            word = text[start:i]
            tokens.append(Token("op" if word in KEYWORDS else "name", word, start))
        elif text[i:i + 2] in _TWO_CHAR:
            tokens.append(Token("op", text[i:i + 2], i))
            i += 2
        elif char in _ONE_CHAR:
            tokens.append(Token("op", char, i))
            i += 1
        elif char in "=!":
            hint = "dùng “==” để so sánh bằng" if char == "=" else "dùng “!=” để so sánh khác"
            raise FormulaError(f"Ký tự không hợp lệ “{char}” {_at(i)}; {hint}", i)
        else:
            raise FormulaError(f"Ký tự không hợp lệ “{char}” {_at(i)}", i)
    tokens.append(Token("end", "", n))
    return tokens


def _is_name_start(char: str) -> bool:
    # Names start with a letter, as field keys do; "_" only inside, so no "__dunder__" names.
    return ("a" <= char <= "z") or ("A" <= char <= "Z")


def _is_name_char(char: str) -> bool:
    return _is_name_start(char) or "0" <= char <= "9" or char == "_"


class _Parser:
    def __init__(self, tokens: list[Token]):
        self.tokens = tokens
        self.index = 0
        self.nesting = 0

    @property
    def current(self) -> Token:
        return self.tokens[self.index]

    def advance(self) -> Token:
        token = self.tokens[self.index]
        if token.kind != "end":
            self.index += 1
        return token

    def expect(self, text: str, opening: Token | None = None) -> Token:
        token = self.current
        if token.kind == "op" and token.text == text:
            return self.advance()
        found = "hết công thức" if token.kind == "end" else f"“{token.text}”"
        detail = f" (mở {_at(opening.pos)})" if opening else ""
        raise FormulaError(f"Thiếu “{text}” {_at(token.pos)}, gặp {found}{detail}", token.pos)

    def enter(self, pos: int) -> None:
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise FormulaError(f"Công thức lồng nhau quá sâu {_at(pos)} (tối đa {MAX_NESTING} cấp)", pos)

    def expression(self, rbp: int = 0):
        self.enter(self.current.pos)
        left = self.prefix()
        while True:
            token = self.current
            bp = _BINDING.get(token.text, 0) if token.kind == "op" else 0
            if bp <= rbp:
                break
            self.advance()
            right = self.expression(bp)
            if token.text in COMPARISONS and self.current.text in COMPARISONS and self.current.kind == "op":
                nxt = self.current
                raise FormulaError(
                    f"Không thể nối liền hai phép so sánh {_at(nxt.pos)}; hãy dùng “and”", nxt.pos)
            left = Binary(token.text, left, right, token.pos)
        self.nesting -= 1
        return left

    def prefix(self):
        token = self.advance()
        if token.kind == "number":
            value = float(token.text) if "." in token.text else int(token.text)
            return Num(value, token.pos)
        if token.kind == "name":
            return self.name(token)
        if token.kind == "op" and token.text in ("-", "+"):
            return Unary(token.text, self.expression(_PREFIX_SIGN), token.pos)
        if token.kind == "op" and token.text == "not":
            return Unary("not", self.expression(_PREFIX_NOT), token.pos)
        if token.kind == "op" and token.text == "(":
            inner = self.expression(0)
            self.expect(")", token)
            return inner
        if token.kind == "end":
            raise FormulaError(f"Công thức còn thiếu toán hạng {_at(token.pos)}", token.pos)
        raise FormulaError(f"Không mong đợi “{token.text}” {_at(token.pos)}", token.pos)

    def name(self, token: Token):
        if self.current.kind == "op" and self.current.text == "(":
            return self.call(token)
        parts = [token.text]
        while self.current.kind == "op" and self.current.text == ".":
            dot = self.advance()
            part = self.advance()
            if part.kind != "name":
                raise FormulaError(f"Thiếu tên sau dấu chấm {_at(dot.pos)}", dot.pos)
            parts.append(part.text)
        return Ref(tuple(parts), token.pos)

    def call(self, token: Token):
        name = token.text
        if name not in FUNCTIONS:
            known = ", ".join(FUNCTIONS)
            raise FormulaError(f"Hàm “{name}” không được hỗ trợ {_at(token.pos)} (chỉ dùng: {known})", token.pos)
        opening = self.advance()
        args = []
        if not (self.current.kind == "op" and self.current.text == ")"):
            args.append(self.expression(0))
            while self.current.kind == "op" and self.current.text == ",":
                self.advance()
                args.append(self.expression(0))
        self.expect(")", opening)
        fewest, most = FUNCTIONS[name]
        if len(args) < fewest or (most is not None and len(args) > most):
            wanted = (f"{fewest}" if fewest == most else f"{fewest} đến {most}" if most
                      else f"ít nhất {fewest}")
            raise FormulaError(
                f"Hàm “{name}” cần {wanted} đối số, nhận {len(args)} {_at(token.pos)}", token.pos)
        return Call(name, tuple(args), token.pos)


def parse_formula(text: str, *, max_length: int | None = None):
    """Return the syntax tree of ``text``; raise FormulaError (Vietnamese, with position) if it is malformed."""
    if not isinstance(text, str) or not text.strip():
        raise FormulaError("Công thức trống", 0)
    if max_length is not None and len(text) > max_length:
        raise FormulaError(f"Công thức dài quá {max_length} ký tự", max_length)
    parser = _Parser(tokenize(text))
    tree = parser.expression(0)
    extra = parser.current
    if extra.kind != "end":
        raise FormulaError(f"Thừa “{extra.text}” {_at(extra.pos)}", extra.pos)
    return tree


def references(tree, context: str | None = None) -> Iterator[tuple[Ref, str | None]]:
    """Yield each reference of ``tree`` with the aggregate function it is a direct argument of, if any."""
    if isinstance(tree, Ref):
        yield tree, context
    elif isinstance(tree, Unary):
        yield from references(tree.operand)
    elif isinstance(tree, Binary):
        yield from references(tree.left)
        yield from references(tree.right)
    elif isinstance(tree, Call):
        inner = tree.name if tree.name in AGGREGATES else None
        for arg in tree.args:
            yield from references(arg, inner)


def dependencies(tree) -> frozenset[str]:
    """Return the field keys ``tree`` reads (the first part of every reference)."""
    return frozenset(ref.parts[0] for ref, _ in references(tree))


Lookup = Callable[[tuple[str, ...]], object]


def evaluate(tree, values: Mapping[str, object] | Lookup):
    """Return the value of ``tree``: a number, a bool for comparisons, or None when undefined.

    ``values`` maps a dotted reference (``"a"``, ``"bang.cot"``) to a number, None, or a list
    of those (a table column; for a bare table, one entry per row, None for an empty row);
    it may also be a callable taking the reference parts. Division by zero, a missing operand
    or an overflow gives None (shown as "không xác định"), never an exception.
    """
    lookup = values if callable(values) else (lambda parts: values.get(".".join(parts)))
    try:
        result = _eval(tree, lookup)
    except (ArithmeticError, ValueError):
        return None
    if isinstance(result, bool) or result is None:
        return result
    return result if isinstance(result, (int, float)) and _finite(result) else None


def round_half_up(value: int | float, digits: int) -> int | float:
    """Return ``value`` rounded half away from zero, as Vietnamese reports expect (not banker's rounding)."""
    digits = max(-12, min(12, int(digits)))
    quantum = Decimal(1).scaleb(-digits)
    rounded = Decimal(str(value)).quantize(quantum, rounding=ROUND_HALF_UP)
    return int(rounded) if digits <= 0 else float(rounded)


def _finite(value) -> bool:
    return not isinstance(value, float) or math.isfinite(value)


def _scalar(value):
    """Return ``value`` if it is a usable number or bool, else None (lists and text included)."""
    if isinstance(value, bool):
        return value
    if isinstance(value, (int, float)) and _finite(value):
        return value
    return None


def _eval(tree, lookup):
    if isinstance(tree, Num):
        return tree.value
    if isinstance(tree, Ref):
        value = lookup(tree.parts)
        if isinstance(value, (list, tuple)):
            return [v if isinstance(v, bool) else _scalar(v) for v in value]
        return _scalar(value)
    if isinstance(tree, Unary):
        operand = _scalar(_eval(tree.operand, lookup))
        if operand is None:
            return None
        return (not operand) if tree.op == "not" else (-operand if tree.op == "-" else +operand)
    if isinstance(tree, Binary):
        return _binary(tree, lookup)
    if isinstance(tree, Call):
        return _call(tree, lookup)
    return None


def _binary(tree: Binary, lookup):
    op = tree.op
    if op in ("and", "or"):
        # Three-valued logic: a known False decides "and", a known True decides "or".
        left = _scalar(_eval(tree.left, lookup))
        decided = (op == "and" and left is not None and not left) or (op == "or" and left is not None and left)
        if decided:
            return op == "or"
        right = _scalar(_eval(tree.right, lookup))
        if right is not None and ((op == "and" and not right) or (op == "or" and right)):
            return op == "or"
        return None if left is None or right is None else op == "and"
    left = _scalar(_eval(tree.left, lookup))
    right = _scalar(_eval(tree.right, lookup))
    if left is None or right is None:
        return None
    if op == "+":
        return left + right
    if op == "-":
        return left - right
    if op == "*":
        return left * right
    if op == "/":
        return None if right == 0 else left / right
    return {"<": left < right, "<=": left <= right, ">": left > right, ">=": left >= right,
            "==": left == right, "!=": left != right}[op]


def _call(tree: Call, lookup):
    name = tree.name
    if name == "if":
        condition = _scalar(_eval(tree.args[0], lookup))
        if condition is None:
            return None
        return _scalar(_eval(tree.args[1] if condition else tree.args[2], lookup))
    if name in AGGREGATES:
        return _aggregate(name, [_eval(arg, lookup) for arg in tree.args])
    value = _scalar(_eval(tree.args[0], lookup))
    if value is None:
        return None
    if name == "abs":
        return abs(value)
    digits = _scalar(_eval(tree.args[1], lookup)) if len(tree.args) > 1 else 0
    if digits is None:
        return None
    return round_half_up(value, digits)


def _aggregate(name: str, args: list):
    if name == "count":
        arg = args[0]
        if isinstance(arg, list):
            return sum(1 for v in arg if v is not None)
        return 0 if arg is None else 1
    numbers = []
    for arg in args:
        if isinstance(arg, list):
            # Empty cells of a column are skipped, as a spreadsheet's SUM does.
            numbers.extend(v for v in arg if v is not None)
        elif arg is None:
            return None
        else:
            numbers.append(arg)
    if name == "sum":
        return sum(numbers)
    if not numbers:
        return None
    if name == "avg":
        return sum(numbers) / len(numbers)
    return min(numbers) if name == "min" else max(numbers)
