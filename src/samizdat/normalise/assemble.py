"""Chunks → model blocks: notes attached to their calls, quotations and lists grouped, ids fixed."""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace

from ..config import slugify
from ..model import (
    Block,
    BlockQuote,
    Heading,
    Inline,
    Loc,
    Note,
    NoteRef,
    OrderedList,
    Para,
    SectionBreak,
    Speaker,
    Text,
)
from .chunks import Chunk, Finding
from .inline import (
    Call,
    InlineEvidence,
    build_inlines,
    find_note_calls,
    read_backtick_quotes,
    read_doubled_apostrophes,
)
from .notemarks import SERIAL, cut_inline_notes
from .passages import passage_language
from .typography import smarten_quotes, title_typeset, typeset
from .verse import break_lines

ROLE_OF_KIND = {
    "para": "",
    "turn": "turn",
    "salutation": "salutation",
    "signature": "signature",
    "attribution": "attribution",
    "quote": "",
    "item": "",
    "verse": "verse",
    "lines": "lines",
    "address": "address",
    "stage": "stage",
}


@dataclass
class Assembled:
    blocks: tuple[Block, ...]
    furniture: tuple[str, ...]
    title_lines: tuple[str, ...]
    bylines: tuple[str, ...]
    counts: Counter[str] = field(default_factory=Counter)
    findings: list[Finding] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)


@dataclass
class _Builder:
    file: str
    text_id: str
    ev: InlineEvidence
    notes: dict[tuple[int, Call], Note]
    counts: Counter[str]
    used_ids: Counter[str] = field(default_factory=Counter)

    def text(self, c: Chunk) -> str:
        return self.quotes(c.text)

    def quotes(self, text: str) -> str:
        """The text's own quotation convention read: backticks, or doubled apostrophes."""
        if self.ev.backticks:
            text = read_backtick_quotes(text, self.counts)
        if self.ev.doubled:
            text = read_doubled_apostrophes(text, self.counts)
        return text

    def inlines(self, c: Chunk, calls: list[Call], at: int = -1) -> tuple[Inline, ...]:
        """The chunk's inlines; ``at`` is its index, for the notes of its ``calls``."""
        loc = Loc(self.file, c.line)
        notes = {call: self.notes[(at, call)] for call in calls}
        text = self.text(c)
        ev = self.passage(text)
        nodes = break_lines(build_inlines(text, calls, notes, loc, ev, self.counts))
        cites = tuple(NoteRef(self.note(n)) for n in c.notes)
        if c.kind == "turn":
            label = smarten_quotes(c.speaker, language=self.ev.language)  # D'AMATO: D’AMATO
            return (Speaker(label), Text(" "), *nodes, *cites)
        return (*nodes, *cites)

    def note(self, c: Chunk) -> Note:
        """A note chunk as a note: its paragraphs after the first are in ``c.notes``."""
        paras = tuple(self.note_para(p.text, p.line) for p in (c, *c.notes))
        printed = str(c.number) if 0 < c.number < SERIAL else ""
        return Note(paras, Loc(self.file, c.line), source_number=printed)

    def note_para(self, text: str, line: int) -> Para:
        loc = Loc(self.file, line)
        raw = self.quotes(text)
        ev = self.passage(raw)
        return Para(break_lines(build_inlines(raw, [], {}, loc, ev, self.counts)), loc)

    def passage(self, text: str) -> InlineEvidence:
        """The inline evidence for a paragraph, in its own language when that is not the
        text's (:func:`.passages.passage_language`: a French reader's English preface)."""
        lang = self.lang_of(text)
        if not lang:
            return self.ev
        self.counts["passages_in_another_language"] += 1
        return replace(self.ev, language=lang)

    def lang_of(self, text: str) -> str:
        """The paragraph's language where it is not the text's, else ""."""
        lang = passage_language(text, self.ev.language)
        return "" if lang == self.ev.language else lang

    def inline_note(self, text: str, key: str, line: int) -> Note:
        """A ``[Footnote …]`` printed inside a paragraph, as a note."""
        printed = key if key.isdigit() else ""
        return Note((self.note_para(text, line),), Loc(self.file, line), source_number=printed)

    def heading_id(self, text: str) -> str:
        base = f"{self.text_id}-{slugify(text)}"
        self.used_ids[base] += 1
        return base if self.used_ids[base] == 1 else f"{base}-{self.used_ids[base]}"


def assemble(chunks: tuple[Chunk, ...], file: str, text_id: str, ev: InlineEvidence) -> Assembled:
    """Build the text's blocks from its classified chunks."""
    out = Assembled((), (), (), ())
    b = _Builder(file, text_id, ev, {}, out.counts)
    chunks, inline = _cut_inline_notes(chunks, b)
    calls, b.notes, called = link_notes(chunks, b, out, inline)
    blocks: list[Block] = []
    furniture, titles, bylines = [], [], []
    for i, c in enumerate(chunks):
        loc = Loc(file, c.line)
        kind = c.kind
        if kind == "title":  # text like any other: its quotes and dashes typeset (no
            titles.append(title_typeset(c.text, ev.language))  # no-break spaces: metadata)
        elif kind == "byline":
            bylines.append(smarten_quotes(c.text, language=ev.language))  # O'Brien: O’Brien
        elif kind == "furniture":
            furniture.append(typeset(b.text(c)))
        elif kind == "note":
            if i not in called:
                number = f"note {c.number}" if c.number > 0 else "a note"
                out.findings.append(Finding(c.line, "orphan-note", f"{number} has no call"))
                blocks.extend(Para(b.inlines(p, []), Loc(file, p.line)) for p in (c, *c.notes))
        elif kind == "heading":
            inl = b.inlines(c, calls.get(i, []), i)
            blocks.append(Heading(c.number or 2, inl, loc, b.heading_id(c.text)))
        elif kind == "break":
            if blocks and not isinstance(blocks[-1], SectionBreak):  # parts text from text
                blocks.append(SectionBreak(loc))
        else:
            role = ROLE_OF_KIND.get(kind, "")
            para = Para(b.inlines(c, calls.get(i, []), i), loc, role, b.lang_of(b.text(c)))
            _place(blocks, c, para, chunks[i - 1] if i else None)
    if blocks and isinstance(blocks[-1], SectionBreak):
        blocks.pop()  # a break after the last text parts nothing
    out.blocks, out.furniture = tuple(blocks), tuple(furniture)
    out.title_lines, out.bylines = tuple(titles), tuple(bylines)
    return out


#: Chunks whose text is not the body's: no ``[Footnote …]`` is cut out of them.
_NOT_BODY = frozenset({"note", "plain", "title", "byline", "furniture", "break"})


def _cut_inline_notes(
    chunks: tuple[Chunk, ...], b: _Builder
) -> tuple[tuple[Chunk, ...], dict[int, list[tuple[Call, Note]]]]:
    """Chunks without the ``[Footnote …]`` notes printed inside them, and those notes' calls."""
    out = list(chunks)
    calls: dict[int, list[tuple[Call, Note]]] = {}
    for i, c in enumerate(chunks):
        if c.kind in _NOT_BODY or "[" not in c.text:
            continue
        text, cut = cut_inline_notes(c.text)
        if not cut:
            continue
        out[i] = replace(c, text=text)
        calls[i] = [(Call(n.start, n.end, 0), b.inline_note(n.text, n.key, c.line)) for n in cut]
        b.counts["footnotes_inline"] += len(cut)
    return tuple(out), calls


def link_notes(
    chunks: tuple[Chunk, ...],
    b: _Builder,
    out: Assembled,
    inline: dict[int, list[tuple[Call, Note]]] | None = None,
) -> tuple[dict[int, list[Call]], dict[tuple[int, Call], Note], set[int]]:
    """Link each note call to its note: the first note with the call's number after it (notes
    numbered afresh per chapter, letter or page stay distinct), else the last one before it.

    A number is a call only when such a note exists; calls with no note text anywhere keep
    their numbers as the source prints them, and the first gets one editorial note saying so.
    Returns the calls per chunk, the note of each call, and the chunks of the notes used.
    """
    notes: dict[int, list[int]] = {}  # note number → its chunks, in order, while unused
    for k, c in enumerate(chunks):
        if c.kind == "note":
            notes.setdefault(c.number, []).append(k)
    found = find_note_calls(chunks, out.findings)
    used: set[int] = set()
    linked: dict[int, list[Call]] = {}
    note_of: dict[tuple[int, Call], Note] = {}
    orphans: list[tuple[int, Call]] = []
    for i, pairs in (inline or {}).items():
        for call, note in pairs:
            linked.setdefault(i, []).append(call)
            note_of[(i, call)] = note
    for i in sorted(found):
        for call in found[i]:
            k = _note_for(notes.get(call.number, []), i)
            if k < 0:
                orphans.append((i, call))
                continue
            used.add(k)
            linked.setdefault(i, []).append(call)
            note_of[(i, call)] = b.note(chunks[k])
    for cs in linked.values():
        cs.sort(key=lambda c: c.start)
    out.counts["note_calls_linked"] = sum(len(cs) for cs in linked.values())
    if orphans:
        _mark_missing(chunks, orphans, b, out, linked, note_of)
    return linked, note_of, used


def _mark_missing(
    chunks: tuple[Chunk, ...],
    orphans: list[tuple[int, Call]],
    b: _Builder,
    out: Assembled,
    linked: dict[int, list[Call]],
    note_of: dict[tuple[int, Call], Note],
) -> None:
    """One editorial note for the calls whose notes the source does not give."""
    # at the end of a paragraph that does not end in a printed number ("known.1¹" reads
    # as one number, in print and in a PDF's text)
    i, first = next(((k, c) for k, c in orphans if not chunks[k].text[-1:].isdigit()), orphans[0])
    numbers = sorted({c.number for _, c in orphans})
    at = len(chunks[i].text)  # at the paragraph's end: beside a printed number it would
    mark = Call(at, at, first.number)  # read as part of it ("known.1¹")
    linked.setdefault(i, []).append(mark)
    linked[i].sort(key=lambda c: c.start)
    note_of[(i, mark)] = Note(
        (Para((Text(missing_notes_text(len(orphans), numbers)),), Loc(b.file, chunks[i].line)),),
        Loc(b.file, chunks[i].line),
        missing=True,
    )
    out.counts["note_calls_without_notes"] = len(orphans)
    out.findings.append(
        Finding(
            chunks[i].line,
            "notes-missing",
            f"{len(orphans)} note calls have no note text in the source; their numbers are kept",
        )
    )


def _note_for(free: list[int], i: int) -> int:
    """Take from ``free`` (chunk indices, in order) the first note after chunk ``i``, else the
    last one before it; -1 when none is left."""
    if not free:
        return -1
    at = bisect_right(free, i)
    return free.pop(at if at < len(free) else at - 1)


def missing_notes_text(count: int, numbers: list[int]) -> str:
    """The one editorial note of a text whose note calls have no note text."""
    span = f"{numbers[0]}–{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    calls = "a note call" if count == 1 else f"{count} note calls"
    return (
        f"Editor’s note: the source marks {calls} ({span}) but gives no text for them; "
        "the numbers are printed as in the source."
    )


def _nests(last: Block | None) -> bool:
    """Can a second-level bullet go into the last block: a bullet list?"""
    return isinstance(last, OrderedList) and last.bullet


def _place(blocks: list[Block], c: Chunk, para: Para, prev: Chunk | None) -> None:
    """Append a paragraph, growing the open quotation or list when it belongs there."""
    last = blocks[-1] if blocks else None
    if c.kind == "quote":
        if (
            isinstance(last, BlockQuote)
            and prev is not None
            and prev.kind == "quote"
            and (prev.group == c.group)
        ):
            blocks[-1] = BlockQuote((*last.blocks, para), last.loc)
        else:
            blocks.append(BlockQuote((para,), para.loc))
    elif c.kind == "item" and c.number == 0 and c.group and _nests(last):
        *items, (*blocks_of_item, sub) = last.items  # type: ignore[union-attr]
        if isinstance(sub, OrderedList) and sub.bullet:  # a hollow bullet under a full one
            sub = replace(sub, items=(*sub.items, (para,)))
        else:
            blocks_of_item, sub = (
                [*blocks_of_item, sub],
                OrderedList(((para,),), para.loc, bullet=True),
            )
        blocks[-1] = replace(last, items=(*items, (*blocks_of_item, sub)))  # type: ignore[arg-type]
    elif c.kind == "item":  # numbered, or a bullet's (number 0)
        if (
            isinstance(last, OrderedList)
            and prev is not None
            and prev.kind == "item"
            and last.bullet == (c.number == 0)
            and (last.bullet or c.number == last.start + len(last.items))
        ):
            blocks[-1] = replace(last, items=(*last.items, (para,)))
        else:
            blocks.append(OrderedList(((para,),), para.loc, c.number or 1, bullet=c.number == 0))
    else:
        blocks.append(para)
