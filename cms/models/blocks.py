"""StreamField blocks of the guidance site: steps, questions, numbered parts and links."""
from __future__ import annotations

from wagtail import blocks
from wagtail.documents.blocks import DocumentChooserBlock

RICH_FEATURES = ["bold", "italic", "ol", "ul", "link", "document-link"]


class StepBlock(blocks.StructBlock):
    """One step of a how-to (bước thực hiện)."""

    title = blocks.CharBlock(label="Tên bước", max_length=255)
    body = blocks.RichTextBlock(label="Cách làm", features=RICH_FEATURES)

    class Meta:
        label = "Bước"
        icon = "list-ol"


class FAQBlock(blocks.StructBlock):
    """A frequently asked question with its answer (câu hỏi thường gặp)."""

    question = blocks.CharBlock(label="Câu hỏi", max_length=500)
    answer = blocks.RichTextBlock(label="Trả lời", features=RICH_FEATURES)

    class Meta:
        label = "Câu hỏi thường gặp"
        icon = "help"


class SectionBlock(blocks.StructBlock):
    """A numbered section of a part (mục: "1.", "2.1.", "a)")."""

    number = blocks.CharBlock(label="Số mục", max_length=20, required=False, help_text='Ví dụ: "1.", "2.1."')
    heading = blocks.CharBlock(label="Tên mục", max_length=500)
    body = blocks.RichTextBlock(label="Nội dung", features=RICH_FEATURES, required=False)

    class Meta:
        label = "Mục"
        icon = "doc-full"


class PartBlock(blocks.StructBlock):
    """A numbered part of a document (phần: "I-", "A-", "Phần thứ nhất") with its sections."""

    number = blocks.CharBlock(label="Số phần", max_length=40, required=False,
                              help_text='Ví dụ: "I-", "A-", "Phần thứ nhất"')
    heading = blocks.CharBlock(label="Tên phần", max_length=500)
    intro = blocks.RichTextBlock(label="Nội dung mở đầu", features=RICH_FEATURES, required=False)
    sections = blocks.ListBlock(SectionBlock(), label="Các mục", default=[])

    class Meta:
        label = "Phần"
        icon = "folder-open-inverse"


class LinkBlock(blocks.StructBlock):
    """A link to a web address (liên kết)."""

    title = blocks.CharBlock(label="Tên liên kết", max_length=255)
    url = blocks.URLBlock(label="Địa chỉ")

    class Meta:
        label = "Liên kết"
        icon = "link"


def link_stream_blocks():
    """Return the blocks of a list of links: pages, documents and web addresses."""
    return [
        ("page", blocks.PageChooserBlock(label="Trang")),
        ("document", DocumentChooserBlock(label="Tài liệu")),
        ("link", LinkBlock()),
    ]
