"""Every definition in fixtures/definitions/ compiles, and a sample submission of it validates."""
import json
from pathlib import Path

import pytest

from formbuilder.engine import FormValidator, compile_definition
from formbuilder.engine.samples import sample_data

from .definitions import example_definition

FIXTURES = Path(__file__).resolve().parents[3] / "fixtures" / "definitions"
DOCS = Path(__file__).resolve().parents[3] / "docs" / "definition-format.md"


def _documents():
    yield pytest.param(example_definition(), id="example")
    for path in sorted(FIXTURES.glob("*.json")):
        yield pytest.param(json.loads(path.read_text(encoding="utf-8")), id=path.name)


@pytest.mark.parametrize("doc", list(_documents()))
def test_definition_compiles_and_validates_sample_data(doc):
    compiled = compile_definition(doc)
    validator = FormValidator(compiled)
    data = sample_data(compiled)
    assert validator.validate(data, complete=True) == []
    assert validator.validate({}, complete=False) == []
    values = validator.compute(data)
    assert set(compiled.formulas) <= set(values)


def test_documented_example_compiles():
    text = DOCS.read_text(encoding="utf-8")
    start = text.index("```json\n", text.index("## A complete example")) + len("```json\n")
    doc = json.loads(text[start:text.index("```", start)])
    compiled = compile_definition(doc)
    assert compiled.code == "PL-II-1"
