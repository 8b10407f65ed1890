"""The build as an editor uses it: caching, no-op rebuilds, corrections, selections, atomicity."""

from __future__ import annotations

import hashlib
import json
import re
import shutil
from pathlib import Path

import pytest
from pypdf import PdfReader

from samizdat import paths
from samizdat.config import BuildOptions
from samizdat.errors import SamizdatError
from samizdat.pipeline import build
from samizdat.state import up_to_date

SENTENCES = (
    "The workers of the district met every week to read and argue about the texts together. ",
    "Nobody agreed at first, and the arguments went on long after the tea had gone cold. ",
    "Each meeting began with a reading aloud of the passage chosen the week before. ",
)


def _text(title: str, paragraphs: int, seed: int) -> str:
    body = []
    for i in range(paragraphs):
        words = "".join(SENTENCES[(seed + i + k) % 3] for k in range(5))
        body.append(f"Paragraph {i + 1} of {title.lower()}. {words}")
    return f"{title}\n\n" + "\n\n".join(body) + "\n"


def make_book(folder: Path, paragraphs: int = 14) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    titles = ["The First Text", "The Second Text", "The Third Text"]
    entries = []
    for n, title in enumerate(titles, 1):
        (folder / f"{n:02d}.txt").write_text(_text(title, paragraphs, n), encoding="utf-8")
        ident = title.lower().replace(" ", "-")
        entries.append(f'[[texts]]\nfile = "{n:02d}.txt"\nid = "{ident}"\ntitle = "{title}"\n')
    (folder / "book.toml").write_text(
        'title = "A Small Reader"\nidentifier = "urn:test:small"\ndate = "2026-01-01"\n\n'
        + "\n".join(entries),
        encoding="utf-8",
    )
    (folder / "corrections.toml").write_text("", encoding="utf-8")
    return folder


def add_correction(folder: Path, text: str, find: str, replace: str) -> None:
    with (folder / "corrections.toml").open("a", encoding="utf-8") as fh:
        fh.write(
            f'\n[[correction]]\ntext = "{text}"\nfind = "{find}"\nreplace = "{replace}"\n'
            'reason = "test"\n'
        )


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def outputs(out: Path) -> dict[str, str]:
    return {p.name: sha(p) for p in sorted(out.iterdir()) if p.is_file()}


@pytest.fixture(scope="module")
def small_book(tmp_path_factory) -> tuple[Path, Path]:
    """A three-text book built once, with its cache."""
    root = tmp_path_factory.mktemp("small")
    book = make_book(root / "book")
    out = root / "out"
    build(book, book / "book.toml", out, BuildOptions(workers=1))
    return book, out


def copy_built(small_book: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    book, out = small_book
    shutil.copytree(book, tmp_path / "book")
    shutil.copytree(out, tmp_path / "out")
    return tmp_path / "book", tmp_path / "out"


def test_noop_rebuild_does_no_work_and_keeps_outputs(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    before = outputs(out)
    result = build(book, book / "book.toml", out, BuildOptions(workers=1))
    assert result.noop
    assert outputs(out) == before
    assert {p.name for p in result.outputs} == set(before)


def test_config_change_invalidates(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    options = BuildOptions(workers=1)
    assert up_to_date(book, book / "book.toml", out, options, epub=True, pdf=True)[1]
    toml = book / "book.toml"
    toml.write_text(toml.read_text().replace("A Small Reader", "A Smaller Reader"))
    assert up_to_date(book, book / "book.toml", out, options, epub=True, pdf=True)[1] is None
    result = build(book, toml, out, options)
    assert not result.noop
    assert "A Smaller Reader" in (out / "manuscript.md").read_text()


def test_template_change_invalidates(small_book, tmp_path, monkeypatch):
    book, out = copy_built(small_book, tmp_path)
    templates = tmp_path / "templates"
    shutil.copytree(paths.TEMPLATES, templates)
    monkeypatch.setattr(paths, "TEMPLATES", templates)
    options = BuildOptions(workers=1)
    fingerprint, _ = up_to_date(book, book / "book.toml", out, options, epub=True, pdf=True)
    css = templates / "print" / "print.css"
    css.write_text(css.read_text() + "\n/* changed */\n")
    changed, _ = up_to_date(book, book / "book.toml", out, options, epub=True, pdf=True)
    assert changed != fingerprint


def test_option_change_invalidates_but_workers_do_not(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    cfg = book / "book.toml"
    assert up_to_date(book, cfg, out, BuildOptions(workers=2), epub=True, pdf=True)[1]
    assert up_to_date(book, cfg, out, BuildOptions(paper="a4"), epub=True, pdf=True)[1] is None
    assert up_to_date(book, cfg, out, BuildOptions(), epub=True, pdf=False)[1] is None


def test_tampered_output_is_rebuilt(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    epub = out / "a-small-reader.epub"
    good = sha(epub)
    epub.write_bytes(b"not an epub")
    result = build(book, book / "book.toml", out, BuildOptions(workers=1))
    assert not result.noop
    assert sha(epub) == good


def test_correction_rebuild_equals_clean_build(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    add_correction(book, "the-second-text", "Paragraph 3 of", "Paragraph three of")
    incremental = build(book, book / "book.toml", out, BuildOptions(workers=1))
    assert not incremental.noop
    assert "normalised" in _hits(out)
    clean = tmp_path / "clean"
    build(book, book / "book.toml", clean, BuildOptions(workers=1, cache=False))
    for name in ("manuscript.md", "a-small-reader.epub", "a-small-reader.pdf"):
        assert sha(out / name) == sha(clean / name), name
    assert not (clean / ".cache").exists()


def _hits(out: Path) -> set[str]:
    return {p.name for p in (out / ".cache").iterdir() if p.is_dir()}


def test_changes_report_names_the_corrected_text(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    add_correction(book, "the-third-text", "Paragraph 5 of", "Paragraph five of")
    result = build(book, book / "book.toml", out, BuildOptions(workers=1))
    report = (out / "changes.md").read_text()
    assert "“The Third Text” (the-third-text)" in report
    assert "First Text" not in report.split("Texts changed:")[1].split("\n")[0]
    assert "Contents page numbers: unchanged." in report
    assert any(line.startswith("Printed pages:") for line in result.changes)
    changed = report.split("changed: ")[1].split(";")[0]
    assert changed != "none"
    start = int(
        json.loads((out / "build-report.json").read_text())["pdf"]["text_start_pages"][
            "the-third-text"
        ]
    )
    assert all(int(p) >= start for p in changed.replace("–", ",").split(", ") if p.isdigit())


def test_failed_build_leaves_previous_outputs(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    before = outputs(out)
    (book / "02.txt").write_bytes(b"\x00\x01binary" * 100)
    with pytest.raises(SamizdatError, match=r"02\.txt"):
        build(book, book / "book.toml", out, BuildOptions(workers=1))
    assert outputs(out) == before
    assert not list(out.glob(".staging-*"))


def test_only_makes_a_smaller_book_with_its_own_contents(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    result = build(book, book / "book.toml", out, BuildOptions(workers=1, only=("03.txt",)))
    pdf = out / "a-small-reader-the-third-text.pdf"
    assert pdf.exists() and (out / "a-small-reader-the-third-text.epub").exists()
    full, part = PdfReader(out / "a-small-reader.pdf"), PdfReader(pdf)
    assert len(part.pages) < len(full.pages)
    assert [o.title for o in part.outline if not isinstance(o, list)][-1] == "The Third Text"
    assert "The First Text" not in [o.title for o in part.outline if not isinstance(o, list)]
    assert result.report["pdf"]["text_start_pages"] == {"the-third-text": "1"}


def test_only_unknown_text_is_an_error(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    with pytest.raises(SamizdatError, match="--only: no text 'nope'"):
        build(book, book / "book.toml", out, BuildOptions(only=("nope",)))


def test_epub_alone_reuses_the_print_page_map(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    full = json.loads((out / "build-report.json").read_text())["epub"]["page_list_entries"]
    assert full > 0
    result = build(book, book / "book.toml", out, BuildOptions(), epub=True, pdf=False)
    assert result.report["epub"]["page_list_entries"] == full
    fresh = build(
        book, book / "book.toml", tmp_path / "fresh", BuildOptions(), epub=True, pdf=False
    )
    assert fresh.report["epub"]["page_list_entries"] == 0
    assert any("without a page-list" in w for w in fresh.report["warnings"])


def test_booklet_is_written_with_padded_sheets(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    result = build(book, book / "book.toml", out, BuildOptions(workers=1, booklet=True))
    pages = len(PdfReader(out / "a-small-reader.pdf").pages)
    sides = len(PdfReader(out / "a-small-reader-booklet.pdf").pages)
    assert sides == -(-pages // 4) * 2
    booklet = result.report["pdf"]["booklet"]
    assert booklet["sides"] == sides and booklet["sheets"] == sides // 2
    assert sum(booklet["sheets_per_signature"]) == sides // 2
    assert max(booklet["sheets_per_signature"]) <= 4  # the default signature of 4 sheets


def test_corrupt_cache_entries_are_ignored(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    for entry in (out / ".cache").rglob("*"):
        if entry.is_file():
            entry.write_bytes(b"garbage")
    (out / ".cache" / "manifest.json").write_text("{not json")
    before = outputs(out)
    result = build(book, book / "book.toml", out, BuildOptions(workers=1))
    assert not result.noop
    after = outputs(out)
    for name in ("manuscript.md", "a-small-reader.epub", "a-small-reader.pdf"):
        assert after[name] == before[name], name
    parts = result.report["pdf"]["parts"]
    assert parts and set(parts.values()) == {"rendered"}


def test_paragraph_numbers_are_the_same_in_pdf_and_epub(small_book, tmp_path):
    """--para-numbers: the PDF's named destinations and the EPUB's numbered paragraphs agree."""
    import zipfile

    book, out = copy_built(small_book, tmp_path)
    build(book, book / "book.toml", out, BuildOptions(workers=1, para_numbers=True))
    pdf_ids = {
        n
        for n in PdfReader(out / "a-small-reader.pdf").named_destinations
        if re.search(r"-p\d+$", n)
    }
    epub_ids = set()
    with zipfile.ZipFile(out / "a-small-reader.epub") as z:
        for name in z.namelist():
            if name.endswith(".xhtml"):
                html = z.read(name).decode()
                epub_ids |= set(re.findall(r'<p id="([a-z0-9-]+-p\d+)" data-para="\d+"', html))
    assert len(epub_ids) == 3 * 14
    assert pdf_ids == epub_ids


def test_check_compares_the_built_epub_and_pdf(small_book, tmp_path):
    from click.testing import CliRunner

    from samizdat.cli import main

    book, out = copy_built(small_book, tmp_path)
    result = CliRunner().invoke(main, ["check", "--seeds", str(book), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert "outputs: a-small-reader.epub against a-small-reader.pdf" in result.output
    assert "EPUB and PDF agree" in result.output
    empty = CliRunner().invoke(main, ["check", "--seeds", str(book), "--out", str(tmp_path / "x")])
    assert empty.exit_code == 0 and "to compare (build first)" in empty.output


def test_findings_are_the_same_after_a_cached_rebuild(small_book, tmp_path):
    """Cached normalisation must not carry the previous build's proofreading findings."""
    book, out = copy_built(small_book, tmp_path)
    (book / "01.txt").write_text((book / "01.txt").read_text() + "\nShort one.\n", encoding="utf-8")
    first = build(book, book / "book.toml", out, BuildOptions(workers=1)).report
    add_correction(book, "the-second-text", "Paragraph 2 of", "Paragraph two of")
    second = build(book, book / "book.toml", out, BuildOptions(workers=1)).report
    findings = [t["findings"] for t in first["texts"]]
    assert any(findings) and findings == [t["findings"] for t in second["texts"]]


def test_proof_command_renders_chosen_pages(small_book, tmp_path):
    from click.testing import CliRunner

    from samizdat.cli import main

    book, out = copy_built(small_book, tmp_path)
    args = ["proof", "--seeds", str(book), "--out", str(out), "--pages", "1,3-4", "--jobs", "1"]
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    names = sorted(p.name for p in (out / "proof").iterdir())
    assert names == ["contact-sheet.png", "page-001.png", "page-003.png", "page-004.png"]
    bad = CliRunner().invoke(
        main, ["proof", "--seeds", str(book), "--out", str(out), "--pages", "999"]
    )
    assert bad.exit_code == 1 and "proof: page range '999' is outside" in bad.output


def test_only_through_the_cli_takes_a_comma_list(small_book, tmp_path):
    from click.testing import CliRunner

    from samizdat.cli import main

    book, out = copy_built(small_book, tmp_path)
    args = ["pdf", "--seeds", str(book), "--out", str(out), "--only", "01.txt,the-third-text"]
    result = CliRunner().invoke(main, [*args, "--jobs", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    pdf = PdfReader(out / "a-small-reader-the-first-text-the-third-text.pdf")
    titles = [o.title for o in pdf.outline if not isinstance(o, list)]
    assert "The Second Text" not in titles and "The Third Text" in titles


def test_accessibility_evaluation_from_book_toml_is_recorded(small_book, tmp_path):
    import zipfile

    book, out = copy_built(small_book, tmp_path)
    with zipfile.ZipFile(out / "a-small-reader.epub") as z:
        name = next(n for n in z.namelist() if n.endswith(".opf"))
        assert "conformsTo" not in z.read(name).decode()
    toml = book / "book.toml"
    toml.write_text(
        toml.read_text().replace(
            'date = "2026-01-01"\n',
            'date = "2026-01-01"\n\n[accessibility]\ncertified_by = "The Editors"\n'
            'evaluated = "2026-11-22"\n',
            1,
        )
    )
    result = build(book, toml, out, BuildOptions(workers=1), epub=True, pdf=False)
    assert result.report["epub"]["conforms_to"]
    with zipfile.ZipFile(out / "a-small-reader.epub") as z:
        package = z.read(name).decode()
    assert "EPUB Accessibility 1.1 - WCAG 2.1 Level AA" in package and "The Editors" in package


@pytest.mark.parametrize(
    ("table", "needle"),
    [
        ('[accessibility]\ncertified_by = "X"\n', "needs 'evaluated'"),
        ('[accessibility]\ncertified_by = "X"\nevaluated = "soon"\n', "date like"),
        ('[accessibility]\ncertified_by = "X"\nevaluated = "2026"\nby = "y"\n', "unknown key 'by'"),
    ],
)
def test_accessibility_table_is_checked(tmp_path, table, needle):
    from samizdat.config import load_book_config
    from samizdat.errors import ConfigError

    toml = tmp_path / "book.toml"
    toml.write_text('title = "T"\n' + table)
    with pytest.raises(ConfigError, match=re.escape(needle)):
        load_book_config(toml)


def test_strict_build_with_findings_writes_nothing(small_book, tmp_path):
    book, out = copy_built(small_book, tmp_path)
    before = outputs(out)
    (book / "01.txt").write_text((book / "01.txt").read_text() + "\nTiny.\n", encoding="utf-8")
    with pytest.raises(SamizdatError, match=r"--strict: .* previous outputs left in place"):
        build(book, book / "book.toml", out, BuildOptions(workers=1, strict=True))
    assert outputs(out) == before
    assert not list(out.glob(".staging-*"))
