"""Export units in the import layout (CSV or XLSX), through django-import-export's formats."""
from __future__ import annotations

import tablib
from django.http import HttpResponse
from import_export.formats.base_formats import CSV, XLSX

from .import_plan import COLUMN_LABELS
from .importing import EXPORT_HEADERS, units_export_rows

FORMATS = {"xlsx": XLSX(), "csv": CSV()}


def _neutralise(value):
    # Cells beginning with = + - @ would run as formulas in a spreadsheet.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@"):
        return "'" + value
    return value


def export_units_response(queryset, *, fmt: str = "xlsx") -> HttpResponse:
    """Return a download of ``queryset`` with field-name headers (re-importable as is)."""
    fmt = fmt if fmt in FORMATS else "xlsx"
    dataset = tablib.Dataset(headers=EXPORT_HEADERS, title="Don vi")
    for row in units_export_rows(queryset):
        dataset.append([_neutralise(v) for v in row])
    export_format = FORMATS[fmt]
    data = export_format.export_data(dataset)
    if fmt == "csv":
        data = "\ufeff" + data  # Excel opens UTF-8 CSV correctly with a BOM
    response = HttpResponse(data, content_type=export_format.get_content_type())
    response["Content-Disposition"] = f'attachment; filename="don-vi.{fmt}"'
    return response


__all__ = ["export_units_response", "COLUMN_LABELS"]
