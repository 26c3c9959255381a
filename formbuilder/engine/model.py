"""Plain data shared by every engine module: limits, compiled form parts and definition problems.

This module imports nothing from the rest of the engine, so every other module may import it.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Limits:
    """Size limits for a definition; callers pass values read from Django settings."""

    max_depth: int = 8
    max_fields: int = 2000
    max_options: int = 500
    max_columns: int = 60
    max_formula_length: int = 500
    max_table_rows: int = 5000


@dataclass(frozen=True)
class Problem:
    """One defect of a definition document: where it is (``items[2].children[0]``) and what is wrong."""

    path: str
    message: str

    def __str__(self) -> str:
        return f"{self.path or '(gốc)'}: {self.message}"


class DefinitionError(ValueError):
    """A definition document (định nghĩa biểu mẫu) cannot be used; ``problems`` lists every defect."""

    def __init__(self, problems: list[Problem]):
        self.problems = list(problems)
        super().__init__(str(self))

    def __str__(self) -> str:
        lines = [f"Định nghĩa biểu mẫu có {len(self.problems)} lỗi:"]
        lines.extend(f"- {problem}" for problem in self.problems)
        return "\n".join(lines)


@dataclass(frozen=True)
class Option:
    """One option of a choice field or choice column: the stored ``value`` and the shown ``label``."""

    value: str
    label: str


@dataclass(frozen=True)
class RowInfo:
    """One fixed row of a table (dòng cố định)."""

    key: str
    label: str


@dataclass(frozen=True)
class Target:
    """The value an indicator aims at (chỉ tiêu phấn đấu): ``direction`` is one of >=, <=, =, >, <."""

    direction: str
    value: float
    unit: str | None = None
    baseline: float | None = None
    source: str | None = None

    def __str__(self) -> str:
        sign = {">=": "≥", "<=": "≤"}.get(self.direction, self.direction)
        unit = "" if not self.unit else (self.unit if self.unit == "%" else f" {self.unit}")
        return f"{sign} {self.value}{unit}"


@dataclass(frozen=True)
class ColumnInfo:
    """One column of a table; ``total`` is True when the column gets a column total (tổng cộng)."""

    key: str
    label: str
    type: str
    unit: str | None = None
    options: tuple[Option, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    max_length: int | None = None
    required: bool = False
    total: bool = False


@dataclass(frozen=True)
class FieldInfo:
    """A value-bearing field of a compiled form, found by its stable key.

    ``path`` is where the value lives in submission data, e.g. ``("phan_ii", "muc_1", "so_van_ban")``;
    ``numbering`` holds the numbers of the enclosing sections, outermost first (``("II.", "1.")``).
    """

    key: str
    label: str
    type: str
    path: tuple[str, ...]
    order: int
    required: bool = False
    help: str | None = None
    number: str | None = None
    numbering: tuple[str, ...] = ()
    unit: str | None = None
    integer: bool = False
    minimum: float | None = None
    maximum: float | None = None
    multiline: bool = False
    max_length: int | None = None
    multiple: bool = False
    options: tuple[Option, ...] = ()
    columns: tuple[ColumnInfo, ...] = ()
    rows: tuple[RowInfo, ...] | None = None
    min_rows: int | None = None
    max_rows: int | None = None
    formula: str | None = None
    decimals: int | None = None
    target: Target | None = None
    block: str | None = None

    @property
    def fixed_rows(self) -> bool:
        """Return True for a table whose rows are fixed by the definition."""
        return self.rows is not None

    def column(self, key: str) -> ColumnInfo | None:
        """Return the column named ``key``, or None."""
        return next((c for c in self.columns if c.key == key), None)


@dataclass(frozen=True)
class SectionInfo:
    """A section (mục / phần) of a compiled form; ``block`` is set when expanded from a self-assessment."""

    key: str
    title: str
    path: tuple[str, ...]
    order: int
    number: str | None = None
    numbering: tuple[str, ...] = ()
    guidance: str | None = None
    help: str | None = None
    block: str | None = None


@dataclass(frozen=True)
class LayoutNode:
    """One node of the renderer's ordered layout: a section with children, or a field."""

    kind: str  # "section" or "field"
    key: str
    title: str
    number: str | None = None
    guidance: str | None = None
    children: tuple[LayoutNode, ...] = ()
    field: FieldInfo | None = None
    block: str | None = None


@dataclass(frozen=True)
class FormulaInfo:
    """A computed field's parsed formula and the field keys it reads."""

    key: str
    text: str
    ast: Any
    dependencies: frozenset[str]
    decimals: int | None = None


@dataclass(frozen=True)
class CompiledForm:
    """Everything derived from one definition version; build once, then share read-only.

    ``formulas`` is ordered so that evaluating in iteration order sees every dependency first.
    """

    code: str
    kind: str
    title: str
    description: str | None
    source: str | None
    schema: dict
    draft_schema: dict
    layout: tuple[LayoutNode, ...]
    fields: dict[str, FieldInfo]
    sections: dict[str, SectionInfo]
    formulas: dict[str, FormulaInfo]
    limits: Limits = field(default_factory=Limits)
