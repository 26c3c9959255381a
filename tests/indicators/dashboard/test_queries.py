"""The province dashboard is a hot path: its query count is pinned and does not grow with the tree."""
import pytest
from django.urls import reverse

from indicators.models import IndicatorValue
from indicators.services import indicator_period_recompute

from ..helpers import indicator

pytestmark = pytest.mark.django_db

# Session and user (2), the unit (1), the reviewer's memberships (1), the periods (1), the indicators with
# targets and sets (1), children (1), results, leaves' own values, assignments (3), the trend (1),
# completeness (1), ancestors (1), the header's unread notifications and membership (2).
PROVINCE_QUERIES = 15


def get(client, unit, period):
    response = client.get(reverse("dashboard:unit", args=[unit.pk]), {"ky": period.pk})
    assert response.status_code == 200
    return response


def test_province_dashboard_query_count_is_pinned(client, tree, reported, province_reviewer,
                                                  django_assert_num_queries):
    client.force_login(province_reviewer)
    get(client, tree.P, reported.april)  # warm the caches a first request fills (content types, sites)
    with django_assert_num_queries(PROVINCE_QUERIES):
        get(client, tree.P, reported.april)


def test_query_count_does_not_grow_with_children_and_indicators(client, tree, reported, province_reviewer,
                                                                django_assert_num_queries):
    from hierarchy.models import Unit

    province = Unit.objects.get(pk=tree.P.pk)
    new = [province.add_child(code=f"X{n}", name=f"Xã thêm {n}", kind=tree.kinds["xa"], level=tree.levels["xa"])
           for n in range(12)]
    extra = [indicator(f"them_{n}", reported.version.definition, field_key="so_nguoi", unit_of_measure="người")
             for n in range(8)]
    IndicatorValue.objects.bulk_create([IndicatorValue(period=reported.april, unit=u, indicator=i, value=n)
                                        for n, u in enumerate(new) for i in extra])
    indicator_period_recompute(period=reported.april)
    client.force_login(province_reviewer)
    get(client, tree.P, reported.april)
    with django_assert_num_queries(PROVINCE_QUERIES):
        html = get(client, tree.P, reported.april).content.decode()
    assert html.count('<tr data-unit="') == 14 and 'data-indicator="them_7"' in html
