"""Django form classes built from a compiled form, and the conversions between form and submission data.

Posted names: a field's key (``so_van_ban``); a file's kept reference ``<key>-ref``; a table cell
``<table>-<row>-<column>`` where ``<row>`` is a fixed row's key or a free row's id; the free
rows themselves are listed by hidden inputs ``<table>-row`` (so rows can be added and removed
without JavaScript, see :func:`handle_table_actions`).
"""
from __future__ import annotations

import copy
import re

from django import forms
from django.forms import Script

from formbuilder.engine import CompiledForm, FieldInfo
from formbuilder.engine.compute import compute_values, read_path

from .builders import create_field
from .fields import FileValue, ROW_MARKER, TableField, cell_name, getlist, is_empty, sign_file_ref

ACTION = "_fb_action"
_NAME_RE = re.compile(r"^[A-Za-z0-9_-]{1,200}$")


def set_path(data: dict, path: tuple[str, ...], value) -> None:
    """Store ``value`` at ``path`` in nested ``data``, creating the enclosing sections."""
    target = data
    for part in path[:-1]:
        if not isinstance(target.get(part), dict):
            target[part] = {}
        target = target[part]
    target[path[-1]] = value


class CompiledFormBase(forms.Form):
    """Base of every generated form; :func:`form_class_for` fills the class attributes.

    ``context_data`` is the rest of the submission (other wizard steps): computed values may
    read it, but :meth:`to_data` returns only this form's own values.
    """

    compiled: CompiledForm
    section_key: str | None = None
    layout: tuple = ()
    infos: dict[str, FieldInfo] = {}

    class Media:
        css = {"all": ["formbuilder/renderer.css"]}
        js = [Script("formbuilder/renderer.js", defer=True)]

    def __init__(self, data=None, files=None, *, context_data: dict | None = None, **kwargs):
        super().__init__(data, files, **kwargs)
        self.context_data = context_data or {}
        self.placed_errors: list = []
        self._row_ids: dict[str, list[str]] = {}
        self._refused: set[tuple] = set()

    def raw_value(self, key: str):
        """Return what the user sent for field ``key`` (or the initial value of an unbound form)."""
        widget = self.fields[key].widget
        if self.is_bound:
            return widget.value_from_datadict(self.data, self.files, self.add_prefix(key))
        return widget.value_from_datadict(self.initial, None, key)

    def to_data(self) -> dict:
        """Return this form's values in the definition's nested shape, leaving out empty values.

        ``{section: {field: value, child_section: {...}}}``; a free table is a list of row dicts
        (blank rows dropped; ``[]`` when the table needs rows and has none, so the engine counts them),
        a fixed table a dict keyed by row key; computed values are left
        out (the engine recomputes them). Values the form refuses (``"abc"`` in a number field)
        are left out too, so the engine can still check everything else.
        """
        data: dict = {}
        self._row_ids, self._refused = {}, set()
        for key, info in self.infos.items():
            if info.type == "computed":
                continue
            field, raw = self.fields[key], self.raw_value(key)
            if info.type == "table":
                value = self._table_value(key, info, field, raw)
            else:
                try:
                    value = field.convert(raw)
                except ValueError:
                    self._refused.add((key, None, None))
                    value = None
                if isinstance(value, FileValue):
                    value = value.ref
            if value == [] or not is_empty(value):
                set_path(data, info.path, value)
        return data

    def _table_value(self, key: str, info: FieldInfo, field: TableField, raw):
        rows, errors = field.parse(raw)
        self._refused.update((key, e.row, e.column) for e in errors)
        # A row with an unreadable cell is not blank: keep it, so its other cells are still checked.
        typed = {e.row for e in errors}
        kept = [(row, {c: v for c, v in cells.items() if not is_empty(v)}) for row, cells in rows]
        kept = [(row, cells) for row, cells in kept if cells or row in typed]
        self._row_ids[key] = [row for row, _ in kept]
        if info.rows is not None:
            return {row: cells for row, cells in kept} or None
        if not kept and (info.min_rows or info.required):
            # An absent table is never counted; an empty list lets the engine say "phải có ít nhất 1 dòng".
            return []
        return [cells for _, cells in kept] or None

    def row_id(self, key: str, index: int) -> str | None:
        """Return the id of the free row stored at ``index`` in :meth:`to_data`'s list for table ``key``."""
        if key not in self._row_ids:
            self.to_data()
        ids = self._row_ids.get(key, [])
        return ids[index] if 0 <= index < len(ids) else None

    def refused(self) -> set[tuple]:
        """Return ``(key, row, column)`` of every value the form cannot read (row and column None for fields)."""
        self.to_data()
        return set(self._refused)

    def full_data(self) -> dict:
        """Return ``context_data`` with this form's values in place: what computed values are evaluated on."""
        data = copy.deepcopy(self.context_data)
        own = self.to_data()
        for info in self.infos.values():
            if info.type != "computed":
                set_path(data, info.path, read_path(own, info.path))
        return data

    def computed_values(self) -> dict:
        """Return every computed value and column total (``"bang.cot"``) from the engine; None is undefined."""
        return compute_values(self.compiled, self.full_data())

    def uploads(self) -> dict:
        """Return the files uploaded in this request, by field key, for the caller to store.

        The renderer never stores files: the caller saves each one and writes its reference
        (``{"name", "ref", "size"}``) at the field's path in the data from :meth:`to_data`.
        """
        if not self.is_bound:
            return {}
        found = {}
        for key, info in self.infos.items():
            if info.type == "file":
                upload = self.raw_value(key).get("upload")
                if upload is not None:
                    found[key] = upload
        return found


def _class_name(compiled: CompiledForm, section_key: str | None) -> str:
    name = re.sub(r"\W", "_", compiled.code, flags=re.ASCII)
    return f"Form_{name}" + (f"__{section_key}" if section_key else "")


def form_class_for(compiled: CompiledForm, *, section_key: str | None = None) -> type[CompiledFormBase]:
    """Return a Django form class for the whole compiled form, or for one top-level section.

    Raise KeyError if ``section_key`` is not a top-level section of the form.
    """
    if section_key is None:
        layout = compiled.layout
    else:
        layout = tuple(n for n in compiled.layout if n.kind == "section" and n.key == section_key)
        if not layout:
            raise KeyError(f"“{section_key}” không phải là mục cấp ngoài cùng của biểu mẫu {compiled.code}")
    infos = {
        info.key: info
        for info in sorted(compiled.fields.values(), key=lambda i: i.order)
        if section_key is None or info.path[0] == section_key
    }
    attrs = {key: create_field(info, limits=compiled.limits) for key, info in infos.items()}
    attrs.update(compiled=compiled, section_key=section_key, layout=layout, infos=infos, __module__=__name__)
    return type(_class_name(compiled, section_key), (CompiledFormBase,), attrs)


def initial_from_data(compiled: CompiledForm, data: dict | None, *, prefix: str | None = None) -> dict:
    """Return submission ``data`` flattened into posted names (with ``prefix`` if the form has one).

    The result serves both as ``initial=`` and as ``data=`` of a form from :func:`form_class_for`:
    binding it and calling ``to_data()`` gives ``data`` back. Free-table rows get ids 0, 1, 2...
    """
    def name(text: str) -> str:
        return f"{prefix}-{text}" if prefix else text

    flat: dict = {}
    for info in compiled.fields.values():
        value = read_path(data or {}, info.path)
        if value is None or info.type == "computed":
            continue
        if info.type == "table":
            if info.rows is not None:
                rows = [(row.key, value.get(row.key)) for row in info.rows] if isinstance(value, dict) else []
            else:
                rows = [(str(i), row) for i, row in enumerate(value)] if isinstance(value, list) else []
                flat[name(f"{info.key}-{ROW_MARKER}")] = [row for row, _ in rows]
            for row, cells in rows:
                for column, cell in (cells.items() if isinstance(cells, dict) else ()):
                    flat[name(cell_name(info.key, row, column))] = cell
        elif info.type == "file":
            if isinstance(value, dict):
                flat[name(f"{info.key}-ref")] = sign_file_ref(value)
        else:
            flat[name(info.key)] = value
    return flat


def handle_table_actions(form_data) -> tuple[object, bool]:
    """Apply a "Thêm dòng" / "Xóa dòng" button press to posted data; return (data, True if one was pressed).

    Views call this first and, when it returns True, render the form bound to the new data
    without validating it. The buttons post ``_fb_action=add:<table name>`` or
    ``remove:<table name>:<row id>``; the returned copy lists the new rows under ``<table name>-row``.
    """
    action = str(form_data.get(ACTION) or "")
    verb, _, target = action.partition(":")
    if verb == "remove":
        target, _, row = target.rpartition(":")
    if verb not in ("add", "remove") or not _NAME_RE.match(target):
        return form_data, False
    data = form_data.copy()
    marker = f"{target}-{ROW_MARKER}"
    rows = [str(r) for r in getlist(data, marker)]
    if verb == "add":
        numbers = [int(r) for r in rows if r.isascii() and r.isdigit()]
        rows.append(str(max(numbers, default=-1) + 1))
    else:
        rows = [r for r in rows if r != row]
    if hasattr(data, "setlist"):
        data.setlist(marker, rows)
    else:
        data[marker] = rows
    data.pop(ACTION, None)
    return data, True
