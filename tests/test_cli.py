"""The command line, through click's CliRunner: help, errors (one line, exit code), outputs."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from samizdat.cli import main

FIXTURES = Path(__file__).parent / "fixtures"
COMMANDS = ["build", "manuscript", "epub", "pdf", "check", "proof", "serve"]


def run(*args: str):
    return CliRunner().invoke(main, list(args))


@pytest.mark.parametrize("command", COMMANDS)
def test_every_command_has_help_with_an_example(command):
    result = run(command, "--help")
    assert result.exit_code == 0 and "Example" in result.output and "--seeds" in result.output


def _folder(tmp_path: Path, *files: str) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    for f in files:
        shutil.copy(FIXTURES / f, book / f)
    return book


def _one_line_error(result, *needles: str) -> None:
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("error: "), result.output
    assert "Traceback" not in result.output
    for n in needles:
        assert n in lines[0]


def test_missing_book_folder(tmp_path):
    _one_line_error(run("manuscript", "--seeds", str(tmp_path / "nope")), "nope")


def test_empty_file_is_named(tmp_path):
    book = _folder(tmp_path)
    (book / "empty.txt").write_text("")
    _one_line_error(
        run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "o")), "empty.txt", "empty"
    )
    assert not (tmp_path / "o" / "manuscript.md").exists()


def test_binary_file_is_refused(tmp_path):
    book = _folder(tmp_path)
    (book / "fake.txt").write_bytes(b"%PDF-1.7\x00\x01\x02binary")
    _one_line_error(
        run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "o")), "fake.txt", "PDF"
    )


def test_unknown_config_key_is_named(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (book / "book.toml").write_text('title = "x"\ncolour = "red"\n')
    _one_line_error(run("manuscript", "--seeds", str(book)), "colour")


def test_wrong_type_is_named(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (book / "book.toml").write_text("title = 3\n")
    _one_line_error(run("manuscript", "--seeds", str(book)), "title", "string")


def test_missing_text_file_is_named(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (book / "book.toml").write_text('[[texts]]\nfile = "gone.txt"\n')
    _one_line_error(run("manuscript", "--seeds", str(book)), "gone.txt")


def test_path_escaping_the_book_folder_is_refused(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (tmp_path / "secret.txt").write_text("secret words here.")
    (book / "book.toml").write_text('[[texts]]\nfile = "../secret.txt"\n')
    _one_line_error(run("manuscript", "--seeds", str(book)), "outside")


def test_correction_that_does_not_match_names_the_entry(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (book / "corrections.toml").write_text(
        '[[correction]]\ntext = "bom_utf8.txt"\nfind = "zebra"\nreplace = "horse"\n'
    )
    _one_line_error(
        run("manuscript", "--seeds", str(book), "--out", str(tmp_path / "o")),
        "correction 1",
        "zebra",
    )


def test_correction_applies(tmp_path):
    book = _folder(tmp_path, "bom_utf8.txt")
    (book / "corrections.toml").write_text(
        '[[correction]]\ntext = "bom_utf8.txt"\nfind = "says so"\nreplace = "said so"\n'
        'reason = "test"\n'
    )
    out = tmp_path / "o"
    assert run("manuscript", "--seeds", str(book), "--out", str(out), "--quiet").exit_code == 0
    md = (out / "manuscript.md").read_text()
    assert "said so" in md and "says so" not in md.split("---", 2)[2]


def test_manuscript_command_writes_report_and_manuscript(tmp_path):
    book = _folder(tmp_path, "cp1252_crlf.txt", "markup.txt")
    out = tmp_path / "o"
    result = run("manuscript", "--seeds", str(book), "--out", str(out))
    assert result.exit_code == 0, result.output
    report = json.loads((out / "build-report.json").read_text())
    assert [t["file"] for t in report["texts"]] == ["cp1252_crlf.txt", "markup.txt"]
    assert any("cp1252" in w or "windows" in w.lower() for w in report["warnings"])
    md = (out / "manuscript.md").read_text()
    assert "“quoted” words and the café—all" in md
    assert "\\<script\\>" in md and "<script>" not in md


def test_check_prints_counts_and_conservation():
    result = run("check")
    assert result.exit_code == 0, result.output
    assert "conservation ok" in result.output and "notes: 6 found" in result.output


def test_strict_fails_on_findings(tmp_path):
    book = _folder(tmp_path, "ocr_pages.txt")
    (book / "short.txt").write_text("A short one.\n\nTiny.\n")
    result = run("check", "--seeds", str(book), "--strict")
    assert result.exit_code == 1 and "--strict" in result.output


def test_unknown_option_is_a_usage_error():
    assert run("--no-such-option").exit_code == 2


def test_a_book_of_one_text_takes_its_title(tmp_path):
    """Without book.toml a book of one text is called by that text's title, on the title page,
    in the metadata and in the output files' names; a book of several is "Untitled Reader"."""
    (tmp_path / "one").mkdir(), (tmp_path / "two").mkdir()
    one, out = _folder(tmp_path / "one", "gutenberg.txt"), tmp_path / "o1"
    result = run("epub", "--seeds", str(one), "--out", str(out), "--quiet")
    assert result.exit_code == 0, result.output
    md = (out / "manuscript.md").read_text()
    assert 'title: "A Short Tract"' in md.split("---", 2)[1]
    assert (out / "a-short-tract.epub").is_file()
    assert "<title>Review: A Short Tract</title>" in (out / "review.html").read_text()
    two, out2 = _folder(tmp_path / "two", "gutenberg.txt", "bom_utf8.txt"), tmp_path / "o2"
    assert run("manuscript", "--seeds", str(two), "--out", str(out2), "--quiet").exit_code == 0
    assert 'title: "Untitled Reader"' in (out2 / "manuscript.md").read_text()
    (one / "book.toml").write_text('title = "A Reader of Tracts"\n')
    assert run("manuscript", "--seeds", str(one), "--out", str(out), "--quiet").exit_code == 0
    assert 'title: "A Reader of Tracts"' in (out / "manuscript.md").read_text()


def test_a_book_of_one_text_shows_its_author_on_the_title_page(tmp_path):
    """The title page of a book of one text names that text's author (EPUB and print), not
    "Texts by …" as a reader of several texts does."""
    import subprocess
    import zipfile

    book, out = _folder(tmp_path, "wrapped_essay.txt"), tmp_path / "o"
    result = run("build", "--seeds", str(book), "--out", str(out), "--quiet", "--jobs", "1")
    assert result.exit_code == 0, result.output
    with zipfile.ZipFile(out / "on-wrapped-lines.epub") as z:
        page = z.read("EPUB/text/titlepage.xhtml").decode()
    assert '<p class="authors">A. Nonymous</p>' in page and "Texts by" not in page
    title_page = subprocess.run(
        ["pdftotext", "-f", "3", "-l", "3", str(out / "on-wrapped-lines.pdf"), "-"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    assert "On Wrapped Lines" in title_page and "A. NONYMOUS" in title_page.upper()
