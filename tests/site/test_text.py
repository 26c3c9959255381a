from baocao_site.text import fold, format_number


def test_fold_strips_vietnamese_diacritics():
    assert fold("Giám sát THƯỜNG xuyên") == "giam sat thuong xuyen"
    assert fold("Đảng ủy xã Vĩnh Am") == "dang uy xa vinh am"
    assert fold(None) == ""


def test_format_number_uses_vietnamese_separators():
    assert format_number(1234567.5) == "1.234.567,5"
    assert format_number(1234567) == "1.234.567"
    assert format_number(2.5, 2) == "2,50"
    assert format_number(None) == ""
