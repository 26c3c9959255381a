"""The indicator admin: list, create with a rule chosen as data, refuse a broken rule in Vietnamese."""
import pytest
from django.urls import reverse

from indicators.models import Indicator

from .helpers import published_kpi_form

pytestmark = pytest.mark.django_db


@pytest.fixture
def admin_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("quantri", password="x")
    client.force_login(user)
    return client


def form_data(definition, **overrides):
    data = {"code": "BCT-THU/dat", "name": "Số đã đạt", "description": "", "unit_of_measure": "hồ sơ",
            "value_type": "integer", "definition": definition.pk, "source_kind": "number", "field_key": "so_dat",
            "column_key": "", "choice_value": "", "aggregation": "sum", "numerator": "", "denominator": "",
            "factor": "1", "condition_op": "", "condition_value": "", "period_combine": "sum", "is_active": "on",
            "order": "0"}
    return {**data, **overrides}


def test_create_an_indicator_and_list_it(admin_client):
    definition = published_kpi_form().definition
    response = admin_client.post(reverse("indicators:add"), form_data(definition))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Indicator.objects.get(code="BCT-THU/dat").aggregation == "sum"
    listing = admin_client.get(reverse("indicators:index"))
    assert "Số đã đạt" in listing.content.decode()


def test_a_rule_naming_a_missing_field_is_refused_on_the_form(admin_client):
    definition = published_kpi_form().definition
    response = admin_client.post(reverse("indicators:add"), form_data(definition, field_key="khong_co"))
    assert response.status_code == 200
    assert "Biểu mẫu “BCT-THU” không có trường “khong_co”." in response.content.decode()
    assert not Indicator.objects.exists()
