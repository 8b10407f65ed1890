"""Merge a book laid out in parts (:mod:`.pdf_parts`) into one PDF with pikepdf.

Each page of the merged book is a :class:`Sheet`: a page of a frame document (front matter,
blank verso, or a text's frame), and for a text's page the part page laid under it. The part
page keeps its content, resources and link annotations; the frame page is drawn over it as a
form XObject (running head, folio, the notes' call pages, crop marks)::

    front:  i  ii  iii iv  v  [vi] | frame a: 1   2   3  [4] | frame b: 5   6 …
    parts:                         |          a1  a2  a3     |          b1  b2 …   ([…] blank)

Links keep their named destinations (``/Dest (note-3)``); the name tree is rebuilt from all
documents, the parts' entries first, pointing at the merged pages (a piece of a long text owns
only the names of its ids on the pages the book keeps: it links to others through stand-ins).
The outline is the parts' outline entries one after the other, on the pages the book keeps,
nested again by their bookmark levels as WeasyPrint nests them: a piece's outline may start
inside a section of the piece before. Metadata, language and the font licence
come from the first document; page labels, page mode and layout are set as
:func:`samizdat.render.pdf.write_pdf` sets them. The first half of the file identifier is given,
the second is a digest of the content (qpdf's deterministic id): same inputs, same bytes.

Each document embeds its own font subsets (identical ones are stored once): the merged file is
larger than the whole-book render, whose one subset per face serves every page.
"""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass, field
from io import BytesIO
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

__all__ = ["Sheet", "Source", "merge_book"]

#: Resource name of the frame page drawn over a part page.
FRAME_XOBJECT = Name("/SamizdatFrame")

PageMap = dict[tuple[int, int], pikepdf.Object]  # (source number, page objgen) → merged page


class _Overlay:
    """Draws frame pages over part pages: ``q <part content> Q /SamizdatFrame Do``."""

    def __init__(self, out: pikepdf.Pdf) -> None:
        self.out = out
        self.before = out.make_stream(b"q\n")
        self.after = out.make_stream(b"\nQ\n" + bytes(FRAME_XOBJECT) + b" Do\n")

    def draw(self, page: pikepdf.Page, frame_page: pikepdf.Page) -> None:
        form = frame_page.as_form_xobject()
        form.BBox = frame_page.mediabox  # not the trim box: the crop marks lie outside it
        form = self.out.copy_foreign(form)
        resources = Dictionary(dict(page.Resources.items()))
        xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
        xobjects[FRAME_XOBJECT] = form
        resources.XObject = xobjects
        page.Resources = resources
        contents = page.Contents
        parts = list(contents) if isinstance(contents, Array) else [contents]
        page.Contents = Array([self.before, *parts, self.after])


@dataclass(frozen=True)
class Sheet:
    """One page of the merged book: page ``frame[1]`` of document ``frame[0]``, over page
    ``part[1]`` of document ``part[0]`` if given."""

    frame: tuple[int, int]
    part: tuple[int, int] | None = None


@dataclass(frozen=True)
class Source:
    """One document of the merge: its PDF, the named destinations it owns (None: any it has
    that no part owns), and the bookmark-level of each of its outline entries, in order."""

    pdf: bytes
    names: frozenset[str] | None = None
    levels: tuple[int, ...] = ()


def _assemble(out: pikepdf.Pdf, docs: Sequence[pikepdf.Pdf], sheets: Sequence[Sheet]) -> PageMap:
    """Append every sheet's page to ``out``; map each source page to its merged page."""
    overlay = _Overlay(out)
    page_map: PageMap = {}
    for sheet in sheets:
        frame_page = docs[sheet.frame[0]].pages[sheet.frame[1]]
        if sheet.part is None:
            out.pages.append(frame_page)
            source, page = sheet.frame[0], frame_page
        else:
            source, page = sheet.part[0], docs[sheet.part[0]].pages[sheet.part[1]]
            out.pages.append(page)
            overlay.draw(out.pages[-1], frame_page)
        page_map.setdefault((source, page.obj.objgen), out.pages[-1].obj)
    return page_map


def _moved(dest: pikepdf.Object, source: int, page_map: PageMap) -> Array | None:
    """A destination array pointing at the merged page, or None if its page was replaced."""
    if not isinstance(dest, Array) or len(dest) == 0:
        return None
    page = page_map.get((source, dest[0].objgen))
    return None if page is None else Array([page, *list(dest)[1:]])


def _dests(
    docs: Sequence[pikepdf.Pdf], sources: Sequence[Source], order: Sequence[int], page_map: PageMap
) -> Array:
    """One flat, sorted name tree of every named destination whose page is in the book; a name
    is taken from the first document in ``order`` that owns it."""
    found: dict[str, Array] = {}
    for source in order:
        names = docs[source].Root.get("/Names")
        if names is None or "/Dests" not in names:
            continue
        owned = sources[source].names
        for name, dest in pikepdf.NameTree(names.Dests).items():
            if owned is not None and name not in owned:
                continue
            moved = _moved(dest, source, page_map)
            if moved is not None:
                found.setdefault(name, moved)
    flat: list[pikepdf.Object] = []  # one Array at the end: Array.extend copies the array
    for name in sorted(found):
        flat += [pikepdf.String(name), found[name]]
    return Array(flat)


@dataclass
class _Item:
    title: pikepdf.Object
    dest: Array | None
    closed: bool
    children: list[_Item] = field(default_factory=list)


def _read_outline(node: pikepdf.Object, source: int, page_map: PageMap) -> list[_Item | None]:
    """A document's outline entries in order (depth first), None for one whose page is not
    in the book."""
    items: list[_Item | None] = []
    child = node.get("/First")
    while child is not None:
        dest = _moved(child.get("/Dest"), source, page_map)
        closed = int(child.get("/Count", 0)) < 0
        items.append(_Item(child.Title, dest, closed) if dest is not None else None)
        items.extend(_read_outline(child, source, page_map))
        child = child.get("/Next")
    return items


def _nest(entries: list[tuple[int, _Item]]) -> list[_Item]:
    """Outline entries with their bookmark levels → the tree WeasyPrint makes of them (its
    ``make_page_bookmark_tree``: a level skipped is no depth)."""
    root: list[_Item] = []
    skipped: list[int] = []
    last_by_depth = [root]
    previous = 0
    for level, item in entries:
        if level > previous:
            skipped.append(level - previous - 1)
        else:
            temp = level
            while temp < previous:
                temp += 1 + skipped.pop()
            if temp > previous:
                skipped.append(temp - previous - 1)
        previous = level
        depth = level - sum(skipped)
        last_by_depth[depth - 1].append(item)
        del last_by_depth[depth:]
        last_by_depth.append(item.children)
    return root


def _write_outline(
    out: pikepdf.Pdf, items: list[_Item], parent: pikepdf.Object
) -> tuple[list[pikepdf.Object], int]:
    """Write outline items under ``parent`` as WeasyPrint does; return them and the count of
    visible descendants."""
    written: list[pikepdf.Object] = []
    count = len(items)
    for item in items:
        entry = out.make_indirect(Dictionary(Title=item.title, Parent=parent))
        if item.dest is not None:
            entry.Dest = item.dest
        children, below = _write_outline(out, item.children, entry)
        entry.Count = -below if item.closed else below
        count += 0 if item.closed else below
        if children:
            entry.First, entry.Last = children[0], children[-1]
        if written:
            entry.Prev, written[-1].Next = written[-1], entry
        written.append(entry)
    return written, count


def _outline(
    out: pikepdf.Pdf,
    docs: Sequence[pikepdf.Pdf],
    sources: Sequence[Source],
    parts: Sequence[int],
    page_map: PageMap,
) -> None:
    entries: list[tuple[int, _Item]] = []
    for source in parts:
        if "/Outlines" not in docs[source].Root:
            continue
        items = _read_outline(docs[source].Root.Outlines, source, page_map)
        levels = sources[source].levels
        if len(levels) != len(items):
            raise ValueError("a part's outline and its bookmark levels differ in number")
        entries += [(lv, it) for lv, it in zip(levels, items, strict=True) if it is not None]
    if not entries:
        return
    root = out.make_indirect(Dictionary())
    written, count = _write_outline(out, _nest(entries), root)
    root.Count, root.First, root.Last = count, written[0], written[-1]
    out.Root.Outlines = root


def _retag_subsets(out: pikepdf.Pdf) -> None:
    """Give each font subset a tag of its own, and keep one copy of identical subsets.

    WeasyPrint derives a subset's tag from its face, so the documents of a book laid out in
    parts name their different subsets of a face alike; the PDF format wants different subsets
    in one file to have different tags (ISO 32000-1, 9.6.4). The tag becomes a digest of the
    font program; frames often embed the very same subset (folio digits), stored once.
    """
    programs: dict[bytes, pikepdf.Object] = {}
    for obj in out.objects:
        if not isinstance(obj, Dictionary) or obj.get("/Subtype") != "/Type0":
            continue
        cid_font = obj.DescendantFonts[0]
        descriptor = cid_font.FontDescriptor
        key = next((k for k in ("/FontFile3", "/FontFile2") if k in descriptor), None)
        if key is None or "+" not in str(descriptor.FontName):
            continue
        digest = hashlib.sha256(descriptor[key].read_raw_bytes()).digest()
        descriptor[key] = programs.setdefault(digest, descriptor[key])
        tag = "".join(chr(ord("A") + b % 26) for b in digest[:6])
        name = Name(f"/{tag}+{str(descriptor.FontName).split('+', 1)[1]}")
        obj.BaseFont = cid_font.BaseFont = descriptor.FontName = name


def _catalog(out: pikepdf.Pdf, frame: pikepdf.Pdf, dests: Array, body_start: int) -> None:
    root = out.Root
    if "/Lang" in frame.Root:
        root.Lang = frame.Root.Lang
    nums = Array([0, Dictionary(S=Name.r)]) if body_start > 0 else Array()
    nums.extend([body_start, Dictionary(S=Name.D, St=1)])
    root.PageLabels = Dictionary(Nums=nums)
    root.PageMode = Name.UseOutlines
    root.PageLayout = Name.TwoPageRight
    names = Dictionary(Dests=Dictionary(Names=dests))
    frame_names = frame.Root.get("/Names")
    if frame_names is not None and "/EmbeddedFiles" in frame_names:
        names.EmbeddedFiles = out.copy_foreign(frame_names.EmbeddedFiles)
    root.Names = names
    if "/Info" in frame.trailer:
        out.trailer.Info = out.copy_foreign(frame.trailer.Info)


def merge_book(
    sources: Sequence[Source],
    sheets: Sequence[Sheet],
    out_path: Path,
    *,
    identifier: str,
    body_start: int,
) -> None:
    """Write the book made of ``sheets`` (pages of the documents ``sources``) to ``out_path``.
    The first document gives the metadata and attachments; the parts (documents laid under
    frames) give the outline, in the order they first appear."""
    parts = list(dict.fromkeys(s.part[0] for s in sheets if s.part is not None))
    others = [n for n in range(len(sources)) if n not in set(parts)]
    with ExitStack() as stack:
        pdfs = [stack.enter_context(pikepdf.open(BytesIO(s.pdf))) for s in sources]
        out = stack.enter_context(pikepdf.new())
        page_map = _assemble(out, pdfs, sheets)
        _catalog(out, pdfs[0], _dests(pdfs, sources, parts + others, page_map), body_start)
        _outline(out, pdfs, sources, parts, page_map)
        _retag_subsets(out)
        out.trailer.ID = Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        # In memory: qpdf aborts the process if a write to a file fails (a full disk), be it
        # a path or a Python file object.
        merged = BytesIO()
        out.save(
            merged,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version="1.7",
        )
    out_path = Path(out_path)
    out_path.parent.mkdir(parents=True, exist_ok=True)
    out_path.write_bytes(merged.getbuffer())  # no copy of the file
