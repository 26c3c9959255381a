"""Pure form-definition engine (no Django): definition format "baocao.form/1" → schemas, layout,
validation, computed values and version diffs. See docs/definition-format.md."""
from .compiler import compile_definition
from .diff import Change, diff_definitions
from .explain import FieldError
from .formula import FormulaError, evaluate, parse_formula
from .meta import definition_problems, validate_definition
from .model import (
    ColumnInfo, CompiledForm, DefinitionError, FieldInfo, FormulaInfo, LayoutNode, Limits, Option, Problem,
    RowInfo, SectionInfo, Target,
)
from .validation import FormValidator

__all__ = [
    "Change", "ColumnInfo", "CompiledForm", "DefinitionError", "FieldError", "FieldInfo", "FormValidator",
    "FormulaError", "FormulaInfo", "LayoutNode", "Limits", "Option", "Problem", "RowInfo", "SectionInfo", "Target",
    "compile_definition", "definition_problems", "diff_definitions", "evaluate", "parse_formula",
    "validate_definition",
]
