"""One small builder per field type: FieldInfo → Django form field (as Wagtail's FormBuilder does).

Add a type by writing ``create_<type>_field`` and registering it in :data:`FIELD_BUILDERS`.
"""
from __future__ import annotations

from collections.abc import Callable

from django import forms

from formbuilder.engine import FieldInfo, Limits

from .fields import (
    ComputedValueField, ConvertingField, FileRefWidget, TableField, to_boolean, to_date, to_file, to_number,
    to_option, to_options, to_text,
)


def create_text_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a text field: one line, or a paragraph when ``multiline``."""
    return ConvertingField(info, to_text, widget=forms.Textarea if info.multiline else forms.TextInput)


def create_number_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a number field reading ``1.234.567,5`` or ``1234567.5``; an int when ``integer``."""
    integer = info.integer
    return ConvertingField(info, lambda value: to_number(value, integer=integer))


def create_choice_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a choice field: one option (a list box), or several (check boxes) when ``multiple``."""
    values = frozenset(o.value for o in info.options)
    if info.multiple:
        order = tuple(o.value for o in info.options)
        return ConvertingField(info, lambda value: to_options(value, values=values, order=order),
                               widget=forms.CheckboxSelectMultiple)
    return ConvertingField(info, lambda value: to_option(value, values=values))


def create_boolean_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a yes/no field that may stay unanswered (Có / Không / chưa chọn)."""
    return ConvertingField(info, to_boolean)


def create_date_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a date field reading ``dd/mm/yyyy`` or ``yyyy-mm-dd`` and storing ISO."""
    return ConvertingField(info, to_date)


def create_file_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a file field: a new upload, or the signed reference of the file already attached."""
    return ConvertingField(info, to_file, widget=FileRefWidget)


def create_table_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a table field; free tables read at most ``max_rows`` (capped by the limits) rows."""
    max_rows = min(info.max_rows or limits.max_table_rows, limits.max_table_rows)
    return TableField(info, max_rows=max_rows)


def create_computed_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return a read-only computed field; its value comes from the engine, never from the request."""
    return ComputedValueField(info)


FIELD_BUILDERS: dict[str, Callable[..., forms.Field]] = {
    "text": create_text_field,
    "number": create_number_field,
    "choice": create_choice_field,
    "boolean": create_boolean_field,
    "date": create_date_field,
    "file": create_file_field,
    "table": create_table_field,
    "computed": create_computed_field,
}


def create_field(info: FieldInfo, *, limits: Limits) -> forms.Field:
    """Return the Django form field of ``info``, built by the builder registered for its type."""
    return FIELD_BUILDERS[info.type](info, limits=limits)
