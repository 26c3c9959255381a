"""Pure helpers over submission data: flatten, diff, keep only some sections, merge."""
from __future__ import annotations

from typing import Any


def flatten(data: Any, prefix: str = "") -> dict[str, Any]:
    """Return {dotted path: leaf value}; list rows are indexed ("bang.0.cot")."""
    out: dict[str, Any] = {}
    if isinstance(data, dict):
        for key, value in data.items():
            out.update(flatten(value, f"{prefix}{key}."))
    elif isinstance(data, list):
        for i, value in enumerate(data):
            out.update(flatten(value, f"{prefix}{i}."))
    else:
        out[prefix[:-1]] = data
    return out


def diff(old: dict, new: dict) -> list[list]:
    """Return [[path, old, new], …] for every leaf that changed, was added or removed, sorted by path."""
    a, b = flatten(old or {}), flatten(new or {})
    return [[path, a.get(path), b.get(path)] for path in sorted(set(a) | set(b)) if a.get(path) != b.get(path)]


def only_sections(data: dict, section_keys: list[str]) -> dict:
    """Return the part of ``data`` in the given top-level sections (all of it when the list is empty)."""
    if not section_keys:
        return dict(data or {})
    return {k: v for k, v in (data or {}).items() if k in section_keys}


def merge_sections(base: dict, part: dict, section_keys: list[str]) -> dict:
    """Return ``base`` with the given sections replaced by those of ``part``."""
    if not section_keys:
        return dict(part or {})
    merged = {k: v for k, v in (base or {}).items() if k not in section_keys}
    merged.update(only_sections(part, section_keys))
    return merged
