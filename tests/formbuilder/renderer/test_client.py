"""What the browser receives to compute values live: formula trees as JSON and the fields they read."""
import json

from formbuilder.engine import parse_formula
from formbuilder.renderer import client_model, form_class_for, formula_to_json

from .definitions import every_type


def test_formula_tree_becomes_plain_json():
    tree = parse_formula("if(a > 0 and not b, round(sum(t.c) / a * 100, 1), -1)")
    assert formula_to_json(tree) == {
        "t": "call", "f": "if", "a": [
            {"t": "bin", "op": "and",
             "l": {"t": "bin", "op": ">", "l": {"t": "ref", "p": ["a"]}, "r": {"t": "num", "v": 0}},
             "r": {"t": "un", "op": "not", "a": {"t": "ref", "p": ["b"]}}},
            {"t": "call", "f": "round", "a": [
                {"t": "bin", "op": "*",
                 "l": {"t": "bin", "op": "/", "l": {"t": "call", "f": "sum", "a": [{"t": "ref", "p": ["t", "c"]}]},
                       "r": {"t": "ref", "p": ["a"]}},
                 "r": {"t": "num", "v": 100}},
                {"t": "num", "v": 1}]},
            {"t": "un", "op": "-", "a": {"t": "num", "v": 1}},
        ]}


def test_model_lists_formulas_in_evaluation_order_and_only_the_fields_they_read():
    compiled = every_type()
    form = form_class_for(compiled)()
    model = client_model(form, form.computed_values())
    assert [f["key"] for f in model["formulas"]] == list(compiled.formulas)
    assert model["formulas"][0]["decimals"] == 1
    assert set(model["fields"]) == {"so_van_ban", "so_dien_tu", "van_ban", "can_bo"}
    assert model["fields"]["so_van_ban"] == {"type": "number", "path": ["phan_ii", "muc_1", "so_van_ban"],
                                             "onForm": True, "integer": True}
    assert model["fields"]["can_bo"]["rows"] == ["cap_tinh", "cap_xa"]
    assert model["fields"]["van_ban"]["columns"]["so_trang"] == "integer"
    assert model["context"] == {} and model["computed"] == {}
    json.dumps(model)  # plain JSON


def test_a_wizard_step_passes_values_from_other_steps_as_context():
    compiled = every_type()
    context = {"phan_ii": {"muc_1": {"so_van_ban": 4}}}
    step = form_class_for(compiled, section_key="phan_ii")({}, context_data=context)
    model = client_model(step, step.computed_values())
    assert [f["key"] for f in model["formulas"]] == ["ty_le"]
    assert model["fields"]["so_van_ban"]["onForm"] is True
    other = form_class_for(compiled, section_key="phan_ii")
    assert "van_ban" not in other.base_fields
