"""The single structured manuscript: the model written as Pandoc Markdown, and read back by pandoc.

Every character of source text is escaped so pandoc reads it as text, never as markup; so is
every metadata value (title, bylines, rights, sources, corrections: :func:`metadata_md`). The
reader runs with raw HTML, raw TeX, smart punctuation and every extension that could turn text
into markup switched off; our own constructs (headings with attributes, ``^[notes]``, ``> quotes``,
``1.`` lists, ``[label]{.speaker}`` spans, fenced divs) are written explicitly.
"""

from __future__ import annotations

import json
import re
from typing import Any

import pypandoc

from .errors import SamizdatError
from .model import (
    Block,
    BlockQuote,
    BookText,
    Emph,
    Heading,
    Inline,
    LineBreak,
    Link,
    Manuscript,
    NoteRef,
    OrderedList,
    Para,
    SectionBreak,
    Speaker,
    Strong,
    Table,
    Text,
)
from .normalise.inline import parse_emphasis

#: Extensions that could read source characters as markup; all off when pandoc reads the manuscript.
PANDOC_READER = (
    "markdown-raw_html-raw_tex-raw_attribute-smart-tex_math_dollars-tex_math_single_backslash"
    "-citations-autolink_bare_uris-emoji-mark-wikilinks_title_after_pipe"
)
#: ASCII characters that are markup somewhere in Pandoc Markdown; always backslash-escaped.
ALWAYS_ESCAPE = set("\\`*_{}[]<>#$^~@|&=+")
#: A list marker at the start of a paragraph ("1.", "a)", "IV.", "(2)") that pandoc would read.
LIST_START = re.compile(r"^\(?(?:\d+|[A-Za-z]|[ivxlcdmIVXLCDM]+)(?=[.)](?:\s|$))")
#: Other paragraph-initial characters with block meaning (bullets, definitions, fences, hr, %).
SPECIAL_START = set("-:(%")


def escape_text(text: str) -> str:
    """Escape text so pandoc reads exactly these characters.

    >>> escape_text("*not emphasis* and <b>")
    '\\\\*not emphasis\\\\* and \\\\<b\\\\>'
    """
    out = "".join("\\" + ch if ch in ALWAYS_ESCAPE else ch for ch in text)
    # "--" and "..." are only special with the smart extension, which the reader disables.
    return out.replace("\n", " ")


def _escape_start(md: str) -> str:
    """Escape a first character that would start a list, definition list, fence or rule.

    >>> _escape_start("1. Concentration"), _escape_start("- Progress")
    ('1\\\\. Concentration', '\\\\- Progress')
    """
    m = LIST_START.match(md)
    if m:
        return md[: m.end()] + "\\" + md[m.end() :]
    if md[:1] in SPECIAL_START:
        return "\\" + md
    return md


def inlines_md(inlines: tuple[Inline, ...] | list[Inline]) -> str:
    r"""Inlines as Pandoc Markdown; a line after a hard line break is escaped where it would
    start a list or a rule.

    >>> print(inlines_md((Text("To move,"), LineBreak(), Text("- and stay"))))
    To move,\
    \- and stay
    """
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            text = escape_text(node.text)
            out.append(_escape_start(text) if out and out[-1] == "\\\n" else text)
        elif isinstance(node, Emph):
            out.append("*" + inlines_md(node.children) + "*")
        elif isinstance(node, Strong):
            out.append("**" + inlines_md(node.children) + "**")
        elif isinstance(node, Link):
            text = inlines_md(node.children)
            out.append(f"[{text}](<{_url(node.url)}>)" if node.url and text else text)
        elif isinstance(node, Speaker):
            out.append("[" + escape_text(node.shown) + "]{.speaker}")
        elif isinstance(node, LineBreak):  # a hard line break (escape_text leaves no "\n")
            out.append("\\\n")
        elif isinstance(node, NoteRef):
            paras = [inlines_md(p.inlines) for p in node.note.blocks]
            body = " ".join(paras)  # inline notes hold one paragraph; later ones are joined
            if node.note.missing:
                body = "[" + body + "]{.missing}"
            out.append("^[" + body + "]")
    return "".join(out)


def block_md(block: Block, indent: str = "", alt: bool = False) -> str:
    """A block as Pandoc Markdown; ``alt``: a numbered list right after another takes the
    other delimiter (``1)`` for ``1.``), or pandoc would read the two as one list numbered on
    (two bullet lists read as one lose nothing)."""
    if isinstance(block, Para):
        # a line after a hard line break continues the paragraph: indented as its first
        text = _escape_start(inlines_md(block.inlines)).replace("\n", "\n" + indent)
        if block.lang:  # a passage in another language: its div says which
            role = f".{block.role} " if block.role else ""
            return f'{indent}::: {{{role}lang="{block.lang}"}}\n{indent}{text}\n{indent}:::'
        if block.role:
            return f"{indent}::: {block.role}\n{indent}{text}\n{indent}:::"
        return indent + text
    if isinstance(block, Heading):
        attrs = f" {{#{block.ident}}}" if block.ident else ""
        # a heading is one line: a hard break in it (a verse note on a tale's title) a space
        text = inlines_md(block.inlines).replace("\\\n", " ")
        return f"{indent}{'#' * block.level} {text}{attrs}"
    if isinstance(block, BlockQuote):
        inner = "\n\n".join(block_md(b) for b in block.blocks)
        return "\n".join(indent + ("> " + line if line else ">") for line in inner.split("\n"))
    if isinstance(block, OrderedList):
        items = []
        for n, item in enumerate(block.items, block.start):
            marker = "- " if block.bullet else f"{n}{')' if alt else '.'} "
            body = "\n\n".join(block_md(b, " " * len(marker)) for b in item).lstrip()
            items.append(indent + marker + body)
        return "\n\n".join(items)
    if isinstance(block, SectionBreak):
        return indent + "* * *"
    if isinstance(block, Table):
        return table_md(block, indent)
    raise TypeError(block)


def table_md(table: Table, indent: str = "") -> str:
    r"""A table as a pipe table (every cell on its row's line; ``|`` escaped as text).

    >>> from samizdat.model import Loc
    >>> cells = (((Text("Term"),), (Text("Use"),)),), (((Text("a|b"),), ()),)
    >>> print(table_md(Table(*cells, Loc("t.txt", 1))))
    | Term | Use |
    |---|---|
    | a\|b |  |
    """
    width = max(len(r) for r in (*table.head, *table.rows))

    def row(cells: tuple[tuple[Inline, ...], ...]) -> str:
        padded = [*cells, *([()] * (width - len(cells)))]
        return indent + "| " + " | ".join(inlines_md(c).replace("\\\n", " ") for c in padded) + " |"

    head = table.head[0] if table.head else tuple(() for _ in range(width))
    lines = [row(head), indent + "|" + "---|" * width, *(row(r) for r in table.rows)]
    return "\n".join(lines)


def _url(url: str) -> str:
    """A link's address as a Markdown destination in angle brackets (which cannot hold ``<``,
    ``>`` or a line break: those percent-encoded)."""
    return url.replace("<", "%3C").replace(">", "%3E").replace("\n", "%0A").replace(" ", "%20")


#: Whitespace that pandoc or YAML would read as a line break, or drop: one space in metadata.
_BREAKING_SPACE = re.compile("[\t\n\v\f\r \x85\u2028\u2029]+")
#: Characters XML 1.0 cannot hold (the EPUB's documents and the PDF's HTML are XML).
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def metadata_text(value: str) -> str:
    r"""A metadata value as the book shows it: each run of breaking whitespace one space, no
    character XML cannot hold; everything else exactly as typed (no-break spaces too).

    >>> metadata_text("  Two\nlines,\tand\u00a0more ")
    'Two lines, and\xa0more'
    """
    return _BREAKING_SPACE.sub(" ", _NOT_XML.sub("", value)).strip(" ")


def metadata_md(value: str) -> str:
    r"""A metadata value as Pandoc Markdown that pandoc reads back as exactly its characters.

    Pandoc reads every YAML metadata string as Markdown, so the value is escaped as the texts
    are: pandoc's reading of it is words and spaces only (no emphasis, note, link, raw HTML,
    heading or list), and :func:`samizdat.render.html.plain` gives back the typed value.

    >>> print(metadata_md("1. *Stars* ^[x] <b>"))
    1\. \*Stars\* \^\[x\] \<b\>
    """
    return _escape_start(escape_text(metadata_text(value)))


def _yaml(value: str) -> str:
    r"""``value`` as a YAML metadata string that pandoc reads back literally.

    >>> print(_yaml('A "*quoted*" title'))
    "A \"\\*quoted\\*\" title"
    """
    return json.dumps(metadata_md(value), ensure_ascii=False)


def _attr(value: str) -> str:
    r"""``value`` as a quoted attribute of a heading. Pandoc reads attribute values as strings,
    never as Markdown, but it undoes a backslash before punctuation and reads ``&amp;`` as an
    entity: so a backslash, a double quote and an ampersand are escaped.

    >>> print(_attr('He said "*no*" \\ &amp;'))
    "He said \"*no*\" \\ \&amp;"
    """
    text = re.sub(r'([\\"&])', r"\\\1", metadata_text(value))
    return f'"{text}"'


#: Pandoc reads a text in pieces of about this many characters, so neither pandoc nor its JSON
#: AST in Python ever holds more than a piece of a long text at once (memory stays bounded).
PIECE_CHARS = 512 * 1024


def text_md(text: BookText) -> str:
    """One text of the manuscript: its level-1 heading, source note and blocks."""
    return "\n\n".join(text_pieces(text))


def text_pieces(text: BookText, limit: int | None = None) -> list[str]:
    """The text's Markdown cut between top-level blocks into pieces of about ``limit`` characters.

    Joined with blank lines, the pieces are :func:`text_md`. A piece ends only before a
    paragraph, heading or section break: those cannot continue a construct across a blank line
    (two lists or two block quotations would be read as one), so pandoc reads every piece on its
    own exactly as it reads the whole text; notes are inline at their calls.
    """
    limit = PIECE_CHARS if limit is None else limit
    m = text.meta
    attrs = [f"#{m.ident}"]
    if m.editorial_title:
        attrs.append(".editorial")
    for key in ("author", "source", "date", "file"):
        value = getattr(m, key)
        if value:
            attrs.append(f"{key}={_attr(value)}")
    if m.language:  # the text's own language: its section's lang in the EPUB and the PDF
        attrs.append(f"lang={_attr(m.language)}")
    current = [f"# {escape_text(metadata_text(m.title))} {{{' '.join(attrs)}}}"]
    if text.furniture:
        current.append(source_note_md(text))
    pieces: list[str] = []
    size = sum(len(c) for c in current)
    alt, prev = False, None
    for block in text.blocks:
        after_list = all(isinstance(b, OrderedList) and not b.bullet for b in (block, prev))
        alt = after_list and not alt
        md = block_md(block, alt=alt)
        prev = block
        if size >= limit and isinstance(block, (Para, Heading, SectionBreak)):
            pieces.append("\n\n".join(current))
            current, size = [], 0
        current.append(md)
        size += len(md) + 2
    pieces.append("\n\n".join(current))
    return pieces


def uses_emphasis(blocks: tuple[Block, ...] | tuple[Inline, ...]) -> bool:
    """Whether the text writes ``*emphasis*``: the normaliser read some of its asterisks as such
    (it does so only in a text that uses them throughout, see :mod:`samizdat.normalise.inline`)."""
    for node in blocks:
        if isinstance(node, Emph | Strong):
            return True
        if isinstance(node, Para | Heading):
            found = uses_emphasis(node.inlines)
        elif isinstance(node, Link):
            found = uses_emphasis(node.children)
        elif isinstance(node, Table):
            found = any(uses_emphasis(c) for r in (*node.head, *node.rows) for c in r)
        elif isinstance(node, NoteRef):
            found = uses_emphasis(node.note.blocks)
        elif isinstance(node, BlockQuote):
            found = uses_emphasis(node.blocks)
        elif isinstance(node, OrderedList):
            found = any(uses_emphasis(item) for item in node.items)
        else:
            found = False
        if found:
            return True
    return False


def source_note_md(text: BookText) -> str:
    """The text's furniture (its credits, edition lines) as its source note, a fenced div.

    Furniture follows the text's own conventions: in a text that writes ``*title*`` for
    italics, its furniture's asterisks are italics too; anywhere else every character is shown
    as typed. (Backtick quotes the normaliser has already read where the text uses them.)
    """
    emphasis = uses_emphasis(text.blocks)
    lines = [metadata_text(line) for line in text.furniture]
    lines = [
        _escape_start(inlines_md(parse_emphasis(line)) if emphasis else escape_text(line))
        for line in lines
        if line
    ]
    return "::: source-note\n" + "\n\n".join(lines) + "\n:::"


def write_manuscript(ms: Manuscript, pieces: list[list[str]] | None = None) -> str:
    """The manuscript as Pandoc Markdown: YAML metadata, then one level-1 heading per text.

    ``pieces``: each text's :func:`text_pieces`, when the caller has them already.
    """
    if pieces is None:
        pieces = [text_pieces(t) for t in ms.texts]
    body = "\n\n".join(piece for text in pieces for piece in text)
    return manuscript_header(ms) + "\n\n" + body + "\n"


def manuscript_header(ms: Manuscript) -> str:
    """The YAML metadata block that opens the manuscript.

    Every value is a string pandoc reads as Markdown, so each is escaped (:func:`_yaml`): pandoc
    reads the title ``*Stars* ^[x]`` as those characters, not as emphasis and a note.
    """
    meta = [
        "---",
        f"title: {_yaml(ms.title)}",
        f"subtitle: {_yaml(ms.subtitle)}",
        f"editor: {_yaml(ms.editor)}",
        f"publisher: {_yaml(ms.publisher)}",
        f"lang: {_yaml(ms.language)}",
        f"identifier: {_yaml(ms.identifier)}",
        f"date: {_yaml(ms.date)}",
        f"rights: {_yaml(ms.rights)}",
    ]
    if ms.corrections:
        meta.append("corrections:")
        meta.extend(f"  - {_yaml(c)}" for c in ms.corrections)
    meta.append("---")
    return "\n".join(meta)


def read_manuscript(markdown: str) -> dict[str, Any]:
    """Have pandoc read the manuscript into its JSON AST."""
    return json.loads(read_json(markdown))


def read_json(markdown: str) -> str:
    """Pandoc's JSON AST of (a piece of) the manuscript, as pandoc wrote it."""
    try:
        return pypandoc.convert_text(markdown, "json", format=PANDOC_READER)
    except (RuntimeError, OSError) as exc:
        raise SamizdatError(f"pandoc could not read the manuscript: {exc}") from None


def join_asts(header: dict[str, Any], parts: list[dict[str, Any]]) -> dict[str, Any]:
    """One AST from the header's and each text's separately read ASTs.

    Each text of the manuscript is self-contained (explicit ids, notes inline at their calls),
    so reading the texts one by one gives the same AST as reading the whole file; a test
    holds that true on the seeds book.
    """
    blocks = [b for part in parts for b in part["blocks"]]
    return {**header, "blocks": blocks}
