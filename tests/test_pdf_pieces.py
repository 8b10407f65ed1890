"""A long text laid out in pieces (pdf_pieces), read back against the whole-book render.

A book of the sample's two texts, a long text (sections, a quotation, a list, section breaks, a
signature, forty notes) and a short text after it is rendered by write_pdf and, with a small
piece budget, by write_pdf_parts: the long text is cut into many pieces, its frame into runs of
a few pages, and the merged file must read as write_pdf's does, word for word and position for
position. Every check reads the finished PDFs (pypdf, poppler), never golden bytes.
"""

from __future__ import annotations

import re
import subprocess
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from markupsafe import Markup

from conftest import sample_manuscript
from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import (
    BlockQuote,
    BookText,
    Heading,
    Loc,
    Note,
    NoteRef,
    OrderedList,
    Para,
    SectionBreak,
    Text,
    TextMeta,
)
from samizdat.render import pdf_parts
from samizdat.render.html import RenderedBook, render_book
from samizdat.render.pdf import PdfLayout, write_pdf
from samizdat.render.pdf_cache import PartCache, cache_key, cache_salt
from samizdat.render.pdf_html import part_html, text_flow, text_size
from samizdat.render.pdf_layout import LaidOut, lay_out
from samizdat.render.pdf_parts import write_pdf_parts
from samizdat.render.pdf_pieces import TextPages, find_cut, lay_out_text
from test_pdf import needs_poppler
from test_pdf_parts import link_annotations, outline

L = Loc("pieces.txt", 1)
BUILD = "pieces-build-3"
#: Small enough to cut the long text into many pieces (each of a few pages).
BUDGET = 3000
#: Frames in runs of this many pages (the default is far longer than any test text).
FRAME_RUN = 5
LONG = "the-long-text"
WORDS = (
    "The party is not a debating society but an organisation of the advanced section of the "
    "class, bound by a common programme and a common discipline, and tested in struggle. "
)


def _p(*inlines, role: str = "") -> Para:
    return Para(tuple(Text(i) if isinstance(i, str) else i for i in inlines), L, role)


def _note(n: int) -> NoteRef:
    text = f"Note {n}. " + WORDS * (n % 4 // 2)
    return NoteRef(Note((_p(text),) if n % 5 else (_p(text), _p("A second paragraph.")), L))


def _section(s: int) -> list:
    blocks: list = [Heading(2, (Text(f"Section {s}"),), L, f"{LONG}-s{s}")]
    for i in range(6):
        n = 6 * s + i
        call = (_note(n),) if n % 3 else ()
        blocks.append(_p(f"Paragraph {n}. " + WORDS * ((n * 7) % 3), *call))
        if n % 9 == 4:
            blocks.append(BlockQuote((_p("Quoted: " + WORDS), _p("Again: " + WORDS)), L))
        if n % 11 == 7:
            blocks.append(OrderedList(((_p("First point."),), (_p("Second " + WORDS),)), L))
        if n % 13 == 5:
            blocks.append(SectionBreak(L))
    return blocks


def long_text() -> BookText:
    blocks = [b for s in range(8) for b in _section(s)]
    meta = TextMeta(LONG, "The Long Text", author="L. Writer")
    return BookText(meta, (*blocks, _p("With greetings,", role="signature")))


def pieces_book() -> RenderedBook:
    ms = sample_manuscript(paragraphs=2)
    after = BookText(TextMeta("after-it", "After It", author="A. Nother"), (_p("Short."),))
    ms = replace(ms, texts=(*ms.texts, long_text(), after))
    return render_book(read_manuscript(write_manuscript(ms)))


@pytest.fixture(scope="module")
def book() -> RenderedBook:
    return pieces_book()


@pytest.fixture(scope="module")
def single(book, tmp_path_factory) -> tuple[Path, PdfLayout]:
    out = tmp_path_factory.mktemp("single") / "book.pdf"
    return out, write_pdf(book, out, build_id=BUILD)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


def pieced(book: RenderedBook, out: Path, budget: int = BUDGET, **kwargs) -> PdfLayout:
    """write_pdf_parts with the small budget and short frame runs."""
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(pdf_parts, "FRAME_PAGES", FRAME_RUN)
        return write_pdf_parts(book, out, build_id=BUILD, piece_bytes=budget, **kwargs)


@pytest.fixture(scope="module")
def merged(book, cache, tmp_path_factory) -> tuple[Path, PdfLayout, list[str]]:
    out = tmp_path_factory.mktemp("pieces") / "book.pdf"
    said: list[str] = []
    layout = pieced(book, out, workers=2, cache_dir=cache, progress=said.append)
    return out, layout, said


def laid_out_text(
    book: RenderedBook, index: int, cache: Path, budget: int = BUDGET, jobs: list | None = None
) -> TextPages:
    """Text ``index`` laid out in pieces in this process, through the cache; ``jobs`` collects
    the jobs its chain asked for."""
    options = {"paper": "a5", "para_numbers": False, "notes_margin": False, "bleed": False}
    store, salt = PartCache(cache), cache_salt(options)
    chain = lay_out_text(book, index, options, budget)
    sent: tuple[LaidOut, bool] | None = None
    try:
        while True:
            job = chain.send(sent)  # type: ignore[arg-type]
            if jobs is not None:
                jobs.append(job)
            key = cache_key(salt, job)
            doc = store.load(key)
            if doc is None:
                store.store(key, lay_out(job))
            sent = (doc, True) if doc is not None else (store.load(key), False)
    except StopIteration as stop:
        return stop.value


@pytest.fixture(scope="module")
def long_pieces(book, merged, cache) -> TextPages:
    return laid_out_text(book, 2, cache)


def words(pdf: Path) -> list[list[tuple[str, float, float]]]:
    """Per page, every word poppler reads and the top-left corner of its box (points)."""
    out = subprocess.run(
        ["pdftotext", "-bbox", str(pdf), "-"], check=True, capture_output=True, text=True
    ).stdout
    word = re.compile(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="[\d.]+" yMax="[\d.]+">([^<]*)<')
    return [
        [(m.group(3), float(m.group(1)), float(m.group(2))) for m in word.finditer(page)]
        for page in out.split("<page ")[1:]
    ]


def assert_same_words(one: Path, other: Path) -> None:
    """Same words on every page, each within 0.01 pt of its place. Case is folded (a small-cap
    glyph extracts as whichever letter its font subset first met it for)."""
    expected, got = words(one), words(other)
    assert len(got) == len(expected)
    for index, (a, b) in enumerate(zip(expected, got, strict=True)):
        assert [w.casefold() for w, _, _ in b] == [w.casefold() for w, _, _ in a], index
        for (w, x, y), (_, x2, y2) in zip(a, b, strict=True):
            assert abs(x - x2) <= 0.01 and abs(y - y2) <= 0.01, (index, w, (x, y), (x2, y2))


# ---------------------------------------------------------------- where pieces are cut


def test_find_cut_takes_the_last_clean_page_break():
    # Pages: items 0-1, 1-3, 4-5, 5-6, 7: page 4 starts item 7 cleanly, page 2 item 4.
    assert find_cut(((0, 1), (1, 3), (4, 5), (5, 6), (7, 7)), 0) == (4, 7)
    assert find_cut(((0, 1), (1, 3), (4, 5), (5, 6), (6, 6)), 0) == (2, 4)
    # A leader page shows no item; the cut keeps at least one page after it.
    assert find_cut(((-1, -1), (0, 2), (3, 3)), 1) == (2, 3)
    assert find_cut(((-1, -1), (0, 0), (0, 0)), 1) is None
    assert find_cut(((0, 0),), 0) is None


def test_a_text_under_the_budget_is_its_part(book):
    """A text of at most the budget is laid out as before, from exactly its part's HTML."""
    options = {"paper": "a5", "para_numbers": True, "notes_margin": False, "bleed": False}
    for index, text in enumerate(book.texts):
        job = next(lay_out_text(book, index, options, text_size(text)))
        assert job.source == part_html(book, index, **options)
        cut_short = next(lay_out_text(book, index, options, text_size(text) - 1))
        assert cut_short.source != job.source


def test_the_long_text_is_cut_where_the_tests_need_it(book, merged, long_pieces):
    """The cases the comparisons below must cover: pieces starting on a verso and on a recto,
    right before a section heading, and inside the notes."""
    _, layout, said = merged
    assert {t: len(p) for t, p in layout.pieces.items() if t != LONG} == {
        t.id: 1 for t in book.texts if t.id != LONG
    }
    pieces = long_pieces.pieces
    assert len(layout.pieces[LONG]) == len(pieces) >= 5
    flow = text_flow(book.texts[2])
    starts = [(p.start, at) for p, at in zip(pieces, long_pieces.offsets(), strict=True)][1:]
    assert {at % 2 for _, at in starts} == {0, 1}, "pieces open on rectos and on versos"
    assert any(s < len(flow.blocks) and flow.blocks[s].startswith("<h2") for s, _ in starts)
    assert any(s > len(flow.blocks) for s, _ in starts), "the notes are cut too"
    assert all(p.page_count > 0 for p in pieces)
    assert f"pdf: laid out 002 {LONG}, piece 2 ({pieces[1].page_count} pages)" in said


# ---------------------------------------------------------------- reads as the whole book


def test_same_pages_labels_and_anchors(single, merged):
    (_, one), (out, layout, _) = single, merged
    assert layout.page_count == one.page_count == len(pypdf.PdfReader(out).pages)
    assert layout.page_labels == one.page_labels
    assert layout.text_start_pages == one.text_start_pages
    assert layout.anchors == one.anchors


@needs_poppler
def test_every_word_in_its_place(single, merged):
    """Body text, running heads, folios and the notes' call pages, across every cut."""
    (one_pdf, _), (out, _, _) = single, merged
    assert_same_words(one_pdf, out)


def test_outline_links_and_destinations(single, merged, book):
    (one_pdf, _), (out, _, _) = single, merged
    one, reader = pypdf.PdfReader(one_pdf), pypdf.PdfReader(out)
    assert outline(reader) == outline(one)
    assert link_annotations(reader) == link_annotations(one)
    dests = {n: reader.get_destination_page_number(d) for n, d in reader.named_destinations.items()}
    expected = {n: one.get_destination_page_number(d) for n, d in one.named_destinations.items()}
    assert dests == expected
    long = book.texts[2]
    assert {note.id for note in long.notes} <= set(dests), "notes in later pieces are reachable"


@pytest.mark.slow
@needs_poppler
def test_paragraph_numbers_and_a4_across_cuts(book, tmp_path):
    """Paragraph numbers sit in the outer margin: a piece on a verso must put them left."""
    one = write_pdf(book, tmp_path / "one.pdf", build_id=BUILD, paper="a4", para_numbers=True)
    layout = pieced(book, tmp_path / "parts.pdf", paper="a4", para_numbers=True, workers=2)
    assert len(layout.pieces[LONG]) >= 4
    assert (layout.page_count, layout.anchors) == (one.page_count, one.anchors)
    assert_same_words(tmp_path / "one.pdf", tmp_path / "parts.pdf")


# ---------------------------------------------------------------- corrections


def edit_block(book: RenderedBook, text_id: str, old: str, new: str) -> RenderedBook:
    texts = []
    for text in book.texts:
        if text.id == text_id:
            assert str(text.body_html).count(old) == 1, old
            text = replace(text, body_html=Markup(str(text.body_html).replace(old, new)))
        texts.append(text)
    return replace(book, texts=tuple(texts))


def test_a_correction_in_a_late_piece_relays_only_the_pieces_holding_it(
    book, merged, long_pieces, cache, tmp_path
):
    """Two digits of a paragraph's label swapped (the same width): the cut does not move, so
    the pieces after it have the same HTML and come from the cache. Laid out again: the piece
    that keeps the paragraph, and the one before if it laid the paragraph out past its cut."""
    _, before, _ = merged
    pieces, blocks = long_pieces.pieces, text_flow(book.texts[2]).blocks
    late = len(pieces) - 3  # the last piece of the body but one
    item, label = next(
        (i, m)
        for i in range(min(pieces[late + 1].start, len(blocks)) - 1, pieces[late].start - 1, -1)
        for m in re.finditer(r"Paragraph (\d)(\d)\. ", blocks[i])
        if m[1] != m[2]
    )
    fixed = edit_block(book, LONG, label[0], f"Paragraph {label[2]}{label[1]}. ")
    layout = pieced(fixed, tmp_path / "fixed.pdf", workers=2, cache_dir=cache)
    holding = [
        k
        for k, p in enumerate(pieces)
        if p.start <= item <= p.start + max(last for _, last in p.doc.items)
    ]
    assert late in holding and max(holding) == late
    assert [k for k, state in enumerate(layout.pieces[LONG]) if state == "rendered"] == holding
    assert layout.anchors == before.anchors
    assert {t: s for t, s in layout.parts.items() if t != LONG} == {
        t.id: "cached" for t in book.texts if t.id != LONG
    }


@needs_poppler
def test_a_correction_that_moves_a_cut_relays_the_pieces_after_it(book, merged, cache, tmp_path):
    _, before, _ = merged
    more = "Paragraph 14. " + WORDS * 3
    fixed = edit_block(book, LONG, "Paragraph 14. ", more)
    said: list[str] = []
    out = tmp_path / "fixed.pdf"
    layout = pieced(fixed, out, workers=2, cache_dir=cache, progress=said.append)
    states = layout.pieces[LONG]
    first = states.index("rendered")
    assert first >= 1 and set(states[:first]) == {"cached"}, states
    assert states[first + 1] == "rendered", "the next piece starts elsewhere: laid out again"
    assert layout.anchors != before.anchors, "the text after the correction moved"
    one = write_pdf(fixed, tmp_path / "one.pdf", build_id=BUILD)
    assert (layout.page_count, layout.page_labels, layout.anchors) == (
        one.page_count,
        one.page_labels,
        one.anchors,
    )
    assert_same_words(tmp_path / "one.pdf", out)
    cold = pieced(fixed, tmp_path / "cold.pdf", workers=1)
    assert set(cold.parts.values()) == {"rendered"}
    assert (tmp_path / "cold.pdf").read_bytes() == out.read_bytes()


def test_a_block_longer_than_a_piece_grows_the_piece(book, tmp_path):
    """One paragraph of several pages: no page break between items until it ends, so the piece
    holding it is laid out again with more items."""
    long = book.texts[2]
    blocks = str(long.body_html).split("\n", 3)
    giant = blocks[1].replace("</p>", " " + WORDS * 60 + "</p>")
    grown = replace(long, body_html=Markup("\n".join([blocks[0], giant, *blocks[2:]])))
    one_text = replace(book, texts=(grown,))
    jobs: list = []
    pieces = laid_out_text(one_text, 0, tmp_path / "cache", jobs=jobs).pieces
    assert len(jobs) > len(pieces) >= 3, "a piece was laid out again, longer"
    one = write_pdf(one_text, tmp_path / "one.pdf", build_id=BUILD)
    layout = pieced(one_text, tmp_path / "parts.pdf", workers=1, cache_dir=tmp_path / "cache")
    assert layout.pieces[LONG] == ("cached",) * len(pieces)
    assert (layout.page_count, layout.anchors) == (one.page_count, one.anchors)


# ---------------------------------------------------------------- the seeds book


@pytest.mark.slow
@needs_poppler
def test_the_seeds_book_in_small_pieces_reads_as_the_whole_book(tmp_path):
    from samizdat.book import load_book, normalise_book

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    normalised = normalise_book(load_book(seeds, seeds / "book.toml"), "2026-01-01")
    book = render_book(read_manuscript(write_manuscript(normalised.manuscript)))
    one = write_pdf(book, tmp_path / "single.pdf", build_id=BUILD)
    parts = pieced(book, tmp_path / "parts.pdf", budget=24_000, workers=2)
    assert max(len(p) for p in parts.pieces.values()) >= 10
    assert (parts.page_count, parts.page_labels, parts.anchors) == (
        one.page_count,
        one.page_labels,
        one.anchors,
    )
    assert_same_words(tmp_path / "single.pdf", tmp_path / "parts.pdf")
    single, merged = (
        pypdf.PdfReader(tmp_path / "single.pdf"),
        pypdf.PdfReader(tmp_path / "parts.pdf"),
    )
    assert outline(merged) == outline(single)
    assert link_annotations(merged) == link_annotations(single)
