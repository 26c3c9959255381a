"""Vietnamese numbers and dates: read what people type, write what they expect to read.

Numbers are written ``1.234.567,5`` (dot groups thousands, comma marks decimals); the
plain ``1234567.5`` of spreadsheets and other systems is accepted too. A lone dot followed
by exactly three digits after one to three leading digits (``1.234``) is read the
Vietnamese way, as a thousands separator; every other lone dot is a decimal point.
Dates are written ``dd/mm/yyyy``; ISO ``yyyy-mm-dd`` is accepted and stored.

``static/formbuilder/renderer.js`` applies the same rules in the browser; keep them in step.
"""
from __future__ import annotations

import datetime
import re
from decimal import Decimal, InvalidOperation

UNDEFINED_TEXT = "không xác định"

_SPACES = re.compile(r"[\s\u00a0\u202f]+")
_GROUPED = re.compile(r"^\d{1,3}(?:SEP\d{3})+$")
_DIGITS = re.compile(r"^\d+$")
MAX_DIGITS = 30


def _grouped(text: str, sep: str) -> bool:
    return bool(re.match(_GROUPED.pattern.replace("SEP", re.escape(sep)), text))


def parse_number(text: str) -> Decimal:
    """Return the Decimal written in ``text``; raise ValueError if it is not a plain number.

    Accepts ``1.234.567,5``, ``1234567,5``, ``1234567.5``, ``1,234,567.5``, ``-12``, ``+3``
    and spaces between digit groups; refuses exponents, ``inf``/``nan`` and misplaced separators.
    """
    text = _SPACES.sub("", str(text))
    sign = ""
    if text[:1] and text[:1] in "+-":
        sign, text = ("-" if text[0] == "-" else ""), text[1:]
    if not text or len(text) > MAX_DIGITS + 10:
        raise ValueError("not a number")
    dots, commas = text.count("."), text.count(",")
    if dots and commas:
        # The separator written last is the decimal one: 1.234,5 (Vietnamese) or 1,234.5.
        decimal_sep = "," if text.rfind(",") > text.rfind(".") else "."
        group_sep = "." if decimal_sep == "," else ","
        whole, _, fraction = text.rpartition(decimal_sep)
        if not _grouped(whole, group_sep) and not _DIGITS.match(whole):
            raise ValueError("not a number")
        whole = whole.replace(group_sep, "")
    elif commas:
        if commas == 1:
            whole, _, fraction = text.partition(",")
        elif _grouped(text, ","):
            whole, fraction = text.replace(",", ""), ""
        else:
            raise ValueError("not a number")
    elif dots:
        if dots == 1 and not re.match(r"^[1-9]\d{0,2}\.\d{3}$", text):
            whole, _, fraction = text.partition(".")
        elif _grouped(text, "."):
            whole, fraction = text.replace(".", ""), ""
        else:
            raise ValueError("not a number")
    else:
        whole, fraction = text, ""
    if not whole:
        whole = "0" if fraction else ""
    if not _DIGITS.match(whole) or (fraction and not _DIGITS.match(fraction)):
        raise ValueError("not a number")
    if len(whole) + len(fraction) > MAX_DIGITS:
        raise ValueError("too many digits")
    try:
        return Decimal(f"{sign}{whole}.{fraction}" if fraction else f"{sign}{whole}")
    except InvalidOperation as error:  # pragma: no cover - the patterns above only let digits through
        raise ValueError("not a number") from error


def decimal_to_json(value: Decimal, *, integer: bool) -> int | float:
    """Return ``value`` as the JSON number the schema expects: an int when whole, else a float.

    Raise ValueError when ``integer`` is set and ``value`` has a fraction.
    """
    if value == value.to_integral_value():
        return int(value)
    if integer:
        raise ValueError("not an integer")
    return float(value)


def format_number(value, decimals: int | None = None) -> str:
    """Return ``value`` written the Vietnamese way (``1.234.567,5``); ``decimals`` fixes the fraction digits.

    None gives "" and booleans are refused (they are not numbers in a submission).
    """
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, float) and value.is_integer() and decimals is None:
        value = int(value)
    if decimals is not None:
        text = f"{Decimal(str(value)):.{decimals}f}"
    elif isinstance(value, int):
        text = str(value)
    else:
        text = f"{Decimal(str(value)):f}"
        if "." in text:
            text = text.rstrip("0").rstrip(".")
    negative = text.startswith("-")
    whole, _, fraction = text.lstrip("-").partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    result = ".".join(groups) + ("," + fraction if fraction else "")
    return ("-" if negative and result.strip("0.,") else "") + result


def format_with_unit(value, unit: str | None, decimals: int | None = None) -> str:
    """Return a number with its unit of measure (``12,5%``, ``3 văn bản``); None reads "không xác định"."""
    if value is None:
        return UNDEFINED_TEXT
    text = format_number(value, decimals)
    if not unit:
        return text
    return text + (unit if unit == "%" else f" {unit}")


_DATE_PATTERNS = (
    re.compile(r"^(?P<d>\d{1,2})[/.\-](?P<m>\d{1,2})[/.\-](?P<y>\d{4})$"),
    re.compile(r"^(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})$"),
)


def parse_date(text: str) -> datetime.date:
    """Return the date written ``dd/mm/yyyy`` (also ``d/m/yyyy``, ``dd-mm-yyyy``, ``dd.mm.yyyy``) or ISO
    ``yyyy-mm-dd``; raise ValueError for anything else or a day that does not exist."""
    text = str(text).strip()
    for pattern in _DATE_PATTERNS:
        match = pattern.match(text)
        if match:
            return datetime.date(int(match["y"]), int(match["m"]), int(match["d"]))
    raise ValueError("not a date")


def format_date(value) -> str:
    """Return an ISO date string or date as ``dd/mm/yyyy``; any other text is returned unchanged."""
    if isinstance(value, datetime.date):
        return value.strftime("%d/%m/%Y")
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}$", value):
        try:
            return datetime.date.fromisoformat(value).strftime("%d/%m/%Y")
        except ValueError:
            return value
    return "" if value is None else str(value)
