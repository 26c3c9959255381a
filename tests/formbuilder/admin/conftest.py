"""Builders for the form-designer admin tests. The screens are driven with pytest-django's
``admin_client`` (a logged-in superuser)."""
import pytest

from formbuilder.designer import items_to_stream
from formbuilder.services import form_definition_create, form_version_publish, form_version_save_draft

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
def draft(db):
    """Definition DC-THU with draft v1 holding SMALL_ITEMS (body empty, as after an import)."""
    definition = form_definition_create(code="DC-THU", kind="outline", title="Đề cương thử")
    return form_version_save_draft(version=definition.versions.get(), items=SMALL_ITEMS)


@pytest.fixture
def published(draft):
    return form_version_publish(version=draft)


def edit_url(version) -> str:
    return f"/quan-tri/bieu-mau/phien-ban/edit/{version.pk}/"


def stream_post_data(stream: list, *, prefix: str = "body", note: str = "") -> dict:
    """Return the POST data Wagtail's StreamField editor sends for raw ``stream`` (plus the note)."""
    from formbuilder.models import FormVersion

    block = FormVersion._meta.get_field("body").stream_block
    data = {"note": note}
    _flatten(block, block.to_python(stream), prefix, data)
    return data


def _flatten(block, value, prefix, data):
    """Write ``value`` of ``block`` as form fields named the way Wagtail's editor names them."""
    from wagtail import blocks

    if isinstance(block, blocks.StreamBlock):
        data[f"{prefix}-count"] = len(value)
        for i, child in enumerate(value):
            data[f"{prefix}-{i}-type"] = child.block_type
            data[f"{prefix}-{i}-id"] = child.id or ""
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = i
            _flatten(child.block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.ListBlock):
        data[f"{prefix}-count"] = len(value)
        for i, child in enumerate(value.bound_blocks):
            data[f"{prefix}-{i}-id"] = child.id or ""
            data[f"{prefix}-{i}-deleted"] = ""
            data[f"{prefix}-{i}-order"] = i
            _flatten(block.child_block, child.value, f"{prefix}-{i}-value", data)
    elif isinstance(block, blocks.StructBlock):
        for name, child_block in block.child_blocks.items():
            _flatten(child_block, value.get(name), f"{prefix}-{name}", data)
    elif isinstance(block, blocks.BooleanBlock):
        if value:
            data[prefix] = "on"
    else:
        data[prefix] = "" if value is None else str(value)


def design_post(items, **kwargs) -> dict:
    return stream_post_data(items_to_stream(items), **kwargs)
