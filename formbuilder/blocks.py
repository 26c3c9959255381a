"""StreamField blocks of the form designer (trình thiết kế biểu mẫu).

Each block compiles to one node of the definition format "baocao.form/1" (see
docs/definition-format.md); the conversion both ways lives in :mod:`formbuilder.designer`.
Block names are the node types, and child block names are the node's attribute names, so the
stream's raw JSON reads like the definition it stands for.

StreamField cannot recurse, so a section's ``children`` is a stream one level deeper, down to
:data:`formbuilder.designer.MAX_SECTION_LEVELS` levels of sections.
"""
from __future__ import annotations

from django import forms
from django.core.validators import RegexValidator
from django.utils.html import escape
from wagtail import blocks
from wagtail.blocks.struct_block import BlockGroup

from .designer import MAX_SECTION_LEVELS
from .engine.tree import COLUMN_TYPES, KEY_PATTERN, SELF_ASSESSMENT_TITLE, TARGET_DIRECTIONS, TYPE_NAMES

KEY_VALIDATOR = RegexValidator(
    KEY_PATTERN, "Khóa chỉ gồm chữ thường không dấu (a–z), chữ số và “_”, bắt đầu bằng chữ cái.")
KEY_HELP = "Để trống để tự sinh từ nhãn (không dấu). Giữ nguyên khóa khi sửa nhãn: số liệu và chỉ tiêu theo khóa."

# Suggested units of measure (đơn vị tính); any other text is accepted.
UNIT_SUGGESTIONS = ("%", "người", "văn bản", "đồng", "triệu đồng", "tỷ đồng", "hồ sơ", "nhiệm vụ", "tổ chức đảng",
                    "đảng viên", "cơ quan", "đơn vị", "cuộc", "lần", "ngày", "vụ việc", "tiêu chí")


class SuggestionInput(forms.TextInput):
    """A text input offering suggestions through a ``<datalist>`` (free text stays allowed)."""

    def __init__(self, suggestions, attrs=None):
        super().__init__(attrs)
        self.suggestions = tuple(suggestions)

    def render(self, name, value, attrs=None, renderer=None):
        attrs = dict(attrs or {})
        list_id = f"{attrs.get('id') or name}-goi-y"
        attrs["list"] = list_id
        options = "".join(f'<option value="{escape(s)}"></option>' for s in self.suggestions)
        return super().render(name, value, attrs, renderer) + f'<datalist id="{list_id}">{options}</datalist>'


def key_block(**kwargs) -> blocks.CharBlock:
    return blocks.CharBlock(required=False, max_length=63, validators=[KEY_VALIDATOR], label="Khóa",
                            help_text=KEY_HELP, **kwargs)


class UnitBlock(blocks.CharBlock):
    """A unit of measure (đơn vị tính), with the usual ones suggested."""

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.field.widget = SuggestionInput(UNIT_SUGGESTIONS)


def unit_block() -> UnitBlock:
    return UnitBlock(required=False, max_length=100, label="Đơn vị tính", help_text="Ví dụ: %, người, văn bản, đồng")


class OptionBlock(blocks.StructBlock):
    """One option of a choice (phương án): the shown label and the stored value."""

    label = blocks.CharBlock(max_length=1000, label="Nhãn")
    value = blocks.CharBlock(required=False, max_length=200, label="Giá trị lưu",
                             help_text="Để trống để tự sinh từ nhãn.")

    class Meta:
        icon = "radio-full"
        label = "Phương án"
        label_format = "{label}"


class TargetBlock(blocks.StructBlock):
    """The value an indicator aims at (chỉ tiêu phấn đấu); no direction means no target."""

    direction = blocks.ChoiceBlock(choices=[(d, {">=": "≥ (ít nhất)", "<=": "≤ (nhiều nhất)", "=": "= (bằng)",
                                                 ">": "> (lớn hơn)", "<": "< (nhỏ hơn)"}[d])
                                            for d in TARGET_DIRECTIONS],
                                   required=False, label="So sánh", help_text="Để trống nếu không có chỉ tiêu.")
    value = blocks.FloatBlock(required=False, label="Giá trị phấn đấu")
    unit = blocks.CharBlock(required=False, max_length=100, label="Đơn vị")
    baseline = blocks.FloatBlock(required=False, label="Giá trị gốc (nếu có)")
    source = blocks.CharBlock(required=False, max_length=1000, label="Căn cứ")

    class Meta:
        icon = "crosshairs"
        label = "Chỉ tiêu phấn đấu"
        collapsed = True


class FieldBlock(blocks.StructBlock):
    """What every field block has: label, required, help; key and number in the settings."""

    label = blocks.CharBlock(max_length=1000, label="Nhãn")
    required = blocks.BooleanBlock(required=False, label="Bắt buộc nhập")
    help = blocks.TextBlock(required=False, rows=2, label="Hướng dẫn")
    key = key_block()
    number = blocks.CharBlock(required=False, max_length=30, label="Số thứ tự", help_text="Ví dụ: 1., a), –")

    SETTINGS = ("key", "number")
    COMMON = ("label", "required", "help", "key", "number")

    class Meta:
        label_format = "{label}"

    def get_form_layout(self):
        # The label first, then what is particular to the field type, then the common flags.
        own = [n for n in self.child_blocks if n not in self.COMMON]
        children = ["label", *own, "required", "help"]
        return BlockGroup(children=[n for n in children if n not in self.SETTINGS], settings=list(self.SETTINGS))


class TextFieldBlock(FieldBlock):
    multiline = blocks.BooleanBlock(required=False, default=True, label="Nhiều dòng (đoạn văn)")
    max_length = blocks.IntegerBlock(required=False, min_value=1, label="Độ dài tối đa (ký tự)")

    class Meta:
        icon = "pilcrow"
        label = "Văn bản"


class NumberFieldBlock(FieldBlock):
    integer = blocks.BooleanBlock(required=False, default=True, label="Chỉ nhận số nguyên")
    minimum = blocks.FloatBlock(required=False, label="Giá trị nhỏ nhất")
    maximum = blocks.FloatBlock(required=False, label="Giá trị lớn nhất")
    unit = unit_block()
    target = TargetBlock()

    class Meta:
        icon = "decimal"
        label = "Số"


class ChoiceFieldBlock(FieldBlock):
    multiple = blocks.BooleanBlock(required=False, label="Cho chọn nhiều phương án")
    options = blocks.ListBlock(OptionBlock(), min_num=1, label="Các phương án")

    class Meta:
        icon = "list-ul"
        label = "Lựa chọn"


class BooleanFieldBlock(FieldBlock):
    class Meta:
        icon = "tick-inverse"
        label = "Có/Không"


class DateFieldBlock(FieldBlock):
    class Meta:
        icon = "date"
        label = "Ngày"


class FileFieldBlock(FieldBlock):
    class Meta:
        icon = "doc-full"
        label = "Tệp đính kèm"


class ColumnBlock(blocks.StructBlock):
    """One typed column of a table (cột)."""

    label = blocks.CharBlock(max_length=1000, label="Tên cột")
    type = blocks.ChoiceBlock(choices=[(t, TYPE_NAMES[t].capitalize()) for t in COLUMN_TYPES], default="text",
                              label="Kiểu dữ liệu")
    unit = unit_block()
    required = blocks.BooleanBlock(required=False, label="Bắt buộc nhập")
    total = blocks.BooleanBlock(required=False, label="Có tổng cộng cột", help_text="Chỉ với cột số.")
    minimum = blocks.FloatBlock(required=False, label="Giá trị nhỏ nhất")
    maximum = blocks.FloatBlock(required=False, label="Giá trị lớn nhất")
    max_length = blocks.IntegerBlock(required=False, min_value=1, label="Độ dài tối đa (ký tự)")
    options = blocks.ListBlock(OptionBlock(), default=[], label="Phương án (cột lựa chọn)")
    help = blocks.TextBlock(required=False, rows=2, label="Hướng dẫn")
    key = key_block()

    class Meta:
        icon = "grip"
        label = "Cột"
        label_format = "{label}"
        form_layout = BlockGroup(children=["label", "type", "unit", "required", "total"],
                                 settings=["key", "minimum", "maximum", "max_length", "options", "help"])


class RowBlock(blocks.StructBlock):
    """One fixed row of a table (dòng cố định)."""

    label = blocks.CharBlock(max_length=1000, label="Tên dòng")
    key = key_block()

    class Meta:
        icon = "arrow-right"
        label = "Dòng"
        label_format = "{label}"


class TableFieldBlock(FieldBlock):
    columns = blocks.ListBlock(ColumnBlock(), min_num=1, label="Các cột")
    rows = blocks.ChoiceBlock(choices=[("free", "Dòng tự do (đơn vị tự thêm dòng)"), ("fixed", "Dòng cố định")],
                              default="free", label="Dòng")
    fixed_rows = blocks.ListBlock(RowBlock(), default=[], label="Các dòng cố định",
                                  help_text="Chỉ dùng khi chọn “Dòng cố định”.")
    min_rows = blocks.IntegerBlock(required=False, min_value=0, label="Số dòng tối thiểu")
    max_rows = blocks.IntegerBlock(required=False, min_value=1, label="Số dòng tối đa")

    class Meta:
        icon = "table"
        label = "Bảng"


class ComputedFieldBlock(FieldBlock):
    formula = blocks.CharBlock(max_length=500, label="Công thức",
                               help_text="Ví dụ: so_dat / tong_so * 100, sum(bang.cot); dùng khóa của trường.")
    unit = unit_block()
    decimals = blocks.IntegerBlock(required=False, min_value=0, max_value=10, label="Số chữ số thập phân")
    target = TargetBlock()

    SETTINGS = ("key", "number", "required")

    class Meta:
        icon = "cogs"
        label = "Giá trị tính toán"


class SelfAssessmentBlock(blocks.StructBlock):
    """The reusable self-assessment block: Ưu điểm / Hạn chế / Nguyên nhân / Giải pháp / Trách nhiệm."""

    number = blocks.CharBlock(required=False, max_length=30, label="Số thứ tự")
    title = blocks.CharBlock(max_length=1000, default=SELF_ASSESSMENT_TITLE, label="Tiêu đề")
    guidance = blocks.TextBlock(required=False, rows=2, label="Hướng dẫn viết")
    help = blocks.TextBlock(required=False, rows=2, label="Ghi chú")
    required = blocks.BooleanBlock(required=False, label="Bắt buộc nhập cả năm nội dung")
    key = key_block()

    class Meta:
        icon = "clipboard-list"
        label = "Tự đánh giá (ưu điểm, hạn chế, nguyên nhân, giải pháp, trách nhiệm)"
        label_format = "{number} {title}"
        form_layout = BlockGroup(children=["number", "title", "guidance", "required"], settings=["key", "help"])


FIELD_BLOCKS = (
    ("text", TextFieldBlock()),
    ("number", NumberFieldBlock()),
    ("choice", ChoiceFieldBlock()),
    ("boolean", BooleanFieldBlock()),
    ("date", DateFieldBlock()),
    ("file", FileFieldBlock()),
    ("table", TableFieldBlock()),
    ("computed", ComputedFieldBlock()),
    ("self_assessment", SelfAssessmentBlock()),
)


class SectionBlock(blocks.StructBlock):
    """A section (mục/phần) whose children are a stream one level deeper."""

    number = blocks.CharBlock(required=False, max_length=30, label="Số thứ tự", help_text="Ví dụ: II., 2.1., a)")
    title = blocks.CharBlock(max_length=1000, label="Tiêu đề mục")
    guidance = blocks.TextBlock(required=False, rows=2, label="Hướng dẫn viết")
    help = blocks.TextBlock(required=False, rows=2, label="Ghi chú")
    key = key_block()

    class Meta:
        icon = "folder-open-inverse"
        label = "Mục"
        label_format = "{number} {title}"
        form_layout = BlockGroup(children=["number", "title", "guidance", "children"], settings=["key", "help"])

    def __init__(self, level: int = 1, **kwargs):
        self.level = level
        # Nested content opens collapsed so a long outline (DC-TKT-DOT2-2026: 101 sections) reads as a
        # table of contents; blocks added by the designer open expanded.
        children = FormStreamBlock(level=level + 1, label="Nội dung của mục", required=False, collapsed=True)
        super().__init__(local_blocks=[("children", children)], **kwargs)


class FormStreamBlock(blocks.StreamBlock):
    """The nodes at one level: fields, and sections while ``level`` ≤ MAX_SECTION_LEVELS."""

    def __init__(self, level: int = 1, **kwargs):
        local = [("section", _section_block(level))] if level <= MAX_SECTION_LEVELS else []
        super().__init__(local_blocks=local + list(FIELD_BLOCKS), **kwargs)


_SECTIONS: dict[int, SectionBlock] = {}


def _section_block(level: int) -> SectionBlock:
    # One SectionBlock per level, shared, so the editor's block definitions stay small.
    if level not in _SECTIONS:
        _SECTIONS[level] = SectionBlock(level=level, label="Mục" if level == 1 else "Mục con")
    return _SECTIONS[level]


def form_body_block() -> FormStreamBlock:
    """Return the top-level stream of a form version's ``body``."""
    return FormStreamBlock(level=1, required=False)
