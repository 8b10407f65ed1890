"""Merge a book laid out in parts (:mod:`.pdf_parts`) into one PDF with pikepdf.

The frame gives the page sequence: its front pages and blank versos are copied as they are; on
each of its body pages the matching part page is laid, with the frame page drawn over it as a
form XObject (running head, folio, the notes' call pages, crop marks)::

    frame:  i  ii  iii iv  v  vi | 1   2   3  [4] | 5   6  …
    parts:                       | a1  a2  a3     | b1  b2 …      ([4] a blank verso)

Links keep their named destinations (``/Dest (note-3)``); the name tree is rebuilt from the
parts, pointing at the merged pages. The outline is the parts' outlines one after the other, as
the whole book has it. Metadata, language and the font licence come from the frame; page labels,
page mode and layout are set as :func:`samizdat.render.pdf.write_pdf` sets them. The first
half of the file identifier is given, the second a digest of the content (qpdf's deterministic
id), so the same inputs give the same bytes.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path

import pikepdf
from pikepdf import Array, Dictionary, Name

__all__ = ["merge_book"]

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
        form = self.out.copy_foreign(frame_page.as_form_xobject())
        resources = Dictionary(dict(page.Resources.items()))
        xobjects = Dictionary(dict(resources.get("/XObject", Dictionary()).items()))
        xobjects[FRAME_XOBJECT] = form
        resources.XObject = xobjects
        page.Resources = resources
        contents = page.Contents
        parts = list(contents) if isinstance(contents, Array) else [contents]
        page.Contents = Array([self.before, *parts, self.after])


def _assemble(
    out: pikepdf.Pdf,
    frame: pikepdf.Pdf,
    sources: Sequence[pikepdf.Pdf],
    placements: Sequence[int],
) -> PageMap:
    """Append the frame's pages to ``out``, each body page replaced by its part page."""
    where = {
        start + j: (n, j)
        for n, (src, start) in enumerate(zip(sources, placements, strict=True))
        for j in range(len(src.pages))
    }
    overlay = _Overlay(out)
    page_map: PageMap = {}
    for index, frame_page in enumerate(frame.pages):
        if index in where:
            n, j = where[index]
            out.pages.append(sources[n].pages[j])
            overlay.draw(out.pages[-1], frame_page)
            page_map[(n + 1, sources[n].pages[j].obj.objgen)] = out.pages[-1].obj
        else:
            out.pages.append(frame_page)
            page_map[(0, frame_page.obj.objgen)] = out.pages[-1].obj
    return page_map


def _moved(dest: pikepdf.Object, source: int, page_map: PageMap) -> Array | None:
    """A destination array pointing at the merged page, or None if its page was replaced."""
    if not isinstance(dest, Array) or len(dest) == 0:
        return None
    page = page_map.get((source, dest[0].objgen))
    return None if page is None else Array([page, *list(dest)[1:]])


def _dests(docs: Sequence[pikepdf.Pdf], page_map: PageMap) -> Array:
    """One flat, sorted name tree of every named destination that still has its page."""
    found: dict[str, Array] = {}
    for source, doc in enumerate(docs):
        names = doc.Root.get("/Names")
        if names is None or "/Dests" not in names:
            continue
        for name, dest in pikepdf.NameTree(names.Dests).items():
            moved = _moved(dest, source, page_map)
            if moved is not None:
                found.setdefault(name, moved)
    flat = Array()
    for name in sorted(found):
        flat.extend([pikepdf.String(name), found[name]])
    return flat


@dataclass
class _Item:
    title: pikepdf.Object
    dest: Array | None
    closed: bool
    children: list[_Item]


def _read_outline(node: pikepdf.Object, source: int, page_map: PageMap) -> list[_Item]:
    items = []
    child = node.get("/First")
    while child is not None:
        dest = _moved(child.get("/Dest"), source, page_map)
        closed = int(child.get("/Count", 0)) < 0
        items.append(_Item(child.Title, dest, closed, _read_outline(child, source, page_map)))
        child = child.get("/Next")
    return items


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


def _outline(out: pikepdf.Pdf, sources: Sequence[pikepdf.Pdf], page_map: PageMap) -> None:
    items = []
    for n, src in enumerate(sources):
        if "/Outlines" in src.Root:
            items.extend(_read_outline(src.Root.Outlines, n + 1, page_map))
    if not items:
        return
    root = out.make_indirect(Dictionary())
    written, count = _write_outline(out, items, root)
    root.Count, root.First, root.Last = count, written[0], written[-1]
    out.Root.Outlines = root


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
    frame_pdf: bytes,
    parts: Sequence[bytes],
    placements: Sequence[int],
    out_path: Path,
    *,
    identifier: str,
    body_start: int,
) -> int:
    """Write the merged book to ``out_path``; part ``i`` goes on the frame's pages from
    ``placements[i]``. Returns the page count."""
    with ExitStack() as stack:
        frame = stack.enter_context(pikepdf.open(BytesIO(frame_pdf)))
        sources = [stack.enter_context(pikepdf.open(BytesIO(p))) for p in parts]
        out = stack.enter_context(pikepdf.new())
        page_map = _assemble(out, frame, sources, placements)
        _catalog(out, frame, _dests([frame, *sources], page_map), body_start)
        _outline(out, sources, page_map)
        out.trailer.ID = Array([pikepdf.String(identifier), pikepdf.String(identifier)])
        out_path = Path(out_path)
        out_path.parent.mkdir(parents=True, exist_ok=True)
        out.save(
            out_path,
            deterministic_id=True,
            fix_metadata_version=False,
            object_stream_mode=pikepdf.ObjectStreamMode.generate,
            min_version="1.7",
        )
        return len(out.pages)
