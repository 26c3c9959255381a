"""Load the seed-derived definitions of fixtures/definitions through the import path (idempotent)."""
from __future__ import annotations

import json
from pathlib import Path

from fixtures import demo

from .models import FormDefinition
from .services import form_definition_import

DEFINITIONS_DIR = Path(demo.__file__).resolve().parent / "definitions"


def load_formbuilder_demo() -> dict[str, int]:
    """Import and publish every fixture definition not yet present; return the definition count."""
    for path in sorted(DEFINITIONS_DIR.glob("*.json")):
        document = json.loads(path.read_text(encoding="utf-8"))
        if not FormDefinition.objects.filter(code=document["code"]).exists():
            form_definition_import(document=document, publish=True)
    return {"form_definitions": FormDefinition.objects.count()}
