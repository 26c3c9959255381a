"""Raw StreamField JSON: reading Wagtail's stream and list formats, writing plain values."""
from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable


def body_stream(value) -> list:
    """Return the raw JSON of a StreamField value (anything with ``get_prep_value``), or of raw JSON already."""
    if value is None:
        return []
    if hasattr(value, "get_prep_value"):
        return json.loads(json.dumps(value.get_prep_value(), default=str))
    return list(value)


def random_id() -> str:
    return str(uuid.uuid4())


def list_values(raw) -> list:
    """Return the values of a ListBlock's raw JSON, in either of Wagtail's two list formats."""
    return [item["value"] if isinstance(item, dict) and item.get("type") == "item" and "value" in item else item
            for item in raw or []]


def list_raw(values: Iterable, new_id: Callable[[], str]) -> list[dict]:
    return [{"type": "item", "value": value, "id": new_id()} for value in values]


def stream_children(stream) -> list[tuple[str, dict]]:
    return [(child.get("type"), child.get("value") or {}) for child in stream or [] if isinstance(child, dict)]


def text_of(value) -> str:
    return value if isinstance(value, str) else ""


def json_number(value):
    """Return a number as the definition writes it: 5.0 → 5, None stays None."""
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def put_optional(node: dict, name: str, value) -> None:
    """Set an optional attribute only when it holds something."""
    if value not in (None, ""):
        node[name] = value
