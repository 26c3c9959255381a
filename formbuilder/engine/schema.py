"""JSON Schema (2020-12) of one field's value, one small builder per node type.

Each builder returns the schema of a single value for either a complete submission
(``complete=True``: required values present and non-empty) or a draft (anything may be
missing or null). Sections are assembled by :mod:`.compiler`.
"""
from __future__ import annotations

from .model import ColumnInfo, FieldInfo, Limits

DATE_FORMAT = "date"


def annotations(info: FieldInfo) -> dict:
    """Return the descriptive keywords every field schema carries (title, x-key, x-unit, ...)."""
    schema = {"title": info.label, "x-key": info.key, "x-type": info.type}
    if info.help:
        schema["description"] = info.help
    if info.unit:
        schema["x-unit"] = info.unit
    if info.number:
        schema["x-number"] = info.number
    if info.block:
        schema["x-block"] = info.block
    if info.target:
        schema["x-target"] = {k: v for k, v in vars(info.target).items() if v is not None}
    return schema


def value_required(info: FieldInfo) -> bool:
    """Return True if a complete submission must hold a value for ``info``.

    A table with fixed rows and a required column is required even when the table itself is
    not marked so: leaving it out would leave those required cells empty.
    """
    if info.type == "computed":
        return False
    if info.type == "table" and info.rows is not None and any(c.required for c in info.columns):
        return True
    return info.required


def _nullable(json_type: str, info_required: bool, complete: bool):
    """Return the ``type`` keyword: a required value of a complete submission may not be null."""
    return json_type if (complete and info_required) else [json_type, "null"]


def text_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    schema = {"type": _nullable("string", info.required, complete)}
    if complete and info.required:
        schema["minLength"] = 1
    if info.max_length:
        schema["maxLength"] = info.max_length
    return schema


def _number_constraints(schema: dict, minimum, maximum) -> dict:
    if minimum is not None:
        schema["minimum"] = minimum
    if maximum is not None:
        schema["maximum"] = maximum
    return schema


def number_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    json_type = "integer" if info.integer else "number"
    return _number_constraints({"type": _nullable(json_type, info.required, complete)},
                               info.minimum, info.maximum)


def choice_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    values = [option.value for option in info.options]
    options = {"x-options": [{"value": o.value, "label": o.label} for o in info.options]}
    if info.multiple:
        schema = {"type": _nullable("array", info.required, complete), "uniqueItems": True,
                  "items": {"type": "string", "enum": values}, **options}
        if complete and info.required:
            schema["minItems"] = 1
        return schema
    if complete and info.required:
        return {"type": "string", "enum": values, **options}
    return {"type": ["string", "null"], "enum": [*values, None], **options}


def boolean_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    return {"type": _nullable("boolean", info.required, complete)}


def date_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    return {"type": _nullable("string", info.required, complete), "format": DATE_FORMAT}


def file_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    # A stored reference, written by the upload view, never the file itself.
    return {
        "type": _nullable("object", info.required, complete),
        "required": ["name", "ref", "size"],
        "properties": {
            "name": {"type": "string", "minLength": 1, "maxLength": 255},
            "ref": {"type": "string", "minLength": 1, "maxLength": 500},
            "size": {"type": "integer", "minimum": 0},
        },
        "additionalProperties": False,
    }


def computed_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    return {"type": ["number", "null"], "readOnly": True, "x-formula": info.formula}


_COLUMN_TYPES = {"integer": "integer", "number": "number", "text": "string", "date": "string",
                 "choice": "string", "boolean": "boolean"}


def column_schema(column: ColumnInfo, *, complete: bool) -> dict:
    """Return the schema of one table cell."""
    required = complete and column.required
    schema = {"title": column.label, "x-key": column.key, "x-type": column.type,
              "type": _nullable(_COLUMN_TYPES[column.type], column.required, complete)}
    if column.unit:
        schema["x-unit"] = column.unit
    if column.type in ("integer", "number"):
        _number_constraints(schema, column.minimum, column.maximum)
    elif column.type == "date":
        schema["format"] = DATE_FORMAT
    elif column.type == "choice":
        values = [o.value for o in column.options]
        schema["enum"] = values if required else [*values, None]
        schema["x-options"] = [{"value": o.value, "label": o.label} for o in column.options]
    elif column.type == "text":
        if required:
            schema["minLength"] = 1
        if column.max_length:
            schema["maxLength"] = column.max_length
    return schema


def _row_schema(info: FieldInfo, *, complete: bool, label: str | None = None) -> dict:
    schema = {
        "type": "object",
        "properties": {c.key: column_schema(c, complete=complete) for c in info.columns},
        "additionalProperties": False,
    }
    if label:
        schema["title"] = label
    required = [c.key for c in info.columns if c.required]
    if complete and required:
        schema["required"] = required
    return schema


def table_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    schema: dict = {"x-columns": [c.key for c in info.columns],
                    "x-totals": [c.key for c in info.columns if c.total]}
    if info.rows is not None:
        row_keys = [row.key for row in info.rows]
        schema.update({
            "type": _nullable("object", value_required(info), complete),
            "properties": {row.key: _row_schema(info, complete=complete, label=row.label) for row in info.rows},
            "additionalProperties": False,
            "x-rows": row_keys,
        })
        # A missing fixed row is as incomplete as its empty required cells.
        if complete and any(c.required for c in info.columns):
            schema["required"] = row_keys
        return schema
    max_rows = min(info.max_rows or limits.max_table_rows, limits.max_table_rows)
    schema.update({"type": _nullable("array", info.required, complete),
                   "items": _row_schema(info, complete=complete), "maxItems": max_rows})
    min_rows = max(info.min_rows or 0, 1 if info.required else 0)
    if complete and min_rows:
        schema["minItems"] = min_rows
    return schema


BUILDERS = {
    "text": text_schema,
    "number": number_schema,
    "choice": choice_schema,
    "boolean": boolean_schema,
    "date": date_schema,
    "file": file_schema,
    "table": table_schema,
    "computed": computed_schema,
}


def field_schema(info: FieldInfo, *, complete: bool, limits: Limits) -> dict:
    """Return the annotated schema of field ``info``'s value."""
    return {**annotations(info), **BUILDERS[info.type](info, complete=complete, limits=limits)}
