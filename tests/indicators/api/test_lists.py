"""GET /api/v1/periods/, /indicators/, /units/<id>/children/values/ and /units/<id>/completeness/."""
import pytest

from hierarchy.models import Unit

pytestmark = pytest.mark.django_db


def test_periods_latest_first(client, tree, reported, reviewer_p, django_assert_num_queries):
    with django_assert_num_queries(4):  # session, user, count, page
        body = client.get("/api/v1/periods/").json()
    assert [p["key"] for p in body["results"]] == ["2026-M04", "2026-M03"]
    assert body["results"][0] == {"id": reported.april.pk, "key": "2026-M04", "label": "Tháng 4/2026",
                                  "starts_on": "2026-04-01", "ends_on": "2026-04-30"}


def test_indicators_with_their_targets_and_kpi_set(client, tree, reported, reviewer_p, django_assert_num_queries):
    with django_assert_num_queries(3):  # session, user, indicators with targets and forms
        body = client.get("/api/v1/indicators/?bo=BCT-THU").json()
    by_code = {i["code"]: i for i in body["results"]}
    assert by_code["ty_le"]["kpi_set"] == "BCT-THU"  # a ratio belongs to its numerator's form
    assert by_code["ty_le"]["target"] == {"direction": ">=", "value": 80.0, "green_threshold": None,
                                          "amber_threshold": 60.0, "baseline": None, "unit": "%",
                                          "display": "≥ 80 %"}
    assert by_code["dat"]["target"] is None and by_code["dat"]["aggregation"] == "sum"


def test_children_values_of_a_province(client, tree, reported, reviewer_p, django_assert_num_queries):
    url = f"/api/v1/units/{tree.P.pk}/children/values/?period={reported.april.pk}"
    # session, user, unit, memberships, period, indicators, children page, then indicators, results,
    # own values, units asked.
    with django_assert_num_queries(11):
        body = client.get(url).json()
    assert [r["unit"]["code"] for r in body["results"]] == ["A", "B"] and body["count"] == 2
    rates = {r["unit"]["code"]: next(v for v in r["values"] if v["code"] == "ty_le") for r in body["results"]}
    assert (rates["A"]["value"], rates["A"]["status"]) == (100.0, "green")
    assert (rates["B"]["value"], rates["B"]["value_display"], rates["B"]["status"]) == (50.0, "50 %", "red")
    assert len(body["indicators"]) == 13
    second = client.get(url + "&page_size=1&page=2").json()
    assert [r["unit"]["code"] for r in second["results"]] == ["B"] and second["next"] is None


def test_children_query_count_does_not_grow_with_children(client, tree, reported, reviewer_p,
                                                         django_assert_num_queries):
    parent = Unit.objects.get(pk=tree.P.pk)
    for n in range(20):
        parent = Unit.objects.get(pk=tree.P.pk)
        parent.add_child(code=f"X{n}", name=f"Xã {n}", kind=tree.kinds["xa"], level=tree.levels["xa"])
    with django_assert_num_queries(11):
        body = client.get(f"/api/v1/units/{tree.P.pk}/children/values/?period={reported.april.pk}").json()
    assert body["count"] == 22 and len(body["results"]) == 22


def test_completeness_of_a_subtree_and_its_children(client, tree, reported, reviewer_p, django_assert_num_queries):
    url = f"/api/v1/units/{tree.P.pk}/completeness/?period={reported.march.pk}"
    # session, user, unit, memberships, period, subtree counts, children, children counts.
    with django_assert_num_queries(8):
        body = client.get(url).json()
    assert body["total"] == {"expected": 2, "submitted": 1, "on_time": 1, "late": 0, "missing": 1, "approved": 1,
                             "submitted_rate": 50.0, "submitted_rate_display": "50 %", "on_time_rate": 50.0,
                             "on_time_rate_display": "50 %", "approved_rate": 50.0, "approved_rate_display": "50 %"}
    by_code = {r["unit"]["code"]: r["completeness"] for r in body["results"]}
    assert by_code["A"]["on_time"] == 1 and by_code["B"]["missing"] == 1


def test_completeness_of_nothing_asked_is_undefined_not_a_crash(client, tree, reported, make_user):
    client.force_login(make_user("xem_q", unit=tree.Q, role="viewer"))
    body = client.get(f"/api/v1/units/{tree.Q.pk}/completeness/?period={reported.march.pk}").json()
    assert body["total"]["expected"] == 0
    assert body["total"]["submitted_rate"] is None and body["total"]["submitted_rate_display"] == "không xác định"


def test_central_staff_see_every_unit(client, tree, reported, make_user):
    client.force_login(make_user("tw", is_superuser=True))
    assert client.get(f"/api/v1/units/{tree.Q.pk}/values/?period={reported.april.pk}").status_code == 200


def test_a_drafter_sees_only_their_units_subtree(client, tree, reported, make_user):
    client.force_login(make_user("soan_a", unit=tree.A, role="drafter"))
    assert client.get(f"/api/v1/units/{tree.A.pk}/values/?period={reported.april.pk}").status_code == 200
    assert client.get(f"/api/v1/units/{tree.B.pk}/values/?period={reported.april.pk}").status_code == 403
    assert client.get(f"/api/v1/units/{tree.P.pk}/completeness/?period={reported.april.pk}").status_code == 403
