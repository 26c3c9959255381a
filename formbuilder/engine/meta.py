"""Meta-validation: is a definition document (định nghĩa biểu mẫu) well formed?

Two passes, both collecting every problem: a JSON Schema (2020-12) of the format itself,
then the semantic checks of :mod:`.checks` (duplicate keys, formulas, limits...) that a
schema cannot express.
"""
from __future__ import annotations

from jsonschema import Draft202012Validator

from .checks import semantic_problems
from .model import DefinitionError, Limits, Problem
from .tree import (
    CODE_MAX_LENGTH, CODE_PATTERN_ANY_CASE, COLUMN_TYPES, FORMAT, KEY_PATTERN, KINDS, NODE_TYPES, TARGET_DIRECTIONS,
)

_TEXT = {"type": "string"}
_LABEL = {"type": "string", "minLength": 1, "maxLength": 1000}
_NUMBER = {"type": "number"}
_EXTENSIONS = {"^x-": {}}  # "x-..." properties are left to tools, so the format can grow.


def _node(required: list[str], properties: dict) -> dict:
    common = {"type": {"const": None}, "key": {"$ref": "#/$defs/key"}, "help": _TEXT,
              "required": {"type": "boolean"}, "number": {"$ref": "#/$defs/numbering"}}
    return {
        "type": "object",
        "required": ["type", "key", *required],
        "properties": {**common, **properties},
        "patternProperties": _EXTENSIONS,
        "additionalProperties": False,
    }


_NODE_DEFS = {
    "section": _node(["title", "children"], {
        "title": _LABEL, "guidance": _TEXT,
        "children": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    }),
    "text": _node(["label"], {
        "label": _LABEL, "multiline": {"type": "boolean"},
        "max_length": {"type": ["integer", "null"], "minimum": 1},
    }),
    "number": _node(["label"], {
        "label": _LABEL, "integer": {"type": "boolean"}, "minimum": _NUMBER, "maximum": _NUMBER,
        "unit": _TEXT, "target": {"$ref": "#/$defs/target"},
    }),
    "choice": _node(["label", "options"], {
        "label": _LABEL, "multiple": {"type": "boolean"},
        "options": {"type": "array", "items": {"$ref": "#/$defs/option"}},
    }),
    "boolean": _node(["label"], {"label": _LABEL}),
    "date": _node(["label"], {"label": _LABEL}),
    "file": _node(["label"], {"label": _LABEL}),
    "table": _node(["label", "columns"], {
        "label": _LABEL,
        "columns": {"type": "array", "items": {"$ref": "#/$defs/column"}},
        "rows": {"anyOf": [{"const": "free"}, {"$ref": "#/$defs/fixed_rows"}]},
        "min_rows": {"type": "integer", "minimum": 0},
        "max_rows": {"type": "integer", "minimum": 1},
        "totals": {"type": "array", "items": {"$ref": "#/$defs/key"}},
    }),
    "computed": _node(["label", "formula"], {
        "label": _LABEL, "formula": {"type": "string"}, "unit": _TEXT,
        "decimals": {"type": "integer", "minimum": 0, "maximum": 10}, "target": {"$ref": "#/$defs/target"},
    }),
    "self_assessment": _node([], {"title": _LABEL, "guidance": _TEXT}),
}
for _type, _schema in _NODE_DEFS.items():
    _schema["properties"]["type"] = {"const": _type}

META_SCHEMA = {
    "$schema": "https://json-schema.org/draft/2020-12/schema",
    "$id": "https://baocao.local/schemas/form-definition-1.json",
    "title": "Định nghĩa biểu mẫu baocao.form/1",
    "type": "object",
    "required": ["format", "code", "kind", "title", "items"],
    "properties": {
        "format": {"const": FORMAT},
        "code": {"type": "string", "pattern": CODE_PATTERN_ANY_CASE},
        "kind": {"enum": list(KINDS)},
        "title": _LABEL,
        "description": _TEXT,
        "source": _TEXT,
        "items": {"type": "array", "items": {"$ref": "#/$defs/node"}},
    },
    "patternProperties": _EXTENSIONS,
    "additionalProperties": False,
    "$defs": {
        "key": {"type": "string", "pattern": KEY_PATTERN},
        "numbering": {"type": "string", "minLength": 1, "maxLength": 30},
        "option": {
            "type": "object", "required": ["value", "label"],
            "properties": {"value": {"type": "string", "minLength": 1, "maxLength": 200}, "label": _LABEL},
            "patternProperties": _EXTENSIONS, "additionalProperties": False,
        },
        "column": {
            "type": "object", "required": ["key", "label", "type"],
            "properties": {
                "key": {"$ref": "#/$defs/key"}, "label": _LABEL, "type": {"enum": list(COLUMN_TYPES)},
                "unit": _TEXT, "help": _TEXT, "required": {"type": "boolean"},
                "options": {"type": "array", "items": {"$ref": "#/$defs/option"}},
                "minimum": _NUMBER, "maximum": _NUMBER,
                "max_length": {"type": ["integer", "null"], "minimum": 1},
            },
            "patternProperties": _EXTENSIONS, "additionalProperties": False,
        },
        # The value an indicator aims at (chỉ tiêu phấn đấu), e.g. ">= 100 %" by the year's end.
        "target": {
            "type": "object", "required": ["direction", "value"], "additionalProperties": False,
            "properties": {
                "direction": {"enum": list(TARGET_DIRECTIONS)}, "value": _NUMBER, "unit": _TEXT,
                "baseline": {"type": ["number", "null"]}, "source": _TEXT,
            },
        },
        "fixed_rows": {
            "type": "object", "required": ["fixed"], "additionalProperties": False,
            "properties": {"fixed": {"type": "array", "items": {
                "type": "object", "required": ["key", "label"], "additionalProperties": False,
                "properties": {"key": {"$ref": "#/$defs/key"}, "label": _LABEL},
            }}},
        },
        # Dispatch on "type" with if/then rather than oneOf: a oneOf failure only says that
        # no branch matched, while if/then reports the precise fault inside the right branch.
        "node": {
            "type": "object",
            "required": ["type"],
            "properties": {"type": {"enum": list(NODE_TYPES)}},
            "allOf": [
                {"if": {"required": ["type"], "properties": {"type": {"const": t}}},
                 "then": {"$ref": f"#/$defs/{t}"}}
                for t in NODE_TYPES
            ],
        },
        **_NODE_DEFS,
    },
}

_META_VALIDATOR = Draft202012Validator(META_SCHEMA)

_TYPE_NAMES = {"string": "chuỗi ký tự", "integer": "số nguyên", "number": "số", "boolean": "true/false",
               "array": "danh sách", "object": "đối tượng", "null": "null"}


def format_path(parts) -> str:
    """Return a JSON location as text: ``items[2].children[0].key``."""
    text = ""
    for part in parts:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else str(part))
    return text


def _schema_problems(doc) -> list[Problem]:
    """Return the meta-schema problems of ``doc`` in document order, each once."""
    found: dict[tuple, list[str]] = {}
    for error in _META_VALIDATOR.iter_errors(doc):
        # jsonschema reports one "required" error per missing property, each naming them all.
        messages = found.setdefault(tuple(error.absolute_path), [])
        messages.extend(m for m in _explain(error) if m not in messages)
    in_order = sorted(found, key=lambda parts: [(0, p, "") if isinstance(p, int) else (1, 0, p) for p in parts])
    return [Problem(format_path(parts), message) for parts in in_order for message in found[parts]]


def _explain(error) -> list[str]:
    """Return the Vietnamese messages for one meta-schema error."""
    kind, expected, instance = error.validator, error.validator_value, error.instance
    if kind == "required":
        present = instance if isinstance(instance, dict) else {}
        return [f"Thiếu thuộc tính bắt buộc “{name}”" for name in expected if name not in present]
    if kind == "additionalProperties":
        allowed = set(error.schema.get("properties", {}))
        extra = [k for k in instance if k not in allowed and not str(k).startswith("x-")]
        return [f"Thuộc tính không được phép: “{name}”" for name in extra]
    if kind == "enum":
        choices = ", ".join(str(v) for v in expected)
        if expected == list(NODE_TYPES):
            return [f"Loại nút không hợp lệ: “{instance}” (chỉ nhận: {choices})"]
        if expected == list(COLUMN_TYPES):
            return [f"Loại cột không hợp lệ: “{instance}” (chỉ nhận: {choices})"]
        return [f"Giá trị không hợp lệ: “{instance}” (chỉ nhận: {choices})"]
    if kind == "const":
        if error.absolute_path and error.absolute_path[-1] == "type":
            return []  # the if/then dispatch already chose the branch from this very value
        if expected == FORMAT:
            return [f"Định dạng phải là “{FORMAT}”, nhận “{instance}”"]
        return [f"Giá trị phải là “{expected}”"]
    if kind == "anyOf" and error.absolute_path and error.absolute_path[-1] == "rows":
        return ["“rows” phải là \"free\" hoặc {\"fixed\": [{\"key\": ..., \"label\": ...}]}"]
    if kind == "type":
        names = expected if isinstance(expected, list) else [expected]
        return ["Giá trị phải là " + " hoặc ".join(_TYPE_NAMES.get(n, n) for n in names)]
    if kind == "pattern" and expected == KEY_PATTERN:
        return [f"Khóa “{instance}” không hợp lệ: chỉ dùng chữ thường không dấu (a–z), chữ số và “_”, "
                "bắt đầu bằng chữ cái, tối đa 63 ký tự"]
    if kind == "pattern" and expected == CODE_PATTERN_ANY_CASE:
        return [f"Mã “{instance}” không hợp lệ: chỉ gồm chữ cái không dấu, chữ số, dấu chấm, gạch ngang, "
                f"gạch dưới, bắt đầu bằng chữ cái hoặc chữ số, tối đa {CODE_MAX_LENGTH} ký tự"]
    if kind == "minLength":
        return ["Không được để trống"]
    if kind == "maxLength":
        return [f"Dài quá {expected} ký tự"]
    if kind == "minimum":
        return [f"Phải lớn hơn hoặc bằng {expected}"]
    if kind == "maximum":
        return [f"Phải nhỏ hơn hoặc bằng {expected}"]
    return [f"Không hợp lệ ({error.message})"]


def _raw_depth(value, limit: int) -> int:
    """Return the nesting depth of plain JSON ``value``, stopping once it exceeds ``limit``."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        current, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            return deepest
        children = current.values() if isinstance(current, dict) else current if isinstance(current, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def definition_problems(doc, *, limits: Limits = Limits()) -> list[Problem]:
    """Return every problem of definition ``doc`` (empty when it is usable)."""
    # Each section level costs two JSON levels (node, children list); anything far deeper is
    # refused before jsonschema's recursive walk could hit Python's recursion limit.
    hard_limit = 2 * limits.max_depth + 8
    if _raw_depth(doc, hard_limit) > hard_limit:
        return [Problem("", f"Định nghĩa lồng nhau quá sâu (tối đa {limits.max_depth} cấp mục)")]
    problems = _schema_problems(doc)
    if isinstance(doc, dict):
        problems.extend(semantic_problems(doc, limits=limits))
    return problems


def validate_definition(doc, *, limits: Limits = Limits()) -> None:
    """Return None if ``doc`` is a usable definition; otherwise raise DefinitionError listing every problem."""
    problems = definition_problems(doc, limits=limits)
    if problems:
        raise DefinitionError(problems)
