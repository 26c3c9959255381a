"""Definition items → raw stream (what the designer shows) and back, one small function per node type."""
from __future__ import annotations

from collections.abc import Callable

from .keys import stream_with_keys
from .raw import json_number, list_raw, list_values, put_optional, random_id, stream_children, text_of

# Section levels the designer offers. The seed outline DC-TKT-DOT2-2026 goes five deep
# (IV. › 4. › 4.1. › 4.1.1. › a)): a top-level section and four nested child streams.
MAX_SECTION_LEVELS = 5


class DesignError(ValueError):
    """A definition the designer cannot show (too deep, unknown node type); ``problems`` says why."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# --- definition → stream -----------------------------------------------------------------------

def _target_to_block(target) -> dict:
    target = target if isinstance(target, dict) else {}
    return {"direction": text_of(target.get("direction")), "value": target.get("value"),
            "unit": text_of(target.get("unit")), "baseline": target.get("baseline"),
            "source": text_of(target.get("source"))}


def _option_to_block(option: dict) -> dict:
    return {"label": text_of(option.get("label")), "value": text_of(option.get("value"))}


def _column_to_block(column: dict, new_id) -> dict:
    return {"label": text_of(column.get("label")), "type": text_of(column.get("type")) or "text",
            "unit": text_of(column.get("unit")), "required": column.get("required") is True,
            "total": False, "minimum": column.get("minimum"), "maximum": column.get("maximum"),
            "max_length": column.get("max_length"),
            "options": list_raw((_option_to_block(o) for o in column.get("options") or []), new_id),
            "help": text_of(column.get("help")), "key": text_of(column.get("key"))}


def _common_to_block(node: dict) -> dict:
    return {"label": text_of(node.get("label")), "required": node.get("required") is True,
            "help": text_of(node.get("help")), "key": text_of(node.get("key")), "number": text_of(node.get("number"))}


def _text_to_block(node, new_id, level):
    return {**_common_to_block(node), "multiline": node.get("multiline") is True, "max_length": node.get("max_length")}


def _number_to_block(node, new_id, level):
    return {**_common_to_block(node), "integer": node.get("integer") is True, "minimum": node.get("minimum"),
            "maximum": node.get("maximum"), "unit": text_of(node.get("unit")),
            "target": _target_to_block(node.get("target"))}


def _choice_to_block(node, new_id, level):
    return {**_common_to_block(node), "multiple": node.get("multiple") is True,
            "options": list_raw((_option_to_block(o) for o in node.get("options") or []), new_id)}


def _plain_to_block(node, new_id, level):
    return _common_to_block(node)


def _table_to_block(node, new_id, level):
    totals = set(node.get("totals") or [])
    columns = []
    for column in node.get("columns") or []:
        value = _column_to_block(column, new_id)
        value["total"] = column.get("key") in totals
        columns.append(value)
    rows = node.get("rows", "free")
    fixed = rows.get("fixed") or [] if isinstance(rows, dict) else []
    return {**_common_to_block(node), "columns": list_raw(columns, new_id),
            "rows": "fixed" if isinstance(rows, dict) else "free",
            "fixed_rows": list_raw(({"label": text_of(r.get("label")), "key": text_of(r.get("key"))} for r in fixed),
                                    new_id),
            "min_rows": node.get("min_rows"), "max_rows": node.get("max_rows")}


def _computed_to_block(node, new_id, level):
    return {**_common_to_block(node), "formula": text_of(node.get("formula")), "unit": text_of(node.get("unit")),
            "decimals": node.get("decimals"), "target": _target_to_block(node.get("target"))}


def _self_assessment_to_block(node, new_id, level):
    return {"number": text_of(node.get("number")), "title": text_of(node.get("title")),
            "guidance": text_of(node.get("guidance")), "help": text_of(node.get("help")),
            "required": node.get("required") is True, "key": text_of(node.get("key"))}


def _section_to_block(node, new_id, level):
    if level > MAX_SECTION_LEVELS:
        raise DesignError([f"Mục “{node.get('number') or ''} {node.get('title')}” lồng quá {MAX_SECTION_LEVELS} cấp; "
                           "trình thiết kế không hiển thị được, hãy sửa bằng tệp JSON."])
    return {"number": text_of(node.get("number")), "title": text_of(node.get("title")),
            "guidance": text_of(node.get("guidance")), "help": text_of(node.get("help")), "key": text_of(node.get("key")),
            "children": _items_to_stream(node.get("children") or [], new_id, level + 1)}


_TO_BLOCK = {
    "section": _section_to_block, "text": _text_to_block, "number": _number_to_block, "choice": _choice_to_block,
    "boolean": _plain_to_block, "date": _plain_to_block, "file": _plain_to_block, "table": _table_to_block,
    "computed": _computed_to_block, "self_assessment": _self_assessment_to_block,
}


def _items_to_stream(items, new_id, level) -> list[dict]:
    stream = []
    for node in items:
        convert = _TO_BLOCK.get(node.get("type")) if isinstance(node, dict) else None
        if convert is None:
            raise DesignError([f"Loại nút không hỗ trợ trong trình thiết kế: “{node.get('type') if isinstance(node, dict) else node}”"])
        stream.append({"type": node["type"], "value": convert(node, new_id, level), "id": new_id()})
    return stream


def items_to_stream(items: list, *, new_id: Callable[[], str] = random_id) -> list[dict]:
    """Return the raw StreamField JSON showing definition ``items``; raise DesignError if it cannot."""
    return _items_to_stream(items or [], new_id, 1)


# --- stream → definition -----------------------------------------------------------------------

def _target_to_node(value) -> dict | None:
    value = value if isinstance(value, dict) else {}
    if not value.get("direction"):
        return None
    target = {"direction": value["direction"], "value": json_number(value.get("value"))}
    put_optional(target, "unit", text_of(value.get("unit")))
    target["baseline"] = json_number(value.get("baseline"))
    put_optional(target, "source", text_of(value.get("source")))
    return target


def _options_to_node(raw) -> list[dict]:
    return [{"value": text_of(o.get("value")), "label": text_of(o.get("label"))} for o in list_values(raw)]


def _field_node(type_: str, value: dict, label_name: str = "label") -> dict:
    node = {"type": type_, "key": text_of(value.get("key")).strip()}
    put_optional(node, "number", text_of(value.get("number")))
    node[label_name] = text_of(value.get(label_name))
    return node


def _finish(node: dict, value: dict) -> dict:
    put_optional(node, "help", text_of(value.get("help")))
    if value.get("required"):
        node["required"] = True
    return node


def _text_to_node(value):
    node = _field_node("text", value)
    node["multiline"] = bool(value.get("multiline"))
    put_optional(node, "max_length", value.get("max_length"))
    return _finish(node, value)


def _number_to_node(value):
    node = _field_node("number", value)
    node["integer"] = bool(value.get("integer"))
    put_optional(node, "minimum", json_number(value.get("minimum")))
    put_optional(node, "maximum", json_number(value.get("maximum")))
    put_optional(node, "unit", text_of(value.get("unit")))
    put_optional(node, "target", _target_to_node(value.get("target")))
    return _finish(node, value)


def _choice_to_node(value):
    node = _field_node("choice", value)
    node["multiple"] = bool(value.get("multiple"))
    node["options"] = _options_to_node(value.get("options"))
    return _finish(node, value)


def _plain_to_node(type_):
    return lambda value: _finish(_field_node(type_, value), value)


def _column_to_node(value: dict) -> dict:
    column = {"key": text_of(value.get("key")).strip(), "label": text_of(value.get("label")),
              "type": text_of(value.get("type")) or "text"}
    put_optional(column, "unit", text_of(value.get("unit")))
    if value.get("required"):
        column["required"] = True
    put_optional(column, "minimum", json_number(value.get("minimum")))
    put_optional(column, "maximum", json_number(value.get("maximum")))
    put_optional(column, "max_length", value.get("max_length"))
    options = _options_to_node(value.get("options"))
    if options or column["type"] == "choice":
        column["options"] = options
    put_optional(column, "help", text_of(value.get("help")))
    return column


def _table_to_node(value):
    node = _field_node("table", value)
    columns = list_values(value.get("columns"))
    node["columns"] = [_column_to_node(c) for c in columns]
    if value.get("rows") == "fixed":
        node["rows"] = {"fixed": [{"key": text_of(r.get("key")).strip(), "label": text_of(r.get("label"))}
                                  for r in list_values(value.get("fixed_rows"))]}
    else:
        node["rows"] = "free"
    put_optional(node, "min_rows", value.get("min_rows"))
    put_optional(node, "max_rows", value.get("max_rows"))
    node["totals"] = [c["key"] for c, raw in zip(node["columns"], columns) if raw.get("total")]
    return _finish(node, value)


def _computed_to_node(value):
    node = _field_node("computed", value)
    node["formula"] = text_of(value.get("formula"))
    put_optional(node, "unit", text_of(value.get("unit")))
    put_optional(node, "decimals", value.get("decimals"))
    put_optional(node, "target", _target_to_node(value.get("target")))
    return _finish(node, value)


def _self_assessment_to_node(value):
    node = _field_node("self_assessment", value, label_name="title")
    put_optional(node, "guidance", text_of(value.get("guidance")))
    return _finish(node, value)


def _section_to_node(value):
    node = _field_node("section", value, label_name="title")
    put_optional(node, "guidance", text_of(value.get("guidance")))
    put_optional(node, "help", text_of(value.get("help")))
    node["children"] = _stream_to_items(value.get("children"))
    return node


_TO_NODE = {
    "section": _section_to_node, "text": _text_to_node, "number": _number_to_node, "choice": _choice_to_node,
    "boolean": _plain_to_node("boolean"), "date": _plain_to_node("date"), "file": _plain_to_node("file"),
    "table": _table_to_node, "computed": _computed_to_node, "self_assessment": _self_assessment_to_node,
}


def _stream_to_items(stream) -> list[dict]:
    return [_TO_NODE[type_](value) for type_, value in stream_children(stream) if type_ in _TO_NODE]


def stream_to_items(stream: list) -> list[dict]:
    """Return the definition ``items`` of raw StreamField JSON ``stream``, blank keys suggested from labels."""
    return _stream_to_items(stream_with_keys(stream))
