import json

import pytest
from django.core.exceptions import ValidationError
from django.core.management import call_command

from baocao_site.audit.models import AuditEntry
from formbuilder.demo import DEFINITIONS_DIR, load_formbuilder_demo
from formbuilder.models import FormDefinition, FormVersion, VersionStatus
from formbuilder.selectors import compiled_form, form_validator
from formbuilder.services import (
    form_definition_create,
    form_definition_export,
    form_definition_import,
    form_version_new_from,
    form_version_publish,
    form_version_save_draft,
)

SMALL_ITEMS = [
    {"type": "section", "key": "phan_i", "number": "I.", "title": "Kết quả", "children": [
        {"type": "number", "key": "so_van_ban", "label": "Số văn bản", "integer": True, "minimum": 0,
         "unit": "văn bản", "required": True},
        {"type": "number", "key": "so_dien_tu", "label": "Số văn bản điện tử", "integer": True, "minimum": 0},
        {"type": "computed", "key": "ty_le", "label": "Tỷ lệ điện tử", "formula": "so_dien_tu / so_van_ban * 100",
         "unit": "%", "decimals": 1},
    ]},
]


@pytest.fixture
def definition(db):
    return form_definition_create(code="dc-thu", kind="outline", title="Đề cương thử")


def test_create_makes_an_empty_draft_and_normalises_the_code(definition):
    assert definition.code == "DC-THU"
    version = definition.versions.get()
    assert (version.number, version.status, version.document["items"]) == (1, "draft", [])
    with pytest.raises(ValidationError, match="đã tồn tại"):
        form_definition_create(code="DC-THU", kind="outline", title="Trùng")


def test_publish_compiles_and_then_the_version_is_immutable(definition):
    version = form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS)
    version = form_version_publish(version=version)
    assert version.status == VersionStatus.PUBLISHED and version.schema["$schema"].endswith("2020-12/schema")
    with pytest.raises(ValidationError, match="đã ban hành, không thể sửa"):
        form_version_save_draft(version=version, items=[])
    version.document = {**version.document, "title": "sửa lén"}
    with pytest.raises(ValidationError, match="đã ban hành, không thể sửa"):
        version.save()
    assert FormVersion.objects.get(pk=version.pk).document["title"] == "Đề cương thử"
    assert AuditEntry.objects.filter(action="form_version.publish").exists()


def test_new_version_from_published_supersedes_it_on_publish(definition):
    v1 = form_version_publish(version=form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS))
    v2 = form_version_new_from(version=v1)
    assert (v2.number, v2.status, v2.based_on_id) == (2, "draft", v1.pk)
    with pytest.raises(ValidationError, match="đã có bản nháp v2"):
        form_version_new_from(version=v1)
    form_version_publish(version=v2)
    assert FormVersion.objects.get(pk=v1.pk).status == VersionStatus.SUPERSEDED
    assert definition.published_version().number == 2


def test_publish_refuses_a_broken_definition_and_lists_every_problem(definition):
    items = [{"type": "section", "key": "a", "number": "I.", "title": "A", "children": [
        {"type": "computed", "key": "x", "label": "X", "formula": "khong_co + 1"},
        {"type": "table", "key": "bang", "label": "Bảng", "columns": [], "rows": "free"},
    ]}]
    with pytest.raises(ValidationError) as exc:
        form_version_save_draft(version=definition.versions.get(), items=items)
    text = " ".join(exc.value.messages)
    # Both problems, not just one of them.
    assert "dùng trường không tồn tại: “khong_co”" in text
    assert "Bảng “bang” chưa có cột nào" in text
    assert definition.versions.get().document["items"] == []


def test_import_export_round_trip_and_commands(definition, tmp_path):
    version = form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS)
    exported = form_definition_export(version=version)
    path = tmp_path / "dc.json"
    path.write_text(json.dumps(exported, ensure_ascii=False), encoding="utf-8")
    exported["title"] = "Đề cương thử (sửa)"
    v = form_definition_import(document=exported, publish=True)
    assert (v.number, v.status, v.definition.title) == (1, "published", "Đề cương thử (sửa)")
    out = tmp_path / "out.json"
    call_command("export_definition", "DC-THU", "-o", str(out))
    again = json.loads(out.read_text(encoding="utf-8"))
    assert again["items"] == SMALL_ITEMS
    call_command("import_definition", str(path))  # a new draft v2 from the file
    assert FormDefinition.objects.get(code="DC-THU").latest_version().number == 2


def test_export_import_command_export_round_trip_carries_no_stale_version(definition, tmp_path):
    v1 = form_version_publish(version=form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS))
    path = tmp_path / "dc.json"
    call_command("export_definition", "DC-THU", "-o", str(path))
    first = json.loads(path.read_text(encoding="utf-8"))
    assert first["x-version"]["number"] == 1 and first["x-version"]["status"] == "published"

    call_command("import_definition", str(path))  # the same service path as the admin's “Nhập JSON”
    v2 = definition.versions.get(number=2)
    assert v2.status == VersionStatus.DRAFT and v2.based_on_id == v1.pk
    assert "x-version" not in v2.document  # never the published v1's note

    again = tmp_path / "again.json"
    call_command("export_definition", "DC-THU", "--number", "2", "-o", str(again))
    second = json.loads(again.read_text(encoding="utf-8"))
    assert second["x-version"] == {"number": 2, "status": "draft", "published_at": None}
    assert {k: v for k, v in second.items() if k != "x-version"} == {k: v for k, v in first.items() if k != "x-version"}


def test_a_lowercase_code_is_one_form_in_every_path(db, tmp_path):
    document = {"format": "baocao.form/1", "code": "pl-thu.1", "kind": "appendix", "title": "Phụ lục thử",
                "items": SMALL_ITEMS}
    v1 = form_definition_import(document=document, publish=True)
    assert v1.definition.code == "PL-THU.1" and v1.document["code"] == "PL-THU.1"
    v2 = form_definition_import(document={**document, "code": " Pl-Thu.1 "})  # a new draft, not “đã tồn tại”
    assert (v2.definition_id, v2.number, v2.document["code"]) == (v1.definition_id, 2, "PL-THU.1")
    path = tmp_path / "pl.json"
    path.write_text(json.dumps(document, ensure_ascii=False), encoding="utf-8")
    call_command("import_definition", str(path))  # fills the open draft v2
    assert FormDefinition.objects.count() == 1 and FormVersion.objects.count() == 2
    out = tmp_path / "out.json"
    call_command("export_definition", "pl-thu.1", "--number", "1", "-o", str(out))
    assert json.loads(out.read_text(encoding="utf-8"))["code"] == "PL-THU.1"
    with pytest.raises(ValidationError, match="“PL-THU.1” đã tồn tại"):
        form_definition_create(code="pl-thu.1", kind="appendix", title="Trùng")


def test_one_length_limit_for_codes_in_the_format_and_the_model(db):
    longest = "P" * 60
    assert form_definition_create(code=longest.lower(), kind="outline", title="Dài").code == longest
    with pytest.raises(ValidationError):
        form_definition_create(code="P" * 61, kind="outline", title="Quá dài")
    document = {"format": "baocao.form/1", "code": "q" * 61, "kind": "outline", "title": "Quá dài",
                "items": SMALL_ITEMS}
    with pytest.raises(ValidationError, match="tối đa 60 ký tự"):
        form_definition_import(document=document)
    assert FormDefinition.objects.count() == 1


def test_import_command_refuses_bad_json_and_bad_definitions(db, tmp_path):
    from django.core.management.base import CommandError

    bad = tmp_path / "bad.json"
    bad.write_text("{khong phai json", encoding="utf-8")
    with pytest.raises(CommandError, match="không phải JSON hợp lệ"):
        call_command("import_definition", str(bad))
    invalid = tmp_path / "invalid.json"
    invalid.write_text(json.dumps({"format": "baocao.form/1", "code": "X-1", "kind": "outline", "title": "X",
                                   "items": [{"type": "loai_la", "key": "a"}]}), encoding="utf-8")
    with pytest.raises(CommandError, match="không nhập được, không ghi gì") as exc:
        call_command("import_definition", str(invalid))
    assert "Loại nút không hợp lệ: “loai_la”" in str(exc.value)
    assert not FormDefinition.objects.exists()


def test_every_seed_definition_imports_publishes_and_validates(db):
    counts = load_formbuilder_demo()
    files = sorted(DEFINITIONS_DIR.glob("*.json"))
    assert counts["form_definitions"] == len(files) >= 16
    for definition in FormDefinition.objects.all():
        version = definition.published_version()
        assert version is not None, definition.code
        compiled = compiled_form(version=version)
        assert compiled.fields, definition.code
        # An empty draft is acceptable while drafting; not as a complete submission when fields are required.
        assert form_validator(version=version).validate({}, complete=False) == []
    assert load_formbuilder_demo() == counts  # idempotent


def test_validator_is_built_once_per_published_version(definition):
    version = form_version_publish(version=form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS))
    assert form_validator(version=version) is form_validator(version=FormVersion.objects.get(pk=version.pk))


def test_limits_come_from_the_settings_and_refuse_before_anything_is_saved(definition, settings):
    settings.FORMBUILDER_LIMITS = {**settings.FORMBUILDER_LIMITS, "max_depth": 1, "max_fields": 2}
    draft = definition.versions.get()
    nested = [{"type": "section", "key": "phan_i", "number": "I.", "title": "Kết quả", "children": [
        {"type": "section", "key": "muc_1", "number": "1.", "title": "Văn bản", "children": [
            {"type": "number", "key": "so_van_ban", "label": "Số văn bản"}]}]}]
    with pytest.raises(ValidationError) as exc:
        form_version_save_draft(version=draft, items=nested)
    assert "Mục “muc_1” lồng quá sâu: cấp 2, tối đa 1 cấp" in " ".join(exc.value.messages)
    with pytest.raises(ValidationError) as exc:
        form_version_save_draft(version=draft, items=SMALL_ITEMS)
    assert "Biểu mẫu có 3 trường, vượt giới hạn 2 trường" in " ".join(exc.value.messages)
    draft.refresh_from_db()
    assert draft.document["items"] == []
    settings.FORMBUILDER_LIMITS = {**settings.FORMBUILDER_LIMITS, "max_fields": 3}
    assert len(form_version_save_draft(version=draft, items=SMALL_ITEMS).document["items"]) == 1
