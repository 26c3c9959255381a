"""django-import-export resources built at run time from a form version's compiled fields.

``form_resource(compiled, sheet)`` returns a Resource subclass with one Field per column of a
sheet of :mod:`.layout`, each with a widget that parses and renders cells the Vietnamese way.
The import's fast path (:mod:`.planning`) reads rows with python-calamine and calls these same
widgets directly, rather than import-export's row-by-row machinery.
"""
from __future__ import annotations

from import_export import fields, resources, widgets

from formbuilder.engine.model import CompiledForm

from . import layout as L
from .cells import NO, YES, choice_label, format_date, format_number, is_blank, neutralise, parser_for


class CellWidget(widgets.Widget):
    """Parses a cell into the JSON value the engine validates, and renders one for a spreadsheet."""

    def __init__(self, info):
        super().__init__()
        self.info = info
        self.parse = parser_for(info)

    def clean(self, value, row=None, **kwargs):
        return None if is_blank(value) else self.parse(value)

    def render(self, value, obj=None, **kwargs):
        if value is None or value == "" or value == []:
            return ""
        kind = self.info.type
        if kind in ("number", "integer") and isinstance(value, (int, float)) and not isinstance(value, bool):
            return format_number(value)
        if kind == "date":
            return format_date(value)
        if kind == "boolean" and isinstance(value, bool):
            return YES if value else NO
        if kind == "choice":
            return neutralise(choice_label(self.info.options, value))
        return neutralise(str(value))


class _TextWidget(widgets.Widget):
    def clean(self, value, row=None, **kwargs):
        return "" if is_blank(value) else str(value).strip()

    def render(self, value, obj=None, **kwargs):
        return neutralise("" if value is None else str(value))


def _attribute(key: str) -> str:
    return "v_" + key.lstrip("#").replace(":", "_")


def form_resource(compiled: CompiledForm, sheet: L.SheetSpec) -> type[resources.Resource]:
    """Return a Resource subclass whose fields are ``sheet``'s columns (key in the hidden row → widget)."""
    attrs = {}
    for column in sheet.columns:
        widget = CellWidget(column.info) if column.is_value else _TextWidget()
        attrs[_attribute(column.key)] = fields.Field(attribute=_attribute(column.key), column_name=column.header,
                                                     widget=widget)
    attrs["sheet"] = sheet
    return type(f"{compiled.code.replace('-', '_')}_{len(attrs)}Resource", (resources.Resource,), attrs)


def widgets_of(resource: type[resources.Resource]) -> dict[str, widgets.Widget]:
    """Return each value column's widget by its key."""
    return {c.key: resource.fields[_attribute(c.key)].widget for c in resource.sheet.columns if c.is_value}

