"""How a dashboard writes numbers, rates and statuses (pure Python): 1.234.567,5 and “không xác định”."""
from __future__ import annotations

import math

from indicators.engine.rules import UNDEFINED_VI
from indicators.engine.targets import Status

DECIMALS = 2
STATUS_LABELS = {status: status.label_vi for status in Status}


def number(value: float | int | None, decimals: int = DECIMALS) -> str:
    """Return ``value`` the Vietnamese way, at most ``decimals`` decimals: 1234567.5 → "1.234.567,5".

    An undefined value (None, e.g. a division by zero, or not finite) is “không xác định”.
    """
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return UNDEFINED_VI
    rounded = round(float(value), decimals)
    if rounded.is_integer():
        text = f"{int(rounded):,}"
    else:
        text = f"{rounded:,.{decimals}f}".rstrip("0")
    return text.replace(",", "\0").replace(".", ",").replace("\0", ".")


def quantity(value: float | None, unit_of_measure: str = "") -> str:
    """Return a value with its unit of measure: "75 %", "1.250 hồ sơ" (no unit when undefined)."""
    text = number(value)
    return f"{text} {unit_of_measure}" if value is not None and unit_of_measure else text


def rate(value: float | None) -> str:
    """Return a rate in % ("87,5 %"), or “không xác định” when nothing was expected."""
    return quantity(value, "%")


def status_label(status: Status | str) -> str:
    return STATUS_LABELS[Status(status)]
