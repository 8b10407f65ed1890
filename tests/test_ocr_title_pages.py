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
        (
            CATON,
            "PRACTICAL TREATISE ON THE PREVENTION AND CURE OF TIIE VENEREAL DISEASE",
            "VENEREAL DISEASE.",
        ),
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


def test_a_misread_folio_beside_its_running_head_leaves_the_sentence():
    """``re-`` / ``PREFACE.`` / ``VU`` (vii misread) / ``ceiving``: the head and the folio go,
    the word is whole; ``XI`` (ix) beside the head on the next page too."""
    _, _, norm, _ = read_checked(CATON)
    body = "\n".join(plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para))
    assert "advantage of receiving the sanction of Parliament" in body
    assert "experience for my guide; so as my" in body
    assert "\nVU\n" not in f"\n{body}\n" and "XI guide" not in body


def test_a_contents_with_turned_over_entries_is_one_list():
    """A Gutenberg novel's contents (Ainsworth's Jack Sheppard): entries with their page
    numbers at the line's end, long ones turned over under themselves, in three parts: one
    list of lines, as printed, not a list broken into paragraphs at the first turnover."""
    novel = Path(__file__).parent / "fixtures/novels/ainsworth-jack-sheppard-pg16215-start.txt"
    _, _, norm, _ = read_checked(novel)
    lists = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para) and b.role]
    contents = next(t for t in lists if t.startswith("EPOCH THE FIRST, 1703."))
    rows = contents.split("\n")
    # (the page numbers' column set apart by an em space)
    assert "XVIII. How Jack Sheppard broke out of\u2003218" in rows
    assert "the Cage at Willesden" in rows and "EPOCH THE THIRD, 1724." in rows
    assert rows[-1] == "XXXII. The Closing Scene\u2003472"


def test_a_contents_column_of_page_numbers_is_no_folios():
    """Caton's contents: the entries, then "Page" over a column of their numbers (i, 8, 9,
    lG, 18, 21, 27, …), one under another. The page profile read 11 of them as folios and
    running heads and the word check accepted it; a column of numbers is the text's."""
    from samizdat.furniture import number_columns

    _, _, norm, _ = read_checked(CATON)
    texts = [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]
    rows = [r for t in texts for r in t.split("\n")]
    for number in ("i", "8", "9", "21", "27", "34", "103"):
        assert any(r == number or r.endswith(" " + number) for r in rows), number
    lines = ("Text ends.", "", "12", "", "Text goes on.", "", "13", "", "More.")
    assert not number_columns(lines, [0, 2, 4, 6, 8])  # folios a page apart stay folios
