"""Shared vocabulary of the definition format and a defensive walk over its nodes.

The walk tolerates malformed documents (it is used to collect problems before anything
is known to be valid), so every access checks the type it reads.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

FORMAT = "baocao.form/1"
KINDS = ("outline", "appendix", "kpi_set")
KEY_PATTERN = r"^[a-z][a-z0-9_]{0,62}$"
KEY_RE = re.compile(KEY_PATTERN)

# A form's code (mã biểu mẫu): one rule for the format, the model and every lookup. Letters are
# case-insensitive: codes are stored and compared upper-cased, so "pl-ii-1" and "PL-II-1" are
# the same form (a second import of either adds a version).
CODE_MAX_LENGTH = 60
CODE_PATTERN = rf"^[A-Z0-9][A-Z0-9._-]{{0,{CODE_MAX_LENGTH - 1}}}$"
CODE_PATTERN_ANY_CASE = rf"^[A-Za-z0-9][A-Za-z0-9._-]{{0,{CODE_MAX_LENGTH - 1}}}$"


def normalize_code(code):
    """Return ``code`` as stored (trimmed, upper-cased); anything but a string is returned unchanged."""
    return code.strip().upper() if isinstance(code, str) else code

NODE_TYPES = (
    "section", "text", "number", "choice", "boolean", "date", "file", "table", "computed",
    "self_assessment",
)
# Types whose value is a number a formula can read.
NUMERIC_TYPES = frozenset({"number", "computed"})
COLUMN_TYPES = ("text", "integer", "number", "date", "choice", "boolean")
NUMERIC_COLUMN_TYPES = frozenset({"integer", "number"})
TARGET_DIRECTIONS = (">=", "<=", "=", ">", "<")

# Vietnamese names of node and column types, for messages and diffs.
TYPE_NAMES = {
    "section": "mục",
    "text": "văn bản",
    "number": "số",
    "integer": "số nguyên",
    "choice": "lựa chọn",
    "boolean": "có/không",
    "date": "ngày",
    "file": "tệp đính kèm",
    "table": "bảng",
    "computed": "chỉ tiêu tính toán",
    "self_assessment": "khối tự đánh giá",
}

# The five parts of a self-assessment block (tự đánh giá), in the order the outlines use.
SELF_ASSESSMENT_PARTS = (
    ("uu_diem", "Ưu điểm"),
    ("han_che", "Hạn chế"),
    ("nguyen_nhan", "Nguyên nhân"),
    ("giai_phap", "Giải pháp"),
    ("trach_nhiem", "Trách nhiệm"),
)
SELF_ASSESSMENT_TITLE = "Tự đánh giá"


def self_assessment_keys(key: str) -> list[str]:
    """Return the five field keys a self-assessment block named ``key`` expands into."""
    return [f"{key}__{part}" for part, _ in SELF_ASSESSMENT_PARTS]


def expand_self_assessment(node: dict) -> dict:
    """Return the section node a self-assessment block stands for (five long-text fields)."""
    key = str(node.get("key"))
    required = node.get("required") is True
    children = [
        {"type": "text", "key": f"{key}__{part}", "label": label, "multiline": True,
         "max_length": None, "required": required}
        for part, label in SELF_ASSESSMENT_PARTS
    ]
    section = {
        "type": "section",
        "key": key,
        "title": node.get("title") or SELF_ASSESSMENT_TITLE,
        "children": children,
    }
    for optional in ("number", "help", "guidance"):
        if node.get(optional) is not None:
            section[optional] = node[optional]
    return section


def node_title(node: dict) -> str:
    """Return what a person calls the node: a section's title, else its label, else its key."""
    if node.get("type") == "self_assessment" and not node.get("title"):
        return SELF_ASSESSMENT_TITLE
    for name in ("title", "label", "key"):
        value = node.get(name)
        if isinstance(value, str) and value:
            return value
    return "?"


@dataclass(frozen=True)
class Entry:
    """One node met by :func:`walk`, with where it sits in the document and in submission data."""

    node: dict
    json_path: str
    data_path: tuple[str, ...]
    sections: tuple[dict, ...]
    depth: int
    block: str | None = None

    @property
    def key(self) -> str | None:
        key = self.node.get("key")
        return key if isinstance(key, str) else None

    @property
    def type(self) -> str | None:
        node_type = self.node.get("type")
        return node_type if isinstance(node_type, str) else None


def walk(items, *, max_depth: int | None = None) -> Iterator[Entry]:
    """Yield every node of ``items`` in document order, sections before their children.

    Self-assessment blocks are yielded once as themselves and then as their five expanded
    fields (``block`` names the block). Descent stops below ``max_depth`` section levels so a
    hostile document cannot exhaust the stack.
    """
    yield from _walk(items, "items", (), (), 1, None, max_depth)


def _walk(items, prefix, data_path, sections, depth, block, max_depth):
    if not isinstance(items, list):
        return
    for index, node in enumerate(items):
        if not isinstance(node, dict):
            continue
        json_path = f"{prefix}[{index}]"
        key = node.get("key")
        own_path = data_path + (str(key),)
        yield Entry(node, json_path, own_path, sections, depth, block)
        if max_depth is not None and depth > max_depth:
            continue
        if node.get("type") == "section":
            yield from _walk(node.get("children"), f"{json_path}.children", own_path,
                             sections + (node,), depth + 1, block, max_depth)
        elif node.get("type") == "self_assessment" and isinstance(key, str):
            section = expand_self_assessment(node)
            for child in section["children"]:
                yield Entry(child, json_path, own_path + (child["key"],), sections + (section,),
                            depth + 1, key)


def location(sections) -> str:
    """Return where a node sits, in words: ``mục II.1`` or ``mục “Title”``, or the form's top level."""
    if not sections:
        return "cấp ngoài cùng của biểu mẫu"
    numbers = [str(s.get("number")).strip().rstrip(".)").strip() for s in sections if s.get("number")]
    if sections[-1].get("number") and all(numbers):
        return "mục " + ".".join(numbers)
    return f"mục “{node_title(sections[-1])}”"
