"""Whole-text normalisation: pass order, word conservation, idempotence, determinism, fixtures."""

from __future__ import annotations

import doctest
import importlib
from pathlib import Path

import pytest

from samizdat import normalise
from samizdat.config import BuildOptions
from samizdat.model import BlockQuote, BookText, OrderedList, Para, TextMeta, plain_text
from samizdat.normalise import PASSES, evidence_for, normalise_text
from samizdat.pipeline import build, load_book, normalise_book
from samizdat.wordcheck import check_words, model_words

ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
FIXTURES = Path(__file__).parent / "fixtures"
PASS_MODULES = [
    "chunks",
    "lines",
    "line_runs",
    "verse",
    "contents",
    "pages",
    "notes",
    "note_blocks",
    "notemarks",
    "front",
    "frontmatter",
    "gutenberg",
    "titlepage",
    "headings",
    "heading_forms",
    "heading_profile",
    "heading_contents",
    "paragraphs",
    "plays",
    "spacing",
    "structure",
    "quotes",
    "inline",
    "typography",
]


@pytest.fixture(scope="module")
def seeds_book():
    book = load_book(SEEDS, SEEDS / "book.toml")
    return book, normalise_book(book, "2026-01-01")


def test_pass_order_is_pinned():
    assert [p.__name__ for p in PASSES] == [
        "join_cues",
        "drop_furniture",
        "repair_letter_spacing",
        "mark_headings",
        "split_paragraphs",
        "split_note_lines",
        "split_turn_lines",
        "gather_contents",
        "split_capital_runs",
        "mark_verse",
        "unwrap_lines",
        "mark_section_breaks",
        "mark_edition_matter",
        "detach_notes",
        "join_markers",
        "lift_title",
        "mark_speakers",
        "keep_furniture",
        "gather_capital_lines",
        "join_page_breaks",
        "separate_posts",
        "mark_letter_parts",
        "mark_lists",
        "mark_turns",
        "mark_stage_directions",
        "mark_quotations",
        "attach_citations",
    ]


@pytest.mark.parametrize("name", PASS_MODULES)
def test_docstring_examples_hold(name):
    module = importlib.import_module(f"samizdat.normalise.{name}")
    result = doctest.testmod(module)
    assert result.failed == 0


def test_every_pass_documents_before_and_after():
    for p in PASSES:
        assert (p.__doc__ and "Turns" in p.__doc__) or "Removes" in (p.__doc__ or ""), p.__name__


def test_words_are_conserved_in_every_seed(seeds_book):
    _, nb = seeds_book
    assert len(nb.conservation) == 5
    for report, cons in zip(nb.reports, nb.conservation, strict=True):
        assert cons.ok, cons.problems(report.file)
        assert cons.source_words > 1000
        assert report.counts["paragraphs_read_plainly"] == 0, report.file  # no fallback needed


def test_seed_phenomena_are_recognised(seeds_book):
    _, nb = seeds_book
    by_file = {r.file[:3]: r.counts for r in nb.reports}
    # 001's 55 calls have no note text in the source: numbers kept, one editorial note
    assert by_file["001"]["note_calls_without_notes"] == 55 and by_file["001"]["headings"] == 4
    assert by_file["001"]["note_calls_linked"] == 0
    assert by_file["002"]["turns"] >= 190
    assert by_file["003"]["footnotes_found"] == 6 and by_file["003"]["note_calls_linked"] == 6
    assert by_file["003"]["dehyphenated"] >= 10
    assert by_file["004"]["citations_to_notes"] >= 14 and by_file["004"]["backtick_quotes"] > 0
    assert by_file["000"]["list_items"] == 5


def test_split_note_in_the_lenin_letter_is_whole(seeds_book):
    _, nb = seeds_book
    md = "\n".join(
        plain_text(b.inlines, with_notes=True)
        for b in nb.manuscript.texts[3].blocks
        if isinstance(b, Para)
    )
    assert "as a document, I would consider it positively" in md
    assert "the new editorial board of Iskra already announced" in md


def _as_source(text: BookText) -> tuple[str, ...]:
    lines: list[str] = []

    def walk(blocks):
        for b in blocks:
            if isinstance(b, Para):
                lines.extend([*plain_text(b.inlines).split("\n"), ""])  # a line break: a line
            elif isinstance(b, BlockQuote):
                walk(b.blocks)
            elif isinstance(b, OrderedList):
                for item in b.items:
                    walk(item)

    walk(text.blocks)
    return tuple(lines)


def _paras(blocks) -> list[str]:
    out = []
    for b in blocks:
        if isinstance(b, Para):
            out.append(plain_text(b.inlines))
        elif isinstance(b, BlockQuote):
            out.extend(_paras(b.blocks))
        elif isinstance(b, OrderedList):
            for item in b.items:
                out.extend(_paras(item))
    return out


def test_normalising_normalised_text_changes_nothing(seeds_book):
    _, nb = seeds_book
    for text in nb.manuscript.texts:
        # as the sources are: the title and the byline the book shows, then the text
        head = (text.meta.title, "", text.meta.author, "") if text.meta.author else ()
        lines = (*head, *_as_source(text))
        ev = evidence_for("again.txt", lines, title=text.meta.title, author=text.meta.author)
        again = normalise_text(lines, ev, text.meta.ident)
        first, second = _paras(text.blocks), _paras(again.blocks)
        assert second == first, text.meta.file


def test_normalisation_is_deterministic(seeds_book):
    book, nb = seeds_book
    again = normalise_book(book, "2026-01-01")
    assert again.manuscript == nb.manuscript


@pytest.mark.parametrize("fixture", sorted(p.name for p in FIXTURES.glob("*.txt")))
def test_fixtures_conserve_words(fixture, tmp_path):
    (tmp_path / fixture).write_bytes((FIXTURES / fixture).read_bytes())
    book = load_book(tmp_path, None)
    nb = normalise_book(book, "2026-01-01")
    cons = nb.conservation[0]
    assert cons.ok, cons.problems(fixture)


def test_wrapped_fixture_is_normalised(tmp_path):
    (tmp_path / "w.txt").write_bytes((FIXTURES / "wrapped_essay.txt").read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text = nb.manuscript.texts[0]
    assert text.meta.title == "On Wrapped Lines" and text.meta.author == "A. Nonymous"
    body = " ".join(_paras(text.blocks))
    assert "hyphenated at the end" in body and "non-proletarian" in body
    assert "in the middle of a sentence that continues" in body
    # five calls, no note text: the numbers stay as printed, with one editorial note
    assert nb.reports[0].counts["note_calls_without_notes"] == 5
    assert "claim.5" in body


def test_ocr_fixture_drops_page_numbers_and_joins_the_page(tmp_path):
    (tmp_path / "o.txt").write_bytes((FIXTURES / "ocr_pages.txt").read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    paras = _paras(nb.manuscript.texts[0].blocks)
    assert any("middle of a sentence which the next page" in p for p in paras)
    assert any("the treasurer reports, and then the meeting closes" in p for p in paras)
    counts = nb.reports[0].counts
    assert counts["folios_removed"] == 4 and counts["running_heads_removed"] == 4
    assert not any("ON STUDY CIRCLES" in p or " 13 " in p for p in paras)
    assert nb.conservation[0].ok and nb.conservation[0].edits["folio"] == 4


def test_gutenberg_fixture_keeps_licence_as_source_note(tmp_path):
    (tmp_path / "g.txt").write_bytes((FIXTURES / "gutenberg.txt").read_bytes())
    nb = normalise_book(load_book(tmp_path, None), "2026-01-01")
    text = nb.manuscript.texts[0]
    assert any("START OF THE PROJECT GUTENBERG" in f for f in text.furniture)
    assert "best of pamphlets" in " ".join(_paras(text.blocks))


def test_conservation_detects_a_lost_word(seeds_book):
    book, nb = seeds_book
    text = nb.manuscript.texts[0]
    damaged = BookText(text.meta, text.blocks[1:], text.furniture)
    cons = check_words(book.sources[0].lines, model_words(damaged))
    assert not cons.ok and cons.lost
    assert cons.problems("000.txt")[0].startswith("000.txt:")


def test_build_without_book_toml_infers_titles(tmp_path):
    (tmp_path / "a.txt").write_bytes((FIXTURES / "wrapped_essay.txt").read_bytes())
    (tmp_path / "b.txt").write_text("no title here, just a sentence that runs on and on.\n")
    result = build(tmp_path, None, tmp_path / "out", BuildOptions(), epub=False, pdf=False)
    titles = [t["title"] for t in result.report["texts"]]
    assert titles[0] == "On Wrapped Lines"
    assert result.report["texts"][1]["editorial_title"] is True


def test_meta_is_unused_module_free():
    assert normalise.__doc__ and TextMeta
