"""The document model: small immutable blocks and inlines that remember where they came from.

Readers (ingest + normalise) produce it, :mod:`samizdat.manuscript` writes it as Pandoc Markdown.
Like pandoc, a note's text lives at its reference (:class:`NoteRef` carries its :class:`Note`);
writers number notes themselves.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Loc:
    """A place in a source file (1-based line)."""

    file: str
    line: int

    def __str__(self) -> str:
        return f"{self.file}:{self.line}"


# ---------------------------------------------------------------- inlines


@dataclass(frozen=True)
class Text:
    text: str


@dataclass(frozen=True)
class Emph:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Strong:
    children: tuple[Inline, ...]


@dataclass(frozen=True)
class Speaker:
    """An interview speaker label such as ``IMLR``, shown at the start of a turn; a label
    that ends in its own stop (a transcript's ``Q.``) is shown without a colon."""

    label: str

    @property
    def shown(self) -> str:
        return self.label if self.label.endswith(".") else self.label + ":"


@dataclass(frozen=True)
class LineBreak:
    """The end of a line the source sets as its own (verse, an address, a signature): a hard
    line break in the manuscript, ``<br/>`` in the book."""


@dataclass(frozen=True)
class Note:
    """A note's content. ``missing`` marks a call whose note text the source does not contain."""

    blocks: tuple[Para, ...]
    loc: Loc
    missing: bool = False
    source_number: str = ""


@dataclass(frozen=True)
class NoteRef:
    note: Note


@dataclass(frozen=True)
class Link:
    """A hyperlink the source writes (a web copy's ``[text](url)``): its text is the source's
    words; the address is markup, kept as the link's target."""

    children: tuple[Inline, ...]
    url: str


Inline = Text | Emph | Strong | Speaker | LineBreak | NoteRef | Link


# ---------------------------------------------------------------- blocks


@dataclass(frozen=True)
class Para:
    """A paragraph. ``role`` is one of :data:`PARA_ROLES` ("" for body text); ``lang``: its
    language where it is not its text's (BCP 47; "" for the text's)."""

    inlines: tuple[Inline, ...]
    loc: Loc
    role: str = ""
    lang: str = ""


PARA_ROLES = (
    "",
    "turn",
    "salutation",
    "signature",
    "attribution",
    "lead",
    "verse",  # lines of verse or a song, each a line (with its indentation)
    "lines",  # a contents or cast list, a postal address: short lines kept as lines
    "address",  # a letter's address and date heading it, set right
    "stage",  # a play's stage direction standing as a paragraph of its own
)


@dataclass(frozen=True)
class Heading:
    level: int
    inlines: tuple[Inline, ...]
    loc: Loc
    ident: str = ""


@dataclass(frozen=True)
class BlockQuote:
    blocks: tuple[Block, ...]
    loc: Loc


@dataclass(frozen=True)
class OrderedList:
    """A list. Its items are numbered from ``start``, or, with ``bullet``, marked with bullets."""

    items: tuple[tuple[Block, ...], ...]
    loc: Loc
    start: int = 1
    bullet: bool = False


@dataclass(frozen=True)
class SectionBreak:
    """A break between separate pieces (posts in a compilation, scene breaks)."""

    loc: Loc


@dataclass(frozen=True)
class Table:
    """A table the source marks up as one (a web copy's HTML or pipe table): a header row and
    body rows, each cell a run of inlines."""

    head: tuple[tuple[tuple[Inline, ...], ...], ...]
    rows: tuple[tuple[tuple[Inline, ...], ...], ...]
    loc: Loc


Block = Para | Heading | BlockQuote | OrderedList | SectionBreak | Table


# ---------------------------------------------------------------- texts and the book


@dataclass(frozen=True)
class TextMeta:
    ident: str
    title: str
    author: str = ""
    editorial_title: bool = False
    source: str = ""
    date: str = ""
    file: str = ""
    language: str = ""  # BCP 47 tag of the text's language ("" when unknown)


@dataclass(frozen=True)
class BookText:
    meta: TextMeta
    blocks: tuple[Block, ...]
    furniture: tuple[str, ...] = ()  # edition furniture kept as the text's source note


@dataclass(frozen=True)
class Manuscript:
    title: str
    subtitle: str
    editor: str
    publisher: str
    language: str
    identifier: str
    date: str
    rights: str
    texts: tuple[BookText, ...]
    corrections: tuple[str, ...] = field(default=())


def plain_text(inlines: tuple[Inline, ...] | list[Inline], *, with_notes: bool = False) -> str:
    """Concatenate the text of inlines (notes left out unless ``with_notes``)."""
    out: list[str] = []
    for node in inlines:
        if isinstance(node, Text):
            out.append(node.text)
        elif isinstance(node, Emph | Strong | Link):
            out.append(plain_text(node.children, with_notes=with_notes))
        elif isinstance(node, Speaker):
            out.append(node.shown)
        elif isinstance(node, LineBreak):
            out.append("\n")
        elif isinstance(node, NoteRef) and with_notes:
            out.append(" ".join(plain_text(p.inlines, with_notes=True) for p in node.note.blocks))
    return "".join(out)
