"""Sample submissions and the benchmark's inputs (the benchmark's timings are not tested)."""
from formbuilder.engine import FormValidator, compile_definition
from formbuilder.engine.bench import bench_validate, synthetic_definition
from formbuilder.engine.samples import sample_data, sample_number

from .definitions import example_definition, minimal


def test_sample_number_respects_bounds():
    assert sample_number(None, None, True) == 1
    assert sample_number(5, None, True) == 5
    assert sample_number(None, 0.5, False) == 0.5
    assert sample_number(0.2, 0.8, True) == 0  # no integer fits: the nearest below is returned
    assert sample_number(1.5, 3, True) == 2


def test_sample_data_of_example_is_complete_and_valid():
    compiled = compile_definition(example_definition())
    data = sample_data(compiled, rows=2)
    assert FormValidator(compiled).validate(data, complete=True) == []
    assert len(data["van_ban"]) == 2
    assert set(data["can_bo"]) == {"cap_tinh", "cap_xa"}
    assert "ty_le_dien_tu" not in data["phan_ii"]["muc_1"]


def test_sample_data_honours_row_limits():
    doc = minimal({"type": "table", "key": "t", "label": "T", "min_rows": 4, "max_rows": 6,
                   "columns": [{"key": "a", "label": "A", "type": "text", "max_length": 3}]})
    compiled = compile_definition(doc)
    assert len(sample_data(compiled, rows=1)["t"]) == 4
    assert len(sample_data(compiled, rows=50)["t"]) == 6
    assert sample_data(compiled)["t"][0] == {"a": "Nội"}


def test_synthetic_definition_is_about_300_fields_with_50_row_tables():
    compiled = compile_definition(synthetic_definition())
    assert 280 <= len(compiled.fields) <= 320
    data = sample_data(compiled, rows=50)
    assert [len(data[f"phu_luc_{t}"]) for t in range(4)] == [50, 50, 50, 50]


def test_bench_returns_two_medians_for_a_given_form():
    compiled = compile_definition(example_definition())
    ours, reference = bench_validate(compiled, sample_data(compiled), repeat=3)
    assert ours > 0 and reference > 0
