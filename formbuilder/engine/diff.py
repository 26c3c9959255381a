"""Readable differences between two versions of a definition, matched by stable field key.

Reordering inside the same section is not reported: numbers and keys, not positions, are
what reports and indicators refer to.
"""
from __future__ import annotations

from dataclasses import dataclass

from .tree import TYPE_NAMES, Entry, location, node_title, walk


@dataclass(frozen=True)
class Change:
    """One change between two versions, described in Vietnamese.

    ``kind`` is one of: form, added, removed, moved, type, label, number, required, unit, help,
    options, columns, rows, totals, formula, target, constraints.
    """

    kind: str
    key: str | None
    label: str
    description: str
    old: object = None
    new: object = None

    def __str__(self) -> str:
        return self.description


_FORM_ATTRIBUTES = (("title", "tên"), ("code", "mã"), ("kind", "loại"), ("description", "mô tả"),
                    ("source", "nguồn"))
_CONSTRAINTS = (
    ("integer", "chỉ nhận số nguyên"), ("minimum", "giá trị nhỏ nhất"), ("maximum", "giá trị lớn nhất"),
    ("multiline", "nhiều dòng"), ("max_length", "độ dài tối đa"), ("multiple", "chọn nhiều"),
    ("decimals", "số chữ số thập phân"), ("min_rows", "số dòng tối thiểu"), ("max_rows", "số dòng tối đa"),
)


def _show(value) -> str:
    if value is None:
        return "(không có)"
    if isinstance(value, bool):
        return "có" if value else "không"
    return str(value)


def _noun(node: dict) -> str:
    return {"section": "mục", "self_assessment": "khối tự đánh giá", "table": "bảng"}.get(node.get("type"), "trường")


def _entries(doc) -> dict[str, Entry]:
    entries: dict[str, Entry] = {}
    items = doc.get("items") if isinstance(doc, dict) else None
    for entry in walk(items):
        # The five fields of a self-assessment block follow the block; report the block only.
        if entry.block is None and isinstance(entry.key, str):
            entries.setdefault(entry.key, entry)
    return entries


def diff_definitions(old_doc: dict, new_doc: dict) -> list[Change]:
    """Return the changes from ``old_doc`` to ``new_doc``: form header, then nodes in new order, then removals."""
    changes: list[Change] = []
    for name, word in _FORM_ATTRIBUTES:
        before, after = old_doc.get(name), new_doc.get(name)
        if before != after:
            text = f"Đổi {word} biểu mẫu" + ("" if name in ("description", "source") else f": “{_show(before)}” → “{_show(after)}”")
            changes.append(Change("form", None, str(new_doc.get("title") or ""), text, before, after))
    old_entries, new_entries = _entries(old_doc), _entries(new_doc)
    for key, entry in new_entries.items():
        label = node_title(entry.node)
        if key not in old_entries:
            changes.append(Change("added", key, label, f"Thêm {_noun(entry.node)} “{label}” ({key}) vào "
                                  f"{location(entry.sections)}", None, entry.node))
        else:
            changes.extend(_node_changes(old_entries[key], entry))
    for key, entry in old_entries.items():
        if key not in new_entries:
            label = node_title(entry.node)
            changes.append(Change("removed", key, label, f"Bỏ {_noun(entry.node)} “{label}” ({key}) khỏi "
                                  f"{location(entry.sections)}", entry.node, None))
    return changes


def _node_changes(old: Entry, new: Entry) -> list[Change]:
    a, b, key = old.node, new.node, new.key
    label = node_title(b)
    name = f"“{label}” ({key})"
    changes = []

    def add(kind, text, before=None, after=None):
        changes.append(Change(kind, key, label, text, before, after))

    if old.data_path[:-1] != new.data_path[:-1]:
        add("moved", f"Chuyển {_noun(b)} {name} từ {location(old.sections)} sang {location(new.sections)}",
            old.data_path, new.data_path)
    if node_title(a) != label:
        what = "tên mục" if b.get("type") in ("section", "self_assessment") else "nhãn"
        add("label", f"Đổi {what} ({key}): “{node_title(a)}” → “{label}”", node_title(a), label)
    if a.get("number") != b.get("number"):
        add("number", f"Đổi số thứ tự của {name}: “{_show(a.get('number'))}” → “{_show(b.get('number'))}”",
            a.get("number"), b.get("number"))
    if a.get("type") != b.get("type"):
        before, after = (TYPE_NAMES.get(n.get("type"), n.get("type")) for n in (a, b))
        add("type", f"Đổi kiểu của {name}: {before} → {after}", a.get("type"), b.get("type"))
        return changes  # other attributes of a different type are not comparable
    if bool(a.get("required")) != bool(b.get("required")):
        text = "chuyển thành bắt buộc" if b.get("required") else "không còn bắt buộc"
        add("required", f"{_noun(b).capitalize()} {name} {text}", bool(a.get("required")), bool(b.get("required")))
    if a.get("unit") != b.get("unit"):
        add("unit", f"Đổi đơn vị tính của {name}: “{_show(a.get('unit'))}” → “{_show(b.get('unit'))}”",
            a.get("unit"), b.get("unit"))
    for attribute in ("help", "guidance"):
        if a.get(attribute) != b.get(attribute):
            add("help", f"Đổi hướng dẫn của {name}", a.get(attribute), b.get(attribute))
    if b.get("type") == "computed" and a.get("formula") != b.get("formula"):
        add("formula", f"Đổi công thức của {name}: “{a.get('formula')}” → “{b.get('formula')}”",
            a.get("formula"), b.get("formula"))
    if a.get("target") != b.get("target"):
        add("target", f"Đổi chỉ tiêu phấn đấu của {name}: {_target(a.get('target'))} → {_target(b.get('target'))}",
            a.get("target"), b.get("target"))
    parts = _option_changes(a.get("options"), b.get("options"))
    if parts:
        add("options", f"Đổi phương án của {name}: " + "; ".join(parts), a.get("options"), b.get("options"))
    parts = _column_changes(a.get("columns"), b.get("columns"))
    if parts:
        add("columns", f"Đổi cột của bảng {name}: " + "; ".join(parts), a.get("columns"), b.get("columns"))
    parts = _row_changes(a.get("rows", "free"), b.get("rows", "free")) if b.get("type") == "table" else []
    if parts:
        add("rows", f"Đổi dòng của bảng {name}: " + "; ".join(parts), a.get("rows"), b.get("rows"))
    before, after = list(a.get("totals") or []), list(b.get("totals") or [])
    if set(before) != set(after):
        parts = [f"thêm tổng cột “{c}”" for c in after if c not in before]
        parts += [f"bỏ tổng cột “{c}”" for c in before if c not in after]
        add("totals", f"Đổi dòng tổng cộng của bảng {name}: " + "; ".join(parts), before, after)
    parts = [f"{word} {_show(a.get(attr))} → {_show(b.get(attr))}" for attr, word in _CONSTRAINTS
             if a.get(attr) != b.get(attr) and not (a.get(attr) in (None, False) and b.get(attr) in (None, False))]
    if parts:
        add("constraints", f"Đổi ràng buộc của {name}: " + "; ".join(parts))
    return changes


def _target(target) -> str:
    if not isinstance(target, dict):
        return "(không có)"
    sign = {">=": "≥", "<=": "≤"}.get(target.get("direction"), target.get("direction"))
    unit = target.get("unit") or ""
    return f"{sign} {_show(target.get('value'))}{unit if unit == '%' or not unit else ' ' + unit}"


def _by_key(items, field: str) -> dict:
    return {i.get(field): i for i in items or [] if isinstance(i, dict)}


def _option_changes(before, after) -> list[str]:
    old, new = _by_key(before, "value"), _by_key(after, "value")
    parts = [f"thêm “{o.get('label')}” ({v})" for v, o in new.items() if v not in old]
    parts += [f"bỏ “{o.get('label')}” ({v})" for v, o in old.items() if v not in new]
    parts += [f"đổi nhãn ({v}): “{old[v].get('label')}” → “{o.get('label')}”"
              for v, o in new.items() if v in old and old[v].get("label") != o.get("label")]
    return parts


_COLUMN_ATTRIBUTES = (("label", "nhãn"), ("type", "kiểu"), ("unit", "đơn vị"), ("required", "bắt buộc"),
                      ("minimum", "giá trị nhỏ nhất"), ("maximum", "giá trị lớn nhất"),
                      ("max_length", "độ dài tối đa"))


def _column_changes(before, after) -> list[str]:
    old, new = _by_key(before, "key"), _by_key(after, "key")
    parts = [f"thêm cột “{c.get('label')}” ({k})" for k, c in new.items() if k not in old]
    parts += [f"bỏ cột “{c.get('label')}” ({k})" for k, c in old.items() if k not in new]
    for k, column in new.items():
        if k not in old:
            continue
        details = []
        for attribute, word in _COLUMN_ATTRIBUTES:
            x, y = old[k].get(attribute), column.get(attribute)
            if x != y and not (attribute == "required" and bool(x) == bool(y)):
                if attribute == "type":
                    x, y = TYPE_NAMES.get(x, x), TYPE_NAMES.get(y, y)
                details.append(f"{word} “{_show(x)}” → “{_show(y)}”")
        details += [f"phương án: {p}" for p in _option_changes(old[k].get("options"), column.get("options"))]
        if details:
            parts.append(f"đổi cột “{column.get('label')}” ({k}): " + ", ".join(details))
    return parts


def _row_changes(before, after) -> list[str]:
    old_fixed, new_fixed = isinstance(before, dict), isinstance(after, dict)
    if old_fixed != new_fixed:
        return ["chuyển sang dòng cố định" if new_fixed else "chuyển sang nhập dòng tự do"]
    if not new_fixed:
        return []
    old, new = _by_key(before.get("fixed"), "key"), _by_key(after.get("fixed"), "key")
    parts = [f"thêm dòng “{r.get('label')}” ({k})" for k, r in new.items() if k not in old]
    parts += [f"bỏ dòng “{r.get('label')}” ({k})" for k, r in old.items() if k not in new]
    parts += [f"đổi nhãn dòng ({k}): “{old[k].get('label')}” → “{r.get('label')}”"
              for k, r in new.items() if k in old and old[k].get("label") != r.get("label")]
    return parts
