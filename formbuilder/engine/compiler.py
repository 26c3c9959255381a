"""Compile a definition document into schemas, layout, field index and formula order.

The result is a :class:`CompiledForm`, built once per published version and shared.
"""
from __future__ import annotations

from .checks import topological_order
from .formula import dependencies, parse_formula
from .meta import validate_definition
from .model import (
    ColumnInfo, CompiledForm, FieldInfo, FormulaInfo, LayoutNode, Limits, Option, RowInfo, SectionInfo, Target,
)
from .schema import field_schema, value_required
from .tree import FORMAT, expand_self_assessment

JSON_SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def _options(raw) -> tuple[Option, ...]:
    return tuple(Option(o["value"], o["label"]) for o in raw or ())


def _columns(node: dict) -> tuple[ColumnInfo, ...]:
    totals = set(node.get("totals") or ())
    return tuple(
        ColumnInfo(key=c["key"], label=c["label"], type=c["type"], unit=c.get("unit"),
                   options=_options(c.get("options")), minimum=c.get("minimum"),
                   maximum=c.get("maximum"), max_length=c.get("max_length"),
                   required=bool(c.get("required")), total=c["key"] in totals)
        for c in node.get("columns") or ()
    )


def _rows(node: dict) -> tuple[RowInfo, ...] | None:
    rows = node.get("rows", "free")
    if not isinstance(rows, dict):
        return None
    return tuple(RowInfo(r["key"], r["label"]) for r in rows["fixed"])


def field_info(node: dict, *, path: tuple[str, ...], numbering: tuple[str, ...], order: int,
               block: str | None = None) -> FieldInfo:
    """Return the FieldInfo of a (valid) field node found at data ``path``."""
    return FieldInfo(
        key=node["key"], label=node["label"], type=node["type"], path=path, order=order,
        required=bool(node.get("required")) and node["type"] != "computed",
        help=node.get("help"), number=node.get("number"), numbering=numbering, unit=node.get("unit"),
        integer=bool(node.get("integer")), minimum=node.get("minimum"), maximum=node.get("maximum"),
        multiline=bool(node.get("multiline")), max_length=node.get("max_length"),
        multiple=bool(node.get("multiple")), options=_options(node.get("options")),
        columns=_columns(node) if node["type"] == "table" else (),
        rows=_rows(node) if node["type"] == "table" else None,
        min_rows=node.get("min_rows"), max_rows=node.get("max_rows"),
        formula=node.get("formula"), decimals=node.get("decimals"),
        target=Target(**node["target"]) if node.get("target") else None, block=block,
    )


class _Builder:
    """Walks a valid definition once, filling the field and section indexes as it goes."""

    def __init__(self, limits: Limits):
        self.limits = limits
        self.fields: dict[str, FieldInfo] = {}
        self.sections: dict[str, SectionInfo] = {}
        self.order = 0

    def children(self, nodes, path, numbering, block=None):
        """Return (layout nodes, complete object schema, draft object schema, has required) for ``nodes``."""
        layout, complete, draft, required = [], {}, {}, []
        for node in nodes:
            if node["type"] == "self_assessment":
                node, child_block = expand_self_assessment(node), node["key"]
            else:
                child_block = block
            build = self.section if node["type"] == "section" else self.field
            item, complete_schema, draft_schema, is_required = build(node, path, numbering, child_block)
            layout.append(item)
            complete[node["key"]] = complete_schema
            draft[node["key"]] = draft_schema
            if is_required:
                required.append(node["key"])
        complete_object = {"type": "object", "properties": complete, "additionalProperties": False}
        if required:
            complete_object["required"] = required
        draft_object = {"type": "object", "properties": draft, "additionalProperties": False}
        return tuple(layout), complete_object, draft_object, bool(required)

    def _next_order(self) -> int:
        self.order += 1
        return self.order

    def section(self, node, path, numbering, block):
        key = node["key"]
        own_path = path + (key,)
        info = SectionInfo(key=key, title=node["title"], path=own_path, order=self._next_order(),
                           number=node.get("number"), numbering=numbering, guidance=node.get("guidance"),
                           help=node.get("help"), block=block)
        self.sections[key] = info
        inner_numbering = numbering + ((info.number,) if info.number else ())
        layout, complete, draft, has_required = self.children(node["children"], own_path, inner_numbering,
                                                              block)
        notes = {"title": info.title, "x-key": key, "x-type": "section"}
        if info.number:
            notes["x-number"] = info.number
        if info.guidance:
            notes["description"] = info.guidance
        if block:
            notes["x-block"] = block
        item = LayoutNode(kind="section", key=key, title=info.title, number=info.number,
                          guidance=info.guidance, children=layout, block=block)
        return item, {**notes, **complete}, {**notes, **draft}, has_required

    def field(self, node, path, numbering, block):
        info = field_info(node, path=path + (node["key"],), numbering=numbering,
                          order=self._next_order(), block=block)
        self.fields[info.key] = info
        item = LayoutNode(kind="field", key=info.key, title=info.label, number=info.number,
                          field=info, block=block)
        return (item, field_schema(info, complete=True, limits=self.limits),
                field_schema(info, complete=False, limits=self.limits), value_required(info))


def _formulas(fields: dict[str, FieldInfo]) -> dict[str, FormulaInfo]:
    parsed = {}
    for info in fields.values():
        if info.type == "computed":
            tree = parse_formula(info.formula)
            parsed[info.key] = FormulaInfo(key=info.key, text=info.formula, ast=tree,
                                           dependencies=dependencies(tree), decimals=info.decimals)
    graph = {key: sorted(d for d in formula.dependencies if d in parsed) for key, formula in parsed.items()}
    return {key: parsed[key] for key in topological_order(graph)}


def compile_definition(doc: dict, *, limits: Limits = Limits()) -> CompiledForm:
    """Return the CompiledForm of definition ``doc``; raise DefinitionError listing every problem."""
    validate_definition(doc, limits=limits)
    builder = _Builder(limits)
    layout, complete, draft, _ = builder.children(doc["items"], (), ())
    header = {"$schema": JSON_SCHEMA_DIALECT, "title": doc["title"], "x-format": FORMAT,
              "x-code": doc["code"], "x-kind": doc["kind"]}
    if doc.get("description"):
        header["description"] = doc["description"]
    if doc.get("source"):
        header["x-source"] = doc["source"]
    return CompiledForm(
        code=doc["code"], kind=doc["kind"], title=doc["title"], description=doc.get("description"),
        source=doc.get("source"),
        schema={**header, **complete}, draft_schema={**header, **draft}, layout=layout,
        fields=builder.fields, sections=builder.sections, formulas=_formulas(builder.fields), limits=limits,
    )
