"""Demo pages of the guidance site (idempotent): seeds 001, 002, 004, a guidance page, rounds, notices."""
from __future__ import annotations

from django.core.files.base import ContentFile
from django.db import transaction
from wagtail.documents import get_document_model
from wagtail.models import Collection, Page, Site

from hierarchy.models import Unit, UnitGroup

from . import demo_data as data
from .models import Attachment, GuidancePage, HomePage, NoticeIndexPage, NoticePage, PlanDocumentPage, RoundPage
from .outline import Outline, parse_outline, paragraphs_html
from .bootstrap import ensure_wagtail_tree
from .visibility import Visibility

HOME_INTRO = (
    "<p>Nền tảng biểu mẫu và chỉ tiêu phục vụ <b>giám sát trên dữ liệu</b>: các đơn vị nhận đề cương, "
    "phụ lục, bộ chỉ tiêu; nhập số liệu; theo dõi hạn nộp; tổng hợp báo cáo theo cấp.</p>"
)


def _ensure_home() -> HomePage:
    home = HomePage.objects.first()
    if home is None:
        root = ensure_wagtail_tree()
        home = root.add_child(instance=HomePage(title="Báo cáo — Giám sát trên dữ liệu", slug="trang-chu",
                                                intro=HOME_INTRO))
        home.save_revision().publish()
    site = Site.objects.filter(is_default_site=True).first()
    if site is None:
        Site.objects.create(hostname="localhost", port=80, root_page=home, is_default_site=True,
                            site_name="Báo cáo")
    elif site.root_page_id != home.pk:
        old_root = site.root_page
        site.root_page = home
        site.save()
        if old_root.specific_class is Page and old_root.depth == 2 and not old_root.get_children().exists():
            old_root.delete()  # Wagtail's "Welcome" placeholder page
    return home


def _ensure_page(parent: Page, page: Page, *, before_publish=None) -> tuple[Page, bool]:
    """Return the child of ``parent`` with ``page``'s slug, adding and publishing ``page`` if missing."""
    existing = parent.get_children().filter(slug=page.slug).first()
    if existing is not None:
        return existing.specific, False
    parent = Page.objects.get(pk=parent.pk)  # a fresh tree position: earlier adds moved numchild
    parent.add_child(instance=page)
    if before_publish:
        before_publish(page)
    page.save_revision().publish()
    return page, True


def _ensure_text_document(title: str, filename: str, text: str):
    """Return the document called ``title``, creating it from ``text`` when missing."""
    Document = get_document_model()
    document = Document.objects.filter(title=title).first()
    if document is None:
        document = Document(title=title, collection=Collection.get_first_root_node())
        document.file.save(filename, ContentFile(text.encode("utf-8")), save=False)
        document.save()
    return document


def _read(file: str) -> str:
    return (data.CONTENT_DIR / file).read_text(encoding="utf-8")


def _between(text: str, start: str, end: str | None) -> str:
    begin = text.index(start)
    return text[begin: text.index(end, begin)] if end else text[begin:]


def _body_blocks(outline: Outline) -> list[dict]:
    """Return the raw StreamField data of ``outline``'s parts (footnotes as a last, unnumbered part)."""
    blocks = [
        {"type": "part", "value": {
            "number": part.number, "heading": part.heading, "intro": paragraphs_html(part.paragraphs),
            "sections": [{"number": s.number, "heading": s.heading, "body": paragraphs_html(s.paragraphs)}
                         for s in part.sections],
        }}
        for part in outline.parts
    ]
    if outline.notes:
        blocks.append({"type": "part", "value": {"number": "", "heading": "Chú thích",
                                                 "intro": paragraphs_html(outline.notes), "sections": []}})
    return blocks


def _attach(page, document, title: str = ""):
    page.attachments.add(Attachment(document=document, title=title))


def _plan_documents(home: HomePage) -> dict[str, PlanDocumentPage]:
    pages = {}
    for spec in data.PLAN_DOCUMENTS:
        full_text = _read(spec["file"])
        outline = parse_outline(_between(full_text, spec["start"], spec["end"]))
        page = PlanDocumentPage(
            title=spec["title"], slug=spec["slug"], kind=spec["kind"], document_number=spec["document_number"],
            issued_on=spec["issued_on"], issuing_body=spec["issuing_body"], summary=spec["summary"],
            signed_by=spec["signed_by"], status="ban_hanh", visibility=Visibility.PUBLIC,
            legal_bases=[{"type": "basis", "value": basis} for basis in spec["legal_bases"]],
            preamble=paragraphs_html(outline.preamble), body=_body_blocks(outline),
        )
        document = _ensure_text_document(f"{spec['title']} (toàn văn)", f"{spec['slug']}.txt", full_text)
        pages[spec["slug"]], _ = _ensure_page(
            home, page, before_publish=lambda p, d=document: _attach(p, d, "Toàn văn (tệp văn bản)"))
    return pages


def _guidance(home: HomePage) -> GuidancePage:
    spec = data.GUIDANCE
    outline_text = _between(_read(data.OUTLINE_FILE), data.OUTLINE_START, None)
    outline = parse_outline(outline_text)
    parts = "".join(f"<li>{p.number} {p.heading.capitalize()}</li>" for p in outline.parts)
    body = f"{spec['intro']}<h2>{spec['outline_heading']}</h2><ol>{parts}</ol>"
    page = GuidancePage(
        title=spec["title"], slug=spec["slug"], summary=spec["summary"], body=body, show_in_menus=True,
        menu_title=spec["menu_title"],
        visibility=Visibility.PUBLIC,
        steps=[{"type": "step", "value": {"title": t, "body": b}} for t, b in spec["steps"]],
        faqs=[{"type": "faq", "value": {"question": q, "answer": a}} for q, a in spec["faqs"]],
    )
    document = _ensure_text_document("Đề cương gợi ý báo cáo kết quả tự kiểm tra đợt 2", "de-cuong-dot-2.txt",
                                     "ĐỀ CƯƠNG\n\ngợi ý báo cáo kết quả tự kiểm tra đợt 2\n\n" + outline_text)
    guidance, _ = _ensure_page(home, page, before_publish=lambda p: _attach(p, document))
    return guidance


def _rounds(home: HomePage) -> list[RoundPage]:
    """Return the demo round pages, adding those missing; each links the pages its spec names."""
    pages = []
    for spec in data.ROUNDS:
        group = UnitGroup.objects.filter(code=spec["group_code"]).first() if spec["group_code"] else None
        units = list(Unit.objects.filter(code__in=spec["unit_codes"]))
        # child_of, not home.get_children(): this ``home`` may still count no children (treebeard's numchild).
        linked = dict(Page.objects.child_of(home).filter(slug__in=spec["links"]).values_list("slug", "pk"))
        page = RoundPage(
            title=spec["title"], slug=spec["slug"], round_code=spec["round_code"], intro=spec["intro"],
            deadline=spec["deadline"], deadline_text=spec["deadline_text"],
            show_in_menus=spec["in_menu"], menu_title=spec["menu_title"],
            # Without the hierarchy demo there is no group to show a round to: logged-in users see it.
            visibility=Visibility.UNITS if group else Visibility.LOGGED_IN,
            links=[{"type": "page", "value": linked[slug]} for slug in spec["links"] if slug in linked],
        )
        if group:
            page.visible_groups = [group]
            page.visible_units = units
        pages.append(_ensure_page(home, page)[0])
    return pages


def _notices(home: HomePage) -> NoticeIndexPage:
    spec = data.NOTICE_INDEX
    index, _ = _ensure_page(home, NoticeIndexPage(title=spec["title"], slug=spec["slug"], intro=spec["intro"],
                                                  show_in_menus=True, visibility=Visibility.PUBLIC))
    for notice in data.NOTICES:
        _ensure_page(index, NoticePage(title=notice["title"], slug=notice["slug"], date=notice["date"],
                                       body=notice["body"], visibility=Visibility.PUBLIC))
    return index


@transaction.atomic
def load_cms_demo() -> dict[str, int]:
    """Make a HomePage the root of the default site and add the demo pages under it.

    Return counts of what exists afterwards. Pages are found by slug, so running it twice
    creates nothing new and keeps editors' changes.
    """
    home = _ensure_home()
    _plan_documents(home)
    _guidance(home)
    _rounds(home)
    _notices(home)
    return {
        "pages": Page.objects.count(),
        "plan_documents": PlanDocumentPage.objects.count(),
        "guidance_pages": GuidancePage.objects.count(),
        "round_pages": RoundPage.objects.count(),
        "notices": NoticePage.objects.count(),
        "documents": get_document_model().objects.count(),
    }
