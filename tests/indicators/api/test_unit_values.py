"""GET /api/v1/units/<id>/values/: a unit's value of each indicator for a period, in the user's scope."""
import pytest

from indicators.models import IndicatorPeriod, IndicatorValue

pytestmark = pytest.mark.django_db


def _url(unit, period, **extra):
    query = "&".join(f"{k}={v}" for k, v in {"period": period.pk, **extra}.items())
    return f"/api/v1/units/{unit.pk}/values/?{query}"


def _by_code(body):
    return {item["code"]: item for item in body["results"]}


def test_a_province_shows_its_rolled_up_results_with_status_and_counts(client, tree, reported, reviewer_p):
    response = client.get(_url(tree.P, reported.april))
    assert response.status_code == 200 and response["Content-Type"] == "application/json"
    body = response.json()
    assert body["unit"] == {"id": tree.P.pk, "code": "P", "name": "Tỉnh An Giang", "depth": 2, "has_children": True,
                            "dashboard_url": f"/chi-tieu/{tree.P.pk}/"}
    assert body["period"]["key"] == "2026-M04" and body["period"]["starts_on"] == "2026-04-01"
    rate = _by_code(body)["ty_le"]
    assert rate["value"] == 70.0 and isinstance(rate["value"], float)  # 7 of 10, a plain JSON number
    assert rate["value_display"] == "70 %"
    assert (rate["status"], rate["status_label"]) == ("amber", "Gần đạt")
    assert (rate["reporting"], rate["expected"]) == (3, 2)  # cell B1 reported without being asked
    assert _by_code(body)["dat"]["value"] == 7.0 and _by_code(body)["dat"]["value_display"] == "7 hồ sơ"


def test_a_commune_shows_its_own_reported_values(client, tree, reported, reviewer_p):
    body = client.get(_url(tree.A, reported.april)).json()
    assert body["unit"]["has_children"] is False
    rate = _by_code(body)["ty_le"]
    assert (rate["value"], rate["status"], rate["reporting"], rate["expected"]) == (100.0, "green", 1, 1)


def test_a_division_by_zero_is_null_shown_as_undefined(client, tree, reported, reviewer_p):
    may = IndicatorPeriod.objects.create(key="2026-M05", label="Tháng 5/2026")
    IndicatorValue.objects.bulk_create([
        IndicatorValue(period=may, unit=tree.A, indicator=reported.ind["dat"], value=0),
        IndicatorValue(period=may, unit=tree.A, indicator=reported.ind["tong"], value=0)])
    rate = _by_code(client.get(_url(tree.A, may)).json())["ty_le"]
    assert rate["value"] is None and rate["value_display"] == "không xác định"
    assert (rate["status"], rate["status_label"]) == ("unknown", "Không xác định")


def test_an_indicator_nobody_reported_is_listed_empty(client, tree, reported, reviewer_p):
    cell = _by_code(client.get(_url(tree.B1, reported.march)).json())["dat"]  # B1: neither asked nor reporting
    assert (cell["value"], cell["value_display"], cell["reporting"], cell["expected"]) == (
        None, "không xác định", 0, 0)


def test_kpi_set_filter_keeps_its_indicators_and_the_ratios_built_on_them(client, tree, reported, reviewer_p):
    codes = [i["code"] for i in client.get(_url(tree.P, reported.april, bo="BCT-THU")).json()["results"]]
    assert set(codes) == set(reported.ind)
    # Codes are found in any case, as everywhere else (formbuilder.selectors.definition_by_code).
    lower = [i["code"] for i in client.get(_url(tree.P, reported.april, bo="bct-thu")).json()["results"]]
    assert lower == codes
    error = client.get(_url(tree.P, reported.april, bo="KHONG-CO"))
    assert error.status_code == 400 and "KHONG-CO" in error.json()["message"]


def test_pages_of_indicators(client, tree, reported, reviewer_p):
    first = client.get(_url(tree.P, reported.april, page_size=5)).json()
    assert (first["count"], first["pages"], len(first["results"])) == (13, 3, 5)
    assert first["previous"] is None and "page=2" in first["next"] and "period=" in first["next"]
    last = client.get(first["next"].replace("page=2", "page=3")).json()
    assert len(last["results"]) == 3 and last["next"] is None
    seen = {i["code"] for i in first["results"]} | {i["code"] for i in last["results"]}
    assert len(seen) == 8
    beyond = client.get(_url(tree.P, reported.april, page=4, page_size=5))
    assert beyond.status_code == 404 and beyond.json()["error"] == "not_found"


@pytest.mark.parametrize("query, fragment", [
    ("", "Thiếu tham số “period”"),
    ("period=abc", "phải là số nguyên"),
    ("period=0", "phải từ 1"),
    ("period=999999", "Không có kỳ"),
    ("period={april}&page_size=0", "“page_size”"),
    ("period={april}&page_size=501", "từ 1 đến 500"),
    ("period={april}&page=x", "“page”"),
])
def test_bad_parameters_are_400_in_vietnamese(client, tree, reported, reviewer_p, query, fragment):
    response = client.get(f"/api/v1/units/{tree.P.pk}/values/?" + query.format(april=reported.april.pk))
    assert response.status_code == 400
    assert response.json()["error"] == "bad_request" and fragment in response.json()["message"]


def test_units_outside_the_users_subtree_are_refused(client, tree, reported, reviewer_p):
    outside = client.get(_url(tree.Q, reported.april))
    assert outside.status_code == 403 and "phạm vi" in outside.json()["message"]
    above = client.get(_url(tree.TW, reported.april))
    assert above.status_code == 403
    missing = client.get(f"/api/v1/units/999999/values/?period={reported.april.pk}")
    assert missing.status_code == 404 and missing.json()["error"] == "not_found"


def test_anonymous_users_get_401_json(client, tree, reported):
    response = client.get(_url(tree.P, reported.april))
    assert response.status_code == 401
    assert response.json() == {"error": "not_authenticated",
                               "message": "Bạn chưa đăng nhập. Hãy đăng nhập để dùng API."}


@pytest.mark.parametrize("method", ["post", "put", "patch", "delete"])
def test_writes_are_405(client, tree, reported, reviewer_p, method):
    response = getattr(client, method)(_url(tree.P, reported.april), data={})
    assert response.status_code == 405 and response["Allow"] == "GET, HEAD, OPTIONS"
    assert response.json()["error"] == "method_not_allowed"


def test_query_count_is_fixed_whatever_the_number_of_indicators(client, tree, reported, reviewer_p,
                                                                 django_assert_num_queries):
    # session, user, unit, memberships, period, indicators, then the selector: indicators, results,
    # own values, units asked.
    with django_assert_num_queries(10):
        assert client.get(_url(tree.P, reported.april)).status_code == 200
    with django_assert_num_queries(10):
        assert client.get(_url(tree.A, reported.april, page_size=2)).status_code == 200


def test_head_and_options_are_allowed(client, tree, reported, reviewer_p):
    assert client.head(_url(tree.P, reported.april)).status_code == 200
    options = client.options(_url(tree.P, reported.april))
    assert options.status_code == 200 and options["Allow"] == "GET, HEAD, OPTIONS"
