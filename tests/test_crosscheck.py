"""The cross-format check: the EPUB and PDF of one build agree, and it says so when they do not."""

from __future__ import annotations

import re
import shutil
import zipfile
from collections import Counter
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import Markup

from samizdat.config import BuildOptions, load_book_config
from samizdat.crosscheck import crosscheck, join_lines, normalise, words_of
from samizdat.errors import SamizdatError
from samizdat.pipeline import build
from samizdat.render.epub import write_epub
from samizdat.render.html import RenderedBook
from samizdat.render.pdf import write_pdf

MODIFIED = "2026-01-01T00:00:00Z"
SEEDS = Path(__file__).resolve().parents[1] / "seeds"
needs_pdftotext = pytest.mark.skipif(
    shutil.which("pdftotext") is None, reason="pdftotext (poppler-utils) is not installed"
)
FIRST = "EPUB/text/first-essay.xhtml"


def _pair(book: RenderedBook, out: Path, **options: bool) -> tuple[Path, Path]:
    layout = write_pdf(book, out / "book.pdf", **options)
    one, two = book.texts
    breaks = [(t.id, f"{t.id}-p1", layout.text_start_pages[t.id]) for t in (one, two)]
    breaks.append((one.id, one.sections[0].id, "99"))
    write_epub(
        book,
        out / "book.epub",
        modified=MODIFIED,
        page_breaks=breaks,
        page_source="the print edition",
        **options,
    )
    return out / "book.epub", out / "book.pdf"


@pytest.fixture(scope="module")
def pair(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    return _pair(sample_book, tmp_path_factory.mktemp("pair"))


def rewrite(epub: Path, out: Path, edits: dict[str, Callable[[str], str]]) -> Path:
    """A copy of ``epub`` with some members changed."""
    with zipfile.ZipFile(epub) as src, zipfile.ZipFile(out, "w") as dst:
        for info in src.infolist():
            data = src.read(info)
            if info.filename in edits:
                data = edits[info.filename](data.decode("utf-8")).encode("utf-8")
            dst.writestr(info, data)
    return out


# ---------------------------------------------------------------- agreeing outputs


@needs_pdftotext
def test_the_two_outputs_of_one_build_agree(pair: tuple[Path, Path]):
    result = crosscheck(*pair)
    assert result.problems == []
    assert result.ok
    assert [t.title for t in result.texts] == ["The First Essay", "[An Interview]"]
    for text in result.texts:
        assert text.epub_words == text.pdf_words > 1000
    assert [(t.epub_notes, t.pdf_notes) for t in result.texts] == [(2, 2), (1, 1)]
    assert result.summary()[-1].startswith("EPUB and PDF agree")


@needs_pdftotext
def test_paragraph_numbers_are_not_words_of_either(sample_book: RenderedBook, tmp_path: Path):
    result = crosscheck(*_pair(sample_book, tmp_path, para_numbers=True))
    assert result.problems == []


@pytest.mark.slow
@needs_pdftotext
def test_the_seeds_book_agrees_quickly(tmp_path: Path):
    build(SEEDS, SEEDS / "book.toml", tmp_path, BuildOptions())
    slug = load_book_config(SEEDS / "book.toml").slug
    result = crosscheck(tmp_path / f"{slug}.epub", tmp_path / f"{slug}.pdf")
    assert result.problems == []
    assert len(result.texts) == 5
    # 001: one editorial note for its 55 calls without note text
    assert sum(t.pdf_notes for t in result.texts) == 1 + 1 + 6 + 17  # and 000 stops mid-sentence
    assert result.seconds < 6  # about 1 s on an idle machine; the budget is 3 s


# ---------------------------------------------------------------- disagreeing outputs


@needs_pdftotext
def test_a_word_dropped_from_the_epub_is_named(pair: tuple[Path, Path], tmp_path: Path):
    edit = {FIRST: lambda x: x.replace("Opening words with", "Opening with", 1)}
    result = crosscheck(rewrite(pair[0], tmp_path / "dropped.epub", edit), pair[1])
    assert not result.ok
    assert result.problems == ["“The First Essay”: 1 word differs; PDF only: “words”"]


@needs_pdftotext
def test_a_word_missing_from_the_pdf_is_named(sample_book: RenderedBook, tmp_path: Path):
    two = sample_book.texts[1]
    body = Markup(str(two.body_html).replace("How did it begin?", "How did begin?", 1))
    changed = replace(sample_book, texts=(sample_book.texts[0], replace(two, body_html=body)))
    write_pdf(changed, tmp_path / "changed.pdf")
    epub = write_epub(sample_book, tmp_path / "book.epub", modified=MODIFIED).path
    result = crosscheck(epub, tmp_path / "changed.pdf")
    assert result.problems == ["“[An Interview]”: 1 word differs; EPUB only: “it”"]


@needs_pdftotext
def test_a_word_the_pdf_writer_moved_is_found(sample_book: RenderedBook, tmp_path: Path):
    """Same words, one of them elsewhere: the multiset agrees, the order does not."""
    two = sample_book.texts[1]
    body = Markup(str(two.body_html).replace("How did it begin?", "How it did begin?", 1))
    changed = replace(sample_book, texts=(sample_book.texts[0], replace(two, body_html=body)))
    write_pdf(changed, tmp_path / "moved.pdf")
    epub = write_epub(sample_book, tmp_path / "book.epub", modified=MODIFIED).path
    result = crosscheck(epub, tmp_path / "moved.pdf")
    assert len(result.problems) == 1
    assert result.problems[0].startswith(
        "“[An Interview]”: the PDF's words are not in the EPUB's order"
    )


@needs_pdftotext
def test_texts_in_another_order_fail(pair: tuple[Path, Path], tmp_path: Path):
    def swap(pattern: str) -> Callable[[str], str]:
        def edit(xml: str) -> str:
            a, b = re.findall(pattern, xml)[:2]
            return xml.replace(a, "\0").replace(b, a).replace("\0", b)

        return edit

    edits = {
        "EPUB/content.opf": swap(r'<itemref idref="text-\d"/>'),
        "EPUB/text/nav.xhtml": swap(r'<li><a href="(?:first-essay|an-interview).xhtml">.*?</a>'),
    }
    result = crosscheck(rewrite(pair[0], tmp_path / "swapped.epub", edits), pair[1])
    assert result.problems == [
        "texts: 2 in the EPUB's contents, 2 PDF bookmarks",
        "text 1: “[An Interview]” in the EPUB, “The First Essay” in the PDF",
        "text 2: “The First Essay” in the EPUB, “[An Interview]” in the PDF",
    ]


@needs_pdftotext
def test_a_note_missing_from_the_epub_fails(pair: tuple[Path, Path], tmp_path: Path):
    note = r'<li class="endnote[^"]*">\n<aside id="first-essay-n2".*?</li>\n'
    edit = {FIRST: lambda x: re.sub(note, "", x, flags=re.S)}
    result = crosscheck(rewrite(pair[0], tmp_path / "note.epub", edit), pair[1])
    notes, words = result.problems
    assert notes == "“The First Essay”: 1 note and 2 note calls in the EPUB, 2 and 2 in the PDF"
    assert words.startswith("“The First Essay”: 6 words differ; PDF only: “the”, “note”, “text”")


@needs_pdftotext
def test_files_it_cannot_read_are_errors_not_problems(pair: tuple[Path, Path], tmp_path: Path):
    epub, pdf = pair
    for args, message in (
        ((tmp_path / "none.epub", pdf), "cannot read the EPUB"),
        ((pdf, pdf), "cannot read the EPUB"),
        ((epub, epub), "not a PDF"),
        ((epub, tmp_path / "none.pdf"), "cannot read the PDF"),
    ):
        with pytest.raises(SamizdatError, match=message):
            crosscheck(*args)


def test_without_pdftotext_the_check_says_what_to_install(
    pair: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("samizdat.render.pdf_read.shutil.which", lambda _name: None)
    with pytest.raises(SamizdatError, match="poppler-utils"):
        crosscheck(*pair)


# ---------------------------------------------------------------- line ends and normalising


@pytest.mark.parametrize(
    ("lines", "epub", "expected"),
    [
        ([["social-"], ["ism", "is"]], ["socialism", "is"], ["socialism", "is"]),  # soft
        ([["so-"], ["called"]], ["so-called"], ["so-called"]),  # real hyphen
        ([["p."], ["227)"]], ["p.227)"], ["p.227)"]),  # a break without a hyphen
        ([["in"], ["to"]], ["in", "to", "into"], ["in", "to"]),  # two words stay two
        ([["foo-"], ["bar"]], ["baz"], ["foo-", "bar"]),  # a difference stays visible
        (
            [["counter-"], ["revolution", "and"], ["revolu-"], ["tion"]],
            ["counter-revolution", "and", "revolution"],
            ["counter-revolution", "and", "revolution"],
        ),
        (  # the ambiguous join waits: "counterre-" can only be "counterrevolution"
            [["the", "counter-"], ["revolution", "and", "counterre-"], ["volution", "came"]],
            ["the", "counter-revolution", "and", "counterrevolution", "came"],
            ["the", "counter-revolution", "and", "counterrevolution", "came"],
        ),
    ],
)
def test_join_lines_makes_broken_words_whole_as_the_epub_has_them(lines, epub, expected):
    assert join_lines(lines, Counter(epub)) == expected


def test_normalise_folds_quotes_dashes_ligatures_spaces_and_case():
    assert normalise("“Quoted”") == '"quoted"'
    assert normalise("‘it’s’") == "'it's'"
    assert normalise("\ufb01ne") == "fine"
    assert normalise("co\u00adop") == "coop"
    assert normalise("a\u2014b") == normalise("a\u2013b")
    assert normalise("nOteS") == "notes"
    assert words_of("p.\u00a0227 and\u202fmore") == ["p.", "227", "and", "more"]
