"""Whole documents: keys, ``x-`` notes carried over, and problem locations told in words."""
from __future__ import annotations

import copy
import re


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
