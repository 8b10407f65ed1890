"""Long texts in several EPUB documents, so a reading system opens each quickly.

Reading systems load a whole spine document to show any page of it, and some refuse or stall on
large ones (Adobe's engine had a 300 KB limit per document; calibre splits at 260 KB). A text
whose body is longer than :data:`SPLIT_CHARS` is cut between top-level blocks (never right after
a heading) into a first document, with its chapter section and heading, and continuation
documents; its notes go at the end of the last one. Links that cross documents (a note call and
its note, the contents to a section, the page list to a page marker) are given the document
they lead to.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence

from markupsafe import Markup

from .html import top_level_blocks

#: A text's body longer than this (characters of XHTML) is cut into documents about this long.
SPLIT_CHARS = 256 * 1024
#: Characters a note takes in its document besides its own HTML: its ``<li>`` and the document
#: names its links gain when its text is split.
NOTE_FRAME = 200
_ID = re.compile(r'\sid="([^"]+)"')
_LOCAL_HREF = re.compile(r'\shref="#([^"]+)"')
_HEADING = re.compile(r"<h[1-6]\b")


#: A document's body and the notes (by index) set at its end.
Document = tuple[str, range]


def split_body(body: str, limit: int | None = None) -> list[str]:
    """``body`` cut between top-level blocks into pieces of about ``limit`` characters.

    A piece never ends with a heading: a heading stays with the text it heads.

    >>> split_body('<p id="a">One</p>\\n<h2 id="h">Two</h2>\\n<p id="b">Three</p>\\n', 10)
    ['<p id="a">One</p>\\n', '<h2 id="h">Two</h2>\\n<p id="b">Three</p>\\n']
    """
    limit = SPLIT_CHARS if limit is None else limit
    if len(body) <= limit:
        return [body]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for block in top_level_blocks(body):
        if size >= limit and not _HEADING.match(current[-1]):
            pieces.append("".join(current))
            current, size = [], 0
        current.append(block)
        size += len(block)
    pieces.append("".join(current))
    return pieces


def file_names(
    stems: Sequence[str], counts: Sequence[int], reserved: Iterable[str]
) -> list[list[str]]:
    """Each text's document names: ``stem.xhtml``, then ``stem-2.xhtml``, ``stem-3.xhtml``…,
    never a name another text or the front and back matter has."""
    taken = {*reserved, *stems}
    names: list[list[str]] = []
    for stem, count in zip(stems, counts, strict=True):
        mine = [f"{stem}.xhtml"]
        n = 2
        while len(mine) < count:
            candidate = f"{stem}-{n}"
            n += 1
            if candidate not in taken:
                taken.add(candidate)
                mine.append(f"{candidate}.xhtml")
        names.append(mine)
    return names


def plan_documents(
    pieces: Sequence[str], note_sizes: Sequence[int], limit: int | None = None
) -> list[Document]:
    """A text's documents: its body's pieces, its notes at the end of the last one.

    A text in one piece keeps all its notes. A split text's notes go where they fit: at the end
    of its last piece, then in documents of their own of about ``limit`` characters.

    >>> plan_documents(["body"], [10, 10])
    [('body', range(0, 2))]
    >>> plan_documents(["b" * 8, "b" * 8], [3, 3, 6], limit=10 + 2 * NOTE_FRAME)
    [('bbbbbbbb', range(0, 0)), ('bbbbbbbb', range(0, 1)), ('', range(1, 3))]
    """
    limit = SPLIT_CHARS if limit is None else limit
    if len(pieces) == 1:
        return [(pieces[0], range(len(note_sizes)))]
    groups: list[range] = []
    start, size = 0, len(pieces[-1])
    for i, size_of_note in enumerate(note_sizes):
        note = size_of_note + NOTE_FRAME
        if size + note > limit and (i > start or groups or size):
            groups.append(range(start, i))
            start, size = i, 0
        size += note
    groups.append(range(start, len(note_sizes)))
    docs: list[Document] = [(p, range(0)) for p in pieces]
    docs[-1] = (pieces[-1], groups[0])
    docs += [("", g) for g in groups[1:] if g]
    return docs


def element_files(
    names: Sequence[str], plan: Sequence[Document], text_id: str, note_ids: Sequence[str]
) -> dict[str, str]:
    """Where each element id of the text lives: its body's ids, its own and its notes'."""
    where = {text_id: names[0], f"{text_id}-title": names[0]}
    for name, (body, notes) in zip(names, plan, strict=True):
        where.update((m[1], name) for m in _ID.finditer(body))
        where.update((note_ids[i], name) for i in notes)
        if notes and f"{text_id}-endnotes" not in where:
            where[f"{text_id}-endnotes"] = name
    return where


def resolve_links(html: str, here: str, where: dict[str, str]) -> Markup:
    """``href="#id"`` pointed at the document holding ``id`` when that is not ``here``.

    >>> resolve_links('<a href="#n1">1</a> <a href="#p2">2</a>', "a.xhtml", {"n1": "b.xhtml"})
    Markup('<a href="b.xhtml#n1">1</a> <a href="#p2">2</a>')
    """

    def point(m: re.Match[str]) -> str:
        target = where.get(m[1], here)
        return m[0] if target == here else f' href="{target}#{m[1]}"'

    return Markup(_LOCAL_HREF.sub(point, html))
