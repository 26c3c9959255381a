"""The consolidation page /bao-cao/dot/<id>/tong-hop/: merge, edit, save, download .docx."""
import io

import pytest
from docx import Document

from formbuilder.rounds.models import ConsolidatedReport, Submission, TargetKind
from formbuilder.rounds.services import (
    round_add_target, round_assign_sections, round_create, round_open, submission_approve, submission_save_draft,
    submission_submit,
)
from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft

from ..rounds_helpers import fixed_rule
from .conftest import DUE_DAY, FULL, OPEN, submit


@pytest.fixture
def split(tree, version, people, make_user):
    """Province P consolidates; A drafts parts I–II (submitted and approved), B part III (still a draft)."""
    round_ = round_create(code="chia", title="Tự kiểm tra đợt 2", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY),
                          versions=[version], consolidating_unit=tree.P)
    round_assign_sections(round=round_, version=version, unit=tree.A, section_keys=["phan_i", "phan_ii"])
    round_assign_sections(round=round_, version=version, unit=tree.B, section_keys=["phan_iii"])
    round_open(round=round_, now=OPEN)
    sub = submit(round_, "A", people.a)
    submission_approve(submission=sub, acting_user=people.reviewer)
    return round_


@pytest.fixture
def consolidator(tree, make_user):
    return make_user("tong.hop", unit=tree.P, role="drafter")


def form_data(client, url):
    response = client.get(url)
    form = response.context["form"]
    data = {name: form[name].value() for name in form.fields}
    data["date"] = form["date"].value().isoformat() if hasattr(form["date"].value(), "isoformat") else \
        form["date"].value()
    return {k: ("" if v is None else v) for k, v in data.items()}


def test_consolidator_sees_the_parts_in_outline_order_and_who_is_missing(client, split, consolidator):
    client.force_login(consolidator)
    response = client.get(f"/bao-cao/dot/{split.pk}/tong-hop/")
    html = response.content.decode()
    assert response.status_code == 200
    parts = [p["key"] for p in response.context["c"].parts]
    assert parts == ["phan_i", "phan_ii", "phan_iii"]
    assert "Ổn định" in html and "- Số văn bản: 12 văn bản" in html
    assert "Chưa có trong bản tổng hợp (chưa nộp hoặc đang sửa lại): Phường Long Xuyên (đang soạn)" in html
    assert response.context["c"].report.style == "state"  # the test tree's province is not a Party body


def test_save_the_edited_text_then_download_it_as_docx(client, split, consolidator):
    client.force_login(consolidator)
    url = f"/bao-cao/dot/{split.pk}/tong-hop/"
    data = form_data(client, url)
    data.update({"part_phan_iii": "1. Ưu điểm\nTổng hợp viết thêm.", "number": "24", "style": "party",
                 "symbol": "BC/TU", "action": "save"})
    response = client.post(url, data, follow=True)
    assert "Đã lưu báo cáo tổng hợp" in response.content.decode()
    report = ConsolidatedReport.objects.get(round=split)
    assert report.revision == 1 and report.data["parts"][2]["text"] == "1. Ưu điểm\nTổng hợp viết thêm."

    response = client.get(f"/bao-cao/dot/{split.pk}/tong-hop/docx/")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert 'filename="bao-cao-tong-hop-chia-p.docx"' in response["Content-Disposition"]
    doc = Document(io.BytesIO(response.content))
    texts = [p.text for p in doc.paragraphs if p.text.strip()]
    headings = [t for t in texts if t.split(" ")[0] in ("I-", "II-", "III-")]
    assert headings == ["I- ĐẶC ĐIỂM TÌNH HÌNH", "II- KẾT QUẢ", "III- TỰ ĐÁNH GIÁ"]
    assert texts.index("Tổng hợp viết thêm.") > texts.index("III- TỰ ĐÁNH GIÁ")
    assert "Số 24-BC/TU" in doc.tables[0].rows[0].cells[0].text


def test_a_stale_save_is_refused(client, split, consolidator):
    client.force_login(consolidator)
    url = f"/bao-cao/dot/{split.pk}/tong-hop/"
    data = {**form_data(client, url), "action": "save"}
    client.post(url, data)
    response = client.post(url, {**data, "part_phan_i": "Bản cũ"}, follow=True)
    assert "vừa được người khác lưu" in response.content.decode()
    assert ConsolidatedReport.objects.get(round=split).revision == 1


def test_merge_again_keeps_the_header_and_takes_the_latest_texts(client, split, consolidator):
    client.force_login(consolidator)
    url = f"/bao-cao/dot/{split.pk}/tong-hop/"
    client.post(url, {**form_data(client, url), "part_phan_i": "Sửa tay", "signer_name": "Lâm Minh Thành",
                      "action": "save"})
    client.post(url, {"action": "reset"})
    c = client.get(url).context["c"]
    assert c.parts[0]["text"] == "- Tình hình chung: Ổn định" and c.meta["signer_name"] == "Lâm Minh Thành"


def test_a_unit_outside_the_round_cannot_consolidate(client, split, make_user, tree):
    client.force_login(make_user("soan.q", unit=tree.Q, role="drafter"))
    assert client.get(f"/bao-cao/dot/{split.pk}/tong-hop/").status_code == 403


def test_an_upper_level_consolidates_its_units_reports_under_each_section(client, tree, version, people):
    round_ = round_create(code="toan-bo", title="Báo cáo tháng", issuing_unit=tree.P, rule=fixed_rule(DUE_DAY),
                          versions=[version])
    round_add_target(round=round_, kind=TargetKind.LEVEL, level=tree.levels["xa"])
    round_open(round=round_, now=OPEN)
    submit(round_, "A", people.a)
    submit(round_, "B", people.b, data={"phan_i": {"tinh_hinh": "Long Xuyên ổn định"}, "phan_ii": {"so_van_ban": 3},
                                        "phan_iii": {"uu_diem": "Nhanh"}})
    client.force_login(people.reviewer)
    c = client.get(f"/bao-cao/dot/{round_.pk}/tong-hop/").context["c"]
    assert c.scope.unit == tree.P and c.scope.subtree
    assert c.parts[0]["text"] == ("Xã Vĩnh Am:\n- Tình hình chung: Ổn định\n"
                                  "Phường Long Xuyên:\n- Tình hình chung: Long Xuyên ổn định")



def test_appendix_forms_of_the_round_are_attached_as_tables(client, tree, version, people):
    appendix = form_definition_create(code="PL-THU", kind="appendix", title="Văn bản đã ban hành")
    appendix = form_version_publish(version=form_version_save_draft(version=appendix.versions.get(), items=[
        {"type": "table", "key": "van_ban", "label": "Danh sách văn bản", "rows": "free", "columns": [
            {"key": "so", "label": "Số, ký hiệu", "type": "text"}]}]))
    round_ = round_create(code="kem-phu-luc", title="Báo cáo có phụ lục", issuing_unit=tree.P,
                          rule=fixed_rule(DUE_DAY), versions=[version, appendix], consolidating_unit=tree.P)
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=OPEN)
    for form, data in ((version, FULL), (appendix, {"van_ban": [{"so": "01-NQ/TU"}, {"so": "02-CT/TU"}]})):
        sub = Submission.objects.get(assignment__round=round_, version=form)
        sub = submission_save_draft(submission=sub, data=data, expected_revision=0, acting_user=people.a, now=OPEN)
        submission_submit(submission=sub, acting_user=people.a, now=OPEN)
    client.force_login(people.reviewer)
    doc = Document(io.BytesIO(client.get(f"/bao-cao/dot/{round_.pk}/tong-hop/docx/").content))
    rows = [[c.text for c in row.cells] for row in doc.tables[-1].rows]
    assert rows == [["STT", "Số, ký hiệu"], ["1", "01-NQ/TU"], ["2", "02-CT/TU"]]
    assert "Văn bản đã ban hành — Danh sách văn bản" in [p.text for p in doc.paragraphs]
