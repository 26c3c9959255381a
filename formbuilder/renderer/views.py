"""Preview (xem thử) of the seed-derived definitions in ``fixtures/definitions``: a demo and dev page.

Reads definition files, never the database: ``GET /bieu-mau/xem-thu/<code>/`` renders the whole
form; POST checks it with the engine (a draft, or complete with "Kiểm tra đầy đủ") and shows every
error at its field. Nothing is saved.
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path

import fixtures
from django.contrib.auth.decorators import login_required
from django.http import Http404
from django.shortcuts import render

from formbuilder.engine import CompiledForm, FormValidator, compile_definition

from .errors import apply_errors
from .forms import form_class_for, handle_table_actions
from .render import render_form

DEFINITIONS_DIR = Path(fixtures.__file__).resolve().parent / "definitions"
_CODE_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")


@lru_cache(maxsize=32)
def _load(path: Path, mtime_ns: int) -> tuple[CompiledForm, FormValidator]:
    compiled = compile_definition(json.loads(path.read_text(encoding="utf-8")))
    return compiled, FormValidator(compiled)


def fixture_definition(code: str) -> tuple[CompiledForm, FormValidator]:
    """Return the compiled fixture definition ``code`` and its validator (cached until the file changes)."""
    path = DEFINITIONS_DIR / f"{code}.json"
    if not _CODE_RE.match(code) or not path.is_file():
        raise Http404("Không có biểu mẫu mẫu với mã này.")
    return _load(path, path.stat().st_mtime_ns)


def fixture_codes() -> list[tuple[str, str]]:
    """Return (code, title) of every fixture definition, by code."""
    found = []
    for path in sorted(DEFINITIONS_DIR.glob("*.json")):
        try:
            found.append((path.stem, json.loads(path.read_text(encoding="utf-8")).get("title", "")))
        except (OSError, ValueError):
            continue
    return found


@login_required
def preview_index(request):
    """List the fixture definitions that can be previewed."""
    return render(request, "formbuilder/render/preview_index.html", {"definitions": fixture_codes()})


@login_required
def preview(request, code: str):
    """Render fixture definition ``code``; on POST check it and show every error at its field."""
    compiled, validator = fixture_definition(code)
    form_class = form_class_for(compiled)
    result = None
    if request.method == "POST":
        data, changed = handle_table_actions(request.POST)
        form = form_class(data, request.FILES)
        if not changed:
            complete = request.POST.get("_fb_check") == "complete"
            form.is_valid()
            placed = apply_errors(form, validator.validate(form.to_data(), complete=complete))
            result = {"ok": not form.errors and not placed, "complete": complete,
                      "count": len(placed) + sum(len(v) for v in form.errors.values())}
    else:
        form = form_class()
    context = {"compiled": compiled, "form": form, "form_html": render_form(form), "result": result}
    return render(request, "formbuilder/render/preview.html", context)
