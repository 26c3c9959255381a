"""The designer's preview (xem trước): the form as units will see it, built from a body not yet saved."""
from __future__ import annotations

from .designer import DesignError, body_stream, described_problems, document_with_items, stream_to_items
from .engine.compiler import compile_definition
from .engine.model import DefinitionError
from .engine.tree import TYPE_NAMES
from .limits import definition_limits
from .renderer import form_class_for, render_form


def outline_rows(layout, depth: int = 0) -> list[dict]:
    """Return the compiled ``layout`` as flat rows (with their depth) for a read-only outline."""
    rows = []
    for node in layout:
        if node.kind == "section":
            rows.append({"depth": depth, "kind": "section", "key": node.key, "number": node.number, "title": node.title,
                         "guidance": node.guidance, "self_assessment": bool(node.block) and node.key == node.block})
            rows.extend(outline_rows(node.children, depth + 1))
            continue
        info = node.field
        rows.append({
            "depth": depth, "kind": "field", "key": info.key, "type": info.type,
            "type_name": TYPE_NAMES.get(info.type, info.type), "label": info.label, "number": info.number,
            "required": info.required, "help": info.help, "unit": info.unit, "formula": info.formula,
            "target": str(info.target) if info.target else None,
            "options": [o.label for o in info.options],
            "columns": [{"label": c.label, "type_name": TYPE_NAMES.get(c.type, c.type), "unit": c.unit,
                         "total": c.total} for c in info.columns],
            "rows": [r.label for r in info.rows or ()],
        })
    return rows


def _rendered(compiled, *, mode: str) -> dict:
    """Return the renderer's HTML of an empty ``compiled`` form and the media it needs."""
    form = form_class_for(compiled)()
    return {"rendered_form": render_form(form, mode=mode), "form_media": form.media}


def compiled_preview(*, document: dict, mode: str = "edit") -> dict:
    """Return the context showing ``document``: its compiled layout and rendered form, or its problems."""
    if not document.get("items"):
        return {"document": document, "compiled": None, "problems": [], "empty": True}
    try:
        compiled = compile_definition(document, limits=definition_limits())
    except DefinitionError as exc:
        return {"document": document, "compiled": None, "problems": described_problems(document, exc.problems)}
    return {"document": document, "compiled": compiled, "problems": [], "outline": outline_rows(compiled.layout),
            **_rendered(compiled, mode=mode)}


def preview_context(*, version) -> dict:
    """Return the template context previewing ``version`` from its (possibly unsaved) body."""
    try:
        items = stream_to_items(body_stream(version.body))
    except DesignError as exc:
        return {"version": version, "problems": exc.problems}
    document = document_with_items(version.document, items)
    return {"version": version, **compiled_preview(document=document, mode="edit")}
