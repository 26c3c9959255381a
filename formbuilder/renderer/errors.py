"""Errors placed at their fields and table cells: the engine's FieldErrors and the form's own refusals."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.forms.forms import NON_FIELD_ERRORS

from formbuilder.engine import FieldError

from .fields import TableField
from .messages import field_error_message, translate_message, translate_reason


@dataclass(frozen=True)
class PlacedError:
    """One message and where it is shown.

    ``key`` is a field or section key of the form (None: the form as a whole); ``row`` is a free
    row's id or a fixed row's key and ``column`` a column key when the error sits in a table;
    ``message`` is the full text of the error summary (``Số văn bản: phải là số``), ``short``
    what a table cell shows (``phải là số``); ``order`` sorts the summary in form order. Both are in
    the user's language (:mod:`.messages`), the labels in them as entered.
    """

    key: str | None
    message: str
    row: str | None = None
    column: str | None = None
    short: str | None = None
    order: tuple = (0, 0, 0)


def _reason(error: FieldError) -> str:
    """Return the message without its leading label: ``bắt buộc nhập``."""
    head = f"{error.label}: "
    return error.message[len(head):] if error.message.startswith(head) else error.message


def displayed_rows(form, key: str) -> list[str]:
    """Return the row ids (or fixed row keys) of table ``key`` in the order they are shown."""
    return [row for row, _ in form.raw_value(key) or ()]


def _cell_order(form, key: str, row: str | None, column: str | None) -> tuple:
    info = form.infos[key]
    rows = displayed_rows(form, key)
    ordinal = rows.index(row) + 1 if row in rows else 0
    column_index = next((i for i, c in enumerate(info.columns) if c.key == column), -1)
    return (info.order, ordinal, column_index)


def _place_engine_error(form, error: FieldError) -> PlacedError | None:
    compiled = form.compiled
    if error.key is None:
        return PlacedError(None, field_error_message(error))
    info = form.infos.get(error.key)
    if info is None:
        section = compiled.sections.get(error.key)
        if section is None or (form.section_key and section.path[0] != form.section_key):
            return None
        return PlacedError(section.key, field_error_message(error), order=(section.order, 0, 0))
    if info.type != "table" or (error.row is None and error.column is None and error.row_key is None):
        return PlacedError(info.key, field_error_message(error), order=(info.order, 0, 0))
    field: TableField = form.fields[info.key]
    if info.rows is not None:
        row = error.row_key or (info.rows[error.row].key if error.row is not None else None)
    else:
        row = form.row_id(info.key, error.row) if error.row is not None else None
    if row is None:
        return PlacedError(info.key, field_error_message(error), order=(info.order, 0, 0))
    order = _cell_order(form, info.key, row, error.column)
    reason = translate_reason(_reason(error))
    # Rows are named as they are numbered on screen (blank rows are not stored, so the
    # engine's "dòng n" counts stored rows only).
    if error.column is None:
        label = f"{info.label} › {field.row_name(row, order[1])}"
        return PlacedError(info.key, f"{label}: {reason}", row=row, order=order)
    label = field.cell_label(row, order[1], error.column)
    return PlacedError(info.key, f"{label}: {reason}", row=row, column=error.column, short=reason, order=order)


def apply_errors(form, field_errors: Iterable[FieldError]) -> list[PlacedError]:
    """Place the engine's ``field_errors`` on ``form`` (shown by render_form); return those placed.

    Errors about fields that are not on this form (another wizard step) are skipped, and so are
    errors about values the form itself refused to read: those already say what is wrong.
    """
    refused = form.refused()
    placed = []
    for error in field_errors:
        item = _place_engine_error(form, error)
        if item is None:
            continue
        if (item.key, item.row, item.column) in refused or (item.key, None, None) in refused:
            continue
        placed.append(item)
    form.placed_errors.extend(placed)
    return placed


def form_errors(form) -> list[PlacedError]:
    """Return the errors of a validated bound form (none otherwise), its table cells one by one."""
    # A form is only judged once the caller has asked for its errors: a "Thêm dòng" round
    # trip re-renders the bound form without showing half-typed values as mistakes.
    if not form.is_bound or form._errors is None:
        return []
    found = []
    for key, messages in form.errors.as_data().items():
        if key == NON_FIELD_ERRORS:
            found.extend(PlacedError(None, translate_message(m)) for error in messages for m in error.messages)
            continue
        info = form.infos.get(key)
        order = (info.order, 0, 0) if info else (0, 0, 0)
        if info is not None and info.type == "table":
            field: TableField = form.fields[key]
            _, cells = field.parse(form.raw_value(key))
            for cell in cells:
                label = field.cell_label(cell.row, cell.ordinal, cell.column)
                reason = translate_reason(cell.reason)
                found.append(PlacedError(key, f"{label}: {reason}", row=cell.row, column=cell.column,
                                         short=reason, order=_cell_order(form, key, cell.row, cell.column)))
            messages = [error for error in messages if error.code != "cell"]
        label = info.label if info else None
        found.extend(PlacedError(key, translate_message(m, label), order=order)
                     for error in messages for m in error.messages)
    return found


def all_errors(form) -> list[PlacedError]:
    """Return every error to show, the form's own and the placed engine errors, in form order."""
    errors = form_errors(form) + list(form.placed_errors)
    return sorted(errors, key=lambda e: (e.key is not None, e.order))
