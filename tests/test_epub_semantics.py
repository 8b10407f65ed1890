"""The EPUB's semantics beyond validity: metadata a catalogue reads, the colophon as a reader
sees it (Standard Ebooks' conventions where they apply)."""

from __future__ import annotations

import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

from markupsafe import Markup

from samizdat.render.epub import write_epub
from samizdat.render.html import RenderedBook

MODIFIED = "2026-01-01T00:00:00Z"
OPF = "{http://www.idpf.org/2007/opf}"
DC = "{http://purl.org/dc/elements/1.1/}"
X = "{http://www.w3.org/1999/xhtml}"


def _open(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as z:
        return {n: z.read(n) for n in z.namelist()}


def _metas(opf: ET.Element) -> list[tuple[str, str, str]]:
    return [
        (m.get("property") or "", m.get("refines") or "", m.text or "")
        for m in opf.iter(f"{OPF}meta")
        if m.get("property")
    ]


def test_creators_file_as_surname_first_and_texts_name_their_sources(
    sample_book: RenderedBook, tmp_path: Path
):
    files = _open(write_epub(sample_book, tmp_path / "b.epub", modified=MODIFIED).path)
    opf = ET.fromstring(files["EPUB/content.opf"])
    creators = {c.get("id"): c.text for c in opf.iter(f"{DC}creator")}
    file_as = {r: v for p, r, v in _metas(opf) if p == "file-as"}
    assert {creators[r[1:]]: v for r, v in file_as.items()} == {
        "A. Writer": "Writer, A.",
        "T. Clark": "Clark, T.",
    }
    sources = [s.text for s in opf.iter(f"{DC}source")]
    assert sources == ["A journal, 1999"]  # the first text's; the second gives none
    words = [v for p, _, v in _metas(opf) if p == "schema:wordCount"]
    assert len(words) == 1 and int(words[0]) > 1000


def test_a_text_in_another_language_adds_the_books_language(
    sample_book: RenderedBook, tmp_path: Path
):
    one, two = sample_book.texts
    book = replace(sample_book, texts=(one, replace(two, language="de")))
    files = _open(write_epub(book, tmp_path / "de.epub", modified=MODIFIED).path)
    opf = ET.fromstring(files["EPUB/content.opf"])
    assert [lang.text for lang in opf.iter(f"{DC}language")] == ["en", "de"]


def test_colophon_shows_no_digest_file_names_and_links_bare_addresses(
    sample_book: RenderedBook, tmp_path: Path
):
    one, two = sample_book.texts
    furniture = Markup("<p>Work retrieved from an archive.</p><p>www.lulu.com/c2w</p>")
    book = replace(
        sample_book,
        texts=(
            replace(one, file="000_af4abf0bc9dc1f10.txt", source_note_html=furniture),
            replace(two, file="interview.txt"),
        ),
    )
    files = _open(write_epub(book, tmp_path / "c.epub", modified=MODIFIED).path)
    colophon = files["EPUB/text/colophon.xhtml"].decode()
    assert "af4abf0bc9dc1f10" not in colophon
    assert "<code>interview.txt</code>" in colophon  # a name that tells the reader something
    root = ET.fromstring(colophon)
    links = [(a.get("href"), a.text) for a in root.iter(f"{X}a") if a.get("class") == "link"]
    assert links == [("https://www.lulu.com/c2w", "www.lulu.com/c2w")]
    assert "1 January 2026" in "".join(root.itertext())
