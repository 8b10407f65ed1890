"""The review page's data: every normalisation decision beside the source line it was made at.

Nothing here asks the normaliser what it did. The decisions are read back, as the word check
reads words, from the decoded source and the book's blocks: each block carries the line it
starts at (:class:`~samizdat.model.Loc`), so the source lines from there to the next block that
hold its words are its lines; what the block made of them is the decision. Lines no block holds
are page furniture (:func:`~samizdat.furniture.page_furniture`, as the word check finds it), a
note moved to its call, the lifted title or byline, or edition matter moved to the source note.
Findings and corrections come from the build report.

>>> from .model import Heading, Para, Text, Loc
>>> src = ("CHAPTER ONE", "", "The organiza-", "tion of the", "workers.")
>>> blocks = (
...     Heading(2, (Text("CHAPTER ONE"),), Loc("a.txt", 1)),
...     Para((Text("The organization of the workers."),), Loc("a.txt", 3)),
... )
>>> r = review_text("a.txt", "a", "A", src, (), blocks)
>>> [(m.line, m.kind, m.label) for m in r.marks]  # doctest: +NORMALIZE_WHITESPACE
[(1, 'heading', 'heading, level 2'), (3, 'join', '3 lines joined into a paragraph'),
 (3, 'hyphen-removed', 'hyphen removed: organiza- + tion → organization')]
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from .furniture import page_furniture
from .line_numbers import drop_line_numbers, margin_lines, margin_page_starts
from .model import (
    Block,
    BlockQuote,
    Heading,
    OrderedList,
    Para,
    SectionBreak,
    Table,
)
from .normalise.frontmatter import read_yaml
from .normalise.gutenberg import is_gutenberg
from .normalise.markdown import is_markdown
from .review_blocks import BlockView, block_view, note_calls
from .review_lines import Leaf, Mark, call_marks, line_marks, own_lines, uncovered
from .wordcheck import words
from .wordcheck_markdown import markdown_marks

#: The decisions and marks the page names, in legend order: kind → what it means.
KINDS: dict[str, str] = {
    "join": "source lines joined into one paragraph",
    "hyphen-removed": "a line-end hyphen removed, the word read whole",
    "hyphen-kept": "a line-end hyphen kept (the halves stay a hyphenated word)",
    "page-join": "a paragraph joined over a page break (form feed, folio or running head)",
    "furniture": "a line that does not reach the book: folio, running head, scanner speck",
    "source-note": "edition matter moved to the text's source note",
    "lifted": "the title or byline lifted into the text's heading",
    "heading": "a heading found (with its level)",
    "note-call": "a note call linked to its note",
    "note-moved": "a note's text moved to its call",
    "quotation": "a block quotation",
    "verse": "lines kept as lines (verse, a song, a list of lines, an address)",
    "turn": "a speaker's turn",
    "list-item": "a list item",
    "letter": "a part of a letter (salutation, signature, attribution, address)",
    "stage": "a stage direction",
    "section-break": "a break between pieces",
    "table": "a table",
    "plain-reading": "a paragraph read as in the source (the normaliser's reading lost words)",
    "correction": "a correction from corrections.toml applied",
    "structure": "a [[structure]] entry of corrections.toml applied (the editor's decision)",
    "finding": "a finding for a proofreader",
    "markup": "markup, not text: a front matter block, a line of Markdown or HTML markup only",
    "unplaced": "a source line whose words the review could not place in a block",
}

_ROLE_KIND = {
    "turn": ("turn", "speaker turn"),
    "salutation": ("letter", "letter: salutation"),
    "signature": ("letter", "letter: signature"),
    "attribution": ("letter", "letter: attribution"),
    "address": ("letter", "letter: address"),
    "lead": ("letter", "letter: lead"),
    "verse": ("verse", "verse: lines kept"),
    "lines": ("verse", "lines kept as lines"),
    "stage": ("stage", "stage direction"),
}


@dataclass
class Group:
    """Source lines ``start``–``end`` (1-based) shown together, beside the book blocks made of
    them; a block interrupted (by a note, a folio) goes on in a group with ``cont``, its line."""

    start: int
    end: int
    blocks: list[BlockView] = field(default_factory=list)
    cont: int = 0
    kinds: set[str] = field(default_factory=set)
    marks: list[Mark] = field(default_factory=list)


@dataclass
class TextReview:
    file: str
    ident: str
    title: str
    lines: tuple[str, ...]
    groups: list[Group]
    marks: list[Mark]
    counts: Counter[str] = field(default_factory=Counter)

    def marks_at(self) -> dict[int, list[Mark]]:
        out: dict[int, list[Mark]] = {}
        for m in self.marks:
            out.setdefault(m.line, []).append(m)
        return out


def _leaves(blocks: tuple[Block, ...], context: list[tuple[str, str]]) -> list[Leaf]:
    out: list[Leaf] = []
    for b in blocks:
        if isinstance(b, Heading):
            mark = ("heading", f"heading, level {b.level}")
            out.append(Leaf(b.loc.line, block_view(b), [*context, mark], False, b.inlines))
        elif isinstance(b, Para):
            kind = _ROLE_KIND.get(b.role)
            marks = [*context, kind] if kind else list(context)
            verse = b.role in ("verse", "lines", "address")
            out.append(Leaf(b.loc.line, block_view(b), marks, verse, b.inlines))
        elif isinstance(b, BlockQuote):
            out += _leaves(b.blocks, [*context, ("quotation", "block quotation")])
        elif isinstance(b, OrderedList):
            for n, item in enumerate(b.items, b.start):
                label = "list item (bullet)" if b.bullet else f"list item {n}"
                out += _leaves(item[:1], [*context, ("list-item", label)])
                out += _leaves(item[1:], list(context))
        elif isinstance(b, SectionBreak):
            out.append(Leaf(b.loc.line, block_view(b), [("section-break", "section break")]))
        elif isinstance(b, Table):
            out.append(Leaf(b.loc.line, block_view(b), [("table", "table")]))
    return out


def _note_leaves(leaves: list[Leaf]) -> list[Leaf]:
    """Each linked note's paragraphs, as leaves of their own at the note's source lines."""
    out: list[Leaf] = []
    for leaf in leaves:
        for number, note in note_calls(leaf.inlines):
            if note.missing:
                continue
            for k, p in enumerate(note.blocks):
                marks = [("note-moved", f"note {number} moved to its call")] if not k else []
                view = block_view(p, note=number)
                out.append(Leaf(p.loc.line, view, marks, False, p.inlines, leaf.line))
    return out


def review_text(
    file: str,
    ident: str,
    title: str,
    lines: tuple[str, ...],
    page_starts: tuple[int, ...],
    blocks: tuple[Block, ...],
    *,
    source_note: tuple[str, ...] = (),
    lifted: tuple[str, ...] = (),
    dictionary: frozenset[str] = frozenset(),
) -> TextReview:
    """Every decision of one text, read from its source ``lines`` and the book's ``blocks``."""
    body = _leaves(blocks, [])
    notes = _note_leaves(body)
    leaves = sorted([*body, *notes], key=lambda f: f.line)
    ends = {**_limits(notes, len(lines)), **_limits(body, len(lines))}
    furniture = _furniture(lines, page_starts)
    out = TextReview(file, ident, title, lines, [], [])
    page_first = {s + 1 for s in page_starts}
    owner = [0] * (len(lines) + 2)  # line → 1 + the leaf holding it; -line: a line of its own
    extra: dict[int, list[BlockView]] = {}  # leaf → views of leaves starting on its line
    index = {id(leaf): n for n, leaf in enumerate(leaves)}
    starts = {leaf.line for leaf in body}
    shown: set[int] = set()  # leaves shown beside another's block
    for leaf in notes:  # a note's first line is its own (unless a block starts there too)
        if leaf.line not in starts:
            owner[min(max(leaf.line, 1), len(lines))] = index[id(leaf)] + 1
    for leaf in [*body, *notes]:
        n = index[id(leaf)]
        start = min(max(leaf.line, 1), max(len(lines), 1))
        if (
            owner[start] > 0
            and leaves[owner[start] - 1] is not leaf
            and leaves[owner[start] - 1].line == leaf.line
        ):
            extra.setdefault(owner[start] - 1, []).append(leaf.view)
            shown.add(n + 1)  # shown beside the block it starts in; its further lines its own
            own = own_lines(lines, leaf, start, max(start, ends[id(leaf)]), furniture, owner)
            for k in own[1:]:
                owner[k] = n + 1
        else:
            last = max(start, ends[id(leaf)])
            own = own_lines(lines, leaf, start, last, furniture, owner)
            for k in own:
                owner[k] = n + 1
        for kind, label in leaf.marks:
            out.marks.append(Mark(start, kind, label, leaf.note_of))
        out.marks += line_marks(lines, leaf, own, furniture, page_first, dictionary)
        if not leaf.note_of:
            out.marks += call_marks(lines, leaf, own)
    out.marks += uncovered(lines, owner, furniture, source_note, lifted)
    out.groups = _groups(owner, len(lines), leaves, extra, shown)
    _place_marks(out)
    return out


def _furniture(lines: tuple[str, ...], page_starts: tuple[int, ...]) -> dict[int, str]:
    """The lines the word check accepts as missing (0-based line → why): page furniture,
    a YAML front matter block, a Markdown source's lines of nothing but markup."""
    bare = drop_line_numbers(lines)[0] if margin_lines(lines) else lines
    pages = page_starts or margin_page_starts(lines)
    out = dict(page_furniture(bare, pages, proofread=is_gutenberg(lines)).furniture)
    end, _ = read_yaml(lines)
    out.update((n, "front-matter") for n in range(end))
    if is_markdown(lines):
        for n, marks in enumerate(markdown_marks(lines, words)):
            if marks and all(m for _, m in marks):
                out.setdefault(n, "markup")
    return out


def _limits(leaves: list[Leaf], count: int) -> dict[int, int]:
    """Each leaf's last possible line: the line before the next leaf's (by ``id``)."""
    out = {}
    for k, leaf in enumerate(leaves):
        later = [f.line for f in leaves[k + 1 : k + 3] if f.line > leaf.line]
        out[id(leaf)] = later[0] - 1 if later else count
    return out


def _groups(
    owner: list[int],
    count: int,
    leaves: list[Leaf],
    extra: dict[int, list[BlockView]],
    shown: set[int],
) -> list[Group]:
    """Runs of lines with one owner (blank lines go with the line before); ``shown``: the
    leaves (1-based) already shown beside another's block."""
    groups: list[Group] = []
    shown = set(shown)
    current = None
    for n in range(1, count + 1):
        who = owner[n] or (current if current is not None else 0)
        owner[n] = who
        if groups and who == current:
            groups[-1].end = n
            continue
        current = who
        g = Group(n, n)
        if who > 0 and who not in shown:
            shown.add(who)
            g.blocks = [leaves[who - 1].view, *extra.get(who - 1, [])]
        elif who > 0:
            g.cont = leaves[who - 1].line
        groups.append(g)
    return groups


def _place_marks(out: TextReview) -> None:
    from bisect import bisect_right

    starts = [g.start for g in out.groups]
    out.marks.sort(key=lambda m: m.line)
    for m in out.marks:
        out.counts[m.kind] += 1
        if starts:
            g = out.groups[max(0, bisect_right(starts, m.line) - 1)]
            g.kinds.add(m.kind)
            g.marks.append(m)


def add_report_marks(
    review: TextReview,
    findings: list[str],
    corrections: list[str],
    structure: list[dict[str, Any]] = (),  # type: ignore[assignment]
) -> None:
    """The build report's findings (``file:line: code: message``), the corrections applied to
    this text (as the colophon lists them) and its ``[[structure]]`` entries, each at its line."""
    marks = [_structure_mark(s) for s in structure]
    for f in findings:
        head, code, message = ([*f.split(": ", 2), "", ""])[:3]
        line = head.rsplit(":", 1)[-1]
        at = int(line) if line.isdigit() else 1
        kind = "plain-reading" if code == "plain-reading" else "finding"
        marks.append(Mark(at, kind, f"{code}: {message}"))
    for c in corrections:
        found = re.search(r"→ “(.*?)”", c)
        marks.append(Mark(_line_with(review, found.group(1) if found else ""), "correction", c))
    for g in review.groups:
        g.marks.clear()
        g.kinds.clear()
    review.marks += marks
    review.counts.clear()
    _place_marks(review)


def _structure_mark(entry: dict[str, Any]) -> Mark:
    kind = entry.get("kind", "")
    level = f" (level {entry.get('level')})" if kind == "heading" else ""
    why = f": {entry['reason']}" if entry.get("reason") else ""
    same = "" if entry.get("changed", True) else " (already so)"
    return Mark(int(entry.get("line", 1)), "structure", f"structure: {kind}{level}{same}{why}")


def _line_with(review: TextReview, text: str) -> int:
    for g in review.groups:
        for view in g.blocks:
            if text and text in view.text:
                return g.start
    return 1
