"""The print PDF laid out text by text (write_pdf_parts), read back against the whole-book render.

A four-text book (the sample's two texts, a one-page text and a text with a section and notes) is
rendered both ways; the merged file must read as write_pdf's does, page for page. Every check
reads the finished PDFs (pypdf, poppler), never golden bytes.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import subprocess
import threading
from dataclasses import replace
from pathlib import Path

import pypdf
import pytest
from markupsafe import Markup

from conftest import sample_manuscript
from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import BookText, Heading, Loc, Note, NoteRef, Para, Text, TextMeta
from samizdat.render import pdf, pdf_html, pdf_layout, pdf_parts
from samizdat.render.html import RenderedBook, render_book
from samizdat.render.pdf import PdfLayout, write_pdf
from samizdat.render.pdf_parts import PartCache, write_pdf_parts
from test_pdf import contents_numbers, display_title, lines, needs_poppler, page_text, printed_folio

L = Loc("parts.txt", 1)
BUILD = "parts-build-7"


def _p(*inlines) -> Para:
    return Para(tuple(Text(i) if isinstance(i, str) else i for i in inlines), L)


def _note(text: str) -> NoteRef:
    return NoteRef(Note((_p(text),), L))


def four_texts() -> RenderedBook:
    ms = sample_manuscript()
    short = BookText(TextMeta("a-short-note", "A Short Note", author="N. Body"), (_p("Brief."),))
    words = "Workers of the world, unite; the merged book must read as the whole one does. " * 6
    last = BookText(
        TextMeta("the-last-word", "The Last Word", author="Q. Writer"),
        (
            _p("It opens here.", _note("First note of the last text.")),
            Heading(2, (Text("Second thoughts"),), L, "the-last-word-second"),
            *[_p(f"Thought {i}. " + words) for i in range(8)],
            _p("And closes.", _note("Second note, on a later page.")),
        ),
    )
    ms = replace(ms, texts=(*ms.texts, short, last))
    return render_book(read_manuscript(write_manuscript(ms)))


@pytest.fixture(scope="module")
def book() -> RenderedBook:
    return four_texts()


@pytest.fixture(scope="module")
def single(book, tmp_path_factory) -> tuple[Path, PdfLayout]:
    out = tmp_path_factory.mktemp("single") / "book.pdf"
    return out, write_pdf(book, out, build_id=BUILD)


@pytest.fixture(scope="module")
def cache(tmp_path_factory) -> Path:
    return tmp_path_factory.mktemp("cache")


@pytest.fixture(scope="module")
def merged(book, cache, tmp_path_factory) -> tuple[Path, PdfLayout, list[str]]:
    out = tmp_path_factory.mktemp("parts") / "book.pdf"
    said: list[str] = []
    layout = write_pdf_parts(
        book, out, build_id=BUILD, workers=2, cache_dir=cache, progress=said.append
    )
    return out, layout, said


def reread(out: Path) -> pypdf.PdfReader:
    return pypdf.PdfReader(out)


# ---------------------------------------------------------------- reads as the whole book


def test_same_layout_as_the_whole_book(single, merged, book):
    (_, one), (out, parts, _) = single, merged
    assert parts.page_count == one.page_count == len(reread(out).pages)
    assert parts.page_labels == one.page_labels == reread(out).page_labels
    assert parts.text_start_pages == one.text_start_pages
    assert parts.body_start == one.body_start
    assert parts.anchors == one.anchors
    assert parts.parts == {t.id: "rendered" for t in book.texts}
    assert one.parts == {}


@needs_poppler
def test_same_text_on_every_page(single, merged):
    """Per page, poppler reads the same text at the same places. Case is folded: a small-cap
    glyph extracts as whichever letter its font subset first met it for (the whole book's one
    subset has met "r" and "R" for the same glyph elsewhere; each part has its own subset)."""
    (one_pdf, one), (out, _, _) = single, merged
    for index in range(one.page_count):
        assert page_text(out, index).casefold() == page_text(one_pdf, index).casefold(), index


@needs_poppler
def test_texts_open_on_rectos_after_blank_versos(merged, book):
    out, layout, _ = merged
    starts = {layout.anchors[t.id] for t in book.texts}
    for text in book.texts:
        start = layout.anchors[text.id]
        assert start % 2 == 0 and int(layout.page_labels[start]) % 2 == 1
        assert lines(page_text(out, start))[0] == display_title(text)
    blanks = [
        i for i in range(layout.body_start, layout.page_count) if not lines(page_text(out, i))
    ]
    assert blanks, "the sample's texts have odd page counts: blank versos follow them"
    assert all(i + 1 in starts for i in blanks), "a blank page only ever precedes an opening"


@needs_poppler
def test_contents_numbers_are_the_folios(merged, book):
    out, layout, _ = merged
    numbers = contents_numbers(out, layout)
    for text in book.texts:
        start = layout.anchors[text.id]
        assert (
            numbers[display_title(text)] == layout.page_labels[start] == printed_folio(out, start)
        )
        for section in text.sections:
            assert numbers[section.title] == layout.page_labels[layout.anchors[section.id]]


@needs_poppler
def test_notes_show_the_page_of_their_call(merged, book):
    out, layout, _ = merged
    for text in book.texts:
        for note in text.notes:
            page = page_text(out, layout.anchors[note.id])
            call_folio = layout.page_labels[layout.anchors[note.ref_id]]
            assert re.search(rf"p\.\s{call_folio}\b", page), (note.id, call_folio)


def outline(reader: pypdf.PdfReader) -> list[tuple[int, str, int, float]]:
    def flatten(items, depth=0):
        for item in items:
            if isinstance(item, list):
                yield from flatten(item, depth + 1)
            else:
                page = reader.get_destination_page_number(item)
                yield depth, item.title, page, round(float(item.top), 2)

    return list(flatten(reader.outline))


def test_outline_titles_and_destinations(single, merged, book):
    (one_pdf, _), (out, layout, _) = single, merged
    got = outline(reread(out))
    assert got == outline(reread(one_pdf))
    tops = [(title, page) for depth, title, page, _ in got if depth == 0]
    assert tops == [(display_title(t), layout.anchors[t.id]) for t in book.texts]


def link_annotations(reader: pypdf.PdfReader) -> list[tuple[int, str, tuple[float, ...]]]:
    found = []
    for index, page in enumerate(reader.pages):
        for annot in page.get("/Annots", []) or []:
            annot = annot.get_object()
            rect = tuple(round(float(v), 2) for v in annot["/Rect"])
            found.append((index, str(annot["/Dest"]), rect))
    return found


def test_links_resolve_to_the_right_pages(single, merged, book):
    (one_pdf, _), (out, layout, _) = single, merged
    reader = reread(out)
    links = link_annotations(reader)
    assert links == link_annotations(reread(one_pdf))
    dests = {
        name: reader.get_destination_page_number(d) for name, d in reader.named_destinations.items()
    }
    assert {name: dests[name] for name in layout.anchors} == layout.anchors
    by_page: dict[int, set[str]] = {}
    for index, dest, _ in links:
        assert dest in dests, f"link on page {index} to a missing destination {dest}"
        by_page.setdefault(index, set()).add(dest)
    contents = set().union(*(by_page.get(i, set()) for i in range(layout.body_start)))
    assert {t.id for t in book.texts} <= contents
    for text in book.texts:
        for note in text.notes:
            assert note.id in by_page[layout.anchors[note.ref_id]], "call → note"
            assert note.ref_id in by_page[layout.anchors[note.id]], "note → call"


def test_metadata_identifier_and_licence(single, merged):
    (one_pdf, _), (out, _, _) = single, merged
    one, parts = reread(one_pdf), reread(out)
    assert dict(parts.metadata) == dict(one.metadata)
    assert "/ModDate" in parts.metadata and parts.metadata["/ModDate"] == one.metadata["/ModDate"]
    for key in ("/Lang", "/PageMode", "/PageLayout"):
        assert parts.trailer["/Root"][key] == one.trailer["/Root"][key]
    assert parts.trailer["/ID"][0] == one.trailer["/ID"][0]
    assert parts.attachments == one.attachments


@needs_poppler
def test_progress_lines(merged, book):
    out, layout, said = merged
    starts = [layout.anchors[t.id] for t in book.texts] + [layout.page_count]
    front = layout.body_start - (not lines(page_text(out, layout.body_start - 1)))
    for index, text in enumerate(book.texts):
        pages = next(
            int(m.group(1))
            for line in said
            if (m := re.fullmatch(rf"pdf: laid out {index:03d} {text.id} \((\d+) pages?\)", line))
        )
        assert pages in (starts[index + 1] - starts[index], starts[index + 1] - starts[index] - 1)
    assert said[-3:] == [
        f"pdf: laid out the front matter ({front} pages)",
        f"pdf: running heads and folios: {len(book.texts)} laid out, 0 reused",
        f"pdf: merged {layout.page_count} pages",
    ]


# ---------------------------------------------------------------- reproducible, cached


def test_workers_do_not_change_the_bytes(book, merged, tmp_path):
    out, _, _ = merged
    write_pdf_parts(book, tmp_path / "one.pdf", build_id=BUILD, workers=1)
    assert (tmp_path / "one.pdf").read_bytes() == out.read_bytes()


def test_second_build_reuses_every_part(book, merged, cache, tmp_path):
    out, _, _ = merged
    said: list[str] = []
    layout = write_pdf_parts(
        book, tmp_path / "again.pdf", build_id=BUILD, cache_dir=cache, progress=said.append
    )
    assert layout.parts == {t.id: "cached" for t in book.texts}
    assert (tmp_path / "again.pdf").read_bytes() == out.read_bytes()
    assert not any(line.startswith("pdf: laid out") for line in said)
    assert "pdf: reused 002 a-short-note (1 page)" in said
    assert f"pdf: running heads and folios: 0 laid out, {len(book.texts)} reused" in said


def edit_body(book: RenderedBook, text_id: str, old: str, new: str) -> RenderedBook:
    texts = []
    for text in book.texts:
        if text.id == text_id:
            assert old in text.body_html
            text = replace(text, body_html=Markup(str(text.body_html).replace(old, new, 1)))
        texts.append(text)
    return replace(book, texts=tuple(texts))


def test_a_correction_relays_only_its_text(book, cache, tmp_path):
    changed = edit_body(book, "an-interview", "Answer 3.", "Reply 3.")
    said: list[str] = []
    layout = write_pdf_parts(
        changed, tmp_path / "fixed.pdf", build_id=BUILD, cache_dir=cache, progress=said.append
    )
    assert any(line.startswith("pdf: reused the front matter") for line in said), said
    assert layout.parts == {
        t.id: "cached" if t.id != "an-interview" else "rendered" for t in book.texts
    }
    write_pdf_parts(changed, tmp_path / "cold.pdf", build_id=BUILD, workers=1)
    assert (tmp_path / "fixed.pdf").read_bytes() == (tmp_path / "cold.pdf").read_bytes()


@needs_poppler
def test_a_longer_text_moves_the_later_ones_without_relaying_them(book, single, cache, tmp_path):
    first = book.texts[0]
    words = "More words to fill a page of the first text, and then some more. " * 6
    more = "".join(f'<p id="{first.id}-x{i}">Added paragraph {i}. {words}</p>' for i in range(12))
    grown = replace(first, body_html=Markup(str(first.body_html) + more))
    longer = replace(book, texts=(grown, *book.texts[1:]))
    out = tmp_path / "longer.pdf"
    layout = write_pdf_parts(longer, out, build_id=BUILD, cache_dir=cache)
    assert layout.parts == {t.id: "rendered" if t is grown else "cached" for t in longer.texts}
    _, before = single
    assert layout.text_start_pages[book.texts[1].id] != before.text_start_pages[book.texts[1].id]
    one = write_pdf(longer, tmp_path / "longer-single.pdf", build_id=BUILD)
    assert (layout.page_count, layout.page_labels, layout.anchors) == (
        one.page_count,
        one.page_labels,
        one.anchors,
    )
    for index in range(one.page_count):
        expected = page_text(tmp_path / "longer-single.pdf", index).casefold()
        assert page_text(out, index).casefold() == expected, index


def test_templates_and_options_are_in_the_key(book, cache, tmp_path, monkeypatch):
    layout = write_pdf_parts(book, tmp_path / "numbers.pdf", para_numbers=True, cache_dir=cache)
    assert set(layout.parts.values()) == {"rendered"}
    templates = tmp_path / "print"
    shutil.copytree(pdf_html.PRINT_TEMPLATES, templates)
    css = templates / "print.css"
    css.write_text(css.read_text() + "\n/* a comment changes nothing but the key */\n")
    monkeypatch.setattr(pdf_html, "PRINT_TEMPLATES", templates)
    monkeypatch.setattr(pdf, "PRINT_TEMPLATES", templates)
    layout = write_pdf_parts(book, tmp_path / "css.pdf", build_id=BUILD, cache_dir=cache)
    assert set(layout.parts.values()) == {"rendered"}


def test_damaged_cache_entries_are_laid_out_again(book, merged, tmp_path):
    out, _, _ = merged
    cache = tmp_path / "cache"
    write_pdf_parts(book, tmp_path / "a.pdf", build_id=BUILD, workers=1, cache_dir=cache)
    entries = sorted(cache.glob("*.part"))
    assert len(entries) == 2 * len(book.texts) + 2  # parts, frames, front matter, blank
    for n, entry in enumerate(entries):
        data = entry.read_bytes()
        entry.write_bytes(data[:-10] if n % 2 else b"not a cache entry")
    layout = write_pdf_parts(book, tmp_path / "b.pdf", build_id=BUILD, workers=2, cache_dir=cache)
    assert set(layout.parts.values()) == {"rendered"}
    assert (tmp_path / "b.pdf").read_bytes() == out.read_bytes()
    assert not list(cache.glob(".tmp-*")), "no temporary files left behind"
    layout = write_pdf_parts(book, tmp_path / "c.pdf", build_id=BUILD, workers=1, cache_dir=cache)
    assert set(layout.parts.values()) == {"cached"}, "the damaged entries were written again"


def test_an_unwritable_cache_only_misses(book, merged, tmp_path):
    out, _, _ = merged
    in_the_way = tmp_path / "cache"
    in_the_way.write_text("a file where the cache folder should be")
    layout = write_pdf_parts(book, tmp_path / "a.pdf", build_id=BUILD, cache_dir=in_the_way)
    assert set(layout.parts.values()) == {"rendered"}
    assert (tmp_path / "a.pdf").read_bytes() == out.read_bytes()


def test_cache_keeps_what_the_build_used_and_drops_the_oldest(tmp_path):
    cache = PartCache(tmp_path)
    for n, name in enumerate(["old", "newer", "newest"]):
        (tmp_path / f"{name}.part").write_bytes(b"x" * 100)
        os.utime(tmp_path / f"{name}.part", (1_000_000 + n, 1_000_000 + n))
    cache.used = {"old"}
    cache.prune(limit=150)
    assert sorted(p.stem for p in tmp_path.glob("*.part")) == ["newest", "old"]


# ---------------------------------------------------------------- fallbacks and warnings


def test_tagged_pdf_is_laid_out_as_one_document(book, tmp_path):
    said: list[str] = []
    layout = write_pdf_parts(book, tmp_path / "ua.pdf", tagged=True, progress=said.append)
    root = reread(tmp_path / "ua.pdf").trailer["/Root"]
    assert "/StructTreeRoot" in root and root["/MarkInfo"]["/Marked"]
    assert layout.parts == {}
    assert said == ["pdf: tagged PDF, laid out as one document"]


def test_a_warning_in_a_worker_reaches_the_parent(book, tmp_path, caplog):
    caplog.expect_warnings = True
    bad = edit_body(book, "a-short-note", "<p ", '<p style="colour: red" ')
    write_pdf_parts(bad, tmp_path / "warn.pdf", workers=2)
    messages = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert any("colour" in m for m in messages), messages


def test_workers_start_safely_while_threads_run(book, merged, tmp_path):
    """With another thread alive, forking could copy a held lock: a fork server is used."""
    out, _, _ = merged
    stop = threading.Event()
    waiter = threading.Thread(target=stop.wait)
    waiter.start()
    try:
        write_pdf_parts(book, tmp_path / "threads.pdf", build_id=BUILD, workers=2)
    finally:
        stop.set()
        waiter.join()
    assert (tmp_path / "threads.pdf").read_bytes() == out.read_bytes()


def test_a_big_book_is_laid_out_by_fresh_workers(book, merged, tmp_path, monkeypatch):
    """Above FORK_BYTES of HTML, workers start from a fork server instead of carrying the book
    (forked from the building process): the same bytes."""
    out, _, _ = merged
    asked: list[bool] = []
    context = pdf_layout._pool_context
    monkeypatch.setattr(
        pdf_layout, "_pool_context", lambda fresh: asked.append(fresh) or context(fresh)
    )
    write_pdf_parts(book, tmp_path / "forked.pdf", build_id=BUILD, workers=2)
    monkeypatch.setattr(pdf_parts, "FORK_BYTES", 0)
    write_pdf_parts(book, tmp_path / "fresh.pdf", build_id=BUILD, workers=2)
    assert asked == [False, False, True, True]  # a pool for the texts, one for the frames
    assert (tmp_path / "fresh.pdf").read_bytes() == out.read_bytes()


@pytest.mark.slow
@needs_poppler
def test_the_seeds_book_reads_as_the_whole_book(tmp_path):
    from samizdat.book import load_book, normalise_book

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    normalised = normalise_book(load_book(seeds, seeds / "book.toml"), "2026-01-01")
    book = render_book(read_manuscript(write_manuscript(normalised.manuscript)))
    one = write_pdf(book, tmp_path / "single.pdf", build_id=BUILD)
    parts = write_pdf_parts(book, tmp_path / "parts.pdf", build_id=BUILD, workers=2)
    assert (parts.page_count, parts.page_labels, parts.anchors) == (
        one.page_count,
        one.page_labels,
        one.anchors,
    )
    for index in range(one.page_count):
        expected = page_text(tmp_path / "single.pdf", index).casefold()
        assert page_text(tmp_path / "parts.pdf", index).casefold() == expected, index
    single, merged = reread(tmp_path / "single.pdf"), reread(tmp_path / "parts.pdf")
    assert outline(merged) == outline(single)
    assert link_annotations(merged) == link_annotations(single)


@needs_poppler
def test_crop_marks_on_every_page(tmp_path):
    """The marks lie in the bleed, outside the trim box: on the text pages too, not only on
    the preliminary pages (the frame of a text page was clipped to its trim box)."""
    from PIL import Image

    write_pdf_parts(four_texts(), tmp_path / "bleed.pdf", bleed=True, build_id=BUILD, workers=1)
    pages = len(pypdf.PdfReader(tmp_path / "bleed.pdf").pages)
    corner = str(int(6 * 72 / 25.4))  # the 3 mm bleed and as much of the margin, at 72 dpi
    path, prefix = str(tmp_path / "bleed.pdf"), str(tmp_path / "c")
    subprocess.run(
        ["pdftoppm", "-r", "72", "-gray", "-png", "-W", corner, "-H", corner, path, prefix]
    )
    marked = []
    for png in sorted(tmp_path.glob("c-*.png")):
        with Image.open(png) as image:
            marked.append(image.convert("L").getextrema()[0] < 160)
    assert len(marked) == pages > 4
    assert all(marked), [i + 1 for i, m in enumerate(marked) if not m]


@pytest.mark.parametrize("workers", [0, 2])
def test_no_font_folders_are_left_behind(book, tmp_path, monkeypatch, workers):
    """WeasyPrint copies the embedded fonts into a ``weasyprint-*`` folder per document; each
    one is removed once its PDF is written, in the build process and in pool workers alike."""
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr("tempfile.tempdir", str(scratch))
    if workers:
        write_pdf_parts(book, tmp_path / "parts.pdf", workers=workers)
    else:
        write_pdf(book, tmp_path / "whole.pdf")
    assert (tmp_path / ("parts.pdf" if workers else "whole.pdf")).stat().st_size > 10_000
    assert sorted(p.name for p in scratch.iterdir()) == []
