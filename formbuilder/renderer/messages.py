"""The form's messages in the user's language, translated where they are shown.

The engine (``formbuilder.engine.explain``) and the converters of :mod:`.fields` are pure and write
Vietnamese: ``Số văn bản: phải là số nguyên không âm``, ``Bảng › dòng 2 › Số lượng: bắt buộc nhập``.
Here the fixed part of such a message (the reason after the label, and the ``dòng n`` the engine
names free rows with) is looked up in the catalogue; the label, the names of fields, rows and
columns, stays as entered. In Vietnamese the message is returned untouched, byte for byte.

A reason this module does not know (a new engine message) is shown as it is, in Vietnamese.
"""
from __future__ import annotations

import re

from django.utils.translation import get_language, gettext, gettext_noop

# Reasons written in full (engine ``explain.describe`` and ``renderer.fields``).
FIXED_REASONS = frozenset({
    gettext_noop("bắt buộc nhập"),
    gettext_noop("bắt buộc chọn ít nhất một phương án"),
    gettext_noop("bắt buộc nhập ít nhất một dòng"),
    gettext_noop("phải là số"),
    gettext_noop("phải là số nguyên"),
    gettext_noop("phải là số không âm"),
    gettext_noop("phải là số nguyên không âm"),
    gettext_noop("phải là văn bản"),
    gettext_noop("phải là danh sách các lựa chọn"),
    gettext_noop("phải là bảng dữ liệu"),
    gettext_noop("phải chọn Có hoặc Không"),
    gettext_noop("không đúng định dạng ngày (dd/mm/yyyy)"),
    gettext_noop("giá trị không nằm trong danh sách"),
    gettext_noop("giá trị không hợp lệ"),
    gettext_noop("tệp đính kèm không hợp lệ"),
    gettext_noop("dữ liệu không đúng cấu trúc"),
    gettext_noop("có phương án bị chọn trùng"),
})

# Reasons with a value in them: the pattern that reads the value, and the catalogue entry to write.
PATTERN_REASONS = (
    (re.compile(r"không được nhỏ hơn (?P<value>.+)", re.S), gettext_noop("không được nhỏ hơn %(value)s")),
    (re.compile(r"không được lớn hơn (?P<value>.+)", re.S), gettext_noop("không được lớn hơn %(value)s")),
    (re.compile(r"dài quá (?P<value>\d+) ký tự"), gettext_noop("dài quá %(value)s ký tự")),
    (re.compile(r"phải có ít nhất (?P<value>[\d.]+) dòng"), gettext_noop("phải có ít nhất %(value)s dòng")),
    (re.compile(r"không được quá (?P<value>[\d.]+) dòng"), gettext_noop("không được quá %(value)s dòng")),
    (re.compile(r"có dòng không thuộc bảng: (?P<value>.*)", re.S), gettext_noop("có dòng không thuộc bảng: %(value)s")),
    (re.compile(r"có cột không thuộc bảng: (?P<value>.*)", re.S), gettext_noop("có cột không thuộc bảng: %(value)s")),
    (re.compile(r"có trường không thuộc biểu mẫu: (?P<value>.*)", re.S),
     gettext_noop("có trường không thuộc biểu mẫu: %(value)s")),
)

# "› dòng 3" between the parts of a label names a free table's row (the engine's and the renderer's).
_ROW_PART = re.compile(r"(?<= › )dòng (\d+)(?= › |$)")


def vietnamese() -> bool:
    """Return True when the messages are shown as written (Vietnamese, or no language active)."""
    language = get_language()
    return not language or language.startswith("vi")


def translate_reason(reason: str) -> str:
    """Return a reason (``phải là số``, ``không được lớn hơn 100%``) in the user's language."""
    if vietnamese():
        return reason
    if reason in FIXED_REASONS:
        return gettext(reason)
    for pattern, template in PATTERN_REASONS:
        match = pattern.fullmatch(reason)
        if match:
            return gettext(template) % {"value": match["value"]}
    return reason


def row_name(ordinal) -> str:
    """Return how a free table's row is named: ``dòng 2`` (``row 2``)."""
    return gettext("dòng %(n)d") % {"n": int(ordinal)}


def translate_label(label: str) -> str:
    """Return a label with the free rows it names (``Bảng › dòng 2 › Cột``) in the user's language."""
    if vietnamese() or "dòng " not in label:
        return label
    return _ROW_PART.sub(lambda m: row_name(m[1]), label)


def translate_message(message: str, label: str | None = None) -> str:
    """Return ``<label>: <reason>`` (or a bare reason) in the user's language, the label kept as data."""
    if vietnamese():
        return message
    if label:
        head = f"{label}: "
        if message.startswith(head):
            return f"{translate_label(label)}: {translate_reason(message[len(head):])}"
    return translate_reason(message)


def field_error_message(error) -> str:
    """Return the message of an engine FieldError in the user's language."""
    return translate_message(error.message, error.label)
