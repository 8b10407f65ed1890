"""Texts written in Markdown — a web copy, a blog post, a README — read as Markdown.

A text is Markdown when its own lines say so: at least three kinds of Markdown markup, one of
them ATX headings (``## Title``) or inline links (``[text](url)``), each used often enough
(:data:`MIN_USES`). Plain texts (a Gutenberg file's ``1.`` lists, a transcript's ``>``, a
text that quotes a little markup) never show that much. Such a text is read by pandoc's CommonMark reader (a maintained reader, not rules of
our own), with source positions, and its document tree becomes the model's blocks: headings,
paragraphs, block quotations, lists, tables, links (their addresses kept as link targets),
footnotes, code as lines. Markup is not text: a site generator's template tags
(``{% image … %}``, ``{{ … }}``) and HTML tags go; their cells and link texts stay.

A YAML front matter block is read as in any text (:mod:`.frontmatter`): title, authors, the
other fields to the source note.

>>> is_markdown(("## One", "", "A [link](http://a.org).", "", "## Two", "", "- a", "- b",
...              "- c", "", "See [this](http://b.org) and [that](http://c.org)."))
True
>>> is_markdown(("A [link](http://a.org) and [one](b) more.", "# not a heading", "> a quote"))
False
>>> is_markdown(("CHAPTER I.", "", "1. A list", "2. in a plain text", "3. stays plain."))
False
"""

from __future__ import annotations

import json
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

import pypandoc

from ..model import (
    Block,
    BlockQuote,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    Loc,
    Note,
    NoteRef,
    OrderedList,
    Para,
    SectionBreak,
    Strong,
    Table,
    Text,
)

Node = dict[str, Any]

#: Markup a Markdown text uses, each a kind of evidence.
SIGNALS = {
    "heading": re.compile(r"^#{1,6}\s+\S"),
    "link": re.compile(r"!?\[[^\]\n]+\]\((?:[^()\s]|\([^()\s]*\))*(?:\s+\"[^\"]*\")?\)"),
    "bullet": re.compile(r"^\s{0,3}[-*+]\s+\S"),
    "ordered": re.compile(r"^\s{0,3}\d{1,3}[.)]\s+\S"),
    "quote": re.compile(r"^\s{0,3}>\s?\S"),
    "strong": re.compile(r"(\*\*|__)(?=\S)[^*_\n]+?(?<=\S)\1"),
    "fence": re.compile(r"^\s{0,3}(?:```|~~~)"),
    "html": re.compile(r"^\s*</?(?:table|div|p|span|img|figure|br|h[1-6]|ul|ol|li)\b", re.I),
    "template": re.compile(r"\{%.*?%\}|\{\{.*?\}\}"),
}
#: How often each kind must occur to count.
MIN_USES = {"heading": 2, "link": 3, "bullet": 3, "ordered": 3, "quote": 1, "strong": 2}
MIN_USES |= {"fence": 2, "html": 1, "template": 2}
#: A site generator's template tag: Liquid, Jinja, Hugo shortcodes.
TEMPLATE_TAG = re.compile(r"\{%.*?%\}|\{\{.*?\}\}|\{\{<.*?>\}\}")
#: pandoc's CommonMark reader with the extensions of a web copy's Markdown, none that would
#: read plain characters as markup a Markdown text does not mean ("$10M … $5M" as maths).
READER = (
    "commonmark_x-smart-emoji-tex_math_dollars-superscript-subscript-alerts"
    "-implicit_header_references-yaml_metadata_block+sourcepos"
)
_FOOTNOTE_CALL = re.compile(r"\[\^([^\]\s]+)\](?!:)")


def markdown_signals(lines: tuple[str, ...]) -> Counter[str]:
    """How often each kind of Markdown markup occurs in the text."""
    found: Counter[str] = Counter()
    for line in lines:
        for kind, pattern in SIGNALS.items():
            if kind in ("link", "strong", "template"):
                found[kind] += len(pattern.findall(line))
            elif pattern.match(line):
                found[kind] += 1
    return found


def is_markdown(lines: tuple[str, ...]) -> bool:
    """Is the text written in Markdown (three kinds of markup, headings or links among them)?"""
    found = markdown_signals(lines)
    kinds = {k for k, n in found.items() if n >= MIN_USES[k]}
    return len(kinds) >= 3 and bool(kinds & {"heading", "link"})


@dataclass
class MarkdownReading:
    blocks: tuple[Block, ...]
    title: str = ""  # a level-1 heading opening the text, when the text has no other title
    counts: Counter[str] = field(default_factory=Counter)


def read_markdown(lines: tuple[str, ...], first: int, file: str, titled: bool) -> MarkdownReading:
    """The blocks of Markdown ``lines`` (source line ``first`` is ``lines[0]``); a level-1
    heading opening a text that has no title (``titled`` false) is its title."""
    counts: Counter[str] = Counter()
    text = []
    for line in lines:
        stripped, n = TEMPLATE_TAG.subn("", line)
        counts["template_tags_removed"] += n
        text.append(stripped if stripped.strip() or not n else "")
    ast = json.loads(pypandoc.convert_text("\n".join(text), "json", format=READER))
    labels = [m.group(1) for line in text for m in _FOOTNOTE_CALL.finditer(line)]
    conv = _Converter(file, first - 1, counts, labels)
    blocks = conv.blocks(ast["blocks"], 1)
    title = ""
    if blocks and isinstance(blocks[0], Heading) and blocks[0].level == 1 and not titled:
        title = _plain(blocks[0].inlines)
        blocks = blocks[1:]
    counts["markdown_texts_read"] += 1
    return MarkdownReading(_levels(blocks), title, counts)


def _levels(blocks: list[Block]) -> tuple[Block, ...]:
    """Headings renumbered so the text's top level is a chapter's (2)."""
    top = min((b.level for b in blocks if isinstance(b, Heading)), default=2)
    shift = 2 - top
    return tuple(
        Heading(min(6, b.level + shift), b.inlines, b.loc) if isinstance(b, Heading) else b
        for b in blocks
    )


def _plain(inlines: tuple[Inline, ...]) -> str:
    from ..model import plain_text

    return plain_text(inlines)


def _pos(attr: list[Any], default: int) -> int:
    """The source line a node's ``data-pos`` attribute gives (``file@12:1-13:1``)."""
    for key, value in attr[2]:
        if key == "data-pos" and value:
            spot = value.rsplit("@", 1)[-1]
            head = spot.split(":", 1)[0]
            if head.isdigit():
                return int(head)
    return default


def _wrapper(attr: list[Any]) -> bool:
    return any(key == "wrapper" for key, _ in attr[2])


@dataclass
class _Converter:
    """pandoc's document tree → model blocks and inlines."""

    file: str
    offset: int  # source line of the reader's line 1, minus one
    counts: Counter[str]
    labels: list[str]
    notes: int = 0

    def loc(self, line: int) -> Loc:
        return Loc(self.file, line + self.offset)

    def blocks(self, nodes: list[Node], line: int) -> list[Block]:
        out: list[Block] = []
        for node in nodes:
            out.extend(self.block(node, line))
        return out

    def block(self, node: Node, line: int) -> list[Block]:
        t, c = node["t"], node.get("c")
        if t == "Div":
            return self.blocks(c[1], _pos(c[0], line))
        if t in ("Para", "Plain"):
            inlines = self.inlines(c, line)
            return [Para(inlines, self.loc(line))] if _plain(inlines).strip() else []
        if t == "Header":
            self.counts["headings_marked"] += 1
            return [Heading(c[0], self.inlines(c[2], line), self.loc(_pos(c[1], line)))]
        if t == "BlockQuote":
            self.counts["quotations_marked"] += 1
            return [BlockQuote(tuple(self.blocks(c, line)), self.loc(line))]
        if t in ("OrderedList", "BulletList"):
            items = c[1] if t == "OrderedList" else c
            start = c[0][0] if t == "OrderedList" else 1
            made = tuple(tuple(self.blocks(item, line)) for item in items)
            self.counts["list_items_marked"] += len(made)
            return [OrderedList(made, self.loc(line), start, bullet=t == "BulletList")]
        if t == "CodeBlock":
            return [_lines_para(c[1].rstrip("\n").split("\n"), self.loc(line))]
        if t == "LineBlock":
            para = _lines_para([], self.loc(line))
            inl: list[Inline] = []
            for k, row in enumerate(c):
                inl += ([LineBreak()] if k else []) + list(self.inlines(row, line))
            return [Para(tuple(inl), para.loc, "verse")]
        if t == "RawBlock":
            return self.raw_block(c, line)
        if t == "Table":
            return [self.table(c, line)]
        if t == "HorizontalRule":
            return [SectionBreak(self.loc(line))]
        if t == "DefinitionList":
            return self.definitions(c, line)
        if t == "Figure":
            return self.blocks(c[2], _pos(c[0], line))
        return []

    def raw_block(self, c: list[Any], line: int) -> list[Block]:
        fmt, raw = c
        if fmt != "html":
            return []
        self.counts["html_blocks_read"] += 1
        ast = json.loads(pypandoc.convert_text(raw, "json", format="html"))
        return self.blocks(ast["blocks"], line)

    def table(self, c: list[Any], line: int) -> Table:
        self.counts["tables_read"] += 1
        _, _, _, (_, head_rows), bodies, _ = c

        def rows(rs: list[Any]) -> tuple[tuple[tuple[Inline, ...], ...], ...]:
            return tuple(tuple(self.cell(cell[4], line) for cell in cells) for _, cells in rs)

        body = tuple(r for b in bodies for r in (*rows(b[2]), *rows(b[3])))
        head = tuple(r for r in rows(head_rows) if any(r))
        return Table(head, body, self.loc(line))

    def cell(self, blocks: list[Node], line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for b in self.blocks(blocks, line):
            if isinstance(b, Para | Heading):
                out += ([LineBreak()] if out else []) + list(b.inlines)
        return tuple(out)

    def definitions(self, c: list[Any], line: int) -> list[Block]:
        out: list[Block] = []
        for term, defs in c:
            out.append(Para((Strong(self.inlines(term, line)),), self.loc(line)))
            for d in defs:
                out.extend(self.blocks(d, line))
        return out

    def inlines(self, nodes: list[Node], line: int) -> tuple[Inline, ...]:
        out: list[Inline] = []
        for node in nodes:
            out.extend(self.inline(node, line))
        return _merged(out)

    def inline(self, node: Node, line: int) -> list[Inline]:
        t, c = node["t"], node.get("c")
        if t == "Str":
            return [Text(c)]
        if t in ("Space", "SoftBreak"):
            return [Text(" ")]
        if t == "LineBreak":
            return [LineBreak()]
        if t == "Emph":
            return [Emph(self.inlines(c, line))]
        if t == "Strong":
            return [Strong(self.inlines(c, line))]
        if t in ("Span", "Cite"):
            return list(self.inlines(c[1], line))
        if t in ("Underline", "Strikeout", "SmallCaps", "Superscript", "Subscript"):
            return list(self.inlines(c, line))
        if t == "Link":
            self.counts["links_kept"] += 1
            return [Link(self.inlines(c[1], line), c[2][0])]
        if t == "Image":
            return list(self.inlines(c[1], line))
        if t in ("Code", "Math"):
            return [Text(c[1])]
        if t == "RawInline":
            if c[0] == "html" and re.match(r"^<br\s*/?>$", c[1].strip(), re.I):
                return [LineBreak()]
            self.counts["html_tags_removed"] += 1
            return []
        if t == "Quoted":
            mark = '"' if c[0]["t"] == "DoubleQuote" else "'"
            return [Text(mark), *self.inlines(c[1], line), Text(mark)]
        if t == "Note":
            return [self.note(c, line)]
        return []

    def note(self, blocks: list[Node], line: int) -> NoteRef:
        label = self.labels[self.notes] if self.notes < len(self.labels) else ""
        self.notes += 1
        self.counts["notes_linked"] += 1
        made = tuple(b for b in self.blocks(blocks, line) if isinstance(b, Para))
        number = label if label.isdigit() else ""
        return NoteRef(Note(made, self.loc(line), source_number=number))


def _merged(inlines: list[Inline]) -> tuple[Inline, ...]:
    out: list[Inline] = []
    for node in inlines:
        if isinstance(node, Text) and out and isinstance(out[-1], Text):
            out[-1] = Text(out[-1].text + node.text)
        else:
            out.append(node)
    return tuple(out)


def _lines_para(lines: list[str], loc: Loc) -> Para:
    inlines: list[Inline] = []
    for k, line in enumerate(lines):
        inlines += ([LineBreak()] if k else []) + [Text(line)]
    return Para(tuple(inlines), loc, "lines")
