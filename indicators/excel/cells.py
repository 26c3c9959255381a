"""One cell ⇄ one JSON value of submission data, per field type; Vietnamese numbers and dates.

Plain Python (no Django): ``parse_<type>`` turns what a spreadsheet or CSV cell holds into the
value the engine validates, or raises CellError with a Vietnamese message; ``display_*`` write
values the Vietnamese way for CSV. Formula injection: a text beginning with = + - @ (or a tab or
carriage return) is written with a leading apostrophe, which an import removes again.
"""
from __future__ import annotations

import datetime as dt
import re
from typing import Any, Callable

from formbuilder.engine.model import ColumnInfo, FieldInfo, Option

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
YES = "Có"
NO = "Không"
MULTI_SEPARATOR = ";"
_YES_WORDS = {"có", "co", "x", "1", "true", "yes", "đúng", "dung", "đạt", "dat"}
_NO_WORDS = {"không", "khong", "0", "false", "no", "sai"}
_VI_NUMBER = re.compile(r"^-?\d{1,3}(\.\d{3})+(,\d+)?$|^-?\d+(,\d+)?$")
_POINT_NUMBER = re.compile(r"^-?\d*\.\d+$|^-?\d+(\.\d+)?[eE][+-]?\d+$")
_EXCEL_EPOCH = dt.date(1899, 12, 30)


class CellError(ValueError):
    """A cell that cannot become a value of its field; the message is Vietnamese."""


def neutralise(text: str) -> str:
    """Return ``text`` safe to open in a spreadsheet: a leading formula character gets an apostrophe."""
    return "'" + text if text and text.startswith(FORMULA_STARTS) else text


def unneutralise(text: str) -> str:
    """Undo :func:`neutralise` (an apostrophe followed by a formula character)."""
    return text[1:] if len(text) > 1 and text[0] == "'" and text[1] in "=+-@\t\r" else text


def format_number(value: int | float) -> str:
    """Return ``value`` written the Vietnamese way (1.234.567,5); integers without decimals."""
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e15:
        value = int(value)
    if isinstance(value, int):
        text = f"{value:,}"
    else:
        text = f"{value:,.10f}".rstrip("0").rstrip(".")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def format_date(value: str) -> str:
    """Return an ISO date (yyyy-mm-dd) as dd/mm/yyyy; anything else unchanged."""
    try:
        return dt.date.fromisoformat(value).strftime("%d/%m/%Y")
    except (TypeError, ValueError):
        return str(value)


def is_blank(raw: Any) -> bool:
    return raw is None or (isinstance(raw, str) and not raw.strip())


def _text_of(raw: Any) -> str:
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, dt.datetime):
        return raw.strftime("%d/%m/%Y %H:%M") if (raw.hour or raw.minute) else raw.strftime("%d/%m/%Y")
    if isinstance(raw, dt.date):
        return raw.strftime("%d/%m/%Y")
    return unneutralise(str(raw).strip())


def parse_number(raw: Any, *, integer: bool = False) -> int | float:
    """Return the number a cell holds (native, or text written 1.234,5 or 1234.5)."""
    if isinstance(raw, bool):
        raise CellError("phải là số")
    if isinstance(raw, (int, float)):
        value = raw
    else:
        text = unneutralise(str(raw)).strip().replace("\u00a0", "").replace(" ", "")
        if _VI_NUMBER.match(text):
            value = float(text.replace(".", "").replace(",", "."))
        elif _POINT_NUMBER.match(text):
            value = float(text)
        else:
            raise CellError("phải là số (viết kiểu 1.234,5)")
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise CellError("phải là số")
        if value.is_integer() and abs(value) < 1e15:
            value = int(value)
    if integer and not isinstance(value, int):
        raise CellError("phải là số nguyên")
    return value


def parse_text(raw: Any) -> str:
    return _text_of(raw)


def parse_date(raw: Any) -> str:
    """Return an ISO date from a date cell, an Excel serial number, or text dd/mm/yyyy (or yyyy-mm-dd)."""
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if 1 <= raw < 2958466:
            return (_EXCEL_EPOCH + dt.timedelta(days=int(raw))).isoformat()
        raise CellError("không đúng định dạng ngày (dd/mm/yyyy)")
    text = unneutralise(str(raw)).strip()
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date().isoformat()
        except ValueError:
            continue
    raise CellError("không đúng định dạng ngày (dd/mm/yyyy)")


def parse_boolean(raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in _YES_WORDS:
        return True
    if word in _NO_WORDS:
        return False
    raise CellError(f"phải là “{YES}” hoặc “{NO}”")


def _option_lookup(options: tuple[Option, ...]) -> dict[str, str]:
    lookup = {}
    for option in options:
        lookup[option.value.strip().lower()] = option.value
        lookup[option.label.strip().lower()] = option.value
    return lookup


def choice_parser(options: tuple[Option, ...], *, multiple: bool = False) -> Callable[[Any], Any]:
    """Return a parser accepting an option's label or stored value (several, separated by ';', if multiple)."""
    lookup = _option_lookup(options)

    def one(text: str) -> str:
        value = lookup.get(text.strip().lower())
        if value is None:
            raise CellError(f"“{text.strip()}” không nằm trong danh sách lựa chọn")
        return value

    def parse(raw: Any):
        text = _text_of(raw)
        if not multiple:
            return one(text)
        return [one(part) for part in text.split(MULTI_SEPARATOR) if part.strip()]

    return parse


def choice_label(options: tuple[Option, ...], value: Any) -> str:
    """Return the label(s) shown for stored choice value(s)."""
    labels = {o.value: o.label for o in options}
    if isinstance(value, list):
        return f"{MULTI_SEPARATOR} ".join(labels.get(v, str(v)) for v in value)
    return labels.get(value, str(value))


def parser_for(info: FieldInfo | ColumnInfo) -> Callable[[Any], Any]:
    """Return the cell parser of a field or table column (dispatch on its type)."""
    kind = info.type
    if kind in ("number", "integer"):
        integer = kind == "integer" or bool(getattr(info, "integer", False))
        return lambda raw: parse_number(raw, integer=integer)
    if kind == "date":
        return parse_date
    if kind == "boolean":
        return parse_boolean
    if kind == "choice":
        return choice_parser(info.options, multiple=bool(getattr(info, "multiple", False)))
    return parse_text
