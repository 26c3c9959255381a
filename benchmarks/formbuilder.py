"""Figures of issue 3: validation of the seed-002 outline with its appendices, and rendering its page."""
from __future__ import annotations

import json

from . import line, timed_ms

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

    # The page as served: the preview of the seed-002 outline through Django's whole stack
    # (middleware, session, view, template); the form fragment alone is reported separately.
    yield line("formbuilder.render_ms", _render_page_ms(), "ms")
    yield line("formbuilder.render_fragment_ms", bench_render(), "ms")


def _render_page_ms() -> float:
    """Return the median milliseconds to GET the seed-002 outline's preview page (/bieu-mau/xem-thu/…)."""
    from django.contrib.auth import get_user_model
    from django.test import Client

    user, _ = get_user_model().objects.get_or_create(username="bench.formbuilder")
    client = Client(SERVER_NAME="localhost")
    client.force_login(user)
    url = f"/bieu-mau/xem-thu/{SEED_002[0]}/"

    def page():
        response = client.get(url)
        assert response.status_code == 200 and b"p1_1_dac_diem_tu_nhien_ktxh" in response.content, response.status_code
        return response

    return timed_ms(page)
