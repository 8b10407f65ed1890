"""Paragraphs marked by a set-in first line and no blank line (``pdftotext -layout`` of a
typeset book; plain texts typed with indented paragraphs), and verse set in inside them — on
two kinds of text: a book's layout extract (Scott's *Waverley*, set by samizdat's own PDF and
read back by poppler) and a made-up typed essay. Texts that separate paragraphs by blank lines
(Gutenberg files, the Rubaiyat's indented third lines) are not touched."""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

import samizdat.normalise.indents
from helpers import read_checked
from samizdat.ingest.reader import read_source
from samizdat.model import Para, plain_text
from samizdat.normalise.chunks import split_chunks
from samizdat.normalise.paragraphs import paragraph_profile

FIXTURES = Path(__file__).parent / "fixtures" / "indented"
CORPUS = Path(__file__).parent / "corpus"


def test_doctests():
    assert doctest.testmod(samizdat.normalise.indents).failed == 0


def _read(path: Path):
    src, _, norm, _ = read_checked(path)
    return src, norm, [plain_text(b.inlines) for b in norm.blocks if isinstance(b, Para)]


def _verse(norm) -> list[str]:
    return [plain_text(b.inlines) for b in norm.blocks if getattr(b, "role", "") == "verse"]


def test_a_typed_essay_with_indented_paragraphs_is_cut_at_each_indent():
    _, norm, paras = _read(FIXTURES / "typed-essay.txt")
    starts = [p.split()[:2] for p in paras]
    for opening in (
        ["Every", "reader"],
        ["The", "copying"],
        ["Our", "grandmothers"],
        ["Whether", "those"],
        ["A", "few"],
        ["Above", "all,"],
        ["The", "best"],
    ):
        assert opening in starts, (opening, starts)
    verse = _verse(norm)
    assert (
        len(verse) == 1 and verse[0].split("\n")[0].strip() == "The lamp is lit, the book is near,"
    )
    assert len(verse[0].split("\n")) == 4


def test_a_layout_extract_of_a_book_is_cut_at_its_paragraph_indents_and_keeps_its_verse():
    _, norm, paras = _read(FIXTURES / "waverley-layout.txt")
    assert any(p.startswith("Another corner of the court") for p in paras)
    # the paragraph before it ends at its own last sentence, not inside the next one
    before = [p for p in paras if "benefit of the table." in p]
    assert before and before[0].endswith("benefit of the table.")
    assert any(p.startswith("Filled almost with expectation") for p in paras)
    verse = _verse(norm)
    assert any(v.split("\n")[0].strip().startswith("When ‘gan he loudly") for v in verse), verse
    assert any(v.split("\n")[0].strip().startswith("False love, and hast") for v in verse), verse
    song = next(v for v in verse if "False love" in v)
    assert len(song.split("\n")) == 8  # the whole song, its eight lines


@pytest.mark.parametrize(
    "name",
    [
        "fitzgerald-rubaiyat-pg246.txt",
        "scott-waverley-pg5998-ch08-23.txt",
        "kafka-die-verwandlung-pg22367-latin1.txt",
    ],
)
def test_texts_that_separate_paragraphs_by_blank_lines_are_not_read_by_indents(name):
    lines = read_source(CORPUS / name).lines
    assert not paragraph_profile(split_chunks(lines)).indented
