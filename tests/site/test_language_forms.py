"""The generated form inside the fill step and the check page: English once chosen, Vietnamese (unchanged) before.

The form's own words (notes, buttons, Có/Không, "không xác định", table words, why a value is refused,
autosave's status) follow the language; what the definition and the unit wrote (labels, options, units,
row names, values) stays as entered. Messages keep the label and translate the reason after it.
"""
import datetime as dt
import re

import pytest
from django.utils import timezone, translation

from formbuilder.engine import explain
from formbuilder.engine.calendar import DueRule, PeriodType, ReportingRule
from formbuilder.renderer import messages
from formbuilder.rounds.forms import AdhocReportForm
from formbuilder.rounds.models import Submission, TargetKind
from formbuilder.rounds.services import round_add_target, round_create, round_open, submission_save_draft
from hierarchy.models import Unit
from tests.formbuilder.rounds_helpers import published_outline

from .test_language import html_lang, vietnamese_words

pytestmark = pytest.mark.django_db

ITEMS = [
    {"type": "section", "key": "so_lieu", "number": "I.", "title": "Số liệu", "children": [
        {"type": "text", "key": "tinh_hinh", "label": "Tình hình chung", "required": True},
        {"type": "number", "key": "so_van_ban", "label": "Số văn bản", "integer": True, "minimum": 0,
         "required": True, "unit": "văn bản"},
        {"type": "number", "key": "kinh_phi", "label": "Kinh phí", "maximum": 100, "unit": "triệu đồng"},
        {"type": "computed", "key": "binh_quan", "label": "Kinh phí bình quân", "formula": "kinh_phi / so_van_ban",
         "decimals": 1},
        {"type": "choice", "key": "hinh_thuc", "label": "Hình thức",
         "options": [{"value": "truc_tuyen", "label": "Trực tuyến"}, {"value": "truc_tiep", "label": "Trực tiếp"}]},
        {"type": "choice", "key": "linh_vuc", "label": "Lĩnh vực", "multiple": True,
         "options": [{"value": "kiem_tra", "label": "Kiểm tra"}, {"value": "giam_sat", "label": "Giám sát"}]},
        {"type": "boolean", "key": "co_ke_hoach", "label": "Đã ban hành kế hoạch"},
        {"type": "date", "key": "ngay_ban_hanh", "label": "Ngày ban hành"},
        {"type": "file", "key": "minh_chung", "label": "Tài liệu minh chứng"},
        {"type": "table", "key": "van_ban", "label": "Danh mục văn bản", "rows": "free", "columns": [
            {"key": "ten", "label": "Tên văn bản", "type": "text", "required": True},
            {"key": "so_trang", "label": "Số trang", "type": "integer", "minimum": 0},
            {"key": "da_so_hoa", "label": "Đã số hóa", "type": "boolean"},
        ], "totals": ["so_trang"]},
        {"type": "table", "key": "can_bo", "label": "Cán bộ theo cấp",
         "rows": {"fixed": [{"key": "cap_tinh", "label": "Cấp tỉnh"}, {"key": "cap_xa", "label": "Cấp xã"}]},
         "columns": [{"key": "tong_so", "label": "Tổng số", "type": "integer", "minimum": 0, "required": True}]},
    ]},
    {"type": "section", "key": "danh_gia", "number": "II.", "title": "Tự đánh giá", "children": [
        {"type": "text", "key": "uu_diem", "label": "Ưu điểm", "multiline": True, "required": True},
    ]},
]
# What the definition and the unit wrote: shown as entered in both languages.
DATA = ["Xã Vĩnh Am", "Tự kiểm tra đợt 2", "Đề cương thử", "Số liệu", "Tự đánh giá", "Tình hình chung", "Số văn bản",
        "văn bản", "Kinh phí bình quân", "Kinh phí", "triệu đồng", "Hình thức", "Trực tuyến", "Trực tiếp", "Lĩnh vực",
        "Kiểm tra", "Giám sát", "Đã ban hành kế hoạch", "Ngày ban hành", "Tài liệu minh chứng", "Danh mục văn bản",
        "Tên văn bản", "Số trang", "Đã số hóa", "Cán bộ theo cấp", "Cấp tỉnh", "Cấp xã", "Tổng số", "Ưu điểm",
        "Lan Nguyễn", "Ổn định", "Nghị quyết"]
# Values the form cannot read: a word in a whole number, a yes/no that is neither, a date that does not exist.
UNREADABLE = {"revision": "0", "hanh_dong": "luu", "tinh_hinh": "Ổn định", "so_van_ban": "mười",
              "co_ke_hoach": "co-le", "ngay_ban_hanh": "32/13/2026"}
# Values the engine refuses: a number over its maximum, a negative cell of a free row.
OUT_OF_RANGE = {"revision": "0", "hanh_dong": "luu", "so_van_ban": "3", "kinh_phi": "500", "van_ban-row": ["0"],
                "van_ban-0-ten": "Nghị quyết", "van_ban-0-so_trang": "-2"}


@pytest.fixture
def sub(tree):
    version = published_outline(code="DC-MOI-LOAI", items=ITEMS)
    rule = ReportingRule(period_type=PeriodType.ONE_OFF,
                         due=DueRule.fixed(timezone.localdate() + dt.timedelta(days=10)))
    round_ = round_create(code="dot-2", title="Tự kiểm tra đợt 2", issuing_unit=tree.P, rule=rule, versions=[version])
    round_add_target(round=round_, kind=TargetKind.UNIT, unit=tree.A)
    round_open(round=round_, now=timezone.now() - dt.timedelta(days=30))
    return Submission.objects.get(assignment__round=round_)


@pytest.fixture
def drafter(tree, make_user):
    return make_user("soan.a", unit=tree.A, role="drafter", first_name="Lan", last_name="Nguyễn")


def english(client, settings):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"


def form_part(html: str) -> str:
    """The form the renderer draws, inside the step page."""
    return re.search(r'<div class="fb-form.*?(?=<div class="fill-actions">)', html, re.S).group(0)


def summary(html: str) -> list[str]:
    found = re.search(r'<div class="error-summary fb-error-summary".*?</ul>', html, re.S).group(0)
    return [" ".join(re.sub(r"<[^>]+>", " ", t).split()) for t in re.findall(r"<li>(.*?)</li>", found, re.S)]


def step_url(sub) -> str:
    return f"/bao-cao/{sub.pk}/nhap/so_lieu/"


# --- The step page's form -----------------------------------------------------------------------

def test_the_form_in_vietnamese_is_unchanged(client, sub, drafter):
    client.force_login(drafter)
    html = client.get(step_url(sub)).content.decode()
    form = form_part(html)
    assert 'aria-hidden="true">Gửi</button>' in form and 'data-fb-undefined="không xác định"' in form
    assert ('<p class="fb-required-note">Mục có dấu <span class="fb-req" aria-hidden="true">*</span> là bắt buộc '
            "khi nộp đầy đủ; bản nháp có thể để trống.</p>") in form
    assert "<option value=\"\">— Chưa trả lời —</option><option value=\"true\">Có</option>" \
           "<option value=\"false\">Không</option>" in form
    assert "<option value=\"\">— Chọn —</option>" in form and ">(ngày/tháng/năm)</span>" in form
    assert ">không xác định</output>" in form and "Tự động tính từ số liệu đã nhập." in form
    assert '<th scope="col" class="fb-ordinal">STT</th>' in form
    assert '<th scope="col" class="fb-ordinal">Nội dung</th>' in form
    assert '<span class="visually-hidden">Thao tác</span>' in form and '<th scope="row">Tổng cộng</th>' in form
    assert ">Thêm dòng<span class=\"visually-hidden\"> vào bảng “Danh mục văn bản”</span></button>" in form
    assert ">Xóa dòng<span class=\"visually-hidden\"> <span class=\"fb-n\">1</span></span></button>" in form
    assert '>Tên văn bản, dòng <span class="fb-n">1</span></label>' in form
    assert 'data-autosave-text-saving="Đang lưu…"' in html and 'data-autosave-text-failed="Chưa tự động lưu được; ' \
           'bấm “Lưu nháp” để lưu."' in html

    html = client.post(step_url(sub), UNREADABLE).content.decode()
    assert '<h2 id="id_fb-errors-title">Biểu mẫu có 3 lỗi cần sửa</h2>' in html
    assert summary(html) == ["Số văn bản: phải là số nguyên", "Đã ban hành kế hoạch: phải chọn Có hoặc Không",
                             "Ngày ban hành: không đúng định dạng ngày (dd/mm/yyyy)"]
    html = client.post(step_url(sub), OUT_OF_RANGE).content.decode()
    assert summary(html) == ["Kinh phí: không được lớn hơn 100 triệu đồng",
                             "Danh mục văn bản › dòng 1 › Số trang: phải là số nguyên không âm"]
    assert '<span class="fb-cell-error" id="id_van_ban-0-so_trang-error">phải là số nguyên không âm</span>' in html


def test_the_form_is_wholly_english_once_chosen(client, sub, drafter, settings):
    english(client, settings)
    client.force_login(drafter)
    html = client.get(step_url(sub)).content.decode()
    assert html_lang(html) == "en"
    form = form_part(html)
    assert 'aria-hidden="true">Send</button>' in form and 'data-fb-undefined="undefined"' in form
    assert ('<p class="fb-required-note">Items marked <span class="fb-req" aria-hidden="true">*</span> are required '
            "for a complete submission; a draft may leave them empty.</p>") in form
    assert "<option value=\"\">— Not answered —</option><option value=\"true\">Yes</option>" \
           "<option value=\"false\">No</option>" in form
    assert "<option value=\"\">— Choose —</option>" in form and ">(day/month/year)</span>" in form
    assert ">undefined</output>" in form and "Calculated automatically from the values entered." in form
    assert '<th scope="col" class="fb-ordinal">No.</th>' in form
    assert '<th scope="col" class="fb-ordinal">Item</th>' in form
    assert '<span class="visually-hidden">Actions</span>' in form and '<th scope="row">Total</th>' in form
    assert ">Add row<span class=\"visually-hidden\"> to the table “Danh mục văn bản”</span></button>" in form
    assert ">Remove row<span class=\"visually-hidden\"> <span class=\"fb-n\">1</span></span></button>" in form
    assert '>Tên văn bản, row <span class="fb-n">1</span></label>' in form
    assert '<option value="">—</option><option value="true">Yes</option><option value="false">No</option>' in form
    assert 'data-autosave-text-saving="Saving…"' in html and 'data-autosave-text-saved="Saved at {time}"' in html
    assert 'data-autosave-text-failed="Not saved automatically; press “Save draft” to save."' in html
    assert 'data-autosave-text-offline="Connection lost at {time}; will try to save again."' in html
    assert vietnamese_words(html, DATA) == set()

    # A row added without JavaScript: the new row is named in English too.
    html = client.post(step_url(sub), {"revision": "0", "van_ban-row": ["0"], "_fb_action": "add:van_ban"}
                       ).content.decode()
    assert '>Tên văn bản, row <span class="fb-n">2</span></label>' in html
    assert vietnamese_words(html, DATA) == set()


def test_refused_values_are_explained_in_english_with_the_labels_as_entered(client, sub, drafter, settings):
    english(client, settings)
    client.force_login(drafter)
    html = client.post(step_url(sub), UNREADABLE).content.decode()
    assert '<h2 id="id_fb-errors-title">The form has 3 errors to fix</h2>' in html
    assert summary(html) == ["Số văn bản: must be a whole number", "Đã ban hành kế hoạch: must be Yes or No",
                             "Ngày ban hành: is not a valid date (dd/mm/yyyy)"]
    assert "<p>Số văn bản: must be a whole number</p>" in html
    assert 'value="mười"' in html and 'value="32/13/2026"' in html
    assert vietnamese_words(html, DATA + ["mười"]) == set()

    html = client.post(step_url(sub), OUT_OF_RANGE).content.decode()
    assert '<h2 id="id_fb-errors-title">The form has 2 errors to fix</h2>' in html
    assert summary(html) == ["Kinh phí: must not be greater than 100 triệu đồng",
                             "Danh mục văn bản › row 1 › Số trang: must be a whole number not less than 0"]
    assert ('<span class="fb-cell-error" id="id_van_ban-0-so_trang-error">must be a whole number not less than 0'
            "</span>") in html
    assert 'value="Nghị quyết"' in html and vietnamese_words(html, DATA) == set()
    assert Submission.objects.get(pk=sub.pk).revision == 0


def test_a_step_opened_from_the_check_page_shows_the_missing_values_in_english(client, sub, drafter, settings):
    english(client, settings)
    client.force_login(drafter)
    html = client.get(step_url(sub) + "?loi=1").content.decode()
    found = summary(html)
    assert "Tình hình chung: is required" in found and "Số văn bản: is required" in found
    assert "Cán bộ theo cấp: is required" in found
    assert vietnamese_words(html, DATA) == set()


# --- The check page ----------------------------------------------------------------------------------

def incomplete(sub, drafter):
    """A draft with a free row missing its required name and a part left empty."""
    return submission_save_draft(submission=sub, data={"so_lieu": {
        "tinh_hinh": "Ổn định", "so_van_ban": 3, "co_ke_hoach": True, "van_ban": [{"so_trang": 4, "da_so_hoa": False}],
        "can_bo": {"cap_tinh": {"tong_so": 5}}}}, expected_revision=0, acting_user=drafter)


def test_the_check_page_in_vietnamese_is_unchanged(client, sub, drafter):
    incomplete(sub, drafter)
    client.force_login(drafter)
    html = client.get(f"/bao-cao/{sub.pk}/nhap/kiem-tra/").content.decode()
    errors = re.search(r'<ul class="errorlist">(.*?)</ul>', html, re.S).group(1)
    assert "<li>Danh mục văn bản › dòng 1 › Tên văn bản: bắt buộc nhập</li>" in errors
    assert "<li>Cán bộ theo cấp › Cấp xã › Tổng số: bắt buộc nhập</li>" in errors
    assert "Tự đánh giá — Ưu điểm: bắt buộc nhập</a>" in html
    assert '<div class="fb-value">Có</div>' in html and '<td class="">Không</td>' in html


def test_the_check_page_is_wholly_english_once_chosen(client, sub, drafter, settings):
    incomplete(sub, drafter)
    english(client, settings)
    client.force_login(drafter)
    check = f"/bao-cao/{sub.pk}/nhap/kiem-tra/"
    html = client.get(check).content.decode()
    errors = re.search(r'<ul class="errorlist">(.*?)</ul>', html, re.S).group(1)
    assert "<li>Danh mục văn bản › row 1 › Tên văn bản: is required</li>" in errors
    assert "<li>Cán bộ theo cấp › Cấp xã › Tổng số: is required</li>" in errors
    assert "Tự đánh giá — Ưu điểm: is required</a>" in html
    assert '<div class="fb-value">Yes</div>' in html and '<td class="">No</td>' in html
    assert vietnamese_words(html, DATA) == set()

    html = client.post(check, {"hanh_dong": "nop"}).content.decode()
    assert "Not submitted: the report has" in html and "Ưu điểm: is required" in html
    assert vietnamese_words(html, DATA) == set()


# --- Autosave -------------------------------------------------------------------------------------

def test_autosave_answers_in_the_chosen_language(client, sub, drafter, settings):
    client.force_login(drafter)
    url = f"/bao-cao/{sub.pk}/luu-nhap/"
    answer = client.post(url, {"step": "so_lieu", "revision": 0, "so_van_ban": "mười"}).json()
    assert answer["message"] == "Chưa tự động lưu được: còn ô nhập chưa đúng."
    assert answer["errors"] == ["Số văn bản: phải là số nguyên"]
    assert client.post(url, {"step": "khac", "revision": 0}).json()["message"] == \
        "Không rõ phần đang nhập; hãy tải lại trang."

    english(client, settings)
    answer = client.post(url, {"step": "so_lieu", "revision": 0, "so_van_ban": "mười"}).json()
    assert answer["message"] == "Not saved automatically: some fields are not filled in correctly."
    assert answer["errors"] == ["Số văn bản: must be a whole number"]
    answer = client.post(url, {"step": "so_lieu", "revision": 0, "kinh_phi": "500"}).json()
    assert answer["errors"] == ["Kinh phí: must not be greater than 100 triệu đồng"]
    assert client.post(url, {"step": "khac", "revision": 0}).json()["message"] == \
        "The part being filled in is unknown; reload the page."
    answer = client.post(url, {"step": "so_lieu", "revision": 0, "tinh_hinh": "Ổn định"}).json()
    assert answer["status"] == "saved" and answer["message"] == f"Saved at {answer['saved_at']}"

    answer = client.post(url, {"step": "so_lieu", "revision": 0, "tinh_hinh": "Khác"}).json()
    assert answer["status"] == "conflict"
    assert answer["message"] == ("The draft was just saved by Lan Nguyễn while you were editing; "
                                 "it could not be saved automatically.")


# --- The ad-hoc report form --------------------------------------------------------------------------

def test_the_ad_hoc_report_form_follows_the_language(tree):
    posted = {"unit": "", "form": "", "title": " ", "due_at": "ngày mai"}
    with translation.override("vi"):
        form = AdhocReportForm(posted, units=Unit.objects.filter(pk=tree.A.pk), choices=[])
        assert form.errors == {"unit": ["Cần chọn đơn vị lập báo cáo."], "form": ["Cần chọn biểu mẫu."],
                               "title": ["Cần nhập tên báo cáo đột xuất."],
                               "due_at": ["Hạn nộp không hợp lệ; nhập theo dạng dd/mm/yyyy hh:mm."]}
        assert [str(f.label) for f in form] == ["Đơn vị lập báo cáo", "Biểu mẫu đột xuất", "Tên báo cáo",
                                                "Hạn nộp (không bắt buộc)"]
        assert "— Chọn đơn vị —" in form.as_div() and "— Chọn biểu mẫu —" in form.as_div()
    with translation.override("en"):
        form = AdhocReportForm(posted, units=Unit.objects.filter(pk=tree.A.pk), choices=[])
        assert form.errors == {"unit": ["Choose the reporting unit."], "form": ["Choose a form."],
                               "title": ["Enter the title of the ad-hoc report."],
                               "due_at": ["The due date is not valid; enter it as dd/mm/yyyy hh:mm."]}
        assert [str(f.label) for f in form] == ["Reporting unit", "Ad-hoc form", "Report title", "Due (optional)"]
        html = form.as_div()
        assert "— Choose a unit —" in html and "— Choose a form —" in html and "Vietnam time." in html
        assert vietnamese_words(html, [tree.A.name, "ngày mai"]) == set()


# --- The translation step itself ------------------------------------------------------------------

def test_every_reason_the_engine_and_renderer_write_has_an_english_entry():
    reasons = set(explain._TYPE_MESSAGES.values()) | {"bắt buộc nhập", "phải là số nguyên không âm"}
    assert reasons <= messages.FIXED_REASONS
    with translation.override("en"):
        for reason in messages.FIXED_REASONS:
            assert messages.translate_reason(reason) != reason and not vietnamese_words(
                messages.translate_reason(reason), ["Có", "Không"]), reason
        for _, template in messages.PATTERN_REASONS:
            assert translation.gettext(template) != template, template


@pytest.mark.parametrize("vietnamese, english_text", [
    ("Số văn bản: không được nhỏ hơn 1.000 văn bản", "Số văn bản: must not be less than 1.000 văn bản"),
    ("Ghi chú: dài quá 2000 ký tự", "Ghi chú: is longer than 2000 characters"),
    ("Bảng › dòng 12: phải có ít nhất 2 dòng", "Bảng › row 12: must have at least 2 rows"),
    ("Bảng: không được quá 1.000 dòng", "Bảng: must not have more than 1.000 rows"),
    ("Bảng: có dòng không thuộc bảng: “x”", "Bảng: has rows that are not in the table: “x”"),
    ("Mục: có trường không thuộc biểu mẫu: “y”", "Mục: has fields that are not in the form: “y”"),
    ("Lĩnh vực: bắt buộc chọn ít nhất một phương án", "Lĩnh vực: at least one option must be chosen"),
])
def test_a_message_keeps_its_label_and_translates_its_reason(vietnamese, english_text):
    label = vietnamese.split(": ", 1)[0]
    with translation.override("en"):
        assert messages.translate_message(vietnamese, label) == english_text
    with translation.override("vi"):
        assert messages.translate_message(vietnamese, label) is vietnamese


def test_a_label_naming_dong_as_data_and_an_unknown_reason_stay_as_written():
    with translation.override("en"):
        # "Công văn đi › dòng chữ" is a row named by the definition, not a numbered free row.
        assert messages.translate_label("Công văn đi › dòng chữ") == "Công văn đi › dòng chữ"
        assert messages.translate_message("Số: lý do mới của máy", "Số") == "Số: lý do mới của máy"


def test_an_attachment_over_the_limit_is_refused_in_the_chosen_language(settings):
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.utils import translation

    from formbuilder.rounds.attachments import max_bytes, size_error

    settings.ATTACHMENT_MAX_BYTES = 10
    upload = SimpleUploadedFile("bao-cao.pdf", b"x" * (max_bytes() + 1))
    with translation.override("vi"):
        vi = size_error(upload, label="Tệp đính kèm")
    with translation.override("en"):
        en = size_error(upload, label="Tệp đính kèm")
    assert vi.startswith("Tệp đính kèm: tệp “bao-cao.pdf” (") and "vượt quá dung lượng cho phép" in vi
    assert "is larger than allowed" in en and "vượt quá" not in en
