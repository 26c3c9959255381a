"""Read an uploaded .xlsx or .csv into sheets of rows, refusing unsafe or foreign files.

The size, format, zip-bomb and row-count checks are hierarchy.importing.read_table's (the unit
import's); an .xlsx is then opened with python-calamine and its sheets are read lazily, row by row.
"""
from __future__ import annotations

import csv
import io
from dataclasses import dataclass, field
from typing import Iterable, Iterator

from django.conf import settings

from hierarchy.importing import ImportFileError, read_table

from . import layout as L

META_HEADERS = {"Mã biểu mẫu": "definition", "Phiên bản": "version", "Mã đợt": "round"}
_LONG_BY_HEADER = {header.lower(): key for key, header in L.LONG_HEADERS.items()}


@dataclass
class ReadSheet:
    """One sheet: its keys (hidden row 3, or mapped CSV headers), headers and data rows.

    ``rows`` yields (1-based row number as the user sees it, cells).
    """

    name: str
    keys: list[str]
    headers: list[str]
    rows: Iterable[tuple[int, list]]
    height: int = 0


@dataclass
class ReadFile:
    kind: str  # "xlsx" or "csv"
    meta: dict[str, str]
    sheets: list[ReadSheet] = field(default_factory=list)
    rows: int = 0


def _cell_text(value) -> str:
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    return "" if value is None else str(value).strip()


def read_upload(*, content: bytes, filename: str) -> ReadFile:
    """Return the file's metadata and sheets; raise ImportFileError (Vietnamese) for a file we cannot use."""
    name = (filename or "").lower()
    if name.endswith(".csv") or name.endswith(".txt"):
        return _read_csv(content, filename)
    # read_table checks size, type, the zip archive's expanded size and the first sheet.
    read_table(content=content, filename=filename if name.endswith(".xlsx") else filename + ".xlsx")
    return _read_xlsx(content)


def _read_xlsx(content: bytes) -> ReadFile:
    from python_calamine import CalamineWorkbook

    try:
        workbook = CalamineWorkbook.from_filelike(io.BytesIO(content))
        names = list(workbook.sheet_names)
    except Exception as exc:  # calamine has its own error types for corrupt content
        raise ImportFileError(f"Không đọc được tệp Excel: {exc}") from None
    if L.META_SHEET not in names:
        raise ImportFileError("Tệp không phải mẫu nhập liệu của hệ thống (thiếu trang thông tin mẫu). "
                              "Hãy tải mẫu Excel của đợt báo cáo rồi điền vào mẫu đó.")
    meta = {}
    for row in workbook.get_sheet_by_name(L.META_SHEET).to_python(skip_empty_area=False)[:50]:
        if len(row) >= 2 and _cell_text(row[0]):
            meta[_cell_text(row[0])] = _cell_text(row[1])
    sheets, total = [], 0
    for sheet_name in names:
        if sheet_name in (L.META_SHEET, L.INSTRUCTIONS_SHEET, L.LISTS_SHEET):
            continue
        sheet = workbook.get_sheet_by_name(sheet_name)
        height = max(0, sheet.height + sheet.start[0] - L.FIRST_DATA_ROW) if sheet.height else 0
        total += height
        if total > settings.IMPORT_MAX_ROWS:
            raise ImportFileError(f"Tệp có hơn {settings.IMPORT_MAX_ROWS} dòng dữ liệu, vượt giới hạn cho phép.")
        rows = sheet.iter_rows()
        head = [next(rows, []) for _ in range(L.FIRST_DATA_ROW)]
        keys = [_cell_text(v) for v in head[L.KEY_ROW]]
        headers = [_cell_text(v) for v in head[L.HEADER_ROW]]
        sheets.append(ReadSheet(sheet_name, keys, headers, _numbered(rows, L.FIRST_DATA_ROW + 1), height))
    return ReadFile("xlsx", meta, sheets, total)


def _numbered(rows: Iterator[list], first: int) -> Iterator[tuple[int, list]]:
    for number, row in enumerate(rows, start=first):
        yield number, row


def _read_csv(content: bytes, filename: str) -> ReadFile:
    headers, rows = read_table(content=content, filename=filename)  # size, text, encoding and row checks
    text = content.decode("utf-8-sig")
    if ";" in text.split("\n", 1)[0]:
        # Our own dialect, read exactly: the sniffer may guess quoting wrongly on a few lines.
        parsed = list(csv.reader(io.StringIO(text), delimiter=";", quotechar='"', doublequote=True))
        headers, rows = [h.strip() for h in parsed[0]], parsed[1:]
    lowered = [h.strip().lower() for h in headers]
    meta_index = {META_HEADERS[h]: i for h in META_HEADERS for i, x in enumerate(lowered) if x == h.lower()}
    keys = [_LONG_BY_HEADER.get(h, "") for h in lowered]
    if L.UNIT not in keys or L.FIELD not in keys or L.VALUE not in keys or len(meta_index) < 3:
        raise ImportFileError("Tệp CSV không đúng mẫu của hệ thống: cần các cột " + ", ".join(
            [*META_HEADERS, *L.LONG_HEADERS.values()]) + " (tải bản xuất CSV để xem mẫu).")
    meta: dict[str, str] = {}
    for row in rows:
        if any(str(v).strip() for v in row):
            meta = {k: (row[i].strip() if i < len(row) else "") for k, i in meta_index.items()}
            break
    sheet = ReadSheet(L.LONG_SHEET, keys, headers, _numbered(iter(rows), 2), len(rows))
    return ReadFile("csv", meta, [sheet], len(rows))
