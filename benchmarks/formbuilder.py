"""Figures of issue 3: validation of the seed-002 outline with its appendices, and rendering."""
from __future__ import annotations

import json

from . import line

SEED_002 = ["DC-TKT-DOT2-2026", "PL-II-1", "PL-II-3", "PL-II-5", "PL-II-8-1", "PL-III-1", "PL-III-3", "PL-III-7",
            "PL-IV-1", "PL-IV-3", "PL-IV-6", "PL-IV-7", "PL-IV-8", "PL-V-01"]


def run():
    from formbuilder.demo import DEFINITIONS_DIR
    from formbuilder.engine import compile_definition
    from formbuilder.engine.bench import bench_validate
    from formbuilder.engine.samples import sample_data

    # A complete seed-002 submission: the outline and its 13 appendices, free tables with 50 rows each,
    # validated the way the platform does (one cached validator per version, fast path first).
    ours = cached = 0.0
    fields = 0
    for code in SEED_002:
        compiled = compile_definition(json.loads((DEFINITIONS_DIR / f"{code}.json").read_text(encoding="utf-8")))
        fields += len(compiled.fields)
        a, b = bench_validate(compiled, sample_data(compiled, rows=50), repeat=50)
        ours += a
        cached += b
    yield line("formbuilder.validate_fields", fields, "fields")
    yield line("formbuilder.validate_ms", ours, "ms")
    yield line("formbuilder.validate_jsonschema_cached_ms", cached, "ms")
    yield line("formbuilder.validate_ratio", cached / ours if ours else 0.0, "x")
    from formbuilder.renderer.bench import bench_render

    yield line("formbuilder.render_ms", bench_render(), "ms")
