"""Two-way conversion between the designer's StreamField and a definition's ``items``.

Pure functions over plain JSON (no Django): the stream is the raw JSON Wagtail stores for a
StreamField (``[{"type": ..., "value": ..., "id": ...}]``, list items as
``{"type": "item", "value": ..., "id": ...}``) and ``items`` are nodes of the definition
format "baocao.form/1" (docs/definition-format.md). ``items_to_stream`` then
``stream_to_items`` gives back the same items for every definition the designer can show.

Blank keys are suggested from the label, without diacritics (``suggest_key``); once a key is
in the stream it is kept, so relabelling a field never changes its key.
"""
from .convert import MAX_SECTION_LEVELS, DesignError, items_to_stream, stream_to_items
from .documents import (
    describe_path, described_problems, document_with_items, node_keys, without_extensions,
)
from .keys import KEY_SLUG_LENGTH, slug, stream_with_keys, suggest_key
from .raw import body_stream

__all__ = [
    "KEY_SLUG_LENGTH", "MAX_SECTION_LEVELS", "DesignError", "body_stream", "describe_path", "described_problems",
    "document_with_items", "items_to_stream", "node_keys", "slug", "stream_to_items", "stream_with_keys",
    "suggest_key", "without_extensions",
]
