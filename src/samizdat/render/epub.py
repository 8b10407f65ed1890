"""The EPUB 3 writer: :class:`RenderedBook` → a reproducible, EPUBCheck-clean ``.epub``.

Layout of the container (``EPUB/`` is ebooklib's package folder)::

    mimetype                    stored, first
    META-INF/container.xml
    EPUB/content.opf            metadata, manifest, spine, guide (ebooklib)
    EPUB/toc.ncx                for EPUB 2 reading systems (template)
    EPUB/css/epub.css
    EPUB/images/cover.png       typographic cover (:mod:`samizdat.render.cover`)
    EPUB/text/cover.xhtml       cover page
    EPUB/text/titlepage.xhtml
    EPUB/text/nav.xhtml         toc, landmarks, page-list (template)
    EPUB/text/<text-id>.xhtml   one per text, its endnotes at its end
    EPUB/text/colophon.xhtml    sources, furniture, corrections, rights, build

ebooklib assembles the package (OPF metadata, manifest, spine, guide, container); every XHTML
document and the NCX come from Jinja2 templates in ``templates/epub`` and are stored verbatim
(ebooklib's own HTML pass would re-parse them with an HTML parser and its nav generator cannot
write page lists or landmarks of our choosing). The zip is then rewritten reproducibly.

Modules: :mod:`.epub_xhtml` (templates, fragment edits: page markers, paragraph numbers,
back-links), :mod:`.epub_nav` (toc, landmarks, NCX, guide), :mod:`.epub_front` (cover page, title
page, nav, colophon), :mod:`.epub_meta` (package and accessibility metadata),
:mod:`.epub_zip` (reproducible container), :mod:`.cover` (cover image).
"""

from __future__ import annotations

import io
import os
import re
import uuid
from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from html import unescape
from pathlib import Path

from ebooklib import epub
from lxml import etree

from ..paths import TEMPLATES
from . import epub_zip
from .cover import Cover, make_cover
from .epub_front import COVER_IMAGE, and_list, front_and_back
from .epub_meta import Evaluation, Facts, add_metadata, headings_nested
from .epub_nav import TEXT_DIR, guide, heading
from .epub_sections import nest_sections
from .epub_split import element_files, file_names, plan_documents, resolve_links, split_body
from .epub_xhtml import (
    count_noterefs,
    element_offset,
    insert_page_markers,
    note_with_backlink,
    number_paragraphs,
    page_marker_id,
    render,
    text_file_names,
)
from .html import RenderedBook

FRONT_BACK = ("cover", "titlepage", "nav", "colophon")
#: The namespace of the name-based UUIDs of books without an identifier.
_NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:samizdat")
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"
MODIFIED = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")
#: The nav document is ours (a template), so ebooklib's nav generator and its page-list scan
#: stay off; its OPF guide stays on for Kindle.
EBOOKLIB_OPTIONS = {"epub3_pages": False, "epub3_landmark": False, "epub2_guide": True}


@dataclass(frozen=True)
class EpubInfo:
    """What :func:`write_epub` wrote."""

    path: Path
    files: tuple[str, ...]  # XHTML documents in spine order, relative to the package folder
    noterefs: int
    notes: int
    page_list_entries: int
    size: int


class _Document(epub.EpubHtml):
    """An XHTML document stored exactly as rendered (ebooklib would re-parse it as HTML)."""

    def __init__(self, uid: str, file_name: str, title: str, content: bytes, *props: str):
        super().__init__(
            uid=uid, file_name=file_name, title=title, media_type="application/xhtml+xml"
        )
        self.content = content
        self.properties = list(props)

    def get_content(self, default: bytes | None = None) -> bytes:
        return self.content


class _Writer(epub.EpubWriter):
    """ebooklib's writer, giving the package element the book's language (``xml:lang``) too, as
    DAISY Ace asks: reading systems take the language of the metadata (OPF) from it."""

    def _write_opf_file(self, root: etree._Element) -> None:
        root.set(XML_LANG, self.book.language)
        super()._write_opf_file(root)


def _place_breaks(
    book: RenderedBook, page_breaks: Sequence[tuple[str, str, str]]
) -> dict[str, list[tuple[int, str]]]:
    """Page starts per text as ``(offset in body, label)``, in reading order.

    A label given more than once (a page on which one text ends and the next begins) keeps only
    its earliest place in reading order: that is where the page begins. Unknown texts or
    elements are errors: a page list that points nowhere is worse than none.
    """
    index = {t.id: n for n, t in enumerate(book.texts)}
    placed: dict[str, tuple[int, int, str]] = {}  # label -> (text index, offset, text id)
    for text_id, element_id, label in page_breaks:
        if text_id not in index:
            raise ValueError(f"page {label!r}: no text {text_id!r}")
        pos = element_offset(book.texts[index[text_id]].body_html, element_id)
        if pos is None:
            raise ValueError(f"page {label!r}: no element {element_id!r} in text {text_id!r}")
        key = (index[text_id], pos, text_id)
        if label not in placed or key[:2] < placed[label][:2]:
            placed[label] = key
    markers = {page_marker_id(label) for label in placed}
    if len(markers) != len(placed):
        raise ValueError("page break labels collide once made into ids: " + ", ".join(placed))
    by_text: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for label, (_, pos, text_id) in sorted(placed.items(), key=lambda kv: kv[1][:2]):
        by_text[text_id].append((pos, label))
    return by_text


@dataclass
class _TextDocuments:
    """The texts' XHTML documents and what the navigation needs to know of them."""

    names: list[list[str]] = field(default_factory=list)  # per text, its documents
    docs: list[tuple[str, str, str, bytes]] = field(default_factory=list)  # uid, name, title, xhtml
    where: dict[str, str] = field(default_factory=dict)  # element id -> document
    pages: list[dict[str, str]] = field(default_factory=list)
    noterefs: int = 0
    notes: int = 0


def _text_documents(
    book: RenderedBook,
    stems: Sequence[str],
    breaks: dict[str, list[tuple[int, str]]],
    *,
    lang: str,
    para_numbers: bool,
) -> _TextDocuments:
    """One document per text, or several for a long one (:mod:`.epub_split`), its endnotes at
    the end of its last; page markers and paragraph numbers put in first."""
    plans = []
    for text in book.texts:
        body = text.body_html
        if breaks.get(text.id):  # first: the offsets are into the unchanged body
            body = insert_page_markers(body, breaks[text.id])
        if para_numbers:
            body = number_paragraphs(body)
        notes = [note_with_backlink(note) for note in text.notes]
        plans.append(plan_documents(split_body(str(body)), [len(n) for n in notes]))
    out = _TextDocuments(file_names(stems, [len(plan) for plan in plans], FRONT_BACK))
    for n, (text, plan, names) in enumerate(zip(book.texts, plans, out.names, strict=True), 1):
        where = element_files(names, plan, text.id, [note.id for note in text.notes])
        out.where.update(where)
        for k, (name, (body, notes)) in enumerate(zip(names, plan, strict=True)):
            title = heading(text) if k == 0 else f"{heading(text)} (continued)"
            html = nest_sections(resolve_links(body, name, where))
            out.noterefs += count_noterefs(html)
            group = [
                {
                    "id": text.notes[i].id,
                    "missing": text.notes[i].missing,
                    "html": resolve_links(note_with_backlink(text.notes[i]), name, where),
                }
                for i in notes
            ]
            xhtml = render(
                "text.xhtml",
                lang=lang,
                matter="bodymatter",
                page_title=title,
                text=text,
                heading=heading(text),
                body=html,
                notes=group,
                notes_start=notes.start + 1,
                continued=k > 0,
            )
            out.docs.append((f"text-{n}" if k == 0 else f"text-{n}-{k + 1}", name, title, xhtml))
        out.notes += len(text.notes)
        for _, label in breaks.get(text.id, []):
            marker = page_marker_id(label)
            out.pages.append({"label": label, "href": f"{where[marker]}#{marker}"})
    return out


def _modified(modified: str) -> datetime:
    if not MODIFIED.match(modified):
        raise ValueError(f"modified must be YYYY-MM-DDThh:mm:ssZ, not {modified!r}")
    return datetime.strptime(modified, "%Y-%m-%dT%H:%M:%SZ").replace(tzinfo=UTC)


def not_before_date(modified: str, date: str) -> str:
    """``modified``, or the start of the edition's ``date`` (``dc:date``) when that is later: a
    package is never modified before the date it gives itself. Both come from the inputs, so
    the result is reproducible.

    >>> not_before_date("2026-01-01T00:00:00Z", "2026-11-22")
    '2026-11-22T00:00:00Z'
    >>> not_before_date("2027-02-03T04:05:06Z", "2026-11-22"), not_before_date("2026-01-01T00:00:00Z", "1902")
    ('2027-02-03T04:05:06Z', '2026-01-01T00:00:00Z')
    """
    m = re.match(r"^(\d{4})(?:-(\d{2}))?(?:-(\d{2}))?$", date.strip())
    if not m:
        return modified
    edition = f"{m[1]}-{m[2] or '01'}-{m[3] or '01'}T00:00:00Z"
    return max(modified, edition)


_TAG = re.compile(r"<[^<>]*>")
_WORD = re.compile(r"\w+(?:[’'-]\w+)*")


def word_count(book: RenderedBook) -> int:
    """The words of the texts and their notes as a reader counts them (``don’t`` is one)."""
    n = 0
    for text in book.texts:
        for html in (str(text.body_html), *(str(note.html) for note in text.notes)):
            n += len(_WORD.findall(unescape(_TAG.sub(" ", html))))
    return n


def write_epub(
    book: RenderedBook,
    out_path: Path,
    *,
    modified: str,
    build_id: str = "",
    page_breaks: Sequence[tuple[str, str, str]] | None = None,
    page_source: str = "",
    para_numbers: bool = False,
    evaluation: Evaluation | None = None,
) -> EpubInfo:
    """Write ``book`` as an EPUB 3 to ``out_path`` and say what was written.

    ``modified`` (``YYYY-MM-DDThh:mm:ssZ``) dates the package and every zip entry, so equal
    inputs give byte-identical files. ``page_breaks`` are ``(text_id, element_id, label)``: page
    ``label`` of the print edition ``page_source`` starts at that element; with them the EPUB
    gets page-break markers, a page list and the matching metadata. ``para_numbers`` shows each
    body paragraph's number (the PDF's) at its start. ``evaluation`` records an accessibility
    evaluation someone made of this book; without one no conformance is claimed.
    """
    _modified(modified)
    modified = not_before_date(modified, book.date)
    moment = _modified(modified)
    if not book.texts:
        raise ValueError("the book has no texts")
    if page_breaks and not page_source.strip():
        raise ValueError("page_breaks given without page_source (which edition's pages?)")
    breaks = _place_breaks(book, page_breaks or ())
    lang = book.language or "en"
    identifier = book.identifier or _fallback_identifier(book)
    stems = text_file_names([t.id for t in book.texts], FRONT_BACK)
    made = _text_documents(book, stems, breaks, lang=lang, para_numbers=para_numbers)
    files = [names[0] for names in made.names]
    pages, noterefs, notes = made.pages, made.noterefs, made.notes

    # ---- front and back matter, navigation
    cover = make_cover(book.title, book.subtitle, book.editor)
    facts = Facts(
        texts=len(book.texts),
        sections=sum(len(t.sections) for t in book.texts),
        notes=notes,
        content_images=0,  # the document model has no images; the cover is not content
        cover_alt=bool(cover.alt),
        page_list=len(pages),
        page_source=page_source.strip(),
        headings_nested=headings_nested(book.texts),
        words=word_count(book),
    )
    matter = front_and_back(
        book,
        files,
        made.where,
        lang=lang,
        identifier=identifier,
        cover=cover,
        pages=pages,
        page_source=facts.page_source,
        build_id=build_id,
        modified=modified,
    )

    eb, spine = _package(
        book, made, matter, identifier=identifier, facts=facts, cover=cover, evaluation=evaluation
    )
    data = _write(eb, moment, Path(out_path))
    return EpubInfo(
        path=Path(out_path),
        files=tuple(item.file_name for item in spine),
        noterefs=noterefs,
        notes=notes,
        page_list_entries=len(pages),
        size=len(data),
    )


def _package(
    book: RenderedBook,
    made: _TextDocuments,
    matter: dict[str, bytes],
    *,
    identifier: str,
    facts: Facts,
    cover: Cover,
    evaluation: Evaluation | None,
) -> tuple[epub.EpubBook, list[epub.EpubItem]]:
    """ebooklib's book: metadata, cover, stylesheet, documents, NCX, spine and guide."""
    eb = epub.EpubBook()
    add_metadata(
        eb,
        book,
        identifier=identifier,
        facts=facts,
        description=_description(book),
        evaluation=evaluation,
    )
    eb.set_cover(f"images/{COVER_IMAGE}", cover.png, create_page=False)
    css = (TEMPLATES / "epub" / "epub.css").read_bytes()
    eb.add_item(
        epub.EpubItem(uid="css", file_name="css/epub.css", media_type="text/css", content=css)
    )

    def doc(uid: str, name: str, title: str, *props: str, content: bytes | None = None):
        content = matter[name] if content is None else content
        return eb.add_item(_Document(uid, f"{TEXT_DIR}/{name}", title, content, *props))

    spine = [
        doc("cover", "cover.xhtml", "Cover"),
        doc("titlepage", "titlepage.xhtml", "Title Page"),
        doc("nav", "nav.xhtml", "Contents", "nav"),
        *(doc(uid, name, title, content=content) for uid, name, title, content in made.docs),
        doc("colophon", "colophon.xhtml", "Colophon"),
    ]
    ncx_type = "application/x-dtbncx+xml"
    eb.add_item(
        epub.EpubItem(
            uid="ncx", file_name="toc.ncx", media_type=ncx_type, content=matter["toc.ncx"]
        )
    )
    eb.spine = spine
    eb.guide = guide([names[0] for names in made.names])
    return eb, spine


def _write(eb: epub.EpubBook, moment: datetime, out_path: Path) -> bytes:
    """Write the package reproducibly (fixed entry times and order), atomically."""
    raw = io.BytesIO()
    options = {**EBOOKLIB_OPTIONS, "mtime": moment, "raise_exceptions": True}
    _Writer(raw, eb, options).write()
    data = epub_zip.normalise(raw.getvalue(), moment)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    tmp = out_path.with_name(out_path.name + ".tmp")
    tmp.write_bytes(data)
    os.replace(tmp, out_path)
    return data


def _fallback_identifier(book: RenderedBook) -> str:
    """A stable identifier for a book without one (the pipeline always gives one): a name-based
    UUID of its title and texts, the same for the same book."""
    key = "\n".join([book.title, *(t.id for t in book.texts)])
    return f"urn:uuid:{uuid.uuid5(_NAMESPACE, key)}"


def _description(book: RenderedBook) -> str:
    n = len(book.texts)
    out = f"{n} text{'s' if n != 1 else ''}"
    if book.authors:
        out += f" by {and_list(book.authors)}"
    if book.editor:
        out += f", edited by {book.editor}"
    return out + "."
