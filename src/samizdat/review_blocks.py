"""A book block as the review page shows it beside its source lines: plain runs of text.

>>> from .model import Emph, Loc, Para, Text
>>> v = block_view(Para((Text("a "), Emph((Text("<b>"),))), Loc("a.txt", 1)))
>>> v.tag, v.label, v.text, v.runs
('p', 'paragraph', 'a <b>', (('t', 'a '), ('em', '<b>')))
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass

from .model import (
    Block,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    Note,
    NoteRef,
    Para,
    SectionBreak,
    Speaker,
    Strong,
    Table,
    Text,
    plain_text,
)

#: Run kinds: t text, em, strong, br (a kept line end), call (a note call), speaker, link.
Run = tuple[str, str]


@dataclass(frozen=True)
class BlockView:
    tag: str  # p, h2…h6, break, table, note
    label: str
    text: str  # its words as a reader gets them (notes left out)
    runs: tuple[Run, ...]


def _runs(inlines: tuple[Inline, ...], style: str = "t") -> Iterator[Run]:
    for node in inlines:
        if isinstance(node, Text):
            yield (style, node.text)
        elif isinstance(node, Emph):
            yield from _runs(node.children, "strong" if style == "strong" else "em")
        elif isinstance(node, Strong):
            yield from _runs(node.children, "strong")
        elif isinstance(node, Link):
            yield from _runs(node.children, "link")
        elif isinstance(node, Speaker):
            yield ("speaker", node.shown)
        elif isinstance(node, LineBreak):
            yield ("br", "")
        elif isinstance(node, NoteRef):
            yield ("call", node.note.source_number or "*")


def _merged(runs: Iterator[Run]) -> tuple[Run, ...]:
    """Neighbouring runs of one kind as one (a paragraph is many text nodes)."""
    out: list[tuple[str, list[str]]] = []
    for kind, text in runs:
        if out and out[-1][0] == kind and kind not in ("br", "call"):
            out[-1][1].append(text)
        else:
            out.append((kind, [text]))
    return tuple((kind, "".join(parts)) for kind, parts in out)


_ROLE_LABEL = {"": "paragraph", "lines": "lines", "stage": "stage direction"}


def block_view(block: Block, *, note: str = "") -> BlockView:
    """The view of a paragraph, heading, break or table (a note's paragraph with ``note``)."""
    if isinstance(block, Heading):
        runs = _merged(_runs(block.inlines))
        text = plain_text(block.inlines)
        return BlockView(f"h{min(block.level, 6)}", f"heading {block.level}", text, runs)
    if isinstance(block, SectionBreak):
        return BlockView("break", "section break", "", (("t", "* * *"),))
    if isinstance(block, Table):
        cells = [plain_text(c) for row in (*block.head, *block.rows) for c in row]
        return BlockView("table", "table", " ".join(cells), (("t", " | ".join(cells)),))
    if isinstance(block, Para):
        runs = _merged(_runs(block.inlines))
        if note:
            return BlockView("note", f"note {note}", plain_text(block.inlines), runs)
        label = _ROLE_LABEL.get(block.role, block.role)
        return BlockView("p", label, plain_text(block.inlines), runs)
    return BlockView("p", type(block).__name__, "", ())


def note_calls(inlines: tuple[Inline, ...]) -> Iterator[tuple[str, Note]]:
    """The notes called in ``inlines`` (emphasis and links entered), with their printed numbers."""
    for node in inlines:
        if isinstance(node, NoteRef):
            yield node.note.source_number or "*", node.note
        elif isinstance(node, Emph | Strong | Link):
            yield from note_calls(node.children)
