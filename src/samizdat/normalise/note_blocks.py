"""Where blocks of notes stand, read from the page profile and the text: at a page's foot
(the paragraphs before a page boundary the furniture profile found) or under a NOTES heading;
and, before lines are unwrapped, such a block cut into one paragraph per note.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .notemarks import (
    FOOT_STYLES,
    HEADED_STYLES,
    NOTES_HEADING,
    PAIRS,
    Mark,
    candidates,
    follows,
    note_mark,
    same_key,
)


def page_ends(chunks: tuple[Chunk, ...] | list[Chunk], ev: Evidence) -> list[bool]:
    """For each chunk: does a page end after it (the page profile put a folio or running head
    between it and the next chunk, or it is the last chunk of a paged text)?"""
    if not ev.furniture:
        return [False] * len(chunks)
    marks = sorted(ev.furniture)
    out = []
    for i, c in enumerate(chunks):
        nxt = chunks[i + 1].line if i + 1 < len(chunks) else None
        k = bisect_right(marks, c.line)
        out.append(nxt is None or (k < len(marks) and marks[k] < nxt))
    return out


#: A note's text that ends its sentence (a closing quote or bracket may follow).
_NOTE_ENDS = re.compile(r"[.!?:;][\"”’')\]]*\s*$")


def join_note_turnovers(chunks: list[Chunk], ev: Evidence) -> list[Chunk]:
    """A note that runs over to the next page's foot: the paragraph there with no mark of its
    own, in lowercase, right over that page's notes and under the page's body cut off
    mid-sentence, is the rest of the last note of the page before when that note stops
    mid-sentence too (Parker 1845: note 2 ends "whether recent or"; page 5's body ends "as a
    preparatory", then "inveterate ; but it is…" over its own note 1). It joins that note,
    so the page's body reads on across the page.

    >>> from .chunks import Chunk
    >>> ev = Evidence("x", furniture={3: "folio", 9: "folio"})
    >>> body = ("The body of page five reads on", "and on, and on, and on", "into the")
    >>> rest = ("over the page; as printed, in a smaller type", "than the body's, ending here.")
    >>> page = [Chunk("Body of page four ends.", 1), Chunk("2 A note that runs", 2),
    ...         Chunk(" ".join(body), 4, lines=body), Chunk("next page, too.", 7, lines=body),
    ...         Chunk("1 Its own note.", 8)]
    >>> [c.text for c in join_note_turnovers(page, ev)][1]
    '2 A note that runs'
    >>> page[3] = Chunk(" ".join(rest), 7, lines=rest)
    >>> [c.text for c in join_note_turnovers(page, ev)][1][:40]
    '2 A note that runs over the page; as pri'
    """
    if not ev.furniture:
        return chunks
    ends = page_ends(chunks, ev)
    out, drop = list(chunks), set()
    for i, c in enumerate(chunks):
        if c.kind != "para" or not c.text[:1].islower() or note_mark(c.text) is not None:
            continue
        if (
            i + 1 >= len(chunks)
            or chunks[i + 1].kind != "para"
            or not note_mark(chunks[i + 1].text)
        ):
            continue  # not right over the page's own notes
        k = i - 1
        while k >= 0 and not ends[k]:
            k -= 1
        if k < 0 or k in drop or out[k].kind != "para" or note_mark(out[k].text) is None:
            continue  # the page before ends on no note
        if k == i - 1 or _NOTE_ENDS.search(out[i - 1].text):
            continue  # the page's body is this paragraph, or ends before it: no note's rest
        body = [x for b in chunks[k + 1 : i] for x in _printed(b, ev)[:-1]]
        if not _smaller_type(_printed(c, ev), body):
            continue  # set as the body is: the body's own
        if _NOTE_ENDS.search(out[k].text) or out[k].text.rstrip().endswith("-"):
            continue
        out[k] = replace(out[k], text=f"{out[k].text} {c.text}", lines=(*out[k].lines, *c.lines))
        drop.add(i)
    return [c for i, c in enumerate(out) if i not in drop]


#: A note's smaller type sets this many more letters on a line than the body (at least).
SMALLER_TYPE = 1.1


def _printed(c: Chunk, ev: Evidence) -> tuple[str, ...]:
    """The source lines of a paragraph as printed (its chunk's lines are unwrapped by now)."""
    if len(c.lines) > 1 or not ev.lines:
        return c.lines
    out = []
    for line in ev.lines[c.line - 1 :]:
        if not line.strip():
            break
        out.append(line)
    return tuple(out)


def _smaller_type(lines: tuple[str, ...], body: list[str]) -> bool:
    """Are ``lines`` set in smaller type than the page's ``body`` lines (its paragraphs' full
    lines: more letters on a full line)?"""
    if len(lines) < 2 or len(body) < 2:
        return False
    median = lambda ls: sorted(len(x.strip()) for x in ls)[len(ls) // 2]  # noqa: E731
    return median(lines[:-1]) >= SMALLER_TYPE * median(body)


def in_note_blocks(
    marks: list[Mark | None], ends: list[bool], heading: list[bool], strict: bool = True
) -> list[bool]:
    """For each chunk: is it in a block of notes, a run of marked paragraphs that ends at a page
    end (page-foot styles) or follows a notes heading? ``strict``: each mark follows the one
    before it (otherwise one style is enough: a paragraph may still hold several notes)."""
    n = len(marks)

    def chained(a: Mark | None, b: Mark | None) -> bool:
        if a is None or b is None:
            return False
        return follows(b, a) if strict else a.style == b.style

    foot = [False] * n
    for i in range(n - 1, -1, -1):
        m = marks[i]
        if m is not None and m.style in FOOT_STYLES:
            foot[i] = ends[i] or (i + 1 < n and foot[i + 1] and chained(m, marks[i + 1]))
    head = [False] * n
    for i in range(1, n):
        m = marks[i]
        if m is not None and m.style in HEADED_STYLES:
            head[i] = heading[i - 1] or (head[i - 1] and chained(marks[i - 1], m))
    return [a or b for a, b in zip(foot, head, strict=True)]


def split_note_lines(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a block of notes printed one per line (at a page foot, or under a NOTES heading)
    into one paragraph per note, before lines are unwrapped; a page's last paragraph that runs
    into its notes with no blank line between is cut where the first note opens, when the page
    holds that note's call.

    Before: ``["…the Council (1) leaves intact", "(1) Directive 2003/98/EC…", "(2) OJ C…"]``
    After:  three chunks: the body, then one per note
    """
    marks = [
        note_mark(c.lines[0].strip()) if c.kind == "para" and c.lines else None for c in chunks
    ]
    heading = [is_notes_heading(c) for c in chunks]
    ends = page_ends(chunks, ev)
    inside = in_note_blocks(marks, ends, heading, strict=False)
    out: list[Chunk] = []
    counts: Counter[str] = Counter()
    page: list[str] = []  # the page's text so far, for the calls of a note that opens mid-chunk
    paged = bool(ev.furniture)
    for i, c in enumerate(chunks):
        cuts: list[int] = []
        if inside[i] and marks[i] is not None:
            cuts = [0, *_note_lines(c.lines, 0, marks[i])]  # type: ignore[arg-type]
        if (
            paged
            and len(cuts) < 2
            and c.kind == "para"
            and (ends[i] or (i + 1 < len(chunks) and inside[i + 1]))
        ):
            cuts = _body_then_notes(c.lines, " ".join(page)) or cuts
        if ends[i]:
            page = []
        else:
            page.append(c.text)
        if len(cuts) < 2 and not (cuts and cuts[0] > 0):
            out.append(c)
            continue
        bounds = [0, *cuts] if cuts[0] > 0 else cuts
        for a, b in zip(bounds, [*bounds[1:], len(c.lines)], strict=True):
            part = c.lines[a:b]
            text = " ".join(x.strip() for x in part)
            out.append(
                replace(c, text=text, line=c.line + a, gap=c.gap if a == 0 else 0, lines=part)
            )
        counts["note_lines_split"] += len(bounds) - 1
    return PassResult(tuple(out), counts)


def _note_lines(lines: tuple[str, ...], first: int, mark: Mark) -> list[int]:
    """Lines after ``first`` that open the next note of the block ``mark`` opens."""
    cuts, prev = [], mark
    for k in range(first + 1, len(lines)):
        cur = note_mark(lines[k].strip())
        if cur is not None and follows(cur, prev):
            cuts.append(k)
            prev = cur
    return cuts


def _body_then_notes(lines: tuple[str, ...], before: str) -> list[int]:
    """Where a page's last paragraph runs into its notes: the line opening note 1 (or ``*``)
    of a page-foot style whose call stands in the page's text above it; then each next note."""
    for k in range(1, len(lines)):
        m = note_mark(lines[k].strip())
        if m is None or m.style not in FOOT_STYLES or m.key not in {"1", "*"}:
            continue
        above = Chunk(" ".join([before, *(x.strip() for x in lines[:k])]), 0)
        shapes = PAIRS["digit" if m.style == "sup" else m.style]
        if any(same_key(key, m.key) for shape in shapes for key, _, _ in candidates(above, shape)):
            return [k, *_note_lines(lines, k, m)]
    return []


def is_notes_heading(c: Chunk) -> bool:
    """ "Notes", "FOOTNOTES:", "Endnotes" on a line of its own (read as a heading or not)."""
    return c.kind in {"para", "heading"} and bool(NOTES_HEADING.match(c.text.strip()))
