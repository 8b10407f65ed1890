"""Structural corrections: an editor's ``[[structure]]`` entries overruling the passes.

Each entry names one source line (``at``, the start of exactly one line) and what the paragraph
there is: ``heading`` (at ``level``), ``not-heading``, ``paragraph`` (a new paragraph starts at
the line), ``join`` (the paragraph starting there goes on the one before), ``verse`` (its source
line breaks kept), ``quotation`` or ``not-quotation``. They are applied to the chunks after
every pass, so they override the heuristics; they move no word, so the word check needs no new
edit for them. An entry that finds its decision already made changes nothing and says so.

A chunk's text no longer has its source lines (they are unwrapped and dehyphenated), so a line
is found in it by its own text: the whole line, else the line short of its last words (the last
may be joined to the next line's first), at the nearest place to where the line should be.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, replace

from ..errors import ConfigError
from .chunks import Chunk, Evidence
from .lines import join_lines
from .verse import LINE_KINDS

KINDS = ("heading", "not-heading", "paragraph", "join", "verse", "quotation", "not-quotation")
#: Heading levels an entry may give: level 1 is the text's own title.
LEVELS = range(2, 7)
#: Chunks that are not the body's paragraphs: no entry applies to them.
NOT_BODY = frozenset({"note", "furniture", "title", "byline", "break"})
#: Kinds a paragraph split off another keeps (it stays in its quotation); any other kind (verse,
#: a heading, a list item, a speaker's turn) leaves the new paragraph a prose one.
KEPT_ON_SPLIT = frozenset({"para", "plain", "quote"})
#: Kinds that start by splitting the chunk at the entry's line when it starts inside one.
SPLITTING = frozenset({"paragraph", "heading", "verse", "quotation"})
#: Kinds that hold a label apart from their text: a turn its speaker, a list item its number or
#: bullet. Made anything else, the label goes back into the text as the source prints it.
LABELLED = frozenset({"turn", "item"})
#: Kinds that become verse; any other (a turn, a quotation, a list item) keeps its kind and
#: only gains the line breaks.
PROSE = frozenset({"para", "plain"})
#: How much further than its expected place a kept line may start (a note call, a rejoined word).
LINE_SLACK = 40
#: Groups of block quotations made by entries, above any the passes number.
_GROUPS = 1_000_000


@dataclass(frozen=True)
class StructureFix:
    """One ``[[structure]]`` entry resolved to its text's source line (1-based)."""

    line: int
    kind: str
    at: str
    level: int = 2
    where: str = "corrections.toml"  # "corrections.toml:14", for messages
    reason: str = ""

    @property
    def shown(self) -> str:
        """``at`` on one line, for a one-line message."""
        return self.at.replace("\n", "\\n")


@dataclass(frozen=True)
class Applied:
    """What an entry did: ``changed`` is false when the passes had already decided so."""

    kind: str
    line: int
    at: str
    level: int
    changed: bool
    reason: str = ""


def _words(line: str) -> list[str]:
    return line.split()


def _needles(line: str) -> list[str]:
    """The line's text, then shorter and shorter starts of it (its last word may have been
    joined to the next line's first): the longest found in the chunk places the line."""
    words = _words(line)
    return [" ".join(words[:n]) for n in range(len(words), 0, -1)]


def _occurrences(text: str, needle: str) -> list[int]:
    out, at = [], text.find(needle)
    while at >= 0:
        out.append(at)
        at = text.find(needle, at + 1)
    return out


def _word_start(text: str, at: int) -> int:
    """Back to the start of the word ``at`` is in: a line whose first word was rejoined to the
    previous line's hyphenated half starts with the whole word."""
    while at > 0 and not text[at - 1].isspace():
        at -= 1
    return at


def line_offset(text: str, line: str, near: int = 0) -> int:
    """Where the source ``line`` starts in a chunk's ``text``, nearest ``near``; -1 if absent.

    >>> line_offset("the organization of the workers", "tion of the workers")
    4
    >>> line_offset("a b. c d. a b.", "a b.", near=9)
    10
    """
    for needle in _needles(line):
        found = _occurrences(text, needle)
        if found and (len(needle) >= 8 or needle == " ".join(_words(line))):
            return _word_start(text, min(found, key=lambda p: abs(p - near)))
    return -1


def _is_body(c: Chunk) -> bool:
    return c.kind not in NOT_BODY


def _expected(c: Chunk, fix: StructureFix, ev: Evidence) -> int:
    """Roughly where the fix's line starts in the chunk's text: the length of its lines before."""
    return sum(len(" ".join(_words(x))) + 1 for x in ev.lines[c.line - 1 : fix.line - 1])


def _locate(chunks: list[Chunk], fix: StructureFix, ev: Evidence) -> tuple[int, int]:
    """The chunk holding the fix's line and where the line starts in its text: a paragraph
    starting there, else the nearest one before it (notes and furniture between stepped over:
    a paragraph a page break cut has them between its halves)."""
    line = ev.lines[fix.line - 1]
    starting = [i for i, c in enumerate(chunks) if c.line == fix.line and _is_body(c)]
    if starting and fix.line not in ev.furniture:
        return starting[0], 0
    before = [
        i for i, c in enumerate(chunks) if c.line <= fix.line and fix.line not in ev.furniture
    ]
    for i in sorted(before, key=lambda i: -chunks[i].line):
        c = chunks[i]
        at = line_offset(c.text, line, _expected(c, fix, ev))
        if at >= 0 and _is_body(c):
            return i, at
        if at >= 0 or _is_body(c):
            break  # the line is in a note or the title, or not in the paragraph before it
    raise ConfigError(
        f"{fix.where}: structure '{fix.kind}' at line {fix.line} (“{fix.shown}”): that line is "
        "not in the text's body (page furniture, the title or a note)"
    )


def printed_label(c: Chunk, ev: Evidence) -> str:
    """A turn's speaker or a list item's number as its source line prints it before the text
    (the whole line when the label stands alone).

    >>> ev = Evidence("t", lines=("CRITO:  Yes; the meaning is", "JEYES.", "Well, sir."))
    >>> printed_label(Chunk("Yes; the meaning is", 1, kind="turn", speaker="CRITO"), ev)
    'CRITO:'
    >>> printed_label(Chunk("Well, sir.", 2, kind="turn", speaker="JEYES"), ev)
    'JEYES.'
    """
    line = ev.lines[c.line - 1].strip()
    words = c.text.split()
    for n in (4, 2, 1):
        at = line.find(" ".join(words[:n])) if words else -1
        if at >= 0:
            return line[:at].strip()
    return line


def _unlabelled(c: Chunk, ev: Evidence) -> Chunk:
    """The chunk with its label back in its text, for a kind that holds none."""
    if c.kind not in LABELLED:
        return c
    label = printed_label(c, ev)
    return replace(c, text=f"{label} {c.text}" if label else c.text, speaker="", number=0)


def _split(chunks: list[Chunk], i: int, at: int, line: int) -> None:
    """Cut chunk ``i`` at ``at``: a paragraph starting at source ``line`` follows it."""
    c = chunks[i]
    left, right = c.text[:at].rstrip(), c.text[at:].lstrip()
    kind = c.kind if c.kind in KEPT_ON_SPLIT else "para"
    if kind != "quote":
        right = _prose(right)
    chunks[i] = replace(c, text=left, lines=(left,), notes=())
    new = replace(c, text=right, line=line, gap=0, kind=kind, lines=(right,), number=0)
    chunks.insert(i + 1, replace(new, speaker="") if kind != c.kind else new)


def _prose(text: str) -> str:
    """Kept lines run on as prose (a heading is one line)."""
    return " ".join(x.strip() for x in text.split("\n")) if "\n" in text else text


def _split_at(chunks: list[Chunk], fix: StructureFix, ev: Evidence) -> bool:
    i, at = _locate(chunks, fix, ev)
    if at == 0:
        return False
    _split(chunks, i, at, fix.line)
    return True


def _join(chunks: list[Chunk], fix: StructureFix, ev: Evidence, counts: Counter[str]) -> bool:
    """The paragraph starting at the fix's line joined to the body paragraph before it."""
    j, at = _locate(chunks, fix, ev)
    if at > 0:
        return False  # already inside a paragraph
    i = j - 1
    while i >= 0 and chunks[i].kind in {"note", "furniture"}:
        i -= 1
    if i < 0 or not _is_body(chunks[i]):
        raise ConfigError(
            f"{fix.where}: structure 'join' at line {fix.line} (“{fix.shown}”): "
            "no paragraph before it to join to"
        )
    prev, c = chunks[i], _unlabelled(chunks[j], ev)
    if prev.kind in LINE_KINDS:
        text = f"{prev.text.rstrip()}\n{c.text.lstrip()}"
    else:
        text = join_lines(prev.text, c.text, ev, counts, [], fix.line)
    chunks[i] = replace(prev, text=text, lines=(text,), notes=(*prev.notes, *c.notes))
    del chunks[j]
    return True


def _keep_lines(c: Chunk, fix: StructureFix, ev: Evidence, end: int) -> Chunk:
    """The chunk as verse: a line break where each of its source lines after the first starts
    (lines of ``fix.line`` up to ``end``, exclusive, found in order in its text, each about a
    line's length after the one before; a note's or furniture's line between is passed by)."""
    text, pos, prev = c.text, 0, ev.lines[fix.line - 1]
    for n in range(fix.line + 1, end):
        line = ev.lines[n - 1]
        if not line.strip() or n in ev.furniture:
            continue
        step = len(" ".join(_words(prev)))  # where the line should start, after ``pos``
        at = line_offset(text[pos + 1 :], line, near=step)
        if at < 0 or at > step + LINE_SLACK:
            continue  # not this paragraph's line
        at += pos + 1
        if text[at - 1] == " ":
            text = f"{text[: at - 1]}\n{text[at:]}"
        pos, prev = at, line
    kind = "verse" if c.kind in PROSE else c.kind
    return replace(c, kind=kind, text=text, lines=tuple(text.split("\n")))


def _next_start(chunks: list[Chunk], line: int, limit: int) -> int:
    later = [c.line for c in chunks if c.line > line and _is_body(c)]
    return min(later, default=limit + 1)


def _quote_group(chunks: list[Chunk], i: int, n: int) -> int:
    """A block quotation set by an entry goes on the quotation beside it, else stands alone."""
    for k in (i - 1, i + 1):
        if 0 <= k < len(chunks) and chunks[k].kind == "quote":
            return chunks[k].group
    return _GROUPS + n


def _set_kind(chunks: list[Chunk], fix: StructureFix, ev: Evidence, n: int) -> bool:
    i, _ = _locate(chunks, fix, ev)
    c = chunks[i]
    if fix.kind == "heading":
        c0 = _unlabelled(c, ev)
        new = replace(c0, kind="heading", text=_prose(c0.text), number=fix.level, group=0)
    elif fix.kind == "not-heading":
        new = replace(c, kind="para", number=0) if c.kind == "heading" else c
    elif fix.kind == "quotation":
        group = _quote_group(chunks, i, n)
        new = c if c.kind == "quote" else replace(_unlabelled(c, ev), kind="quote", group=group)
    elif fix.kind == "not-quotation":
        new = replace(c, kind="para", group=0) if c.kind == "quote" else c
    elif c.kind in LINE_KINDS or "\n" in c.text:  # verse, already keeping its lines
        new = c
    else:
        new = _keep_lines(c, fix, ev, _next_start(chunks, fix.line, len(ev.lines)))
    chunks[i] = new
    return new != c


def apply_structure(
    chunks: tuple[Chunk, ...], fixes: tuple[StructureFix, ...], ev: Evidence
) -> tuple[tuple[Chunk, ...], list[Applied], Counter[str]]:
    """Apply the editor's structural corrections to the passes' chunks: splits first, then
    joins, then what each paragraph is.

    >>> ev = Evidence("t.txt", lines=("The old order", "CHAPTER TWO", "It fell.", "Said he,"))
    >>> ch = (Chunk("The old order CHAPTER TWO It fell.", 1), Chunk("Said he,", 4))
    >>> fixes = (StructureFix(2, "heading", "CHAPTER"), StructureFix(3, "paragraph", "It"),
    ...          StructureFix(4, "quotation", "Said"))
    >>> out, done, _ = apply_structure(ch, fixes, ev)
    >>> [(c.kind, c.text) for c in out]
    [('para', 'The old order'), ('heading', 'CHAPTER TWO'), ('para', 'It fell.'), ('quote', 'Said he,')]
    """
    out, counts = list(chunks), Counter[str]()
    changed: dict[int, bool] = {}
    order = sorted(range(len(fixes)), key=lambda n: (fixes[n].line, n))
    for n in order:
        if fixes[n].kind in SPLITTING:
            changed[n] = _split_at(out, fixes[n], ev)
    for n in order:
        if fixes[n].kind == "join":
            changed[n] = _join(out, fixes[n], ev, counts)
    for n in order:
        if fixes[n].kind not in {"paragraph", "join"}:
            changed[n] = _set_kind(out, fixes[n], ev, n) or changed.get(n, False)
    applied = [
        Applied(f.kind, f.line, f.at, f.level if f.kind == "heading" else 0, changed[n], f.reason)
        for n, f in enumerate(fixes)
    ]
    counts["structure_corrections"] += len(fixes)
    return tuple(out), applied, counts
