"""Name a changed value the way the form shows it: ``II. Kết quả › Số văn bản``, ``Bảng › dòng 2 › Cột``."""
from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext, gettext_lazy as _

from formbuilder.engine import CompiledForm, FieldInfo
from formbuilder.renderer import format_date, format_number

EMPTY = _("(trống)")
HIDDEN_FILE_PARTS = ("ref", "size")  # a file shows as its name; its stored name and size are noise


@dataclass(frozen=True)
class ValueChange:
    """One changed value, named and written for people."""

    path: str
    label: str
    old: str
    new: str


def _by_path(compiled: CompiledForm) -> dict[tuple, object]:
    found = {info.path: info for info in compiled.sections.values()}
    found.update({info.path: info for info in compiled.fields.values()})
    return found


def _locate(index: dict, parts: list[str]):
    """Return (field or section info, the parts below it) for a dotted data path's parts."""
    for size in range(len(parts), 0, -1):
        info = index.get(tuple(parts[:size]))
        if info is not None:
            return info, parts[size:]
    return None, parts


def _option(options, value) -> str:
    return next((o.label for o in options if o.value == value), str(value))


def _text(value, *, kind: str = "text", options=(), unit: str | None = None) -> str:
    if value is None or value == "":
        return str(EMPTY)
    if isinstance(value, bool):
        return gettext("Có") if value else gettext("Không")
    if kind in ("number", "integer", "computed") and isinstance(value, (int, float)):
        text = format_number(value)
        return text + (("" if unit == "%" else " ") + unit if unit else "")
    if kind == "date":
        return format_date(value)
    if kind == "choice":
        return _option(options, value)
    return str(value)


def _describe(info, rest: list[str], value) -> tuple[str, str] | None:
    """Return (label, value text) of one leaf below ``info``; None for a leaf not worth showing."""
    if not isinstance(info, FieldInfo):
        title = getattr(info, "title", "")
        number = getattr(info, "number", None)
        return (f"{number} {title}" if number else title), _text(value)
    if info.type == "file":
        if rest and rest[0] in HIDDEN_FILE_PARTS:
            return None
        return info.label, _text(value)
    if info.type == "table" and rest:
        row = rest[0]
        if info.rows is not None:
            row_name = next((r.label for r in info.rows if r.key == row), row)
        else:
            row_name = gettext("dòng %(n)d") % {"n": int(row) + 1} if row.isdigit() else row
        column = info.column(rest[1]) if len(rest) > 1 else None
        if column is None:
            return f"{info.label} › {row_name}", _text(value)
        kind = column.type
        return (f"{info.label} › {row_name} › {column.label}",
                _text(value, kind=kind, options=column.options, unit=column.unit))
    kind = "integer" if info.type == "number" and info.integer else info.type
    return info.label, _text(value, kind=kind, options=info.options, unit=info.unit)


def describe_changes(compiled: CompiledForm, changes) -> list[ValueChange]:
    """Return ``[[dotted path, old, new], …]`` (datadiff.diff, SubmissionEvent.changes) named for people."""
    index = _by_path(compiled)
    described = []
    for path, old, new in changes:
        info, rest = _locate(index, str(path).split("."))
        if info is None:
            described.append(ValueChange(path, path, _text(old), _text(new)))
            continue
        old_text = _describe(info, rest, old)
        if old_text is None:
            continue
        new_text = _describe(info, rest, new)
        described.append(ValueChange(path, old_text[0], old_text[1], new_text[1]))
    return described
