"""A Kobo KEPUB (``<slug>.kepub.epub``) made from the built EPUB, as Standard Ebooks' build
makes one (the transforms of ``kepubify``):

- each block's text is cut into sentences, each in ``<span class="koboSpan" id="kobo.P.S">``
  (P counts the document's blocks with text, S the sentences of one), which Kobo's reader
  needs for highlights, bookmarks and reading statistics;
- the body's content is wrapped in ``<div id="book-columns"><div id="book-inner">``, which its
  pagination styles, and a small style sheet in the head that keeps those wrappers unmargined.

Only the text documents change (not the nav or the cover page); the words and every other
element stay as they were, so the KEPUB passes EPUBCheck as the EPUB does. Same EPUB in, same
bytes out: the zip is rewritten by :mod:`.epub_zip` with the EPUB's own entry date.
"""

from __future__ import annotations

import io
import re
import zipfile
from datetime import datetime
from pathlib import Path

from lxml import etree

from . import epub_zip

XHTML = "http://www.w3.org/1999/xhtml"
X = "{" + XHTML + "}"
OPF = "{http://www.idpf.org/2007/opf}"
#: Blocks whose text gets Kobo's spans; a block inside another is counted on its own.
BLOCKS = frozenset(
    X + t for t in ("p", "h1", "h2", "h3", "h4", "h5", "h6", "li", "td", "th", "dt", "dd")
)
#: Where a sentence ends inside a text: after a stop (and any closing quotes), before a space.
_SENTENCE_END = re.compile(r"(?<=[.!?…])[”’\"')\]]*\s+")
#: Kobo's reading systems expect its wrappers unstyled.
KOBO_STYLE = "div#book-columns, div#book-inner { margin: 0; padding: 0; }"


def sentences(text: str) -> list[str]:
    """``text`` cut after each sentence's end (the spaces go with the sentence before them).

    >>> sentences("One. Two! “Three?” four")
    ['One. ', 'Two! ', '“Three?” ', 'four']
    """
    out, start = [], 0
    for m in _SENTENCE_END.finditer(text):
        out.append(text[start : m.end()])
        start = m.end()
    if start < len(text):
        out.append(text[start:])
    return out


class _Spans:
    """Kobo's spans over one document, numbered as ``kobo.<block>.<sentence>``."""

    def __init__(self) -> None:
        self.block = 0

    def span(self, text: str, n: int) -> etree._Element:
        s = etree.Element(X + "span", {"class": "koboSpan", "id": f"kobo.{self.block}.{n}"})
        s.text = text
        return s

    def wrap_block(self, element: etree._Element) -> None:
        """Every text of ``element`` (not of the blocks inside it) in spans, sentence by
        sentence, in document order."""
        self.block += 1
        count = 0

        def pieces(text: str) -> list[etree._Element]:
            nonlocal count
            out = []
            for piece in sentences(text):
                count += 1
                out.append(self.span(piece, count))
            return out

        def walk(el: etree._Element) -> None:
            if el.text and el.text.strip():
                spans = pieces(el.text)
                el.text = None
                for i, s in enumerate(spans):
                    el.insert(i, s)
            for child in list(el):
                if child.tag in BLOCKS or child.get("class") == "koboSpan":
                    continue
                walk(child)
                if child.tail and child.tail.strip():
                    spans = pieces(child.tail)
                    child.tail = None
                    at = el.index(child) + 1
                    for i, s in enumerate(spans):
                        el.insert(at + i, s)

        walk(element)

    def document(self, root: etree._Element) -> None:
        for el in root.iter():
            if el.tag in BLOCKS:
                self.wrap_block(el)


def kobo_document(xhtml: bytes) -> bytes:
    """One XHTML document with Kobo's spans, wrappers and style.

    >>> page = (b'<?xml version="1.0" encoding="utf-8"?>\\n<!DOCTYPE html>\\n'
    ...     b'<html xmlns="http://www.w3.org/1999/xhtml"><head><title>T</title></head>'
    ...     b'<body><p>One. <em>Two</em> three.</p></body></html>')
    >>> print(kobo_document(page).decode().split("<body>")[1])
    <div id="book-columns"><div id="book-inner"><p><span class="koboSpan" id="kobo.1.1">One. </span><em><span class="koboSpan" id="kobo.1.2">Two</span></em><span class="koboSpan" id="kobo.1.3"> three.</span></p></div></div></body></html>
    """
    root = etree.fromstring(xhtml)
    _Spans().document(root)
    body = root.find(X + "body")
    head = root.find(X + "head")
    if body is None or head is None:
        raise ValueError("an XHTML document without head or body")
    outer = etree.Element(X + "div", {"id": "book-columns"})
    inner = etree.SubElement(outer, X + "div", {"id": "book-inner"})
    inner.text, body.text = body.text, None
    for child in list(body):
        inner.append(child)
    body.append(outer)
    style = etree.SubElement(head, X + "style", {"type": "text/css"})
    style.text = KOBO_STYLE
    return etree.tostring(
        root.getroottree(), xml_declaration=True, encoding="utf-8", doctype="<!DOCTYPE html>"
    )


def _text_documents(files: dict[str, bytes]) -> list[str]:
    """The package's XHTML documents other than the nav and the cover page."""
    container = etree.fromstring(files["META-INF/container.xml"])
    opf_path = container.find(".//{*}rootfile").get("full-path")
    base = opf_path.rpartition("/")[0]
    opf = etree.fromstring(files[opf_path])
    names = []
    for item in opf.iter(OPF + "item"):
        props = (item.get("properties") or "").split()
        if item.get("media-type") != "application/xhtml+xml" or "nav" in props:
            continue
        href = f"{base}/{item.get('href')}" if base else item.get("href")
        if not href.endswith("cover.xhtml"):
            names.append(href)
    return names


def kepub_path(epub_path: Path) -> Path:
    """``book.epub`` → ``book.kepub.epub``."""
    return epub_path.with_name(epub_path.name.removesuffix(".epub") + ".kepub.epub")


def write_kepub(epub_path: Path) -> Path:
    """Write the KEPUB of the EPUB at ``epub_path`` beside it and return its path."""
    with zipfile.ZipFile(epub_path) as z:
        files = {n: z.read(n) for n in z.namelist()}
        moment = datetime(*z.getinfo("mimetype").date_time)
    for name in _text_documents(files):
        files[name] = kobo_document(files[name])
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as z:
        for name, data in files.items():
            z.writestr(name, data)
    path = kepub_path(epub_path)
    path.write_bytes(epub_zip.normalise(out.getvalue(), moment))
    return path
