"""Rebuilds after a correction, laid out by two workers: as fast as the cache allows and the
same bytes as a clean build (issue 17)."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from samizdat.config import BuildOptions
from samizdat.pipeline import build
from test_pipeline import add_correction, make_book, sha

OUTPUTS = ("manuscript.md", "a-small-reader.epub", "a-small-reader.pdf")


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    """A three-text book built once by two workers, with its cache."""
    root = tmp_path_factory.mktemp("incremental")
    book = make_book(root / "book")
    out = root / "out"
    build(book, book / "book.toml", out, BuildOptions(workers=2))
    return book, out


def _copy(built: tuple[Path, Path], tmp_path: Path) -> tuple[Path, Path]:
    shutil.copytree(built[0], tmp_path / "book")
    shutil.copytree(built[1], tmp_path / "out")
    return tmp_path / "book", tmp_path / "out"


def _rebuild(book: Path, out: Path) -> list[str]:
    lines: list[str] = []
    build(book, book / "book.toml", out, BuildOptions(workers=2), progress=lines.append)
    return lines


def _same_as_clean(book: Path, out: Path, tmp_path: Path) -> None:
    clean = tmp_path / "clean"
    build(book, book / "book.toml", clean, BuildOptions(workers=2, cache=False))
    for name in OUTPUTS:
        assert sha(out / name) == sha(clean / name), name


def _guesses(out: Path) -> list[Path]:
    return sorted((out / ".cache" / "pdf-parts").glob("*.folios.json"))


def test_a_correction_reuses_the_front_matter_laid_out_while_the_text_was(built, tmp_path):
    # The colophon lists the corrections, so the front matter changes with every one; laid out
    # with the last build's contents folios beside the corrected text, it is ready when the
    # text is (the folios did not move), and the book is the clean build's, byte for byte.
    book, out = _copy(built, tmp_path)
    add_correction(book, "the-second-text", "Paragraph 3 of", "Paragraph three of")
    lines = _rebuild(book, out)
    assert any(line.startswith("pdf: laid out 001 the-second-text") for line in lines), lines
    assert any(line.startswith("pdf: reused the front matter") for line in lines), lines
    _same_as_clean(book, out, tmp_path)


def test_a_wrong_or_broken_guess_of_the_folios_changes_no_byte(built, tmp_path):
    book, out = _copy(built, tmp_path)
    guesses = _guesses(out)
    assert len(guesses) == 1
    folios = json.loads(guesses[0].read_text(encoding="utf-8"))
    wrong = {name: "99" for name in folios}
    guesses[0].write_text(json.dumps(wrong), encoding="utf-8")
    add_correction(book, "the-third-text", "Paragraph 2 of", "Paragraph two of")
    lines = _rebuild(book, out)
    assert any(line.startswith("pdf: laid out the front matter") for line in lines), lines
    _same_as_clean(book, out, tmp_path)
    assert json.loads(guesses[0].read_text(encoding="utf-8")) == folios
    guesses[0].write_text(json.dumps({"the-first-text": "1"}), encoding="utf-8")  # ids missing
    add_correction(book, "the-third-text", "Paragraph 5 of", "Paragraph five of")
    _rebuild(book, out)
    _same_as_clean(book, out, tmp_path / "missing")
    guesses[0].write_text("{not json", encoding="utf-8")
    add_correction(book, "the-third-text", "Paragraph 4 of", "Paragraph four of")
    _rebuild(book, out)
    _same_as_clean(book, out, tmp_path / "again")


def test_a_correction_renders_again_only_the_text_it_touches(built, tmp_path, monkeypatch):
    # Each text's HTML rendering is cached by its pandoc pieces: the two texts the correction
    # does not touch come from the cache, and the book is the clean build's, byte for byte.
    import samizdat.pipeline as pipeline

    rendered: list[str] = []

    def spy(meta, texts):  # type: ignore[no-untyped-def]
        result = real(meta, texts)
        rendered.extend(t.id for t in result.texts)
        return result

    real = pipeline.render_pieces
    monkeypatch.setattr(pipeline, "render_pieces", spy)
    book, out = _copy(built, tmp_path)
    add_correction(book, "the-second-text", "Paragraph 6 of", "Paragraph six of")
    _rebuild(book, out)
    assert rendered == ["the-second-text"]
    monkeypatch.setattr(pipeline, "render_pieces", real)
    _same_as_clean(book, out, tmp_path)


def test_kept_entries_survive_the_prune(tmp_path):
    # A text rendered from the cache does not read pandoc's readings of its pieces; they are
    # kept for the next correction of that text.
    from samizdat.cache import Store

    first = Store(tmp_path)
    first.put("pandoc", "a", b"reading a")
    first.put("pandoc", "b", b"reading b")
    first.flush()
    second = Store(tmp_path)
    second.keep("pandoc", ["a"])
    second.get("pandoc", "b")
    second.prune()
    assert Store(tmp_path).get("pandoc", "a") == b"reading a"
