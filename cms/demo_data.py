"""Demo content of the guidance site, derived from seeds 001, 002 and 004 (plain data).

The seed texts are kept verbatim in ``cms/demo_content/``; their parts and sections are split
by ``cms.outline``. The seeds lost their letterheads, so the document numbers and issue dates
below are illustrative (chosen to agree with the dates the texts cite); everything else —
titles, issuing bodies, signers, legal bases, deadlines — is taken from the texts.
"""
from __future__ import annotations

import datetime as dt
from pathlib import Path

CONTENT_DIR = Path(__file__).resolve().parent / "demo_content"

PLAN_DOCUMENTS = [
    {
        "slug": "ke-hoach-chuyen-doi-so-nganh-kiem-tra-2026",
        "file": "seed_001_ke_hoach_chuyen_doi_so.txt",
        "start": "Thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị “về",
        "end": "Nơi nhận:",
        "title": "Kế hoạch thực hiện Nghị quyết số 57-NQ/TW và chuyển đổi số ngành Kiểm tra Đảng năm 2026",
        "kind": "ke_hoach",
        "document_number": "Số 45-KH/ĐU",
        "issued_on": dt.date(2026, 4, 6),
        "issuing_body": "Ban Thường vụ Đảng ủy xã (tỉnh Nghệ An)",
        "summary": ("thực hiện Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển "
                    "khoa học, công nghệ, đổi mới sáng tạo và chuyển đổi số quốc gia và chuyển đổi số ngành "
                    "Kiểm tra Đảng năm 2026"),
        "signed_by": "T/M Ban Thường vụ, Phó Bí thư Thường trực Đặng Thị Thanh",
        "legal_bases": [
            "Nghị quyết số 57-NQ/TW, ngày 22/12/2024 của Bộ Chính trị về đột phá phát triển khoa học, công nghệ, "
            "đổi mới sáng tạo và chuyển đổi số quốc gia",
            "Quyết định số 204-QĐ/TW, ngày 29/11/2024 của Ban Bí thư Trung ương Đảng về việc phê duyệt Đề án "
            "Chuyển đổi số trong các cơ quan đảng",
            "Kế hoạch số 04-KH/UBKTTW, ngày 23/3/2026 của Ủy ban Kiểm tra Trung ương về thực hiện Nghị quyết "
            "số 57-NQ/TW và chuyển đổi số trong ngành Kiểm tra Đảng năm 2026",
            "Kế hoạch số 08-KH/UBKTTU, ngày 30/3/2026 của Ủy ban Kiểm tra Tỉnh ủy Nghệ An về thực hiện Nghị quyết "
            "số 57-NQ/TW và chuyển đổi số trong ngành Kiểm tra Đảng năm 2026",
        ],
    },
    {
        "slug": "ke-hoach-kiem-tra-giam-sat-2026-dot-2",
        "file": "seed_002_ke_hoach_kiem_tra_dot_2.txt",
        "start": "Thực hiện Chương trình số 05-CTr/TW",
        "end": "Nơi nhận:",
        "title": "Kế hoạch thực hiện Chương trình kiểm tra, giám sát của Bộ Chính trị, Ban Bí thư năm 2026 (đợt 2)",
        "kind": "ke_hoach",
        "document_number": "Số 112-KH/TU",
        "issued_on": dt.date(2026, 3, 27),
        "issuing_body": "Ban Thường vụ Tỉnh ủy An Giang",
        "summary": "thực hiện Chương trình kiểm tra, giám sát của Bộ Chính trị, Ban Bí thư năm 2026 (đợt 2)",
        "signed_by": "T/M Ban Thường vụ, Phó Bí thư Lâm Minh Thành",
        "legal_bases": [
            "Chương trình số 05-CTr/TW, ngày 10/02/2026 của Bộ Chính trị về kiểm tra, giám sát của Bộ Chính trị, "
            "Ban Bí thư toàn khóa XIV và năm 2026",
        ],
    },
    {
        "slug": "de-an-giam-sat-thuong-xuyen-2025-2030",
        "file": "seed_004_de_an_giam_sat_thuong_xuyen.txt",
        "start": "Phần thứ nhất",
        "end": "Nơi nhận:",
        "title": ("Đề án nâng cao hiệu quả công tác giám sát thường xuyên đáp ứng yêu cầu nhiệm vụ "
                  "trong tình hình mới, nhiệm kỳ 2025 - 2030"),
        "kind": "de_an",
        "document_number": "Số 05-ĐA/TU",
        "issued_on": dt.date(2025, 12, 1),
        "issuing_body": "Ban Chấp hành Đảng bộ tỉnh Thái Nguyên",
        "summary": ("nâng cao hiệu quả công tác giám sát thường xuyên đáp ứng yêu cầu nhiệm vụ trong tình hình mới, "
                    "nhiệm kỳ 2025 - 2030"),
        "signed_by": "T/M Ban Chấp hành, Bí thư Trịnh Xuân Trường",
        "legal_bases": [
            "Điều lệ Đảng Cộng sản Việt Nam",
            "Nghị quyết số 14-NQ/TW, ngày 30/7/2007, Hội nghị Trung ương 5 Ban Chấp hành Trung ương khóa X về tăng "
            "cường công tác kiểm tra, giám sát của Đảng",
            "Kết luận số 34-KL/TW, ngày 18/4/2022 của Bộ Chính trị về Chiến lược công tác kiểm tra, giám sát của "
            "Đảng đến năm 2030",
            "Hướng dẫn số 08-HD/TW, ngày 10/6/2025 của Ban Bí thư thực hiện một số nội dung Quy định số 296-QĐ/TW, "
            "ngày 30/5/2025 của Ban Chấp hành Trung ương Đảng về công tác kiểm tra, giám sát và kỷ luật của Đảng",
            "Nghị quyết Đại hội đại biểu Đảng bộ tỉnh lần thứ I, nhiệm kỳ 2025 - 2030",
        ],
    },
]

# The outline sent with seed 002 ("ĐỀ CƯƠNG gợi ý báo cáo kết quả tự kiểm tra đợt 2").
OUTLINE_FILE = "seed_002_ke_hoach_kiem_tra_dot_2.txt"
OUTLINE_START = "I- KHÁI QUÁT ĐẶC ĐIỂM TÌNH HÌNH ĐỊA PHƯƠNG, ĐƠN VỊ"

GUIDANCE = {
    "slug": "huong-dan-bao-cao-tu-kiem-tra-dot-2",
    "title": "Hướng dẫn xây dựng báo cáo tự kiểm tra đợt 2 năm 2026 theo Đề cương",
    "menu_title": "Hướng dẫn báo cáo đợt 2",
    "summary": ("Các đơn vị được chọn khảo sát, kiểm tra viết báo cáo tự kiểm tra theo Đề cương gợi ý gửi kèm "
                "Kế hoạch thực hiện Chương trình kiểm tra, giám sát năm 2026 (đợt 2): phần việc của đơn vị, "
                "các phụ lục số liệu, cách đánh giá và hạn gửi."),
    "intro": (
        "<p>Báo cáo tự kiểm tra bám sát <b>Đề cương gợi ý báo cáo kết quả tự kiểm tra đợt 2</b>, khách quan, "
        "đầy đủ, có số liệu minh chứng cụ thể, phản ánh đúng tình hình thực tế, không hình thức. "
        "Mốc báo cáo từ 01/7/2025 cho đến thời điểm báo cáo.</p>"
    ),
    "outline_heading": "Đề cương gồm các phần",
    "steps": [
        ("Xác định phần việc của đơn vị",
         "<p>Đọc phần B của Kế hoạch: mỗi cơ quan tham mưu phụ trách các phần, mục và phụ lục được giao "
         "(ví dụ Ban Tổ chức Tỉnh ủy: Phần I ý 2 mục 1, Phần V, Phụ lục V-01 đến V-06). 22 đơn vị được chọn "
         "khảo sát, kiểm tra (phần B.II) viết báo cáo tự kiểm tra đầy đủ theo Đề cương.</p>"),
        ("Khái quát đặc điểm tình hình (Phần I)",
         "<p>Nêu ngắn gọn đặc điểm tự nhiên, kinh tế - xã hội, tổ chức bộ máy, đội ngũ cán bộ, đảng viên; "
         "thuận lợi, khó khăn tác động đến bốn nội dung kiểm tra.</p>"),
        ("Viết các phần nội dung (Phần II đến V)",
         "<p>Với từng mục: tình hình, kết quả thực hiện; tự nhận xét, đánh giá. Dẫn số liệu ở các phụ lục "
         "tương ứng (Phụ lục II-1 đến V-06).</p>"),
        ("Điền các phụ lục số liệu",
         "<p>Điền số liệu vào các biểu phụ lục được giao (Phụ lục II đến V và Phụ lục khó khăn, vướng mắc, "
         "kiến nghị, đề xuất nếu có); số liệu là minh chứng cho nội dung báo cáo.</p>"),
        ("Đánh giá chung, đề xuất, kiến nghị (Phần VI, VII)",
         "<p>Nêu ưu điểm, nguyên nhân; hạn chế, khuyết điểm, nguyên nhân; bài học kinh nghiệm. Đề xuất, kiến "
         "nghị cụ thể, rõ nội dung, trách nhiệm, thời hạn giải quyết.</p>"),
        ("Gửi báo cáo đúng hạn",
         "<p>Gửi báo cáo kèm tài liệu, hồ sơ và danh mục thống kê hồ sơ về Thường trực Tỉnh ủy (qua Văn phòng "
         "Tỉnh ủy) <b>chậm nhất ngày 09/4/2026 (thứ Sáu)</b>.</p>"),
    ],
    "faqs": [
        ("Đơn vị nào phải viết báo cáo tự kiểm tra?",
         "<p>Các cấp ủy, tổ chức đảng, cơ quan, đơn vị, địa phương được chọn khảo sát, kiểm tra nêu tại phần "
         "B.II của Kế hoạch (22 đơn vị), cùng các cơ quan tham mưu được giao từng phần báo cáo của Ban Thường "
         "vụ Tỉnh ủy (phần B.I).</p>"),
        ("Hạn gửi báo cáo là khi nào?",
         "<p>Chậm nhất ngày 09/4/2026 (thứ Sáu), gửi Ban Thường vụ Tỉnh ủy qua Văn phòng Tỉnh ủy.</p>"),
        ("Khi nêu hạn chế cần viết thế nào?",
         "<p>Xác định rõ đối tượng, nội dung, số lượng, địa chỉ cụ thể; không nêu chung chung. Đánh giá những "
         "nội dung không đạt, nguy cơ không đạt (nếu có) và nguyên nhân, có số liệu minh họa.</p>"),
        ("Có được điều chỉnh Đề cương không?",
         "<p>Đề cương là gợi ý; đơn vị điều chỉnh, bổ sung cụ thể theo yêu cầu của Đoàn kiểm tra, giám sát. "
         "Các phần VI, VII chỉ viết nội dung liên quan đến chức năng, nhiệm vụ của đơn vị (nếu có).</p>"),
        ("Số liệu tính từ thời điểm nào?",
         "<p>Mốc báo cáo từ 01/7/2025 cho đến thời điểm báo cáo.</p>"),
    ],
}

# Round pages, each naming a round of fixtures/demo_rounds.py by its code (the series code for the
# monthly rounds, which the page follows to the latest month). ``links``: slugs of pages shown below.
ROUNDS = [{
    "slug": "dot-2-2026-bao-cao-tu-kiem-tra",
    "title": "Đợt 2 năm 2026: báo cáo tự kiểm tra",
    "menu_title": "Đợt 2 năm 2026",
    "in_menu": True,
    "round_code": "dot2-2026",
    "deadline": dt.date(2026, 4, 9),
    # The seed says "(thứ Sáu)", but 09/4/2026 is a Thursday, as the round's own deadline shows.
    "deadline_text": "chậm nhất ngày 09/4/2026",
    "intro": ("<p>Đợt báo cáo phục vụ Đoàn kiểm tra, giám sát của Bộ Chính trị, Ban Bí thư năm 2026 (đợt 2). "
              "Các đơn vị được chọn gửi báo cáo tự kiểm tra theo Đề cương và các phụ lục số liệu.</p>"),
    # Shown to the 22 selected units (the group made by the hierarchy demo) and the provincial office.
    "group_code": "dot2-2026-22-don-vi",
    "unit_codes": ["AG-VPTU"],
    "links": ["huong-dan-bao-cao-tu-kiem-tra-dot-2", "ke-hoach-kiem-tra-giam-sat-2026-dot-2"],
}, {
    "slug": "bao-cao-chi-tieu-chuyen-doi-so-2026",
    "title": "Báo cáo chỉ tiêu chuyển đổi số ngành Kiểm tra Đảng hằng tháng năm 2026",
    "menu_title": "Chỉ tiêu chuyển đổi số",
    "in_menu": False,
    "round_code": "cds-2026-cap-xa",
    "deadline": None,
    "deadline_text": "ngày 05 của tháng sau kỳ báo cáo",
    "intro": ("<p>Đảng ủy xã, phường, đặc khu báo cáo hằng tháng các chỉ tiêu chuyển đổi số của Kế hoạch thực "
              "hiện Nghị quyết số 57-NQ/TW, gửi Ủy ban Kiểm tra Tỉnh ủy. Trang này luôn hiện kỳ báo cáo mới "
              "nhất.</p>"),
    "group_code": None,
    "unit_codes": [],
    "links": ["ke-hoach-chuyen-doi-so-nganh-kiem-tra-2026"],
}, {
    "slug": "bao-cao-giam-sat-thuong-xuyen-2025",
    "title": "Báo cáo kết quả thực hiện Đề án giám sát thường xuyên năm 2025",
    "menu_title": "Giám sát thường xuyên 2025",
    "in_menu": False,
    "round_code": "gstx-cap-xa-2025",
    "deadline": None,
    "deadline_text": "ngày 15 tháng 01 năm sau",
    "intro": ("<p>Đảng ủy xã, phường, đặc khu báo cáo kết quả thực hiện Đề án nâng cao hiệu quả công tác giám "
              "sát thường xuyên năm 2025, qua Ủy ban Kiểm tra Tỉnh ủy.</p>"),
    "group_code": None,
    "unit_codes": [],
    "links": ["de-an-giam-sat-thuong-xuyen-2025-2030"],
}]


NOTICE_INDEX = {
    "slug": "thong-bao",
    "title": "Thông báo",
    "intro": "<p>Thông báo về các đợt báo cáo và văn bản chỉ đạo, mới nhất ở trên.</p>",
}

NOTICES = [
    {
        "slug": "trien-khai-bao-cao-tu-kiem-tra-dot-2-2026",
        "title": "Triển khai báo cáo tự kiểm tra đợt 2 năm 2026",
        "date": dt.date(2026, 3, 30),
        "body": ("<p>Ban Thường vụ Tỉnh ủy ban hành Kế hoạch thực hiện Chương trình kiểm tra, giám sát của Bộ "
                 "Chính trị, Ban Bí thư năm 2026 (đợt 2). 22 cơ quan, đơn vị, địa phương được chọn khảo sát, "
                 "kiểm tra xây dựng báo cáo tự kiểm tra theo Đề cương gửi kèm, gửi về Ban Thường vụ Tỉnh ủy "
                 "(qua Văn phòng Tỉnh ủy) chậm nhất ngày 09/4/2026 (thứ Sáu).</p>"),
    },
    {
        "slug": "cap-nhat-ke-hoach-chuyen-doi-so-nganh-kiem-tra-2026",
        "title": "Cập nhật Kế hoạch chuyển đổi số ngành Kiểm tra Đảng năm 2026",
        "date": dt.date(2026, 4, 7),
        "body": ("<p>Kế hoạch thực hiện Nghị quyết số 57-NQ/TW và chuyển đổi số ngành Kiểm tra Đảng năm 2026 "
                 "thay thế Kế hoạch số 31-KH/ĐU, ngày 26/01/2026; các nhiệm vụ đã triển khai tiếp tục thực "
                 "hiện và cập nhật theo Kế hoạch mới. Kết quả thực hiện báo cáo định kỳ hằng tháng.</p>"),
    },
]
