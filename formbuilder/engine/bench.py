"""Validation benchmark for ``make bench``: our fast path against a reused jsonschema validator."""
from __future__ import annotations

import statistics
import time

from jsonschema import Draft202012Validator

from .compiler import compile_definition
from .model import CompiledForm
from .samples import sample_data
from .validation import FORMAT_CHECKER, FormValidator


def synthetic_definition(*, sections: int = 12, fields_per_section: int = 20, tables: int = 4,
                         columns: int = 6) -> dict:
    """Return a definition shaped like a long outline with appendix tables (≈300 fields by default)."""
    kinds = [
        {"type": "number", "integer": True, "minimum": 0, "unit": "văn bản"},
        {"type": "text", "multiline": True, "max_length": 2000},
        {"type": "choice", "options": [{"value": f"pa_{i}", "label": f"Phương án {i}"} for i in range(5)]},
        {"type": "date"},
        {"type": "boolean"},
        {"type": "number", "minimum": 0, "maximum": 100, "unit": "%"},
    ]
    items = []
    for s in range(sections):
        children = [
            {**kinds[f % len(kinds)], "key": f"p{s}_f{f}", "label": f"Chỉ tiêu {s + 1}.{f + 1}",
             "required": f % 3 == 0}
            for f in range(fields_per_section - 2)
        ]
        children.append({"type": "computed", "key": f"p{s}_ty_le", "label": f"Tỷ lệ {s + 1}",
                         "formula": f"p{s}_f0 / (p{s}_f0 + p{s}_f6) * 100", "unit": "%", "decimals": 2})
        children.append({"type": "self_assessment", "key": f"p{s}_danh_gia"})
        items.append({"type": "section", "key": f"phan_{s}", "number": f"{s + 1}.", "title": f"Phần {s + 1}",
                      "children": children})
    column_kinds = [("text", {}), ("integer", {"minimum": 0}), ("number", {"minimum": 0}), ("date", {}),
                    ("choice", {"options": [{"value": "a", "label": "A"}, {"value": "b", "label": "B"}]}),
                    ("boolean", {})]
    for t in range(tables):
        cols = [{"key": f"c{c}", "label": f"Cột {c + 1}", "type": column_kinds[c % 6][0],
                 **column_kinds[c % 6][1], "required": c == 0} for c in range(columns)]
        items.append({"type": "table", "key": f"phu_luc_{t}", "label": f"Phụ lục {t + 1}", "rows": "free",
                      "columns": cols, "totals": [c["key"] for c in cols if c["type"] in ("integer", "number")]})
    return {"format": "baocao.form/1", "code": "BENCH", "kind": "outline", "title": "Biểu mẫu đo tốc độ",
            "items": items}


def _median_ms(call, repeat: int) -> float:
    timings = []
    for _ in range(repeat):
        start = time.perf_counter()
        call()
        timings.append((time.perf_counter() - start) * 1000)
    return statistics.median(timings)


def bench_validate(compiled: CompiledForm | None = None, data: dict | None = None, *,
                   repeat: int = 200) -> tuple[float, float]:
    """Return (our median ms, reused jsonschema validator's median ms) to validate one valid document.

    Without arguments, a ≈300-field synthetic form with four 50-row appendix tables is used.
    """
    compiled = compiled or compile_definition(synthetic_definition())
    data = data if data is not None else sample_data(compiled, rows=50)
    ours = FormValidator(compiled)
    errors = ours.validate(data, complete=True)
    if errors:
        raise ValueError(f"Benchmark data is not valid: {errors[0].message}")
    reference = Draft202012Validator(compiled.schema, format_checker=FORMAT_CHECKER)
    ours_ms = _median_ms(lambda: ours.validate(data, complete=True), repeat)
    reference_ms = _median_ms(lambda: list(reference.iter_errors(data)), max(3, repeat // 10))
    return ours_ms, reference_ms


if __name__ == "__main__":
    ours_ms, reference_ms = bench_validate()
    print(f"validate (fast path): {ours_ms:.3f} ms; jsonschema (cached validator): {reference_ms:.3f} ms")
