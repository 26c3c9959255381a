"""Rendering figure for ``make bench``: build and render the seed-002 outline form page."""
from __future__ import annotations

import json
import statistics
import time

from formbuilder.engine import compile_definition

from .forms import form_class_for
from .render import render_form
from .views import DEFINITIONS_DIR

OUTLINE_CODE = "DC-TKT-DOT2-2026"


def bench_render(*, repeat: int = 15, warmup: int = 2) -> float:
    """Return the median milliseconds to build the form class of the DC-TKT-DOT2-2026 outline
    (218 fields, 113 sections) and render its empty page (the definition is compiled once, as in production)."""
    compiled = compile_definition(json.loads((DEFINITIONS_DIR / f"{OUTLINE_CODE}.json").read_text(encoding="utf-8")))

    def once():
        return render_form(form_class_for(compiled)())

    for _ in range(warmup):
        once()
    samples = []
    for _ in range(repeat):
        start = time.perf_counter()
        once()
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)
