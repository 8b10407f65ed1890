"""A paper in two columns, extracted with ``pdftotext -layout`` (columns side by side).

The fixture is Jowett's introduction and speeches of the Crito (public domain) set in two
justified, hyphenated columns by WeasyPrint and extracted by poppler: see
``tests/fixtures/two_column/make.py``, which also writes the plain-mode extract.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from samizdat.cli import main
from samizdat.columns import read_columns
from samizdat.ingest.reader import read_source
from samizdat.wordcheck import BookWords, check_words, words

FIXTURES = Path(__file__).parent / "fixtures" / "two_column"
CORPUS = Path(__file__).parent / "corpus"
sys.path.insert(0, str(FIXTURES))
import make  # noqa: E402  (the fixture's maker: its paragraphs are the expected reading)

LAYOUT = FIXTURES / "paper-layout.txt"


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", text.lower().replace("\u2010", ""))


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[str, dict]:
    tmp = tmp_path_factory.mktemp("columns")
    (tmp / "book").mkdir()
    (tmp / "book" / LAYOUT.name).write_bytes(LAYOUT.read_bytes())
    out = tmp / "out"
    args = ["--seeds", str(tmp / "book"), "--out", str(out), "manuscript"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text(encoding="utf-8"))["texts"][0]
    return (out / "manuscript.md").read_text(encoding="utf-8"), report


def test_every_paragraph_reads_whole_and_in_order(built):
    manuscript, report = built
    assert report["counts"]["pages_read_in_columns"] >= 4
    assert report["conservation"]["ok"]
    paras = [p for p in manuscript.split("\n\n") if p.strip()]
    book = " ".join(" ".join(_words(re.sub(r"\[[^]]*\]\{\.speaker\}", "", p))) for p in paras)
    for expected in make.paragraphs():
        # a paragraph's words may be read with its speaker's label apart: compare the speech
        speech = re.sub(r"^[A-Z]+:\s*", "", expected)
        assert " ".join(_words(speech)) in book, speech[:60]


def test_the_sections_are_headings_and_the_page_furniture_goes(built):
    manuscript, report = built
    assert re.search(r'^# On the Crito \{#on-the-crito author="B. Jowett"', manuscript, re.M)
    heads = re.findall(r"^## (\d .+?) \{", manuscript, re.M)
    assert heads == list(make.SECTIONS)
    assert "Studies in Ancient Philosophy" not in manuscript.split("\n---\n", 1)[1]
    assert report["counts"]["running_heads_removed"] >= 4


def test_places_are_the_source_lines(built, tmp_path):
    """A block read from the right column points at the source line it starts on."""
    from samizdat.book import load_book, normalise_texts
    from samizdat.model import Heading

    (tmp_path / LAYOUT.name).write_bytes(LAYOUT.read_bytes())
    nt = normalise_texts(load_book(tmp_path, None))
    lines = read_source(LAYOUT).lines
    heads = [b for b in nt.texts[0].blocks if isinstance(b, Heading)]
    assert heads
    for h in heads:
        title = "".join(getattr(x, "text", " ") for x in h.inlines)
        assert title.split()[-1] in lines[h.loc.line - 1], (title, lines[h.loc.line - 1])


def test_the_word_check_reads_the_columns_and_sees_a_word_lost_from_either():
    src = read_source(LAYOUT)
    reading = read_columns(src.lines, src.page_starts).lines
    body = [w for x in reading for w in words(x)]
    assert check_words(src.lines, BookWords(body), src.page_starts).ok
    # "Athens to come and remonstrate": the right column of the first page
    right = body.index("remonstrate")
    left = body.index("fatal")  # "the fatal ship": its left column
    for cut in (right, left):
        check = check_words(src.lines, BookWords(body[:cut] + body[cut + 1 :]), src.page_starts)
        assert not check.ok and check.lost_words == 1
    # read line by line as the layout stands, the words are out of order: a loss
    stood = [w for x in src.lines for w in words(x)]
    assert not check_words(src.lines, BookWords(stood), src.page_starts).ok


def test_texts_in_one_column_are_read_as_they_stand():
    for path in sorted(CORPUS.glob("*.txt")):
        src = read_source(path)
        reading = read_columns(src.lines, src.page_starts).lines
        assert reading is src.lines, path.name
    transcript = read_source(FIXTURES.parent / "line_numbered" / "transcript.txt")
    assert read_columns(transcript.lines, transcript.page_starts)[0] is transcript.lines


def test_a_margin_of_line_numbers_is_no_column():
    """A bill's margin numbers stand in a column of their own, two characters wide."""
    bill = read_source(FIXTURES.parent / "line_numbered" / "bill.txt")
    assert read_columns(bill.lines, bill.page_starts)[0] is bill.lines
