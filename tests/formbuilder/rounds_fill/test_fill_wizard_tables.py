"""The wizard on a form with top-level fields and a free table: the general step, rows added without JavaScript."""
import pytest

from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open

from ..rounds_helpers import OUTLINE_ITEMS, published_outline
from .conftest import rule_due_in

KPI_ITEMS = [
    {"type": "date", "key": "tu_ngay", "label": "Số liệu từ ngày", "required": True},
    {"type": "table", "key": "van_ban", "label": "Danh mục văn bản", "columns": [
        {"key": "so_hieu", "label": "Số hiệu", "type": "text", "required": True},
        {"key": "so_trang", "label": "Số trang", "type": "integer", "minimum": 0},
    ]},
    OUTLINE_ITEMS[0],
]


@pytest.fixture
def sub(tree):
    version = published_outline(code="BCT-THU", items=KPI_ITEMS)
    round_ = round_create(code="kpi", title="Bộ chỉ tiêu", issuing_unit=tree.P, rule=rule_due_in(10),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_)
    return Submission.objects.get(assignment__round=round_)


def test_top_level_fields_are_filled_in_a_general_step(client, drafter, sub):
    client.force_login(drafter)
    url = f"/bao-cao/{sub.pk}/nhap/thong-tin-chung/"
    assert client.get(f"/bao-cao/{sub.pk}/nhap/")["Location"] == url
    html = client.get(url).content.decode()
    assert "<h2>Thông tin chung</h2>" in html and "Số liệu từ ngày" in html and "Tình hình chung" not in html
    response = client.post(url, {"revision": 0, "hanh_dong": "tiep", "tu_ngay": "01/04/2026", "van_ban-row": ["0"],
                                 "van_ban-0-so_hieu": "12-NQ/TU", "van_ban-0-so_trang": "3"})
    assert response["Location"] == f"/bao-cao/{sub.pk}/nhap/phan_i/"
    sub.refresh_from_db()
    assert sub.data == {"tu_ngay": "2026-04-01", "van_ban": [{"so_hieu": "12-NQ/TU", "so_trang": 3}]}


def test_a_row_added_without_javascript_keeps_the_typed_values_and_saves_nothing(client, drafter, sub):
    client.force_login(drafter)
    url = f"/bao-cao/{sub.pk}/nhap/thong-tin-chung/"
    response = client.post(url, {"revision": 0, "tu_ngay": "01/04/2026", "van_ban-row": ["0"],
                                 "van_ban-0-so_hieu": "12-NQ/TU", "_fb_action": "add:van_ban"})
    html = response.content.decode()
    assert response.status_code == 200
    assert 'name="van_ban-1-so_hieu"' in html and 'value="12-NQ/TU"' in html and 'value="01/04/2026"' in html
    assert 'name="revision" value="0"' in html
    assert Submission.objects.get(pk=sub.pk).revision == 0


def test_a_cell_error_is_shown_in_its_cell(client, drafter, sub):
    client.force_login(drafter)
    html = client.post(f"/bao-cao/{sub.pk}/nhap/thong-tin-chung/", {
        "revision": 0, "van_ban-row": ["0"], "van_ban-0-so_hieu": "1", "van_ban-0-so_trang": "-2"}).content.decode()
    assert "Danh mục văn bản › dòng 1 › Số trang: phải là số nguyên không âm" in html
    assert 'class="fb-cell-error"' in html
    assert Submission.objects.get(pk=sub.pk).revision == 0
