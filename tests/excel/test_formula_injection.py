"""Texts beginning with = + - @ are written neutralised (a leading apostrophe) and read back as typed."""
from __future__ import annotations

import io
import zipfile

import pytest

from indicators.excel import files
from indicators.excel.cells import neutralise, parse_number, parse_text, unneutralise

from .conftest import FILLED, sub_of, xlsx_bytes


@pytest.mark.parametrize("text", ["=1+2", "+SUM(A1:A9)", "-2+3", "@cmd", "\t=x", "=HYPERLINK(\"http://x\")"])
def test_dangerous_texts_are_neutralised_and_restored(text):
    assert neutralise(text) == "'" + text
    assert unneutralise(neutralise(text)) == text
    assert parse_text(neutralise(text)) == text


def test_harmless_texts_are_untouched():
    assert neutralise("Xã Vĩnh Am") == "Xã Vĩnh Am" and unneutralise("'Xã") == "'Xã"


def test_a_neutralised_negative_number_reads_as_the_number():
    assert parse_number("'-1.234,5") == -1234.5


@pytest.mark.django_db
def test_xlsx_export_holds_no_formula_cells(round_, version, drafter_ab):
    from formbuilder.rounds.services import submission_save_draft

    submission_save_draft(submission=sub_of(round_, "A"), data=FILLED, expected_revision=0, acting_user=drafter_ab)
    path = files.submissions_xlsx(round=round_, version=version,
                                  submissions=[sub_of(round_, "A")])
    with zipfile.ZipFile(io.BytesIO(xlsx_bytes(path))) as z:
        sheets = [z.read(n) for n in z.namelist() if n.startswith("xl/worksheets/sheet")]
    assert not any(b"<f>" in s for s in sheets)
    assert any("'=HYPERLINK(".encode() in s for s in sheets)


@pytest.mark.django_db
def test_csv_export_neutralises_text_cells(round_, version, drafter_ab):
    from formbuilder.rounds.services import submission_save_draft

    submission_save_draft(submission=sub_of(round_, "A"), data=FILLED, expected_revision=0, acting_user=drafter_ab)
    path = files.submissions_csv(round=round_, version=version, submissions=[sub_of(round_, "A")])
    with open(path, encoding="utf-8-sig") as fh:
        text = fh.read()
    assert ";\"'=HYPERLINK(\"\"http://x\"\")\"" in text and ";'+ Vụ thứ hai" in text
    assert "\n=" not in text and ";=" not in text and ";+" not in text
