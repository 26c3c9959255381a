"""What the browser needs to show computed values live: formulas as JSON trees and a field index.

``static/formbuilder/renderer.js`` interprets these trees (no ``eval``) with the engine's rules:
same lookups as ``formbuilder.engine.compute``, same three-valued logic and rounding.
"""
from __future__ import annotations

from formbuilder.engine.formula import Binary, Call, Num, Ref, Unary


def formula_to_json(tree) -> dict:
    """Return the engine's parsed formula ``tree`` as plain JSON: ``{"t": "bin", "op": "/", "l": …, "r": …}``."""
    if isinstance(tree, Num):
        return {"t": "num", "v": tree.value}
    if isinstance(tree, Ref):
        return {"t": "ref", "p": list(tree.parts)}
    if isinstance(tree, Unary):
        return {"t": "un", "op": tree.op, "a": formula_to_json(tree.operand)}
    if isinstance(tree, Binary):
        return {"t": "bin", "op": tree.op, "l": formula_to_json(tree.left), "r": formula_to_json(tree.right)}
    if isinstance(tree, Call):
        return {"t": "call", "f": tree.name, "a": [formula_to_json(arg) for arg in tree.args]}
    raise TypeError(f"Unknown formula node {tree!r}")


def _field_entry(info, *, on_form: bool) -> dict:
    entry = {"type": info.type, "path": list(info.path), "onForm": on_form}
    if info.type == "number":
        entry["integer"] = info.integer
    if info.type == "table":
        entry["columns"] = {c.key: c.type for c in info.columns}
        entry["rows"] = [r.key for r in info.rows] if info.rows is not None else None
    return entry


def client_model(form, values: dict) -> dict:
    """Return the JSON model of ``form`` for renderer.js: formulas, the fields they read, context values.

    ``values`` are the server's computed values; those of computed fields outside the form are
    passed as constants, since the browser only sees this form's inputs.
    """
    compiled = form.compiled
    formulas = [
        {"key": key, "ast": formula_to_json(formula.ast), "decimals": formula.decimals}
        for key, formula in compiled.formulas.items() if key in form.infos
    ]
    wanted = {dep for key, formula in compiled.formulas.items() if key in form.infos
              for dep in formula.dependencies}
    wanted |= {key for key, info in form.infos.items() if any(c.total for c in info.columns)}
    fields = {key: _field_entry(compiled.fields[key], on_form=key in form.infos)
              for key in sorted(wanted) if key in compiled.fields}
    external_computed = {key: values.get(key) for key in wanted
                         if key in compiled.formulas and key not in form.infos}
    return {"fields": fields, "formulas": formulas, "computed": external_computed,
            "context": form.context_data if any(not f["onForm"] for f in fields.values()) else {}}
