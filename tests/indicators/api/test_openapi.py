"""The OpenAPI document describes what the API really answers: every endpoint's responses validate.

Schemas are strict (no extra property, all required), so a field added to a view and not to the
document — or the other way round — fails here.
"""
import jsonschema
import pytest
from django.urls import get_resolver
from jsonschema import Draft202012Validator
from referencing import Registry
from referencing.jsonschema import DRAFT202012

from indicators.api.openapi import DOCUMENT, document

pytestmark = pytest.mark.django_db


def _validate(body, path, status):
    """Validate ``body`` against the document's schema for GET ``path`` answering ``status``."""
    response = DOCUMENT["paths"][path]["get"]["responses"][str(status)]
    schema = {**response["content"]["application/json"]["schema"], "components": DOCUMENT["components"]}
    errors = sorted(Draft202012Validator(schema).iter_errors(body), key=lambda e: list(e.path))
    assert not errors, [f"{list(e.path)}: {e.message}" for e in errors]


def _check(client, url, path, status=200):
    response = client.get(url)
    assert response.status_code == status, response.content[:300]
    _validate(response.json(), path, status)
    return response.json()


def test_every_component_is_a_valid_2020_12_schema_and_every_reference_resolves():
    assert DOCUMENT["openapi"].startswith("3.1")
    for name, schema in DOCUMENT["components"]["schemas"].items():
        Draft202012Validator.check_schema(schema)
    resolver = Registry().with_resource("urn:openapi", DRAFT202012.create_resource(DOCUMENT)).resolver(
        base_uri="urn:openapi")
    refs = []

    def walk(node):
        if isinstance(node, dict):
            if isinstance(node.get("$ref"), str):
                refs.append(node["$ref"])
            for value in node.values():
                walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk(DOCUMENT)
    assert refs
    for ref in set(refs):
        assert resolver.lookup(ref).contents, ref


def test_every_api_url_is_documented_and_nothing_else():
    resolver = get_resolver()
    api = next(p for p in resolver.url_patterns if getattr(p, "namespace", None) == "api")
    routes = {"/" + str(p.pattern).replace("<int:unit_id>", "{unit_id}") for p in api.url_patterns}
    assert routes == set(DOCUMENT["paths"])


def test_the_document_is_served_to_anyone(client):
    response = client.get("/api/v1/openapi.json")
    assert response.status_code == 200 and response.json() == document()


def test_the_document_cannot_be_changed_by_a_caller():
    copy = document()
    copy["paths"].clear()
    assert DOCUMENT["paths"]


def test_every_endpoint_answers_as_documented(client, tree, reported, reviewer_p):
    april = reported.april.pk
    _check(client, "/api/v1/periods/", "/periods/")
    _check(client, "/api/v1/periods/?page_size=1", "/periods/")
    body = _check(client, "/api/v1/indicators/", "/indicators/")
    assert any(i["target"] for i in body["results"]) and any(i["target"] is None for i in body["results"])
    _check(client, "/api/v1/indicators/?bo=BCT-THU&page_size=3&page=2", "/indicators/")
    for unit in (tree.P, tree.A, tree.B1):
        _check(client, f"/api/v1/units/{unit.pk}/values/?period={april}", "/units/{unit_id}/values/")
        _check(client, f"/api/v1/units/{unit.pk}/children/values/?period={april}",
               "/units/{unit_id}/children/values/")
        _check(client, f"/api/v1/units/{unit.pk}/completeness/?period={reported.march.pk}",
               "/units/{unit_id}/completeness/")
    _check(client, f"/api/v1/units/{tree.P.pk}/completeness/?period={april}&bo=BCT-THU",
           "/units/{unit_id}/completeness/")


@pytest.mark.parametrize("path, url, status", [
    ("/periods/", "/api/v1/periods/?page=0", 400),
    ("/periods/", "/api/v1/periods/?page=9", 404),
    ("/indicators/", "/api/v1/indicators/?bo=KHONG-CO", 400),
    ("/units/{unit_id}/values/", "/api/v1/units/{P}/values/?period=x", 400),
    ("/units/{unit_id}/values/", "/api/v1/units/{Q}/values/?period={april}", 403),
    ("/units/{unit_id}/values/", "/api/v1/units/0/values/?period={april}", 404),
    ("/units/{unit_id}/children/values/", "/api/v1/units/{Q}/children/values/?period={april}", 403),
    ("/units/{unit_id}/children/values/", "/api/v1/units/{P}/children/values/?period={april}&page=3", 404),
    ("/units/{unit_id}/completeness/", "/api/v1/units/{P}/completeness/?period={april}&bo=X", 400),
    ("/units/{unit_id}/completeness/", "/api/v1/units/{P}/completeness/", 400),
])
def test_errors_answer_as_documented(client, tree, reported, reviewer_p, path, url, status):
    _check(client, url.format(P=tree.P.pk, Q=tree.Q.pk, april=reported.april.pk), path, status)


@pytest.mark.parametrize("path", ["/periods/", "/indicators/", "/units/{unit_id}/values/",
                                  "/units/{unit_id}/children/values/", "/units/{unit_id}/completeness/"])
def test_anonymous_and_write_errors_answer_as_documented(client, tree, reported, path):
    url = "/api/v1" + path.replace("{unit_id}", str(tree.P.pk))
    _check(client, url, path, 401)
    response = client.post(url)
    assert response.status_code == 405
    _validate(response.json(), path, 405)


def test_a_schema_violation_is_caught():
    """The check itself works: a value given as Vietnamese text instead of a number is refused."""
    with pytest.raises(AssertionError):
        _validate({"error": "bad_request"}, "/periods/", 400)
    with pytest.raises(jsonschema.ValidationError):
        schema = {**DOCUMENT["components"]["schemas"]["IndicatorValue"], "components": DOCUMENT["components"]}
        jsonschema.validate({"indicator_id": 1, "code": "a", "name": "a", "unit_of_measure": "", "value": "70,5",
                             "value_display": "70,5", "reporting": 1, "expected": 1, "reporting_rate": None,
                             "status": "green", "status_label": "Đạt"}, schema, cls=Draft202012Validator)
