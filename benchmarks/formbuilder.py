"""Figures of issue 3 (validation speed), from the pure engine's own bench function."""
from __future__ import annotations

from . import line


def run():
    from formbuilder.engine.bench import bench_validate

    ours, jsonschema_cached = bench_validate()
    yield line("formbuilder.validate_ms", ours, "ms")
    yield line("formbuilder.validate_jsonschema_cached_ms", jsonschema_cached, "ms")
    yield line("formbuilder.validate_ratio", jsonschema_cached / ours if ours else 0.0, "x")
