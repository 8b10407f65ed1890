"""The EPUB read back as a reader gets it: per text its title, text, notes and note calls.

Used by :mod:`samizdat.crosscheck` to compare the EPUB with the PDF. A text is a spine document
with an ``epub:type="chapter"`` section, and the documents that continue it (a long text is
split, see :mod:`.epub_split`); its title is its entry in the contents (nav). Its text
leaves out what is not text of the book: page-break markers, paragraph numbers (``span.pnum``),
back-link arrows and the numbers of note calls (counted instead). An ordered list's numbers,
drawn by the reading system, are put in.
"""

from __future__ import annotations

import posixpath
import zipfile
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import unquote

from lxml import etree

#: Elements whose text is set apart from what stands before and after them.
BLOCKS = frozenset(
    {"blockquote", "br", "div", "footer", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr"}
    | {"li", "nav", "ol", "p", "pre", "section", "td", "th", "ul"}
)
XHTML = "{http://www.w3.org/1999/xhtml}"
OPF = "{http://www.idpf.org/2007/opf}"
CONTAINER = "{urn:oasis:names:tc:opendocument:xmlns:container}"
EPUB_TYPE = "{http://www.idpf.org/2007/ops}type"
PARSER = etree.XMLParser(resolve_entities=False, no_network=True, huge_tree=True)


@dataclass(frozen=True)
class EpubText:
    title: str
    text: str
    notes: int
    calls: int
    section_breaks: int


def _has_type(el: etree._Element | None, kind: str) -> bool:
    return el is not None and kind in (el.get(EPUB_TYPE) or "").split()


def _skipped(el: etree._Element) -> bool:
    """EPUB furniture: no text of the book, or (note calls) compared as counts."""
    classes = set((el.get("class") or "").split())
    return bool(classes & {"pnum", "backlink"}) or any(
        _has_type(el, kind) for kind in ("pagebreak", "noteref")
    )


def _flow(el: etree._Element, out: list[str]) -> None:
    """Append the text of ``el`` to ``out``: blocks set apart, inline text run together."""
    block = etree.QName(el).localname in BLOCKS
    numbered = el.tag == f"{XHTML}ol" and not _has_type(el.getparent(), "endnotes")
    number = int(el.get("start") or 1)
    out += [" " if block else "", el.text or ""]
    for child in el:
        if isinstance(child.tag, str) and not _skipped(child):
            if numbered and child.tag == f"{XHTML}li":
                out.append(f" {number}. ")  # the list's number, as the PDF's text has it
                number += 1
            _flow(child, out)
        out.append(child.tail or "")
    out.append(" " if block else "")


def _text_of(el: etree._Element) -> str:
    out: list[str] = []
    _flow(el, out)
    return " ".join("".join(out).split())


def _toc(nav_doc: etree._Element, nav_dir: str) -> list[tuple[str, str]]:
    """The top-level entries of the toc nav as (label, document path in the zip)."""
    toc = next((n for n in nav_doc.iter(f"{XHTML}nav") if _has_type(n, "toc")), None)
    links = [] if toc is None else toc.findall(f"{XHTML}ol/{XHTML}li/{XHTML}a")
    return [
        (_text_of(a), posixpath.normpath(posixpath.join(nav_dir, unquote(href))))
        for a in links
        if (href := (a.get("href") or "").partition("#")[0])
    ]


def _part(el: etree._Element) -> EpubText:
    """What one document holds of a text (its title is filled in later)."""
    notes = sum(
        len(s.findall(f"{XHTML}ol/{XHTML}li"))
        for s in el.iter(f"{XHTML}section")
        if _has_type(s, "endnotes")
    )
    calls = sum(_has_type(a, "noteref") for a in el.iter(f"{XHTML}a"))
    breaks = sum("section-break" in (h.get("class") or "") for h in el.iter(f"{XHTML}hr"))
    heading = el.find(f".//{XHTML}h1")
    return EpubText(
        _text_of(heading) if heading is not None else "", _text_of(el), notes, calls, breaks
    )


def _whole(title: str, parts: list[EpubText]) -> EpubText:
    """A text from its chapter section and the continuations of a text split into documents."""
    return EpubText(
        title,
        " ".join(p.text for p in parts),
        sum(p.notes for p in parts),
        sum(p.calls for p in parts),
        sum(p.section_breaks for p in parts),
    )


def _continuation(doc: etree._Element) -> etree._Element | None:
    """The body of a document continuing the text before it (``div.text.continued``)."""
    for div in doc.iter(f"{XHTML}div"):
        if {"text", "continued"} <= set((div.get("class") or "").split()):
            return div
    return None


def read_epub(path: Path) -> tuple[list[EpubText], list[str]]:
    """The texts of the EPUB in reading order, and a problem if its contents disagree."""
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"), PARSER)
        opf_path = container.find(f".//{CONTAINER}rootfile").get("full-path")
        opf = etree.fromstring(z.read(opf_path), PARSER)
        items = {i.get("id"): i for i in opf.iterfind(f"{OPF}manifest/{OPF}item")}

        def member(item: etree._Element) -> str:
            href = unquote(item.get("href"))
            return posixpath.normpath(posixpath.join(posixpath.dirname(opf_path), href))

        spine = [member(items[r.get("idref")]) for r in opf.iterfind(f"{OPF}spine/{OPF}itemref")]
        nav = member(next(i for i in items.values() if "nav" in (i.get("properties") or "")))
        toc_all = _toc(etree.fromstring(z.read(nav), PARSER), posixpath.dirname(nav))
        chapters: dict[str, list[EpubText]] = {}
        for name in spine:  # one document at a time: a long book's are many
            doc = etree.fromstring(z.read(name), PARSER)
            sections = doc.iter(f"{XHTML}section")
            if (
                chapter := next((s for s in sections if _has_type(s, "chapter")), None)
            ) is not None:
                chapters[name] = [_part(chapter)]
            elif chapters and (more := _continuation(doc)) is not None:
                chapters[next(reversed(chapters))].append(_part(more))
    toc = [(t, doc) for t, doc in toc_all if doc in chapters]
    problems = []
    if [doc for _, doc in toc] != list(chapters):
        problems.append("EPUB: the contents do not list the texts in reading (spine) order")
    labels = {doc: label for label, doc in reversed(toc)}
    texts = [
        _whole(labels.get(name) or parts[0].title or name, parts)
        for name, parts in chapters.items()
    ]
    return texts, problems


@dataclass
class EpubWords:
    """One text of the EPUB as a reader gets it, for the word check: the running text (its
    heading, byline and body), each note, and the text's furniture in the colophon."""

    body: list[str]
    notes: list[str]
    furniture: list[str]
    head: list[str]  # the text's heading, byline and date line


def _streams(el: etree._Element, out: EpubWords) -> None:
    """Body text of ``el`` with its header and notes sections taken out, each editorial note
    left out."""
    for header in list(el.iterchildren(f"{XHTML}header")):
        # the heading, the byline and the date line: each lifted from its own source line
        out.head.extend([_text_of(part) for part in header] or [_text_of(header)])
        el.remove(header)
    for section in list(el.iter(f"{XHTML}section")):
        if _has_type(section, "endnotes"):
            for li in section.iter(f"{XHTML}li"):
                if "missing" not in (li.get("class") or "").split():
                    out.notes.append(_text_of(li))
            section.getparent().remove(section)
    out.body.append(_text_of(el))


def read_epub_words(path: Path) -> dict[str, EpubWords]:
    """Each text of the EPUB (by its chapter id) as :class:`EpubWords`, one document at a time."""
    out: dict[str, EpubWords] = {}
    with zipfile.ZipFile(path) as z:
        container = etree.fromstring(z.read("META-INF/container.xml"), PARSER)
        opf_path = container.find(f".//{CONTAINER}rootfile").get("full-path")
        opf = etree.fromstring(z.read(opf_path), PARSER)
        items = {i.get("id"): i for i in opf.iterfind(f"{OPF}manifest/{OPF}item")}
        base = posixpath.dirname(opf_path)
        current: EpubWords | None = None
        for ref in opf.iterfind(f"{OPF}spine/{OPF}itemref"):
            href = unquote(items[ref.get("idref")].get("href"))
            doc = etree.fromstring(z.read(posixpath.normpath(posixpath.join(base, href))), PARSER)
            chapter = next(
                (s for s in doc.iter(f"{XHTML}section") if _has_type(s, "chapter")), None
            )
            if chapter is not None:
                current = out.setdefault(chapter.get("id") or href, EpubWords([], [], [], []))
                _streams(chapter, current)
            elif current is not None and (more := _continuation(doc)) is not None:
                _streams(more, current)
            for li in doc.iter(f"{XHTML}li"):
                ident = li.get("id") or ""
                if ident.startswith("colophon-") and ident[9:] in out:
                    for div in li.iter(f"{XHTML}div"):
                        if "furniture" in (div.get("class") or "").split():
                            out[ident[9:]].furniture.extend(_text_of(p) for p in div)
    return out
