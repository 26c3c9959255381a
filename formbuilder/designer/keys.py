"""Keys (khóa) suggested from labels, without diacritics, and filled into a stream's blank keys."""
from __future__ import annotations

import copy
import re

from baocao_site.text import fold

from ..engine.tree import SELF_ASSESSMENT_PARTS
from .raw import list_values, stream_children, text_of

KEY_SLUG_LENGTH = 40  # leaves room for "_2" suffixes and "__trach_nhiem" (keys ≤ 63)


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


_FALLBACK = {"section": "muc", "self_assessment": "tu_danh_gia", "table": "bang", "computed": "chi_tieu"}


def _walk_values(stream):
    """Yield (type, value) for every block of ``stream`` in document order, sections before children."""
    for type_, value in stream_children(stream):
        yield type_, value
        if type_ == "section":
            yield from _walk_values(value.get("children"))


def _explicit_keys(stream) -> set[str]:
    taken = set()
    for type_, value in _walk_values(stream):
        key = text_of(value.get("key")).strip()
        if key:
            taken.add(key)
            if type_ == "self_assessment":
                taken.update(f"{key}__{part}" for part, _ in SELF_ASSESSMENT_PARTS)
    return taken


def _fill_list_keys(raw, *, key_name: str, label_name: str, fallback: str) -> None:
    values = [v for v in list_values(raw) if isinstance(v, dict)]
    taken = {text_of(v.get(key_name)).strip() for v in values} - {""}
    for value in values:
        if not text_of(value.get(key_name)).strip():
            value[key_name] = suggest_key(value.get(label_name), taken, fallback=fallback)


def stream_with_keys(stream: list) -> list:
    """Return a copy of ``stream`` whose blank keys (nodes, columns, rows, option values) are filled.

    Node keys are unique across the definition, column and row keys within their table,
    option values within their list; keys already written are never changed.
    """
    stream = copy.deepcopy(stream or [])
    taken = _explicit_keys(stream)
    for type_, value in _walk_values(stream):
        if not text_of(value.get("key")).strip():
            label = value.get("title") if type_ in ("section", "self_assessment") else value.get("label")
            value["key"] = suggest_key(label, taken, fallback=_FALLBACK.get(type_, "truong"))
            if type_ == "self_assessment":
                taken.update(f"{value['key']}__{part}" for part, _ in SELF_ASSESSMENT_PARTS)
        if type_ == "table":
            _fill_list_keys(value.get("columns"), key_name="key", label_name="label", fallback="cot")
            _fill_list_keys(value.get("fixed_rows"), key_name="key", label_name="label", fallback="dong")
            for column in list_values(value.get("columns")):
                if isinstance(column, dict):
                    _fill_list_keys(column.get("options"), key_name="value", label_name="label", fallback="pa")
        if type_ == "choice":
            _fill_list_keys(value.get("options"), key_name="value", label_name="label", fallback="pa")
    return stream
