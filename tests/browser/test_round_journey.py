"""Issue 4, "done when": a round of the seed-002 outline split among three provincial bodies, from the
Wagtail admin to the consolidated .docx.

Central staff open the round in the admin as seed 002 part B.I splits it: parts I–IV to the Đảng ủy
UBND tỉnh, except mục III.4 and IV.10, which go to the UBKT Tỉnh ủy, V to the Ban Tổ chức; the Văn
phòng Tỉnh ủy consolidates; entry stays open two days after the due date. Each body fills and submits
its sections by clicking through the fill pages — the UBKT after its due date has passed, so late; the
province reviewer returns part V with a comment, it is fixed and approved; the Văn phòng merges (mục
III.4 and IV.10 in their place inside parts III and IV), edits, downloads the .docx, and the test reads
it back with python-docx.
"""
import datetime as dt
import io
import os
import re

import pytest
from docx import Document
from docx.shared import Pt
from playwright.sync_api import expect

from fixtures.demo import DEMO_PASSWORD
from formbuilder.rounds.models import Assignment, Notification, Round, Submission

pytestmark = pytest.mark.browser

OUTLINE = "DC-TKT-DOT2-2026"
SHOTS = os.environ.get("BAOCAO_SHOTS")  # a folder: save a screenshot of each screen, to look at them


@pytest.fixture
def demo(transactional_db, settings):
    from formbuilder.demo import load_formbuilder_demo
    from hierarchy.demo import load_hierarchy_demo

    load_hierarchy_demo()
    load_formbuilder_demo()
    # The header's unread count (the lead adds this context processor to the settings).
    options = settings.TEMPLATES[0]["OPTIONS"]
    if "formbuilder.rounds.context_processors.notifications" not in options["context_processors"]:
        settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**options, "context_processors": [
            *options["context_processors"], "formbuilder.rounds.context_processors.notifications"]}}]


def shot(page, name):
    if SHOTS:
        os.makedirs(SHOTS, exist_ok=True)
        size = page.viewport_size
        page.set_viewport_size({"width": 1280, "height": 2400})  # the Wagtail admin scrolls inside a panel
        page.screenshot(path=f"{SHOTS}/{name}.png", full_page=True)
        page.set_viewport_size(size)


def as_user(page, login, username):
    page.context.clear_cookies()
    login(username, DEMO_PASSWORD)


def give_parts(page, unit_code, parts):
    """Tick the outline's sections by number ("III" for a part, "III.4" for a mục inside it) for one unit."""
    form = page.get_by_test_id(f"split-form-{OUTLINE}")
    form.get_by_label("Mã đơn vị soạn").fill(unit_code)
    for part in parts:
        form.get_by_label(re.compile(rf"^\s*{re.escape(part)}\. ")).check()
    form.get_by_role("button", name="Giao các phần đã chọn").click()
    expect(page.get_by_text(f"Đã giao {len(parts)} phần cho")).to_be_visible()


def fill_and_submit(page, parts: dict[str, dict[str, str]]):
    """From the task list, open the unit's report, type into fields part by part ("V": {key: text}), submit."""
    page.goto("/bao-cao/")
    page.get_by_test_id("own-tasks").get_by_role("link").first.click()
    for number, values in parts.items():
        page.get_by_role("link", name=re.compile(rf"^\s*{number}\. ")).first.click()
        for key, text in values.items():
            page.locator(f'textarea[name$="{key}"]').fill(text)
        with page.expect_navigation():
            page.get_by_role("button", name="Lưu nháp").click()
    page.get_by_role("link", name="Kiểm tra và nộp").first.click()
    page.get_by_role("button", name="Nộp báo cáo").click()
    expect(page.get_by_text(re.compile("^Đã nộp báo cáo"))).to_be_visible()


def review(page, round_id, unit_name):
    page.goto(f"/bao-cao/dot/{round_id}/tien-do/")
    page.get_by_role("row").filter(has_text=unit_name).get_by_role("link", name="Xem / duyệt").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(f"Duyệt báo cáo: {unit_name}")


def test_round_split_among_three_bodies_reviewed_and_consolidated_into_a_docx(page, login, demo, run_tasks):
    # 1. Central staff create and open the round in the Wagtail admin.
    as_user(page, login, "admin")
    page.goto("/quan-tri/dot-bao-cao/")
    page.get_by_role("link", name="Thêm đợt báo cáo").first.click()
    page.get_by_label("Tên đợt báo cáo").fill("Tự kiểm tra đợt 2 năm 2026")
    page.get_by_label("Mã đợt").fill("tu-kiem-tra-dot-2-2026")
    page.get_by_label("Mã đơn vị giao").fill("T91")
    page.get_by_label("Mã đơn vị tổng hợp").fill("AG-VPTU")
    page.get_by_label(re.compile(rf"^\s*{OUTLINE} — ")).check()
    page.get_by_label("Khóa nhập liệu sau hạn (ngày)").fill("2")
    page.get_by_role("button", name="Xem trước lịch").click()
    expect(page.get_by_test_id("calendar-preview")).to_contain_text("Một lần, hạn ngày")
    shot(page, "01-admin-create")
    page.get_by_role("button", name="Tạo đợt báo cáo").click()
    expect(page.get_by_text("Đã tạo đợt “Tự kiểm tra đợt 2 năm 2026”")).to_be_visible()
    give_parts(page, "AG-DUUBND", ["I", "II", "III", "IV"])
    give_parts(page, "AG-BTCTU", ["V"])
    give_parts(page, "AG-UBKTTU", ["III.4", "IV.10"])  # carved out of the Đảng ủy UBND tỉnh's parts
    expect(page.get_by_test_id("carved-out")).to_contain_text("III.4. Công tác kiểm tra, giám sát")
    preview = page.get_by_test_id("preview")
    expect(preview.get_by_role("heading")).to_have_text("Xem trước các đơn vị nhận (3 đơn vị, 3 nhiệm vụ)")
    shot(page, "02-admin-preview")
    page.get_by_role("button", name="Mở đợt").click()
    expect(page.get_by_text("3 nhiệm vụ đã giao cho các đơn vị")).to_be_visible()
    round_ = Round.objects.get(code="tu-kiem-tra-dot-2-2026")
    assert round_.status == "open" and round_.consolidating_unit.code == "AG-VPTU"

    # 2. Each body fills its sections and submits by clicking; the UBKT only after its due date has passed.
    as_user(page, login, "duubnd.soan")
    fill_and_submit(page, {"I": {"p1_1_dac_diem_tu_nhien_ktxh": "An Giang là tỉnh biên giới Tây Nam."},
                           "III": {"p3_1_ban_hanh_ctr_ke_hoach": "Ban hành Chương trình hành động tăng trưởng hai "
                                                                 "con số."},
                           "IV": {"p4_1_tuyen_truyen_quan_triet": "Tổ chức 12 hội nghị quán triệt Nghị quyết 57."}})
    shot(page, "03-filled")
    as_user(page, login, "btc.soan")
    fill_and_submit(page, {"V": {"p5_1_lanh_dao_trien_khai_ket_qua": "Đã quán triệt Quy định 366 đến 100% chi bộ."}})
    # The UBKT's due date passes (a day ago); the round's two days of grace still let it in.
    ubkt = Assignment.objects.get(round=round_, unit__code="AG-UBKTTU")
    passed = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    Assignment.objects.filter(pk=ubkt.pk).update(due_at=passed, lock_at=passed + dt.timedelta(days=2))
    as_user(page, login, ubkt.unit.memberships.get(role="drafter").user.username)
    page.goto("/bao-cao/")
    expect(page.get_by_test_id("own-tasks")).to_contain_text("Quá hạn")
    page.get_by_test_id("own-tasks").get_by_role("link").first.click()
    expect(page.get_by_role("navigation", name="Các bước nhập báo cáo").get_by_role("link")).to_have_count(3)
    page.get_by_role("link", name=re.compile(r"^\s*III\. ")).first.click()  # part III holds only its mục 4
    expect(page.locator('textarea[name="p3_4_tieu_chi_canh_bao_som"]')).to_be_visible()
    expect(page.locator('textarea[name="p3_1_ban_hanh_ctr_ke_hoach"]')).to_have_count(0)  # not the UBKT's
    fill_and_submit(page, {"III": {"p3_4_tieu_chi_canh_bao_som": "Bộ 12 tiêu chí cảnh báo sớm, cập nhật hằng "
                                                                 "tháng."},
                           "IV": {"p4_10_ke_hoach_ktgs_ket_qua": "Kiểm tra 4 tổ chức đảng về Nghị quyết 57."}})
    ubkt_report = Submission.objects.get(assignment=ubkt)
    assert (ubkt_report.status, ubkt_report.is_late) == ("submitted", True)
    assert set(ubkt_report.data) == {"p3_tang_truong_gdp", "p4_nq57"}
    board = Submission.objects.get(assignment__round=round_, assignment__unit__code="AG-DUUBND")
    assert "p3_4_kiem_tra_giam_sat" not in board.data["p3_tang_truong_gdp"]

    # 3. The province reviewer follows progress, returns part V with a comment, approves the others.
    as_user(page, login, "angiang.duyet")
    page.goto(f"/bao-cao/dot/{round_.pk}/tien-do/")
    expect(page.get_by_test_id("count-submitted")).to_have_text("3")
    expect(page.get_by_test_id("count-late")).to_have_text("1")
    expect(page.get_by_role("row").filter(has_text="Ủy ban Kiểm tra Tỉnh ủy").get_by_test_id("late-flag")).to_be_visible()
    shot(page, "04-progress")
    review(page, round_.pk, "Ban Tổ chức Tỉnh ủy An Giang")
    page.get_by_label(re.compile("^Ý kiến về phần “V\\. ")).fill("Bổ sung số chi bộ đã kiểm điểm.")
    shot(page, "05-review")
    page.get_by_role("button", name="Trả lại").click()
    expect(page.get_by_test_id("review-status")).to_have_text("Bị trả lại")
    for unit in ("Đảng ủy Ủy ban nhân dân tỉnh An Giang", "Ủy ban Kiểm tra Tỉnh ủy An Giang"):
        review(page, round_.pk, unit)
        page.get_by_role("button", name="Duyệt", exact=True).click()
        expect(page.get_by_test_id("review-status")).to_have_text("Đã duyệt")

    # 4. The Ban Tổ chức sees the comment, fixes part V and submits again; it is approved.
    as_user(page, login, "btc.soan")
    run_tasks()
    page.goto("/bao-cao/thong-bao/")
    expect(page.get_by_test_id("notification-list")).to_contain_text("bị trả lại: V. ")
    expect(page.get_by_test_id("notifications-link")).to_contain_text("Thông báo")
    page.goto("/bao-cao/")
    page.get_by_test_id("own-tasks").get_by_role("link").first.click()
    page.get_by_role("link", name=re.compile(r"^\s*V\. ")).first.click()
    expect(page.get_by_test_id("return-comments")).to_contain_text("Bổ sung số chi bộ đã kiểm điểm.")
    fill_and_submit(page, {"V": {"p5_1_lanh_dao_trien_khai_ket_qua":
                                 "Đã quán triệt Quy định 366 đến 100% chi bộ; 1.250 chi bộ đã kiểm điểm."}})
    as_user(page, login, "angiang.duyet")
    review(page, round_.pk, "Ban Tổ chức Tỉnh ủy An Giang")
    page.get_by_role("button", name="Duyệt", exact=True).click()
    expect(page.get_by_test_id("review-status")).to_have_text("Đã duyệt")
    assert set(Submission.objects.filter(assignment__round=round_).values_list("status", flat=True)) == {"approved"}

    # 5. The Văn phòng Tỉnh ủy merges the parts, writes part VI, saves and downloads the .docx.
    as_user(page, login, "vptu.soan")
    page.goto(f"/bao-cao/dot/{round_.pk}/tong-hop/")
    expect(page.get_by_test_id("consolidating-unit")).to_have_text("Văn phòng Tỉnh ủy An Giang")
    part_iii = page.get_by_label("Nội dung III. CÁC NHIỆM VỤ", exact=False)
    expect(part_iii).to_have_value(re.compile("Ban hành Chương trình hành động tăng trưởng hai con số."))
    page.get_by_label("Nội dung VI. ĐÁNH GIÁ CHUNG").fill("1. Ưu điểm, nguyên nhân\nCác cơ quan phối hợp chặt chẽ.")
    page.get_by_label("Cơ quan ban hành").fill("Tỉnh ủy An Giang")
    page.get_by_label("Số văn bản").fill("24")
    page.get_by_label("Họ tên người ký").fill("Lâm Minh Thành")
    page.get_by_role("button", name="Lưu báo cáo tổng hợp").click()
    expect(page.get_by_text("Đã lưu báo cáo tổng hợp.")).to_be_visible()
    shot(page, "06-consolidate")
    with page.expect_download() as download:
        page.get_by_test_id("download-docx").click()
    assert download.value.suggested_filename == "bao-cao-tong-hop-tu-kiem-tra-dot-2-2026-ag-vptu.docx"
    document = Document(io.BytesIO(open(download.value.path(), "rb").read()))

    header_left, header_right = document.tables[0].rows[0].cells
    assert header_left.text.split("\n") == ["ĐẢNG BỘ TỈNH AN GIANG", "TỈNH ỦY AN GIANG", "*", "Số 24-BC/TU"]
    assert header_right.text.startswith("ĐẢNG CỘNG SẢN VIỆT NAM")
    assert re.search(r"An Giang, ngày \d{2} tháng \d{1,2} năm \d{4}", header_right.text)
    texts = [p.text for p in document.paragraphs if p.text.strip()]
    assert texts[:2] == ["BÁO CÁO", "Tự kiểm tra đợt 2 năm 2026"]
    parts = [t.split(" ")[0] for t in texts if re.match(r"^[IVX]+- ", t)]
    assert parts == ["I-", "II-", "III-", "IV-", "V-", "VI-", "VII-"]

    def after(heading_start, text):
        start = next(i for i, t in enumerate(texts) if t.startswith(heading_start))
        return any(text in t for t in texts[start:start + 40])

    assert after("I- KHÁI QUÁT", "An Giang là tỉnh biên giới Tây Nam.")
    assert after("IV- VIỆC LÃNH ĐẠO", "Tổ chức 12 hội nghị quán triệt Nghị quyết 57.")
    # The UBKT's mục sit inside parts III and IV, after the Đảng ủy UBND tỉnh's earlier mục, in outline order.
    at = {text: next(i for i, t in enumerate(texts) if text in t) for text in (
        "Ban hành Chương trình hành động", "Bộ 12 tiêu chí cảnh báo sớm", "Tổ chức 12 hội nghị quán triệt",
        "Kiểm tra 4 tổ chức đảng", "1.250 chi bộ")}
    assert list(at.values()) == sorted(at.values())
    assert texts.index(next(t for t in texts if t.startswith("4. Công tác kiểm tra, giám sát"))) < \
        at["Bộ 12 tiêu chí cảnh báo sớm"] < texts.index(next(t for t in texts if t.startswith("IV- ")))
    assert after("V- CÔNG TÁC LÃNH ĐẠO", "1.250 chi bộ đã kiểm điểm.")
    assert after("VI- ĐÁNH GIÁ CHUNG", "Các cơ quan phối hợp chặt chẽ.")
    assert texts.index("Các cơ quan phối hợp chặt chẽ.") > texts.index(
        next(t for t in texts if "1.250 chi bộ" in t))
    normal = document.styles["Normal"].font
    assert (normal.name, normal.size) == ("Times New Roman", Pt(14))
    body = [r for p in document.paragraphs if p.text.strip() for r in p.runs]
    assert {r.font.name for r in body} == {"Times New Roman"}
    assert all(r.font.size in (None, Pt(14), Pt(16)) for r in body)
    run_tasks()
    assert Notification.objects.filter(user__username="btc.soan", kind="da_duyet").exists()
