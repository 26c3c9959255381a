"""Guidance journey: an editor publishes guidance with an attachment through the Wagtail admin;
a commune user finds it by searching without diacritics, reads it and opens the attachment;
a page restricted to other units is refused."""
import pytest

pytestmark = pytest.mark.browser

ATTACHMENT_TEXT = "Mẫu báo cáo giám sát thường xuyên — đợt 2 năm 2026.\n"
GUIDANCE_TITLE = "Hướng dẫn nộp báo cáo giám sát thường xuyên"
RESTRICTED_TITLE = "Hướng dẫn riêng cho tỉnh Nghệ An"


@pytest.fixture(autouse=True)
def _one_request_at_a_time(settings):
    """Turn off the admin's background writes (autosave every 0.5 s, editing-session pings).

    The live server's threads share one in-memory SQLite connection; a background write racing
    the publish request fails with "database table is locked".
    """
    settings.WAGTAIL_AUTOSAVE_INTERVAL = 0
    settings.WAGTAIL_EDITING_SESSION_PING_INTERVAL = 10 * 60 * 1000


@pytest.fixture
def home(db, settings, tmp_path):
    """A HomePage as the site root; uploads go to a temporary media folder.

    Wagtail's locale, root page and root collection come from data migrations, which an earlier
    live-server test has flushed away: they are made here when missing.
    """
    from wagtail.models import Site

    from cms.bootstrap import ensure_wagtail_tree
    from cms.models import HomePage

    settings.MEDIA_ROOT = tmp_path / "media"
    root = ensure_wagtail_tree()
    home = root.add_child(instance=HomePage(title="Báo cáo", slug="trang-chu"))
    home.save_revision().publish()
    Site.objects.exclude(hostname="localhost", port=80).update(is_default_site=False)
    Site.objects.update_or_create(hostname="localhost", port=80,
                                  defaults={"root_page": home, "is_default_site": True, "site_name": "Báo cáo"})
    return home


@pytest.fixture
def editor(make_user, home):
    """A staff user whose group may use the admin, add and publish pages under home, and upload documents."""
    from django.contrib.auth.models import Group, Permission
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

    group = Group.objects.create(name="Biên tập trang hướng dẫn")
    group.permissions.add(Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"))
    for codename in ("add_page", "change_page", "publish_page"):
        GroupPagePermission.objects.create(group=group, page=home, permission=Permission.objects.get(
            content_type__app_label="wagtailcore", codename=codename))
    for codename in ("add_document", "change_document", "choose_document"):
        GroupCollectionPermission.objects.create(
            group=group, collection=Collection.get_first_root_node(),
            permission=Permission.objects.get(content_type__app_label="wagtaildocs", codename=codename))
    user = make_user("bientap", is_staff=True, first_name="Biên", last_name="Tập")
    user.groups.add(group)
    return user


def start_guidance_page(page, home_title):
    """From the public site, go to the admin and open the form of a new guidance page under home."""
    page.goto("/")
    page.get_by_role("link", name="Quản trị").click()
    page.get_by_role("button", name="Trang", exact=True).click()
    page.get_by_role("link", name=home_title, exact=True).click()
    page.get_by_role("link", name="Thêm trang con").first.click()
    page.get_by_role("link", name="Trang hướng dẫn", exact=True).click()
    page.get_by_role("textbox", name="Tiêu đề*").wait_for()


# Wagtail's own controls are found by their markup, which holds while their labels are being
# translated; the fields of our page types by their Vietnamese labels.

def publish(page):
    page.locator("footer [data-w-dropdown-target=toggle]").click()
    page.locator("button[name=action-publish]").click()
    page.locator(".messages li.success").wait_for()


def test_editor_publishes_guidance_and_commune_user_finds_and_opens_it(page, login, home, editor, tree,
                                                                       make_user, tmp_path):
    from cms.models import GuidancePage
    from cms.visibility import Visibility

    make_user("xa.vinham", unit=tree.A, role="drafter", first_name="Am", last_name="Vĩnh")
    upload = tmp_path / "mau-bao-cao.txt"
    upload.write_text(ATTACHMENT_TEXT, encoding="utf-8")

    # The editor writes the guidance page in the Wagtail admin, uploading its attachment there.
    login("bientap")
    start_guidance_page(page, home.title)
    title = page.get_by_role("textbox", name="Tiêu đề*")
    title.fill(GUIDANCE_TITLE)
    title.press("Tab")  # the slug follows the title on change
    page.get_by_role("textbox", name="Tóm tắt").fill("Các bước nộp báo cáo giám sát thường xuyên.")
    page.locator("[data-contentpath=body] [contenteditable=true]").click()
    page.keyboard.type("Đọc kỹ đề cương trước khi nộp.")
    steps = page.locator("[data-contentpath=steps]")
    steps.locator("button.c-sf-add-button").first.click()
    page.get_by_role("textbox", name="Tên bước*").fill("Chuẩn bị số liệu")
    steps.locator("[contenteditable=true]").first.click()
    page.keyboard.type("Điền số liệu vào mẫu đính kèm.")
    page.locator("#id_attachments-ADD").click()
    page.locator("[id^=inline_child_attachments-] button[data-chooser-action-choose]").first.click()
    chooser = page.locator(".modal")
    chooser.locator("#tab-label-upload").click()
    chooser.locator("#tab-upload input[type=file]").set_input_files(str(upload))
    chooser.locator("#tab-upload input[name=document-chooser-upload-title]").fill("Mẫu báo cáo")
    chooser.locator("#tab-upload button[type=submit]").click()
    chooser.wait_for(state="hidden")
    assert page.locator("[id^=inline_child_attachments-]").get_by_text("Mẫu báo cáo").first.is_visible()
    publish(page)
    assert GUIDANCE_TITLE in page.locator(".messages li.success").inner_text()

    # A second page, restricted in the settings tab to province Q (Nghệ An).
    start_guidance_page(page, home.title)
    title = page.get_by_role("textbox", name="Tiêu đề*")
    title.fill(RESTRICTED_TITLE)
    title.press("Tab")
    page.get_by_role("tab", name="Cài đặt").click()
    page.get_by_role("combobox", name="Phạm vi xem*").select_option(label="Chỉ các đơn vị, nhóm đơn vị được chọn")
    page.get_by_label("Đơn vị được xem", exact=True).select_option(label="Tỉnh Nghệ An")
    publish(page)

    guidance = GuidancePage.objects.get(title=GUIDANCE_TITLE)
    assert guidance.live and guidance.steps[0].value["title"] == "Chuẩn bị số liệu"
    restricted = GuidancePage.objects.get(title=RESTRICTED_TITLE)
    assert restricted.visibility == Visibility.UNITS
    assert list(restricted.visible_units.values_list("code", flat=True)) == ["Q"]

    # The commune user (Xã Vĩnh Am, province P) searches without diacritics and opens the guidance.
    page.goto("/")
    page.get_by_role("button", name="Đăng xuất").click()
    login("xa.vinham")
    page.goto("/")
    page.get_by_role("searchbox", name="Tìm hướng dẫn, văn bản, thông báo").fill("huong dan nop bao cao giam sat")
    page.get_by_role("button", name="Tìm", exact=True).click()
    assert page.get_by_role("heading", level=1).inner_text() == "Tìm kiếm"
    page.get_by_role("link", name=GUIDANCE_TITLE).click()
    assert page.get_by_role("heading", level=1).inner_text() == GUIDANCE_TITLE
    assert page.get_by_role("heading", name="Chuẩn bị số liệu", level=3).is_visible()

    link = page.get_by_role("link", name="Mẫu báo cáo")
    with page.expect_response(lambda r: "/tai-lieu/" in r.url) as served, page.expect_download() as download:
        link.click()
    assert served.value.status == 200
    assert served.value.headers["content-type"].startswith("text/plain")
    with open(download.value.path(), encoding="utf-8") as fh:
        assert fh.read() == ATTACHMENT_TEXT

    # The page for Nghệ An is neither found nor shown to this user.
    page.goto("/tim-kiem/?q=huong+dan+rieng+nghe+an")
    assert "Không tìm thấy kết quả nào" in page.get_by_test_id("result-count").inner_text()
    response = page.goto(restricted.url)
    assert response.status == 403
    assert page.get_by_role("heading", level=1).inner_text() == "Không có quyền truy cập"
    assert RESTRICTED_TITLE not in page.content()


def test_guidance_page_fits_a_phone_screen(page, home):
    """At 375 px wide the guidance page scrolls only vertically, and the menu folds behind its button."""
    from django.core.files.base import ContentFile
    from wagtail.documents import get_document_model

    from cms.models import Attachment, GuidancePage

    document = get_document_model()(title="Mẫu báo cáo giám sát thường xuyên đợt 2 năm 2026 (bản đầy đủ)")
    document.file.save("mau-bao-cao.txt", ContentFile(ATTACHMENT_TEXT.encode("utf-8")))
    guidance = GuidancePage(
        title=GUIDANCE_TITLE, slug="huong-dan-nop-bao-cao", summary="Các bước nộp báo cáo giám sát thường xuyên.",
        body="<p>Đọc kỹ Đề cương gợi ý báo cáo kết quả tự kiểm tra đợt 2 trước khi nộp; địa chỉ tham khảo "
             "https://thongtin.example.org/huong-dan/bao-cao-giam-sat-thuong-xuyen-dot-2-nam-2026.</p>",
        steps=[{"type": "step", "value": {"title": "Chuẩn bị số liệu từ 01/7/2025 đến thời điểm báo cáo",
                                          "body": "<p>Điền số liệu vào mẫu đính kèm.</p>"}}],
        faqs=[{"type": "faq", "value": {"question": "Có được điều chỉnh Đề cương không?",
                                        "answer": "<p>Đề cương là gợi ý.</p>"}}])
    guidance.attachments.add(Attachment(document=document))
    home.add_child(instance=guidance)
    guidance.save_revision().publish()

    page.set_viewport_size({"width": 375, "height": 740})
    page.goto(guidance.url)
    assert page.get_by_role("heading", level=1).inner_text() == GUIDANCE_TITLE
    widths = page.evaluate("() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]")
    assert widths[0] <= widths[1] == 375, f"horizontal scroll: content {widths[0]} px wide"
    toggle = page.get_by_role("button", name="Trình đơn")
    assert toggle.is_visible()
    toggle.click()
    assert page.get_by_role("navigation", name="Điều hướng chính").get_by_role("link", name="Tìm kiếm").is_visible()
