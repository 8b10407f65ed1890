"""One HTML renderer shared by the EPUB and the print PDF: pandoc's AST → :class:`RenderedBook`.

The manuscript is the single source: pandoc reads it, and this module turns pandoc's JSON AST
into XHTML-safe fragments. We own the notes model (pandoc restarts numbers per file and gives EPUB
notes no backlinks): notes are numbered per text, each call links to its note and back.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import Any

from markupsafe import Markup, escape

from .italics import italic_tags, mark_titles

Node = dict[str, Any]

#: Text shown for a note whose text the source does not contain.
MISSING_NOTE_CLASS = "missing"
#: Roles of paragraphs that keep their source lines: each line is a ``span.line`` (so the CSS
#: can hang a line that wraps), with ``<br/>`` between them for readers without the CSS.
LINE_ROLES = frozenset({"verse", "lines", "signature", "address"})
#: Semantics of paragraph roles (Z39.98 structural vocabulary, as Standard Ebooks uses it).
ROLE_TYPES = {
    "salutation": "z3998:salutation",
    "signature": "z3998:signature",
    "turn": "z3998:speech",  # an interview's turn: its speaker is a persona
}
#: A letter's postscript opens with its mark: ``P.S.``, ``P. S.``, ``P.P.S.``, ``PS:``.
_POSTSCRIPT = re.compile(r"(?:P\.\s?)+S\.|PS[.:]")
#: Blocks after which a paragraph may continue the one they interrupted.
_INTERRUPTING = frozenset({"BlockQuote", "OrderedList", "BulletList"})
#: How a paragraph ends when it is complete or introduces what follows with a colon (a closing
#: quote or bracket may follow the stop); an empty one (nothing before) counts as complete.
_COMPLETE = re.compile(r"[.!?…:][”’\"')\]»]*$|^$")


@dataclass(frozen=True)
class RenderedNote:
    number: int
    id: str
    ref_id: str
    html: Markup
    missing: bool


@dataclass(frozen=True)
class Section:
    id: str
    title: str
    level: int


@dataclass(frozen=True)
class RenderedText:
    id: str
    title: str
    author: str
    editorial_title: bool
    source: str
    date: str
    file: str
    body_html: Markup
    source_note_html: Markup
    notes: tuple[RenderedNote, ...]
    sections: tuple[Section, ...]
    paragraphs: int
    language: str = ""  # BCP 47: the text's own language (its section's lang), "" if unknown


@dataclass(frozen=True)
class RenderedBook:
    title: str
    subtitle: str
    editor: str
    publisher: str
    language: str
    identifier: str
    date: str
    rights: str
    corrections: tuple[str, ...]
    texts: tuple[RenderedText, ...]

    @property
    def authors(self) -> tuple[str, ...]:
        seen: dict[str, None] = {}
        for t in self.texts:
            if t.author:
                seen.setdefault(t.author, None)
        return tuple(seen)


def _meta_str(value: Node | None) -> str:
    """A metadata value of the manuscript as the string it was typed as.

    The manuscript escapes every metadata string (:func:`samizdat.manuscript.metadata_md`), so
    pandoc reads each as words and spaces, whose :func:`plain` text is the value as typed; a
    list (the corrections) is one line per item.
    """
    if value is None:
        return ""
    t, c = value["t"], value.get("c")
    if t == "MetaString":
        return str(c)
    if t == "MetaInlines":
        return plain(c)
    if t == "MetaBlocks":
        return " ".join(plain(b["c"]) for b in c if b["t"] in {"Para", "Plain"})
    if t == "MetaList":
        return "\n".join(_meta_str(v) for v in c)
    return ""


#: Link targets a reader can follow from the book: web and mail addresses.
_LINKABLE = re.compile(r"^(?:https?://|mailto:)\S+$")


def plain(inlines: list[Node]) -> str:
    """The text of pandoc inlines, notes left out."""
    out: list[str] = []
    for node in inlines:
        t, c = node["t"], node.get("c")
        if t == "Str":
            out.append(c)
        elif t in {"Space", "SoftBreak", "LineBreak"}:
            out.append(" ")
        elif t in {
            "Emph",
            "Strong",
            "SmallCaps",
            "Strikeout",
            "Underline",
            "Superscript",
            "Subscript",
        }:
            out.append(plain(c))
        elif t in {"Span", "Link"} or t == "Quoted":
            out.append(plain(c[1]))
        elif t == "Code":
            out.append(c[1])
    return "".join(out)


@dataclass
class _TextRenderer:
    """Renders the blocks of one text, collecting its notes and sections."""

    text_id: str
    language: str = ""  # BCP 47: the text's language ("" unknown: italics are never foreign)
    notes: list[RenderedNote] = field(default_factory=list)
    #: The works the text evidently names in italics (their HTML → the opening tag), so that
    #: ``the *Iskra*`` is a title too once ``the newspaper *Iskra*`` is (:func:`mark_titles`).
    titles: dict[str, str] = field(default_factory=dict)
    sections: list[Section] = field(default_factory=list)
    paragraphs: int = 0
    _previous: str = ""  # the kind of the block last rendered at this level
    _lead_end: str = ""  # how the last paragraph at this level ends
    _in_role: bool = False

    def inlines(self, nodes: list[Node]) -> str:
        out = []
        for i, n in enumerate(nodes):
            if n["t"] == "Emph":  # a title, a foreign phrase or emphasis: the words around say
                around = plain(nodes[max(0, i - 12) : i]), plain(nodes[i + 1 : i + 12])
                opening, closing = italic_tags(plain(n["c"]), *around, self.language)
                inner = self.inlines(n["c"])
                if "se:name.publication" in opening:
                    self.titles.setdefault(inner, opening)
                out.append(f"{opening}{inner}{closing}")
            else:
                out.append(self.inline(n))
        return "".join(out)

    def inline(self, node: Node) -> str:
        t, c = node["t"], node.get("c")
        if t == "Str":
            return str(escape(c))
        if t in {"Space", "SoftBreak"}:
            return " "
        if t == "LineBreak":
            return "<br/>"
        if t == "Emph":
            return f"<em>{self.inlines(c)}</em>"
        if t == "Strong":
            return f"<strong>{self.inlines(c)}</strong>"
        if t == "Span":
            (_, classes, _), content = c
            if "cite" in classes:
                return f"<cite>{self.inlines(content)}</cite>"
            if "speaker" in classes:  # as SE marks a speaker: a persona
                return f'<b class="speaker" epub:type="z3998:persona">{self.inlines(content)}</b>'
            cls = f' class="{escape(" ".join(classes))}"' if classes else ""
            return f"<span{cls}>{self.inlines(content)}</span>"
        if t == "Note":
            return self.note(c)
        if t == "Link":
            url = c[2][0]
            if not _LINKABLE.match(url):
                return self.inlines(c[1])
            return f'<a class="link" href="{escape(url)}">{self.inlines(c[1])}</a>'
        if t == "Quoted":
            return self.inlines(c[1])
        if t == "Code":
            return str(escape(c[1]))
        raise ValueError(f"manuscript contains an unexpected inline: {t}")

    def note(self, blocks: list[Node]) -> str:
        number = len(self.notes) + 1
        note_id, ref_id = f"{self.text_id}-n{number}", f"{self.text_id}-r{number}"
        missing = any(
            i["t"] == "Span" and MISSING_NOTE_CLASS in i["c"][0][1]
            for b in blocks
            for i in b.get("c", [])
            if isinstance(i, dict)
        )
        html = "".join(self.block(b, in_note=True) for b in blocks)
        self.notes.append(RenderedNote(number, note_id, ref_id, Markup(html), missing))
        return (
            f'<a class="noteref" id="{ref_id}" href="#{note_id}" epub:type="noteref" '
            f'role="doc-noteref">{number}</a>'
        )

    def block(self, node: Node, *, in_note: bool = False) -> str:
        """One block; remembers its kind, and how a paragraph ends, for the next one."""
        lead_end = self._lead_end
        html = self._block(node, in_note=in_note)
        self._previous = node["t"]
        if node["t"] in {"Para", "Plain"}:
            self._lead_end = plain(node["c"]).rstrip()[-8:]
        elif node["t"] in _INTERRUPTING:  # what follows may go on with the paragraph before
            self._lead_end = lead_end
        elif node["t"] != "Div":  # a role's paragraphs (a turn) are paragraphs at this level
            self._lead_end = ""
        return html

    def _continues(self, inlines: list[Node]) -> bool:
        """Does this paragraph go on with the one a quotation or list interrupted? It follows
        one, and starts in lowercase, or the paragraph before it stopped mid-sentence without
        a colon (``Lenin wrote that`` … ``Stalin answered``); after ``saying:`` a capital opens
        a paragraph of its own."""
        if self._in_role or self._previous not in _INTERRUPTING:
            return False
        first = plain(inlines).lstrip()[:1]
        return first.islower() or not _COMPLETE.search(self._lead_end)

    def _block(self, node: Node, *, in_note: bool = False) -> str:
        t, c = node["t"], node.get("c")
        if t in {"Para", "Plain"}:
            if in_note:
                return f"<p>{self.inlines(c)}</p>"
            self.paragraphs += 1
            pid = f"{self.text_id}-p{self.paragraphs}"
            if not self._in_role and _POSTSCRIPT.match(plain(c).lstrip()):
                cls = ' class="postscript" epub:type="z3998:postscript"'
            else:
                cls = ' class="continued"' if self._continues(c) else ""
            return f'<p{cls} id="{pid}" data-para="{self.paragraphs}">{self.inlines(c)}</p>\n'
        if t == "Header":
            level, (ident, _, _), content = c
            self.sections.append(Section(ident, plain(content), level))
            return f'<h{level} id="{escape(ident)}">{self.inlines(content)}</h{level}>\n'
        if t == "BlockQuote":
            return "<blockquote>\n" + self._inner(c) + "</blockquote>\n"
        if t == "OrderedList":
            (start, _, _), items = c
            # WeasyPrint numbers from the list-item counter, not from ``start``: both are set
            start_attr = (
                f' start="{start}" style="counter-reset: list-item {start - 1}"'
                if start != 1
                else ""
            )
            lis = "".join(f"<li>{self._inner(item)}</li>\n" for item in items)
            return f"<ol{start_attr}>\n{lis}</ol>\n"
        if t == "BulletList":
            lis = "".join(f"<li>{self._inner(item)}</li>\n" for item in c)
            return f"<ul>\n{lis}</ul>\n"
        if t == "Div":
            (_, classes, attrs), content = c
            role = classes[0] if classes else ""
            lang = dict(attrs).get("lang", "")
            if role in LINE_ROLES:
                content = [_in_lines(b) for b in content]
            if role == "attribution":  # the source of a quotation: a citation
                content = [_cited(b) for b in content]
            self._in_role = bool(role)
            html = self.blocks(content)
            self._in_role = False
            kind = f' epub:type="{ROLE_TYPES[role]}"' if role in ROLE_TYPES else ""
            if lang:  # a passage in another language than the text's
                kind += f' lang="{escape(lang)}" xml:lang="{escape(lang)}"'
            attrs = " ".join(
                a for a in (f'class="{escape(role)}"' if role else "", kind.strip()) if a
            )
            return html.replace("<p ", f"<p {attrs} ", 1) if attrs else html
        if t == "HorizontalRule":
            return '<hr class="section-break"/>\n'
        if t == "Table":
            return self.table(c)
        raise ValueError(f"manuscript contains an unexpected block: {t}")

    def table(self, c: list[Any]) -> str:
        """A pandoc table: its head rows as ``th`` cells, its body rows as ``td``."""
        _, _, _, (_, head_rows), bodies, _ = c

        def rows(rs: list[Any], tag: str) -> str:
            out = []
            for _, cells in rs:
                tds = "".join(f"<{tag}>{self.cell(cell[4])}</{tag}>" for cell in cells)
                out.append(f"<tr>{tds}</tr>\n")
            return "".join(out)

        empty = all(not cell[4] for _, cells in head_rows for cell in cells)
        head = "" if empty else f"<thead>\n{rows(head_rows, 'th')}</thead>\n"
        body = "".join(rows(b[2], "td") + rows(b[3], "td") for b in bodies)
        return f'<table class="table">\n{head}<tbody>\n{body}</tbody>\n</table>\n'

    def cell(self, blocks: list[Node]) -> str:
        """A table cell's content: one paragraph as its inlines, more as paragraphs."""
        if len(blocks) == 1 and blocks[0]["t"] in {"Plain", "Para"}:
            return self.inlines(blocks[0]["c"])
        return "".join(self.block(b, in_note=True) for b in blocks)

    def blocks(self, nodes: list[Node]) -> str:
        return "".join(self.block(n) for n in nodes)

    def _inner(self, nodes: list[Node]) -> str:
        """Blocks inside a quotation or list item: a level of their own."""
        previous, lead_end = self._previous, self._lead_end
        self._previous = self._lead_end = ""
        html = self.blocks(nodes)
        self._previous, self._lead_end = previous, lead_end
        return html


def _cited(block: Node) -> Node:
    """A paragraph whose words are the source of a quotation, in a ``<cite>``."""
    if block["t"] != "Para":
        return block
    return {"t": "Para", "c": [{"t": "Span", "c": [["", ["cite"], []], block["c"]]}]}


def _in_lines(block: Node) -> Node:
    """A paragraph with each line (between ``LineBreak`` nodes) in a ``span.line``."""
    if block["t"] != "Para":
        return block
    lines: list[list[Node]] = [[]]
    for node in block["c"]:
        if node["t"] == "LineBreak":
            lines.append([])
        else:
            lines[-1].append(node)
    out: list[Node] = []
    for k, line in enumerate(lines):
        if k:
            out.append({"t": "LineBreak"})
        out.append({"t": "Span", "c": [["", ["line"], []], line]})
    return {"t": "Para", "c": out}


#: Tags that open or close a block holding other blocks in a rendered body.
_NESTING = re.compile(r"<(/?)(?:blockquote|ol|ul)\b")


def top_level_blocks(body: str) -> list[str]:
    r"""A rendered body cut into its top-level blocks; joined, they give ``body`` back.

    The renderer ends every block with a newline and escapes every ``<`` of the text, so the
    only tags are its own: a block ends at a newline outside any ``<blockquote>``, ``<ol>``
    or ``<ul>``.

    >>> top_level_blocks('<p id="a">One</p>\n<blockquote>\n<p>Two</p>\n</blockquote>\n<hr/>\n')
    ['<p id="a">One</p>\n', '<blockquote>\n<p>Two</p>\n</blockquote>\n', '<hr/>\n']
    """
    out: list[str] = []
    begin = pos = depth = 0
    while pos < len(body):
        end = body.find("\n", pos)
        end = len(body) if end < 0 else end + 1
        for m in _NESTING.finditer(body, pos, end):
            depth += -1 if m.group(1) else 1
        pos = end
        if depth == 0:
            out.append(body[begin:end])
            begin = end
    if begin < len(body):
        out.append(body[begin:])
    return out


def _split_texts(blocks: list[Node]) -> list[tuple[Node, list[Node]]]:
    texts: list[tuple[Node, list[Node]]] = []
    for b in blocks:
        if b["t"] == "Header" and b["c"][0] == 1:
            texts.append((b, []))
        elif texts:
            texts[-1][1].append(b)
        else:
            raise ValueError("manuscript text before the first level-1 heading")
    return texts


def _render_text(pieces: Iterable[list[Node]]) -> RenderedText:
    """One text from its blocks, read piece by piece: the first block is its level-1 heading."""
    head: Node | None = None
    renderer = _TextRenderer("")
    source_note = ""
    html_parts: list[str] = []
    for blocks in pieces:
        for b in blocks:
            if head is None:
                if b["t"] != "Header" or b["c"][0] != 1:
                    raise ValueError("manuscript text before the first level-1 heading")
                head = b
                renderer.text_id = b["c"][1][0]
                renderer.language = dict(b["c"][1][2]).get("lang", "")
            elif b["t"] == "Div" and "source-note" in b["c"][0][1]:
                source_note = "".join(
                    f"<p>{renderer.inlines(p['c'])}</p>" for p in b["c"][1] if p["t"] == "Para"
                )
            else:
                html_parts.append(renderer.block(b))
    if head is None:
        raise ValueError("a text of the manuscript has no heading")
    _, (ident, classes, kvs), title = head["c"]
    attrs = dict(kvs)
    return RenderedText(
        id=ident,
        title=plain(title),
        author=attrs.get("author", ""),
        editorial_title="editorial" in classes,
        source=attrs.get("source", ""),
        date=attrs.get("date", ""),
        file=attrs.get("file", ""),
        body_html=Markup(mark_titles("".join(html_parts), renderer.titles)),
        source_note_html=Markup(source_note),
        notes=tuple(
            replace(n, html=Markup(mark_titles(n.html, renderer.titles))) for n in renderer.notes
        ),
        sections=tuple(renderer.sections),
        paragraphs=renderer.paragraphs,
        language=attrs.get("lang", ""),
    )


def render_book(ast: Node) -> RenderedBook:
    """Turn pandoc's AST of the manuscript into the book both writers render."""
    texts = ([[head, *body]] for head, body in _split_texts(ast["blocks"]))
    return render_pieces(ast.get("meta", {}), texts)


def render_pieces(meta: Node, texts: Iterable[Iterable[list[Node]]]) -> RenderedBook:
    """The book from pandoc's metadata and each text's blocks, given piece by piece.

    Each text is an iterable of block lists (pandoc's reading of each piece of its Markdown,
    see :func:`samizdat.manuscript.text_pieces`), so only one piece's AST need exist at a time.
    """
    corrections = _meta_str(meta.get("corrections"))
    return RenderedBook(
        title=_meta_str(meta.get("title")),
        subtitle=_meta_str(meta.get("subtitle")),
        editor=_meta_str(meta.get("editor")),
        publisher=_meta_str(meta.get("publisher")),
        language=_meta_str(meta.get("lang")) or "en",
        identifier=_meta_str(meta.get("identifier")),
        date=_meta_str(meta.get("date")),
        rights=_meta_str(meta.get("rights")),
        corrections=tuple(c for c in corrections.split("\n") if c),
        texts=tuple(_render_text(pieces) for pieces in texts),
    )
