"""Render a generated form as accessible HTML: nested numbered sections, fields, tables, live computed values.

Python prepares a plain tree of dicts (ids, labels, values already written the Vietnamese way,
errors in place); the templates in ``templates/formbuilder/render/`` only lay it out. The form's own
words (Có/Không, "không xác định", buttons, notes, messages) follow the user's language; what the
definition and the unit wrote (labels, options, values) stays as entered.
"""
from __future__ import annotations

from collections import defaultdict
from html import escape
from decimal import Decimal

from django.template.loader import render_to_string
from django.utils.translation import gettext
from django.utils.safestring import SafeString, mark_safe

from formbuilder.engine import ColumnInfo, FieldInfo, LayoutNode, Option

from .client import client_model
from .errors import PlacedError, all_errors, apply_errors
from .fields import column_converter, unsign_file_ref
from .localize import UNDEFINED_TEXT, format_date, format_number, format_with_unit

MODES = ("edit", "readonly")
TEMPLATE_DIR = "formbuilder/render"
EMPTY_TEXT = "—"
YES, NO = "Có", "Không"  # catalogue entries: shown as gettext(YES), gettext(NO)
ROW_PLACEHOLDER, ORDINAL_PLACEHOLDER = "__row__", "__n__"


def attributes(values: dict) -> SafeString:
    """Return `` name="value"`` pairs, escaped, leaving out None (a lean ``flatatt`` for hundreds of inputs)."""
    return mark_safe("".join(f' {name}="{escape(str(value), quote=True)}"'
                             for name, value in values.items() if value is not None))


def format_result(value, decimals: int | None = None, unit: str | None = None) -> str:
    """Return a computed value or column total for display, with its unit; None (e.g. division by zero)
    reads "không xác định" (in the user's language)."""
    if value is None:
        return gettext(UNDEFINED_TEXT)
    if isinstance(value, bool):
        value = int(value)
    if decimals is None and isinstance(value, float) and not value.is_integer():
        # Sums of decimals carry binary noise (0,1 + 0,2); ten places is more than any report uses.
        value = Decimal(f"{value:.10f}".rstrip("0"))
    return format_with_unit(value, unit, decimals)


def _edit_text(raw, *, numeric: bool = False, date: bool = False) -> str:
    """Return what an input shows: typed text as typed, stored numbers and dates the Vietnamese way."""
    if raw is None:
        return ""
    if numeric and isinstance(raw, (int, float, Decimal)) and not isinstance(raw, bool):
        return format_number(raw)
    if date:
        return format_date(raw)
    return str(raw)


def _option_label(options, value) -> str:
    return next((o.label for o in options if o.value == value), str(value))


class _Builder:
    """Builds the template tree of one form; one instance per render."""

    def __init__(self, form, mode: str, errors: list[PlacedError], values: dict):
        self.form = form
        self.mode = mode
        self.values = values
        self.by_place: dict[tuple, list[PlacedError]] = defaultdict(list)
        for error in errors:
            self.by_place[(error.key, error.row, error.column)].append(error)
        self.tables_with_errors = {e.key for e in errors if e.row is not None}
        # The words of yes/no answers, looked up once per render.
        self.yes, self.no = gettext(YES), gettext(NO)
        self.yes_no = (Option("true", self.yes), Option("false", self.no))
        auto_id = form.auto_id
        self._id_format = auto_id if auto_id and "%s" in str(auto_id) else "%s"

    def html_id(self, name: str) -> str:
        return self._id_format % self.form.add_prefix(name)

    # --- tree ---------------------------------------------------------------------------------

    def nodes(self, layout: tuple[LayoutNode, ...], level: int) -> list[dict]:
        return [self.section(n, level) if n.kind == "section" else self.field(n.field) for n in layout]

    def section(self, node: LayoutNode, level: int) -> dict:
        info = self.form.compiled.sections[node.key]
        return {
            "template": f"{TEMPLATE_DIR}/section.html",
            "id": self.html_id(f"sec-{node.key}"),
            "number": node.number, "title": node.title, "guidance": node.guidance, "help": info.help,
            "heading": f"h{min(level + 1, 6)}", "level": level, "block": bool(node.block),
            "errors": [e.message for e in self.by_place.get((node.key, None, None), ())],
            "children": self.nodes(node.children, level + 1),
        }

    def field(self, info: FieldInfo) -> dict:
        name = self.form.add_prefix(info.key)
        html_id = self.html_id(info.key)
        errors = [e.message for e in self.by_place.get((info.key, None, None), ())]
        node = {
            "key": info.key, "type": info.type, "id": html_id, "name": name, "label": info.label,
            "number": info.number, "required": info.required, "help": info.help, "unit": info.unit,
            "errors": errors, "invalid": bool(errors) or info.key in self.tables_with_errors,
            "help_id": f"{html_id}-help", "error_id": f"{html_id}-error", "unit_id": f"{html_id}-unit",
        }
        described = [node["help_id"] if info.help else None, node["unit_id"] if info.unit else None,
                     node["error_id"] if errors else None]
        node["describedby"] = " ".join(d for d in described if d)
        if info.type == "computed":
            return self.computed(info, node)
        if info.type == "table":
            return self.table(info, node)
        raw = self.form.raw_value(info.key)
        if self.mode == "readonly":
            node.update(template=f"{TEMPLATE_DIR}/readonly.html", display=self.readonly_text(info, raw))
            return node
        if info.type == "date":
            node["format_id"] = f"{html_id}-format"
            node["describedby"] = " ".join(filter(None, [node["describedby"], node["format_id"]]))
        getattr(self, f"edit_{info.type}")(info, node, raw)
        node.setdefault("template", f"{TEMPLATE_DIR}/field.html")
        node["attrs"] = attributes({
            "id": html_id, "name": name, "aria-describedby": node["describedby"] or None,
            "aria-invalid": "true" if node["invalid"] else None,
            "aria-required": "true" if info.required else None, "data-fb-key": info.key,
        })
        return node

    # --- edit mode, one method per type ---------------------------------------------------------

    def edit_text(self, info, node, raw):
        node.update(value=_edit_text(raw), multiline=info.multiline, max_length=info.max_length)

    def edit_number(self, info, node, raw):
        node.update(value=_edit_text(raw, numeric=True), inputmode="numeric" if info.integer else "decimal")

    def edit_date(self, info, node, raw):
        node.update(value=_edit_text(raw, date=True))

    def edit_boolean(self, info, node, raw):
        selected = {True: "true", False: "false"}.get(raw, str(raw or ""))
        node.update(options=[{"value": "true", "label": self.yes, "selected": selected == "true"},
                             {"value": "false", "label": self.no, "selected": selected == "false"}])

    def edit_choice(self, info, node, raw):
        if info.multiple:
            chosen = {str(v) for v in (raw if isinstance(raw, (list, tuple)) else [raw]) if v is not None}
            node["options"] = [{"value": o.value, "label": o.label, "selected": o.value in chosen,
                                "id": f"{node['id']}_{i}"} for i, o in enumerate(info.options)]
            node["template"] = f"{TEMPLATE_DIR}/choice_multiple.html"
            if node["options"]:
                node["first_id"] = node["options"][0]["id"]
        else:
            node["options"] = [{"value": o.value, "label": o.label, "selected": o.value == str(raw)}
                               for o in info.options]

    def edit_file(self, info, node, raw):
        token = raw.get("ref") if isinstance(raw, dict) else raw
        current = None
        if token:
            try:
                current = unsign_file_ref(token)
            except ValueError:
                current = None
        node.update(token=token if current else "", current=current,
                    clear_id=f"{node['id']}-clear", clear_name=f"{node['name']}-clear")

    # --- read-only ------------------------------------------------------------------------------

    def readonly_text(self, info: FieldInfo, raw) -> str:
        converter = self.form.fields[info.key].convert
        try:
            value = converter(raw)
        except ValueError:
            return str(raw)
        if value is None:
            return EMPTY_TEXT
        if info.type == "number":
            return format_with_unit(value, info.unit)
        if info.type == "date":
            return format_date(value)
        if info.type == "boolean":
            return self.yes if value else self.no
        if info.type == "choice":
            values = value if isinstance(value, list) else [value]
            return "; ".join(_option_label(info.options, v) for v in values)
        if info.type == "file":
            return value.ref["name"] if value.ref else EMPTY_TEXT
        return value

    # --- computed values and tables -----------------------------------------------------------

    def computed(self, info: FieldInfo, node: dict) -> dict:
        formula = self.form.compiled.formulas.get(info.key)
        node.update(template=f"{TEMPLATE_DIR}/computed.html",
                    display=format_result(self.values.get(info.key), info.decimals, info.unit),
                    decimals="" if info.decimals is None else str(info.decimals),
                    readonly=self.mode == "readonly", formula=formula.text if formula else "")
        return node

    def table(self, info: FieldInfo, node: dict) -> dict:
        free = info.rows is None
        edit = self.mode == "edit"
        raw_rows = self.form.raw_value(info.key) or []
        if free and not raw_rows and not self.form.is_bound and edit:
            # A fresh free table opens with blank rows to type into (blank rows are never stored).
            raw_rows = [(str(i), {}) for i in range(max(info.min_rows or 0, 1))]
        columns = [self.column(info, c, node) for c in info.columns]
        rows = [self.row(info, node, columns, row, ordinal, cells)
                for ordinal, (row, cells) in enumerate(raw_rows, start=1)]
        totals = None
        if any(c.total for c in info.columns):
            totals = [{"key": c.key, "total": c.total,
                       "display": format_result(self.values.get(f"{info.key}.{c.key}")) if c.total else ""}
                      for c in info.columns]
        max_rows = self.form.fields[info.key].widget.max_rows
        row_errors = [e.message for (key, row, column), found in self.by_place.items()
                      if key == info.key and row is not None and column is None for e in found]
        node.update(
            template=f"{TEMPLATE_DIR}/table.html", free=free, edit=edit, columns=columns, rows=rows,
            # Numbers for attributes go as text: templates would group thousands ("5.000").
            totals=totals, max_rows=str(max_rows), can_add=edit and free and len(rows) < max_rows,
            next_row=str(max([int(r["row"]) for r in rows if r["row"].isdigit()], default=-1) + 1),
            row_errors=row_errors, caption_id=f"{node['id']}-caption",
            template_row=self.row(info, node, columns, ROW_PLACEHOLDER, ORDINAL_PLACEHOLDER, {})
            if edit and free else None,
        )
        if row_errors:
            node["errors"] = node["errors"] + row_errors
        return node

    def column(self, info: FieldInfo, column: ColumnInfo, node: dict) -> dict:
        return {
            "key": column.key, "label": column.label, "unit": column.unit, "type": column.type,
            "required": column.required, "numeric": column.type in ("integer", "number"),
            "header_id": f"{node['id']}-h-{column.key}", "options": column.options,
            "total": column.total,
        }

    def row(self, info: FieldInfo, node: dict, columns: list[dict], row: str, ordinal, cells: dict) -> dict:
        label = next((r.label for r in info.rows if r.key == row), row) if info.rows is not None else None
        return {
            "row": row, "ordinal": ordinal, "label": label,
            "cells": [self.cell(info, node, column, row, ordinal, label, cells.get(column["key"]))
                      for column in columns],
        }

    def cell(self, info: FieldInfo, node: dict, column: dict, row: str, ordinal, row_label, raw) -> dict:
        html_id = f"{node['id']}-{row}-{column['key']}"
        errors = [e.short or e.message for e in self.by_place.get((info.key, row, column["key"]), ())]
        cell = {"id": html_id, "name": f"{node['name']}-{row}-{column['key']}", "column": column,
                "errors": errors, "error_id": f"{html_id}-error"}
        if self.mode == "readonly":
            cell["display"] = self.cell_text(info.column(column["key"]), raw)
            return cell
        if column["type"] in ("choice", "boolean"):
            selected = {True: "true", False: "false"}.get(raw, "" if raw is None else str(raw))
            options = column["options"] if column["type"] == "choice" else self.yes_no
            cell["select"] = True
            cell["options"] = [{"value": o.value, "label": o.label, "selected": o.value == selected}
                               for o in options]
        else:
            cell["value"] = _edit_text(raw, numeric=column["numeric"], date=column["type"] == "date")
        return cell

    def cell_text(self, column: ColumnInfo, raw) -> str:
        try:
            value = column_converter(column)(raw)
        except ValueError:
            return str(raw)
        if value is None:
            return ""
        if column.type in ("integer", "number"):
            return format_number(value)
        if column.type == "date":
            return format_date(value)
        if column.type == "boolean":
            return self.yes if value else self.no
        if column.type == "choice":
            return _option_label(column.options, value)
        return value


def _anchor(builder: _Builder, error: PlacedError) -> str | None:
    form = builder.form
    if error.key is None:
        return None
    if error.key not in form.infos:
        return builder.html_id(f"sec-{error.key}")
    info = form.infos[error.key]
    base = builder.html_id(info.key)
    if error.row is not None and error.column is not None:
        return f"{base}-{error.row}-{error.column}"
    if info.type == "choice" and info.multiple and info.options and builder.mode == "edit":
        return f"{base}_0"
    return base


def render_form(form, *, errors=(), mode: str = "edit") -> SafeString:
    """Return the HTML of ``form`` (from :func:`form_class_for`), to put inside the caller's ``<form>``.

    ``errors`` are engine FieldErrors to place first (see :func:`apply_errors`); the form's own
    errors are shown once it has been validated (``is_valid()`` or ``errors`` was called).
    ``mode="readonly"`` shows values as text, for reviewers and printing.
    """
    if mode not in MODES:
        raise ValueError(f"mode must be one of {MODES}, not {mode!r}")
    if errors:
        apply_errors(form, errors)
    placed = all_errors(form)
    values = form.computed_values()
    builder = _Builder(form, mode, placed, values)
    summary = [{"message": e.message, "href": _anchor(builder, e)} for e in placed]
    model = client_model(form, values) if mode == "edit" else None
    context = {
        "mode": mode, "edit": mode == "edit", "summary": summary, "model": model,
        "root_id": builder.html_id("fb-root"), "summary_id": builder.html_id("fb-errors"),
        "model_id": builder.html_id("fb-model"),
        "has_required": any(i.required or any(c.required for c in i.columns) for i in form.infos.values()),
        "nodes": builder.nodes(form.layout, 1),
        "description": form.compiled.description if form.section_key is None else None,
        "undefined_text": gettext(UNDEFINED_TEXT),
    }
    return render_to_string(f"{TEMPLATE_DIR}/form.html", context)
