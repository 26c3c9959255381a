"""Vietnamese text helpers shared by every app (pure Python)."""
from __future__ import annotations

import unicodedata

_EXTRA = str.maketrans({"đ": "d", "Đ": "d"})


def fold(text: str | None) -> str:
    """Return ``text`` lower-cased without diacritics: "Vĩnh Am" → "vinh am".

    Used for search that must find Vietnamese words typed with or without
    diacritics; whitespace is collapsed to single spaces.
    """
    if not text:
        return ""
    decomposed = unicodedata.normalize("NFD", text.translate(_EXTRA))
    stripped = "".join(ch for ch in decomposed if unicodedata.category(ch) != "Mn")
    return " ".join(stripped.lower().split())


def format_number(value, decimals: int | None = None) -> str:
    """Return a number in Vietnamese notation: 1234567.5 → "1.234.567,5"."""
    if value is None:
        return ""
    if decimals is None:
        text = f"{value:,}" if isinstance(value, int) else f"{value:,.10f}".rstrip("0").rstrip(".")
    else:
        text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", ".")
