"""Renderer (issue 3): a compiled form → server-rendered Django forms that units fill.

Pure: it imports Django forms and templates but never the database or models, so rounds,
previews and Excel exports can all reuse it. Typical view::

    compiled = compile_definition(doc)                    # formbuilder.engine
    FormClass = form_class_for(compiled)                  # or section_key="phan_ii": one wizard step
    data, changed = handle_table_actions(request.POST)    # "Thêm dòng" / "Xóa dòng" without JavaScript
    form = FormClass(data, request.FILES, initial=initial_from_data(compiled, stored))
    if not changed:
        form.is_valid()                                   # the form's own reading errors ("phải là số")
        errors = FormValidator(compiled).validate(form.to_data(), complete=...)
        apply_errors(form, errors)                        # engine errors at their fields and cells
    html = render_form(form)                              # inside the view's <form>; include {{ form.media }}

API
---
``form_class_for(compiled, *, section_key: str | None = None) -> type[CompiledFormBase]``
    The whole form, or one top-level section. Built by one small function per field type
    (``FIELD_BUILDERS``: ``create_text_field`` … ``create_computed_field``). Every field is optional
    to Django: requiredness (draft vs complete) is the engine's call.
``form.to_data() -> dict``
    The definition's nested data shape: ``{section: {field: value, child_section: {...}}}``; a free
    table is a list of row dicts (blank rows dropped; ``[]`` kept when ``min_rows``/``required`` need
    rows), a fixed table a dict keyed by row key;
    empty values and computed fields are left out. ``form.uploads()`` lists new files to store.
``initial_from_data(compiled, data, *, prefix=None) -> dict``
    Submission data → posted names; usable as ``initial=`` and as ``data=`` (round trip).
``handle_table_actions(form_data) -> (data, changed: bool)``
    Applies a "Thêm dòng" / "Xóa dòng" button press to posted data.
``apply_errors(form, field_errors) -> list[PlacedError]``
    Places engine FieldErrors (path/key/row/column/message) at their fields and table cells.
``render_form(form, *, errors=(), mode="edit" | "readonly") -> SafeString``
    Nested numbered sections (``II.``, ``2.1.``, ``a)``) with guidance, help texts, units, an error
    summary (role=alert, links to fields), tables with totals, computed values live in the browser
    (``static/formbuilder/renderer.js``, no eval) and shown read-only from the engine's computation.
``parse_number`` / ``format_number`` / ``parse_date`` / ``format_date``
    Vietnamese numbers (``1.234.567,5``; ``1234567.5`` accepted) and dates (``dd/mm/yyyy``; ISO accepted).
"""
from .builders import (
    FIELD_BUILDERS, create_boolean_field, create_choice_field, create_computed_field, create_date_field,
    create_field, create_file_field, create_number_field, create_table_field, create_text_field,
)
from .client import client_model, formula_to_json
from .errors import PlacedError, apply_errors
from .forms import CompiledFormBase, form_class_for, handle_table_actions, initial_from_data
from .localize import format_date, format_number, parse_date, parse_number
from .render import render_form

__all__ = [
    "FIELD_BUILDERS", "CompiledFormBase", "PlacedError", "apply_errors", "client_model", "create_boolean_field",
    "create_choice_field", "create_computed_field", "create_date_field", "create_field", "create_file_field",
    "create_number_field", "create_table_field", "create_text_field", "form_class_for", "format_date",
    "format_number", "formula_to_json", "handle_table_actions", "initial_from_data", "parse_date",
    "parse_number", "render_form",
]
