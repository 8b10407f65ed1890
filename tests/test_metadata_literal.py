"""Metadata is text: what book.toml, the texts' own titles and bylines, their furniture and
corrections.toml say reaches the reader exactly as typed.

A small book is built from two texts written for this test. Its title, subtitle, editor,
publisher and rights, a text's title, author, source and date, the other text's inferred title and
byline, and a correction's find, replace and reason are full of characters that are markup
somewhere (Markdown, HTML): each must show literally in the manuscript as pandoc reads it, in the
EPUB (title page, nav, OPF, colophon, the text's opening) and in the PDF (title pages, colophon,
contents, bookmarks). A ``<script>`` is shown, never run. Furniture a text gives (its credits)
follows that text's own conventions: italics where the text writes ``*title*`` for italics
throughout, the characters as typed where it does not.
"""

from __future__ import annotations

import html
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from lxml import etree
from pypdf import PdfReader

from samizdat.config import BuildOptions
from samizdat.manuscript import read_manuscript, write_manuscript
from samizdat.model import BookText, Emph, Loc, Manuscript, Para, Text, TextMeta
from samizdat.pipeline import build
from samizdat.render.html import RenderedBook, render_book
from test_manuscript import HOSTILE

TITLE = "*Stars* ^[x] and <b>bold</b> # hash"
SUBTITLE = "A `tick`, [x](y), _under_ and <script>alert(1)</script>"
EDITOR = "Ed *Itor* & <i>Co</i>"
PUBLISHER = "Press # 5*6*7 ^[p]"
RIGHTS = (
    "Rights: see [the licence](https://example.org/l) ^[x] *free* 5*6*7 <b>bold</b> `code` _under_"
)

#: The first text: named in book.toml, and a text that writes *title* for italics.
A_TITLE = "On *stars*, `ticks` and [x](y)"
A_AUTHOR = "A. *Writer* <b>bold</b> _under_ &amp; Co"
A_SOURCE = "From ^[x] <script>alert(1)</script> # hash 5*6*7 [x](y)"
A_DATE = "1901 *circa*"
A_CREDIT = "Transcribed by the Reading Circle from *The Collected Notes* of that year."

#: The second text: title and byline inferred from its own first lines; no emphasis convention.
B_TITLE = "Of # hash, a ` tick and <b>bold</b>"
B_AUTHOR = "Ann *Other* _under_"
B_CREDIT = "Formatted by *Nobody* at [x](y) <b>b</b> ^[n] # hash."

FIND = "5*6*7"
REPLACE = "5*6*8 `x` [y](z)"
REASON = "*stars* ^[x] <b>b</b> # hash _under_"
CORRECTION = f"“{FIND}” → “{REPLACE}” ({REASON})"

SENTENCES = (
    "The members of the circle met every week to read the chosen passage aloud together. ",
    "Nobody agreed at first, and the arguments went on long after the tea had gone cold. ",
    "Each meeting began with a reading of the passage chosen the week before it. ",
)


def _paragraphs(n: int, seed: int) -> list[str]:
    return ["".join(SENTENCES[(seed + i + k) % 3] for k in range(4)).strip() for i in range(n)]


def _text_a() -> str:
    body = _paragraphs(14, 0)
    body[1] = "They read *Iskra* first, then *Vpered*, and argued. " + body[1]
    body[3] = "Later came *Zarya* and the *Letters*, read slowly. " + body[3]
    return "\n\n".join([A_TITLE, *body, A_CREDIT]) + "\n"


def _text_b() -> str:
    body = _paragraphs(5, 1)
    body[2] = f"The treasurer said the sum {FIND} was right, and nobody checked it. " + body[2]
    return "\n\n".join([B_TITLE, f"by {B_AUTHOR}", *body, B_CREDIT]) + "\n"


def _toml(value: str) -> str:
    return '"' + value.replace("\\", "\\\\").replace('"', '\\"') + '"'


def make_book(folder: Path) -> Path:
    folder.mkdir(parents=True)
    (folder / "a.txt").write_text(_text_a(), encoding="utf-8")
    (folder / "b.txt").write_text(_text_b(), encoding="utf-8")
    (folder / "book.toml").write_text(
        f"title = {_toml(TITLE)}\n"
        f"subtitle = {_toml(SUBTITLE)}\n"
        f"editor = {_toml(EDITOR)}\n"
        f"publisher = {_toml(PUBLISHER)}\n"
        f"rights = {_toml(RIGHTS)}\n"
        'identifier = "urn:test:metadata-literal"\n'
        'date = "2026-01-01"\n'
        'slug = "literal"\n\n'
        '[[texts]]\nfile = "a.txt"\nid = "text-a"\n'
        f"title = {_toml(A_TITLE)}\nauthor = {_toml(A_AUTHOR)}\n"
        f"source = {_toml(A_SOURCE)}\ndate = {_toml(A_DATE)}\n\n"
        '[[texts]]\nfile = "b.txt"\nid = "text-b"\n',
        encoding="utf-8",
    )
    (folder / "corrections.toml").write_text(
        f'[[correction]]\ntext = "text-b"\nfind = {_toml(FIND)}\n'
        f"replace = {_toml(REPLACE)}\nreason = {_toml(REASON)}\n",
        encoding="utf-8",
    )
    return folder


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("literal")
    book = make_book(root / "book")
    out = root / "out"
    build(book, book / "book.toml", out, BuildOptions(workers=1, cache=False))
    return out


def squash(text: str) -> str:
    """Text as a reader reads it: whitespace runs as one space."""
    return " ".join(text.split())


# ---------------------------------------------------------------- the manuscript

L = Loc("t.txt", 1)


def _manuscript(value: str, *, emphasis: bool = False) -> Manuscript:
    """A one-text book with ``value`` as every piece of metadata and as its furniture."""
    body = (Text("Words "), Emph((Text("stressed"),))) if emphasis else (Text("Words."),)
    meta = TextMeta("t", value, author=value, source=value, date=value, file=value)
    text = BookText(meta, (Para(body, L),), furniture=(value,))
    return Manuscript(value, value, value, value, "en", value, value, value, (text,), (value,))


def _read_back(ms: Manuscript) -> RenderedBook:
    return render_book(read_manuscript(write_manuscript(ms)))


def _fields(book: RenderedBook) -> list[str]:
    (text,) = book.texts
    note = html.unescape(re.sub(r"<[^>]*>", "", str(text.source_note_html)))
    return [
        book.title,
        book.subtitle,
        book.editor,
        book.publisher,
        book.identifier,
        book.date,
        book.rights,
        *book.corrections,
        text.title,
        text.author,
        text.source,
        text.date,
        text.file,
        note,
    ]


@pytest.mark.parametrize("value", [*HOSTILE, TITLE, SUBTITLE, RIGHTS, A_SOURCE, REASON])
def test_hostile_metadata_comes_back_literally(value: str):
    assert _fields(_read_back(_manuscript(value))) == [value] * 14


def test_metadata_whitespace_is_one_space_and_no_break_spaces_stay():
    book = _read_back(_manuscript("  A\ttitle\nover\u2028lines,\u00a0kept \\ "))
    assert set(_fields(book)) == {"A title over lines,\u00a0kept \\"}


def test_furniture_of_a_text_that_writes_emphasis_has_it():
    (text,) = _read_back(_manuscript("Made from *The Notes* 5*6*7", emphasis=True)).texts
    assert str(text.source_note_html) == (  # a title of a work, evident mid-sentence
        '<p>Made from <i epub:type="se:name.publication">The Notes</i> 5*6*7</p>'
    )


#: Any text, but mostly the characters that are markup somewhere.
printable = (
    st.text(
        st.sampled_from("*_`[]()<>#^~&\\!@$%|:.-+=\"' 1aZ")
        | st.characters(blacklist_categories=("Cc", "Cs", "Zl", "Zp", "Co")),
        min_size=1,
        max_size=40,
    )
    .map(lambda s: " ".join(s.split()))
    .filter(bool)
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(printable)
def test_any_metadata_survives_the_manuscript(value: str):
    assert _fields(_read_back(_manuscript(value))) == [value] * 14


def _only_text(value: dict) -> bool:
    """Whether a pandoc metadata value is nothing but words and spaces (no markup was read)."""
    if value["t"] == "MetaList":
        return all(_only_text(v) for v in value["c"])
    return value["t"] == "MetaInlines" and all(i["t"] in {"Str", "Space"} for i in value["c"])


def test_pandoc_reads_the_metadata_as_text(built: Path):
    ast = read_manuscript((built / "manuscript.md").read_text(encoding="utf-8"))
    meta = ast["meta"]
    for key in ("title", "subtitle", "editor", "publisher", "rights", "corrections"):
        assert _only_text(meta[key]), (key, meta[key])
    book = render_book(ast)
    assert (book.title, book.subtitle, book.editor, book.publisher, book.rights) == (
        TITLE,
        SUBTITLE,
        EDITOR,
        PUBLISHER,
        RIGHTS,
    )
    assert book.corrections == (f"text-b: {CORRECTION}",)
    a, b = book.texts
    assert (a.title, a.author, a.source, a.date) == (A_TITLE, A_AUTHOR, A_SOURCE, A_DATE)
    assert not a.editorial_title
    assert (b.title, b.author) == (B_TITLE, B_AUTHOR)


def test_the_manuscript_header_is_escaped_markdown(built: Path):
    header = (built / "manuscript.md").read_text(encoding="utf-8").split("\n---\n")[0]
    assert r'title: "\\*Stars\\* \\^\\[x\\] and \\<b\\>bold\\</b\\> \\# hash"' in header


# ---------------------------------------------------------------- the EPUB

XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = {"opf": "http://www.idpf.org/2007/opf", "dc": "http://purl.org/dc/elements/1.1/"}


@pytest.fixture(scope="module")
def epub(built: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(built / "literal.epub") as z:
        return {n: z.read(n) for n in z.namelist()}


def _xml(epub: dict[str, bytes], name: str) -> etree._Element:
    return etree.fromstring(epub[name])


def _by_id(root: etree._Element, ident: str) -> etree._Element:
    (el,) = root.xpath(f"//*[@id='{ident}']")
    return el


def _text(el: etree._Element) -> str:
    return squash("".join(el.itertext()))


def test_epub_title_page_shows_the_metadata_as_typed(epub: dict[str, bytes]):
    page = _xml(epub, "EPUB/text/titlepage.xhtml")
    assert _text(_by_id(page, "book-title")) == TITLE
    (subtitle,) = page.xpath("//*[@class='subtitle']")
    assert _text(subtitle) == SUBTITLE
    (editor,) = page.xpath("//*[@class='editor']")
    assert _text(editor) == f"Edited by {EDITOR}"
    (publisher,) = page.xpath("//*[@class='publisher']")
    assert _text(publisher) == PUBLISHER
    (authors,) = page.xpath("//*[@class='authors']")
    assert _text(authors) == f"Texts by {A_AUTHOR} and {B_AUTHOR}"
    (title,) = page.iter(f"{XHTML}title")
    assert title.text == TITLE
    # and nowhere did markup typed in the metadata become an element
    for name, data in epub.items():
        if name.endswith((".xhtml", ".ncx", ".opf")):
            tags = {  # an <i> the renderer makes says what it is (a title, a language)
                etree.QName(el).localname
                for el in etree.fromstring(data).iter()
                if not el.attrib or etree.QName(el).localname != "i"
            }
            assert not tags & {"script", "b", "i"}, (name, tags)


def test_epub_nav_and_ncx_list_the_titles_as_typed(epub: dict[str, bytes]):
    nav = _xml(epub, "EPUB/text/nav.xhtml")
    labels = [_text(a) for a in _by_id(nav, "toc").iter(f"{XHTML}a")]
    assert A_TITLE in labels and B_TITLE in labels, labels
    ncx = _xml(epub, "EPUB/toc.ncx")
    ncx_text = [squash(t.text or "") for t in ncx.iter("{*}text")]
    assert TITLE in ncx_text and A_TITLE in ncx_text and B_TITLE in ncx_text
    assert A_AUTHOR in ncx_text and B_AUTHOR in ncx_text


def test_epub_package_metadata_is_as_typed(epub: dict[str, bytes]):
    opf = _xml(epub, "EPUB/content.opf")
    md = opf.find("opf:metadata", OPF)
    titles = {t.get("id"): t.text for t in md.iterfind("dc:title", OPF)}
    assert titles == {"title": TITLE, "subtitle": SUBTITLE}
    assert [c.text for c in md.iterfind("dc:creator", OPF)] == [A_AUTHOR, B_AUTHOR]
    assert [c.text for c in md.iterfind("dc:contributor", OPF)] == [EDITOR]
    assert [c.text for c in md.iterfind("dc:publisher", OPF)] == [PUBLISHER]
    assert [c.text for c in md.iterfind("dc:rights", OPF)] == [RIGHTS]


def test_epub_text_opening_shows_title_and_byline_as_typed(epub: dict[str, bytes]):
    doc = _xml(epub, "EPUB/text/text-a.xhtml")
    assert _text(_by_id(doc, "text-a-title")) == A_TITLE
    (byline,) = doc.xpath("//*[@class='byline']")
    assert _text(byline) == A_AUTHOR
    (dateline,) = doc.xpath("//*[@class='dateline']")
    assert _text(dateline) == A_DATE
    (title,) = doc.iter(f"{XHTML}title")
    assert title.text == A_TITLE
    doc = _xml(epub, "EPUB/text/text-b.xhtml")
    assert _text(_by_id(doc, "text-b-title")) == B_TITLE
    body = _text(_by_id(doc, "text-b"))
    assert f"the sum {REPLACE} was right" in body


def test_epub_colophon_shows_metadata_as_typed(epub: dict[str, bytes]):
    colophon = _xml(epub, "EPUB/text/colophon.xhtml")
    whole = _text(_by_id(colophon, "colophon"))
    assert whole.startswith(f"Colophon {TITLE}: {SUBTITLE}, edited by {EDITOR}, published by")
    assert f"published by {PUBLISHER}, 2026-01-01." in whole
    (rights,) = colophon.xpath("//*[@class='rights']")
    assert _text(rights) == RIGHTS
    a = _text(_by_id(colophon, "colophon-text-a"))
    assert a.startswith(f"{A_TITLE}, by {A_AUTHOR} ({A_DATE}).")
    assert f"Source: {A_SOURCE}" in a
    b = _text(_by_id(colophon, "colophon-text-b"))
    assert b.startswith(f"{B_TITLE}, by {B_AUTHOR}.")
    assert CORRECTION in b


def test_furniture_follows_its_texts_conventions(epub: dict[str, bytes]):
    colophon = _xml(epub, "EPUB/text/colophon.xhtml")
    a = _by_id(colophon, "colophon-text-a")
    # text a writes *title* for italics throughout: its credit line does too
    assert "Transcribed by the Reading Circle from The Collected Notes of that year." in _text(a)
    assert [_text(e) for e in a.iter(f"{XHTML}i")] == ["The Collected Notes"]  # a title
    # text b does not: its credit line shows every character as typed
    b = _by_id(colophon, "colophon-text-b")
    assert B_CREDIT in _text(b)
    assert not list(b.iter(f"{XHTML}em")) and not list(b.iter(f"{XHTML}i"))
    assert "\\" not in _text(colophon)


# ---------------------------------------------------------------- the PDF


def _pdf_pages(pdf: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, check=True
    ).stdout.decode("utf-8")
    # a word hyphenated at a line end is one word to a reader (no typed value has a hyphen)
    return [squash(re.sub(r"-\n(?=\w)", "", page)) for page in out.split("\f")]


@pytest.fixture(scope="module")
def pdf_pages(built: Path) -> list[str]:
    return _pdf_pages(built / "literal.pdf")


def small_caps(text: str) -> str:
    """Text set in small caps as pdftotext gives it back: the font's small capitals extract as
    capitals or lower case, and letter-spacing as spaces, so compare without either."""
    return re.sub(r"\s+", "", text).casefold()


def test_pdf_title_pages_show_the_metadata_as_typed(pdf_pages: list[str]):
    half, title = pdf_pages[0], pdf_pages[2]
    assert small_caps(half) == small_caps(TITLE)  # the half-title is set in small caps
    assert title.startswith(f"{TITLE} {SUBTITLE} Edited by {EDITOR} ")
    assert small_caps(title.rsplit(EDITOR, 1)[1]) == small_caps(PUBLISHER)


def flat(text: str) -> str:
    """Text without its spaces: a line may break after ``</`` with no space in the text."""
    return re.sub(r"\s+", "", text)


def test_pdf_colophon_and_contents_show_the_metadata_as_typed(pdf_pages: list[str]):
    (page,) = [p for p in pdf_pages if "Edition of 2026-01-01." in p]
    colophon = flat(page)
    assert colophon.startswith(
        flat(f"{TITLE}: {SUBTITLE} Edited by {EDITOR}. Published by {PUBLISHER}.")
    )
    assert flat(RIGHTS) in colophon
    assert flat(f"{A_TITLE}, {A_AUTHOR}. {A_SOURCE}. Dated {A_DATE}.") in colophon
    assert flat(f"{B_TITLE}, {B_AUTHOR}.") in colophon
    assert flat(CORRECTION) in colophon
    assert flat("Transcribed by the Reading Circle from The Collected Notes of that year.") in (
        colophon
    )
    assert flat(B_CREDIT) in colophon
    assert f"{RIGHTS} " in page and f"{CORRECTION} " in page  # spaced as typed
    (contents,) = [p for p in pdf_pages if small_caps(p).startswith("contents")]
    assert f"{A_TITLE} . . ." in contents and f"{B_TITLE} . . ." in contents
    assert f" {A_AUTHOR} " in contents and f" {B_AUTHOR} " in contents


def test_pdf_openings_heads_and_bookmarks_show_titles_as_typed(built: Path, pdf_pages: list[str]):
    # a text opens with its title, its author (in small caps) and its date
    openings = [small_caps(p) for p in pdf_pages if p.startswith((A_TITLE, B_TITLE))]
    assert any(o.startswith(small_caps(f"{A_TITLE} {A_AUTHOR} {A_DATE} The")) for o in openings)
    assert any(o.startswith(small_caps(f"{B_TITLE} {B_AUTHOR} Nobody")) for o in openings)
    reader = PdfReader(built / "literal.pdf")
    assert [o.title for o in reader.outline if not isinstance(o, list)] == [A_TITLE, B_TITLE]
    assert reader.metadata.title == TITLE
    assert reader.metadata.author == f"{A_AUTHOR}, {B_AUTHOR}"
    # running heads: the book's title (in small caps) on versos, the text's on rectos
    body = pdf_pages[6:]
    assert any(small_caps(TITLE) in small_caps(p) for p in body)
    assert any(p.startswith(f"{A_TITLE} 3 ") for p in body), body
