"""The manuscript seam: source text stays text through Pandoc Markdown and pandoc's reader."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from samizdat.manuscript import escape_text, read_manuscript, write_manuscript
from samizdat.model import BookText, Loc, Manuscript, Para, Text, TextMeta
from samizdat.render.html import plain, render_book

L = Loc("t.txt", 1)
HOSTILE = [
    "<script>alert(1)</script>",
    "<img src=x onerror=alert(2)>",
    "![x](http://127.0.0.1/a)",
    "[l](file:///etc/passwd)",
    "{{ jinja }}",
    "\\LaTeX $x$",
    "# not a heading",
    "> not a quote",
    "* not a list",
    "1. not a list",
    "| a | b |",
    "---",
    "::: div",
    "[^1]",
    "@cite",
    "A. Lincoln",
    "&amp; &copy;",
    "`code`",
    "~sub~ ^sup^",
    "- dash",
    "(1) example",
    "%title",
    "+ plus",
]


def _book(paras: list[str]) -> Manuscript:
    text = BookText(TextMeta("t", "Title"), tuple(Para((Text(p),), L) for p in paras))
    return Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))


def _roundtrip(paras: list[str]) -> list[str]:
    ast = read_manuscript(write_manuscript(_book(paras)))
    return [plain(b["c"]) for b in ast["blocks"] if b["t"] == "Para"]


def test_hostile_text_comes_back_literally():
    assert _roundtrip(HOSTILE) == HOSTILE


def test_hostile_text_is_escaped_in_the_html():
    book = render_book(read_manuscript(write_manuscript(_book(HOSTILE))))
    html = str(book.texts[0].body_html)
    assert "<script>" not in html and "&lt;script&gt;" in html and "<img" not in html


def test_escape_text_escapes_markup_characters():
    assert escape_text("*a* [b]") == "\\*a\\* \\[b\\]"


printable = (
    st.text(
        st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co")), min_size=1, max_size=40
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(printable, min_size=1, max_size=5))
def test_any_text_survives_the_manuscript(paras):
    assert _roundtrip(paras) == paras


# ---------------------------------------------------------------- reading in pieces


def _seeds_manuscript() -> Manuscript:
    from pathlib import Path

    from samizdat.pipeline import load_book, normalise_book

    seeds = Path(__file__).resolve().parents[1] / "seeds"
    return normalise_book(load_book(seeds, seeds / "book.toml"), "2026-01-01").manuscript


def test_pieces_join_to_the_text_and_cut_only_before_safe_blocks():
    from samizdat.manuscript import text_md, text_pieces

    for text in _seeds_manuscript().texts:
        pieces = text_pieces(text, limit=3000)
        assert "\n\n".join(pieces) == text_md(text)
        assert len(pieces) > 1, text.meta.ident
        assert pieces[0].startswith("# ") and all(not p.startswith("# ") for p in pieces[1:])
        for piece in pieces[1:]:  # no list item or quotation opens a later piece
            assert not piece.startswith((">", "1. ", "::: source-note")), piece[:60]


@pytest.mark.slow
def test_a_book_read_in_small_pieces_equals_the_book_read_whole(tmp_path, monkeypatch):
    """pandoc reads every piece alone: the rendered book is the one the whole reading gives."""
    from samizdat import manuscript
    from samizdat.cache import Store
    from samizdat.manuscript import manuscript_header, text_pieces
    from samizdat.pipeline import _read

    ms = _seeds_manuscript()
    whole = render_book(read_manuscript(write_manuscript(ms)))
    monkeypatch.setattr(manuscript, "PIECE_CHARS", 20_000)
    pieces = [text_pieces(t) for t in ms.texts]
    assert sum(len(p) for p in pieces) > 15
    assert _read(manuscript_header(ms), pieces, Store(None)) == whole
    cached = Store(tmp_path)
    assert _read(manuscript_header(ms), pieces, cached) == whole
    cached.flush()
    again = Store(tmp_path)
    assert _read(manuscript_header(ms), pieces, again) == whole and not again.misses


def test_a_sample_book_cut_before_every_block_reads_the_same():
    """Every construct of the sample book (lists, quotations, notes, speakers) read alone."""
    from conftest import sample_manuscript
    from samizdat.cache import Store
    from samizdat.manuscript import manuscript_header, text_pieces
    from samizdat.pipeline import _read

    ms = sample_manuscript()
    pieces = [text_pieces(t, limit=1) for t in ms.texts]
    assert max(len(p) for p in pieces) > 5
    assert _read(manuscript_header(ms), pieces, Store(None)) == render_book(
        read_manuscript(write_manuscript(ms))
    )


def test_top_level_blocks_cut_the_rendered_body_between_its_blocks(sample_book):
    from samizdat.render.html import top_level_blocks

    for text in sample_book.texts:
        blocks = top_level_blocks(str(text.body_html))
        assert "".join(blocks) == text.body_html
        starts = ("<p ", "<h2", "<h3", "<blockquote>", "<ol", "<hr")
        assert all(b.startswith(starts) and b.endswith("\n") for b in blocks), blocks
    kinds = {b[:3] for t in sample_book.texts for b in top_level_blocks(str(t.body_html))}
    assert {"<p ", "<bl", "<ol"} <= kinds


def test_two_lists_one_after_another_stay_two_lists():
    """A treatise's short list ``1.`` ``2.`` ``3.`` and then its numbered paragraphs ``1.``
    ``2.`` (Emerson's *Nature*): pandoc would read one list of five, numbered 1 to 5."""
    from samizdat.model import OrderedList

    def items(*texts: str) -> tuple:
        return tuple((Para((Text(t),), L),) for t in texts)

    blocks = (
        OrderedList(items("Words are signs.", "Facts are symbols.", "Nature is a symbol."), L),
        OrderedList(items("Words are signs of natural facts. The use", "But this origin"), L),
        OrderedList(items("one", "two"), L, bullet=True),
        OrderedList(items("three"), L, bullet=True),
    )
    text = BookText(TextMeta("t", "Title"), blocks)
    book = Manuscript("B", "", "", "", "en", "id", "2026", "", (text,))
    ast = read_manuscript(write_manuscript(book))
    lists = [b for b in ast["blocks"] if b["t"] in ("OrderedList", "BulletList")]
    assert [b["t"] for b in lists] == ["OrderedList", "OrderedList", "BulletList"]
    assert [len(b["c"][1]) for b in lists[:2]] == [3, 2]
    assert [b["c"][0][0] for b in lists[:2]] == [1, 1]  # each numbered from 1
    assert len(lists[2]["c"]) == 3  # two bullet lists read as one: nothing is misnumbered
