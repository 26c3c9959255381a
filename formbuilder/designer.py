"""Two-way conversion between the designer's StreamField and a definition's ``items``.

Pure functions over plain JSON (no Django): the stream is the raw JSON Wagtail stores for a
StreamField (``[{"type": ..., "value": ..., "id": ...}]``, list items as
``{"type": "item", "value": ..., "id": ...}``) and ``items`` are nodes of the definition
format "baocao.form/1" (docs/definition-format.md). ``items_to_stream`` then
``stream_to_items`` gives back the same items for every definition the designer can show.

Blank keys are suggested from the label, without diacritics (``suggest_key``); once a key is
in the stream it is kept, so relabelling a field never changes its key.
"""
from __future__ import annotations

import copy
import json
import re
import uuid
from collections.abc import Callable, Iterable

from baocao_site.text import fold

from .engine.tree import KEY_PATTERN, SELF_ASSESSMENT_PARTS

# Section levels the designer offers. The seed outline DC-TKT-DOT2-2026 goes five deep
# (IV. › 4. › 4.1. › 4.1.1. › a)): a top-level section and four nested child streams.
MAX_SECTION_LEVELS = 5
KEY_SLUG_LENGTH = 40  # leaves room for "_2" suffixes and "__trach_nhiem" (keys ≤ 63)
_KEY_RE = re.compile(KEY_PATTERN)


class DesignError(ValueError):
    """A definition the designer cannot show (too deep, unknown node type); ``problems`` says why."""

    def __init__(self, problems: list[str]):
        self.problems = list(problems)
        super().__init__("; ".join(self.problems))


# --- keys ---------------------------------------------------------------------------------

def slug(text: str | None, *, fallback: str, max_length: int = KEY_SLUG_LENGTH) -> str:
    """Return a key-shaped slug of ``text``: "Số văn bản điện tử" → "so_van_ban_dien_tu"."""
    words = re.findall(r"[a-z0-9]+", fold(text))
    result = ""
    for word in words:
        candidate = f"{result}_{word}" if result else word
        if len(candidate) > max_length:
            break
        result = candidate
    if not result and words:
        result = words[0][:max_length]
    if not result:
        return fallback
    return result if result[0].isalpha() else f"{fallback}_{result}"[:max_length]


def suggest_key(text: str | None, taken: set[str], *, fallback: str = "truong") -> str:
    """Return a free key for ``text`` (not in ``taken``), adding ``_2``, ``_3``… on collision; record it."""
    base = slug(text, fallback=fallback)
    key, n = base, 1
    while key in taken:
        n += 1
        key = f"{base}_{n}"
    taken.add(key)
    return key


# --- raw stream helpers ---------------------------------------------------------------------

def body_stream(value) -> list:
    """Return the raw JSON of a StreamField value (anything with ``get_prep_value``), or of raw JSON already."""
    if value is None:
        return []
    if hasattr(value, "get_prep_value"):
        return json.loads(json.dumps(value.get_prep_value(), default=str))
    return list(value)


def _new_id() -> str:
    return str(uuid.uuid4())


def _list_values(raw) -> list:
    """Return the values of a ListBlock's raw JSON, in either of Wagtail's two list formats."""
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" and "value" in item else item
            for item in raw or []]


def _list_raw(values: Iterable, new_id: Callable[[], str]) -> list[dict]:
    return [{"type": "item", "value": value, "id": new_id()} for value in values]


def _stream_children(stream) -> list[tuple[str, dict]]:
    return [(child.get("type"), child.get("value") or {}) for child in stream or [] if isinstance(child, dict)]


def _text(value) -> str:
    return value if isinstance(value, str) else ""


def _number(value):
    """Return a number as the definition writes it: 5.0 → 5, None stays None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _put(node: dict, name: str, value) -> None:
    """Set an optional attribute only when it holds something."""
    if value not in (None, ""):
        node[name] = value


# --- definition → stream -----------------------------------------------------------------------

def _target_to_block(target) -> dict:
    target = target if isinstance(target, dict) else {}
    return {"direction": _text(target.get("direction")), "value": target.get("value"),
            "unit": _text(target.get("unit")), "baseline": target.get("baseline"),
            "source": _text(target.get("source"))}


def _option_to_block(option: dict) -> dict:
    return {"label": _text(option.get("label")), "value": _text(option.get("value"))}


def _column_to_block(column: dict, new_id) -> dict:
    return {"label": _text(column.get("label")), "type": _text(column.get("type")) or "text",
            "unit": _text(column.get("unit")), "required": column.get("required") is True,
            "total": False, "minimum": column.get("minimum"), "maximum": column.get("maximum"),
            "max_length": column.get("max_length"),
            "options": _list_raw((_option_to_block(o) for o in column.get("options") or []), new_id),
            "help": _text(column.get("help")), "key": _text(column.get("key"))}


def _common_to_block(node: dict) -> dict:
    return {"label": _text(node.get("label")), "required": node.get("required") is True,
            "help": _text(node.get("help")), "key": _text(node.get("key")), "number": _text(node.get("number"))}


def _text_to_block(node, new_id, level):
    return {**_common_to_block(node), "multiline": node.get("multiline") is True, "max_length": node.get("max_length")}


def _number_to_block(node, new_id, level):
    return {**_common_to_block(node), "integer": node.get("integer") is True, "minimum": node.get("minimum"),
            "maximum": node.get("maximum"), "unit": _text(node.get("unit")),
            "target": _target_to_block(node.get("target"))}


def _choice_to_block(node, new_id, level):
    return {**_common_to_block(node), "multiple": node.get("multiple") is True,
            "options": _list_raw((_option_to_block(o) for o in node.get("options") or []), new_id)}


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
    return {**_common_to_block(node), "columns": _list_raw(columns, new_id),
            "rows": "fixed" if isinstance(rows, dict) else "free",
            "fixed_rows": _list_raw(({"label": _text(r.get("label")), "key": _text(r.get("key"))} for r in fixed),
                                    new_id),
            "min_rows": node.get("min_rows"), "max_rows": node.get("max_rows")}


def _computed_to_block(node, new_id, level):
    return {**_common_to_block(node), "formula": _text(node.get("formula")), "unit": _text(node.get("unit")),
            "decimals": node.get("decimals"), "target": _target_to_block(node.get("target"))}


def _self_assessment_to_block(node, new_id, level):
    return {"number": _text(node.get("number")), "title": _text(node.get("title")),
            "guidance": _text(node.get("guidance")), "help": _text(node.get("help")),
            "required": node.get("required") is True, "key": _text(node.get("key"))}


def _section_to_block(node, new_id, level):
    if level > MAX_SECTION_LEVELS:
        raise DesignError([f"Mục “{node.get('number') or ''} {node.get('title')}” lồng quá {MAX_SECTION_LEVELS} cấp; "
                           "trình thiết kế không hiển thị được, hãy sửa bằng tệp JSON."])
    return {"number": _text(node.get("number")), "title": _text(node.get("title")),
            "guidance": _text(node.get("guidance")), "help": _text(node.get("help")), "key": _text(node.get("key")),
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


def items_to_stream(items: list, *, new_id: Callable[[], str] = _new_id) -> list[dict]:
    """Return the raw StreamField JSON showing definition ``items``; raise DesignError if it cannot."""
    return _items_to_stream(items or [], new_id, 1)


# --- stream → definition -----------------------------------------------------------------------

def _target_to_node(value) -> dict | None:
    value = value if isinstance(value, dict) else {}
    if not value.get("direction"):
        return None
    target = {"direction": value["direction"], "value": _number(value.get("value"))}
    _put(target, "unit", _text(value.get("unit")))
    target["baseline"] = _number(value.get("baseline"))
    _put(target, "source", _text(value.get("source")))
    return target


def _options_to_node(raw) -> list[dict]:
    return [{"value": _text(o.get("value")), "label": _text(o.get("label"))} for o in _list_values(raw)]


def _field_node(type_: str, value: dict, label_name: str = "label") -> dict:
    node = {"type": type_, "key": _text(value.get("key")).strip()}
    _put(node, "number", _text(value.get("number")))
    node[label_name] = _text(value.get(label_name))
    return node


def _finish(node: dict, value: dict) -> dict:
    _put(node, "help", _text(value.get("help")))
    if value.get("required"):
        node["required"] = True
    return node


def _text_to_node(value):
    node = _field_node("text", value)
    node["multiline"] = bool(value.get("multiline"))
    _put(node, "max_length", value.get("max_length"))
    return _finish(node, value)


def _number_to_node(value):
    node = _field_node("number", value)
    node["integer"] = bool(value.get("integer"))
    _put(node, "minimum", _number(value.get("minimum")))
    _put(node, "maximum", _number(value.get("maximum")))
    _put(node, "unit", _text(value.get("unit")))
    _put(node, "target", _target_to_node(value.get("target")))
    return _finish(node, value)


def _choice_to_node(value):
    node = _field_node("choice", value)
    node["multiple"] = bool(value.get("multiple"))
    node["options"] = _options_to_node(value.get("options"))
    return _finish(node, value)


def _plain_to_node(type_):
    return lambda value: _finish(_field_node(type_, value), value)


def _column_to_node(value: dict) -> dict:
    column = {"key": _text(value.get("key")).strip(), "label": _text(value.get("label")),
              "type": _text(value.get("type")) or "text"}
    _put(column, "unit", _text(value.get("unit")))
    if value.get("required"):
        column["required"] = True
    _put(column, "minimum", _number(value.get("minimum")))
    _put(column, "maximum", _number(value.get("maximum")))
    _put(column, "max_length", value.get("max_length"))
    options = _options_to_node(value.get("options"))
    if options or column["type"] == "choice":
        column["options"] = options
    _put(column, "help", _text(value.get("help")))
    return column


def _table_to_node(value):
    node = _field_node("table", value)
    columns = _list_values(value.get("columns"))
    node["columns"] = [_column_to_node(c) for c in columns]
    if value.get("rows") == "fixed":
        node["rows"] = {"fixed": [{"key": _text(r.get("key")).strip(), "label": _text(r.get("label"))}
                                  for r in _list_values(value.get("fixed_rows"))]}
    else:
        node["rows"] = "free"
    _put(node, "min_rows", value.get("min_rows"))
    _put(node, "max_rows", value.get("max_rows"))
    node["totals"] = [c["key"] for c, raw in zip(node["columns"], columns) if raw.get("total")]
    return _finish(node, value)


def _computed_to_node(value):
    node = _field_node("computed", value)
    node["formula"] = _text(value.get("formula"))
    _put(node, "unit", _text(value.get("unit")))
    _put(node, "decimals", value.get("decimals"))
    _put(node, "target", _target_to_node(value.get("target")))
    return _finish(node, value)


def _self_assessment_to_node(value):
    node = _field_node("self_assessment", value, label_name="title")
    _put(node, "guidance", _text(value.get("guidance")))
    return _finish(node, value)


def _section_to_node(value):
    node = _field_node("section", value, label_name="title")
    _put(node, "guidance", _text(value.get("guidance")))
    _put(node, "help", _text(value.get("help")))
    node["children"] = _stream_to_items(value.get("children"))
    return node


_TO_NODE = {
    "section": _section_to_node, "text": _text_to_node, "number": _number_to_node, "choice": _choice_to_node,
    "boolean": _plain_to_node("boolean"), "date": _plain_to_node("date"), "file": _plain_to_node("file"),
    "table": _table_to_node, "computed": _computed_to_node, "self_assessment": _self_assessment_to_node,
}


def _stream_to_items(stream) -> list[dict]:
    return [_TO_NODE[type_](value) for type_, value in _stream_children(stream) if type_ in _TO_NODE]


def stream_to_items(stream: list) -> list[dict]:
    """Return the definition ``items`` of raw StreamField JSON ``stream``, blank keys suggested from labels."""
    return _stream_to_items(stream_with_keys(stream))


# --- key suggestion over a stream --------------------------------------------------------------

_FALLBACK = {"section": "muc", "self_assessment": "tu_danh_gia", "table": "bang", "computed": "chi_tieu"}


def _walk_values(stream):
    """Yield (type, value) for every block of ``stream`` in document order, sections before children."""
    for type_, value in _stream_children(stream):
        yield type_, value
        if type_ == "section":
            yield from _walk_values(value.get("children"))


def _explicit_keys(stream) -> set[str]:
    taken = set()
    for type_, value in _walk_values(stream):
        key = _text(value.get("key")).strip()
        if key:
            taken.add(key)
            if type_ == "self_assessment":
                taken.update(f"{key}__{part}" for part, _ in SELF_ASSESSMENT_PARTS)
    return taken


def _fill_list_keys(raw, *, key_name: str, label_name: str, fallback: str) -> None:
    values = [v for v in _list_values(raw) if isinstance(v, dict)]
    taken = {_text(v.get(key_name)).strip() for v in values} - {""}
    for value in values:
        if not _text(value.get(key_name)).strip():
            value[key_name] = suggest_key(value.get(label_name), taken, fallback=fallback)


def stream_with_keys(stream: list) -> list:
    """Return a copy of ``stream`` whose blank keys (nodes, columns, rows, option values) are filled.

    Node keys are unique across the definition, column and row keys within their table,
    option values within their list; keys already written are never changed.
    """
    stream = copy.deepcopy(stream or [])
    taken = _explicit_keys(stream)
    for type_, value in _walk_values(stream):
        if not _text(value.get("key")).strip():
            label = value.get("title") if type_ in ("section", "self_assessment") else value.get("label")
            value["key"] = suggest_key(label, taken, fallback=_FALLBACK.get(type_, "truong"))
            if type_ == "self_assessment":
                taken.update(f"{value['key']}__{part}" for part, _ in SELF_ASSESSMENT_PARTS)
        if type_ == "table":
            _fill_list_keys(value.get("columns"), key_name="key", label_name="label", fallback="cot")
            _fill_list_keys(value.get("fixed_rows"), key_name="key", label_name="label", fallback="dong")
            for column in _list_values(value.get("columns")):
                if isinstance(column, dict):
                    _fill_list_keys(column.get("options"), key_name="value", label_name="label", fallback="pa")
        if type_ == "choice":
            _fill_list_keys(value.get("options"), key_name="value", label_name="label", fallback="pa")
    return stream


def stream_keys(stream: list) -> list[str]:
    """Return the node keys written in ``stream``, in document order (blank ones left out)."""
    return [k for _, v in _walk_values(stream) if (k := _text(v.get("key")).strip())]


def node_keys(items) -> list[str]:
    """Return the keys of every node of definition ``items``, sections included, in document order."""
    keys = []
    for node in items or []:
        if isinstance(node, dict):
            if isinstance(node.get("key"), str):
                keys.append(node["key"])
            if node.get("type") == "section":
                keys.extend(node_keys(node.get("children")))
    return keys


# --- documents ---------------------------------------------------------------------------------

def _extensions_by_key(items) -> dict[str, dict]:
    found: dict[str, dict] = {}

    def visit(nodes):
        for node in nodes or []:
            if not isinstance(node, dict):
                continue
            extra = {k: v for k, v in node.items() if isinstance(k, str) and k.startswith("x-")}
            if extra and isinstance(node.get("key"), str):
                found[node["key"]] = extra
            if node.get("type") == "section":
                visit(node.get("children"))

    visit(items)
    return found


def document_with_items(document: dict, items: list) -> dict:
    """Return a copy of ``document`` holding ``items``, keeping the header and each node's ``x-`` notes.

    The designer does not show ``x-`` properties (left to tools), so they are carried over,
    by key, from the nodes of the previous document.
    """
    result = copy.deepcopy(document or {})
    result.setdefault("format", "baocao.form/1")
    items = copy.deepcopy(items)
    extensions = _extensions_by_key(result.get("items"))

    def apply(nodes):
        for node in nodes:
            node.update(extensions.get(node.get("key"), {}))
            if node.get("type") == "section":
                apply(node.get("children") or [])

    apply(items)
    result["items"] = items
    return result


def without_extensions(items) -> list:
    """Return ``items`` without the ``x-`` properties of its nodes (what the designer shows)."""
    def strip(nodes):
        out = []
        for node in nodes or []:
            node = {k: v for k, v in node.items() if not (isinstance(k, str) and k.startswith("x-"))}
            if node.get("type") == "section":
                node["children"] = strip(node.get("children"))
            out.append(node)
        return out

    return strip(items)


# --- problem locations in words ------------------------------------------------------------------

_ATTRIBUTE_NAMES = {
    "key": "khóa", "label": "nhãn", "title": "tiêu đề", "number": "số thứ tự", "help": "hướng dẫn",
    "guidance": "hướng dẫn viết", "formula": "công thức", "unit": "đơn vị tính", "decimals": "số chữ số thập phân",
    "minimum": "giá trị nhỏ nhất", "maximum": "giá trị lớn nhất", "max_length": "độ dài tối đa",
    "options": "phương án", "columns": "các cột", "rows": "dòng", "totals": "tổng cộng", "min_rows": "số dòng tối thiểu",
    "max_rows": "số dòng tối đa", "target": "chỉ tiêu phấn đấu", "value": "giá trị", "direction": "so sánh",
    "type": "kiểu", "children": "nội dung", "fixed": "dòng cố định", "items": "nội dung",
}
_PATH_TOKEN = re.compile(r"([A-Za-z_\-]+)|\[(\d+)\]")


def describe_path(document: dict, path: str) -> str:
    """Return where ``path`` (``items[0].children[2].columns[1].key``) points, in words a designer reads:
    ``Mục “I. Kết quả” › Bảng “Danh mục” › cột “Tên” › khóa``. Unknown parts are left as they are."""
    if not path or path == "items":
        return "Biểu mẫu"
    parts, current, pending = [], document, None
    for name, index in _PATH_TOKEN.findall(path):
        if name:
            pending = name
            current = current.get(name) if isinstance(current, dict) else None
            continue
        position = int(index)
        current = current[position] if isinstance(current, list) and position < len(current) else None
        if pending in ("items", "children") and isinstance(current, dict):
            parts.append(_describe_node(current, position))
        elif pending == "columns" and isinstance(current, dict):
            parts.append(f"cột “{current.get('label') or position + 1}”")
        elif pending == "fixed" and isinstance(current, dict):
            parts.append(f"dòng “{current.get('label') or position + 1}”")
        elif pending == "options" and isinstance(current, dict):
            parts.append(f"phương án “{current.get('label') or position + 1}”")
        else:
            parts.append(f"{_ATTRIBUTE_NAMES.get(pending, pending)} thứ {position + 1}")
        pending = None
    if pending:
        parts.append(_ATTRIBUTE_NAMES.get(pending, pending))
    return " › ".join(parts) if parts else path


def described_problems(document: dict, problems) -> list[str]:
    """Return each engine Problem (``path``, ``message``) as a Vietnamese sentence naming where it is."""
    return [f"{describe_path(document, p.path)}: {p.message}" for p in problems]


_NODE_NOUNS = {"section": "Mục", "table": "Bảng", "computed": "Giá trị tính toán", "self_assessment": "Tự đánh giá"}


def _describe_node(node: dict, position: int) -> str:
    noun = _NODE_NOUNS.get(node.get("type"), "Trường")
    name = node.get("title") or node.get("label") or node.get("key") or f"thứ {position + 1}"
    number = node.get("number")
    return f"{noun} “{number} {name}”" if number else f"{noun} “{name}”"
