"""The title page of a scanned book's OCR text layer (archive.org ``_djvu.txt``): the
scanner's stamp goes to the source note whole, however its year is set apart; a title set
over several lines joined by lines of joining words (``ON THE`` / ``OF TIIE``, its last word
misread) is lifted whole, and it names a book of one text. Two Wellcome Library scans
(tests/fixtures/ocr/README.md)."""

from __future__ import annotations

from pathlib import Path

import pytest

from helpers import read_checked
from samizdat.book import load_book, normalise_book
from samizdat.model import Para, plain_text

OCR = Path(__file__).parent / "fixtures" / "ocr"
CATON = OCR / "caton-venereal-disease-1809-ia-djvu-start.txt"
VITAL = OCR / "vital-restorative-1869-ia-djvu-start.txt"


def _book(tmp_path: Path, src: Path):
    (tmp_path / src.name).write_bytes(src.read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    assert nb.conservation[0].ok
    return nb.manuscript, nb.manuscript.texts[0]


@pytest.mark.parametrize(
    ("src", "title", "last"),
    [
        (CATON, "PRACTICAL TREATISE ON THE PREVENTION AND CURE OF TIIE VENEREAL DISEASE",
         "VENEREAL DISEASE."),
        (VITAL, "SHORT ACCOUNT OF THS YITAL RESTORATIVE", "YITAL RESTORATIVE"),
    ],
)
def test_a_title_set_over_joining_lines_is_lifted_whole(tmp_path, src, title, last):
    ms, text = _book(tmp_path, src)
    assert text.meta.title == title and not text.meta.editorial_title
    assert ms.title == title  # the book of one text is called by it
    body = [plain_text(b.inlines) for b in text.blocks if isinstance(b, Para)]
    assert last not in body[:3]  # its last line is the title's, not the body's first


def test_the_scanners_stamp_with_its_year_apart_is_one_note():
    _, _, norm, _ = read_checked(CATON)
    furniture = " / ".join(norm.furniture)
    assert "Digitized by the Internet Archive in 2016" in furniture
    body = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
    assert "in 2016" not in body
    assert not any(b.role == "item" for b in norm.blocks if isinstance(b, Para))  # not "• »"
