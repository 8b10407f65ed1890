"""Headings: the text's heading profile (:mod:`.heading_profile`) applied to its chunks.

A heading becomes a chunk of its own (kind ``heading``, ``number`` its level), split out of
the paragraph it was printed in (a pdftotext page has no blank line under ``3.2. CSF Tiers``)
and joined with its title line (``CHAPTER VIII`` + ``A SCOTTISH MANOR-HOUSE``); the text's
own title repeated where the work proper begins (after its prefaces) is a heading too.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .gutenberg import read_header
from .heading_profile import Line, Span, profile_headings, source_lines

#: Longest chunk that can be a title or heading.
MAX_HEADING = 90


def mark_headings(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the lines the heading profile shows to be headings into heading chunks.

    Before: ``["CHAPTER VIII"]``, ``["A SCOTTISH MANOR-HOUSE"]``, ``["It was late…"]``
    After:  ``"CHAPTER VIII. A SCOTTISH MANOR-HOUSE"`` (kind ``heading``, level 2), then the
    paragraph; ``["…the end.", "3.2. CSF Tiers", "An organization…"]`` becomes three chunks.
    """
    lines = source_lines(chunks, ev.furniture)
    prof = profile_headings(lines, paged=bool(ev.furniture))
    spans = _title_repeated(chunks, lines, _not_title_page(prof.spans, lines, ev))
    counts = Counter(prof.counts)
    counts["headings"] = len(spans)
    return PassResult(_apply(chunks, lines, spans), counts)


def _apply(chunks: tuple[Chunk, ...], lines: list[Line], spans: list[Span]) -> tuple[Chunk, ...]:
    """The chunks with each span cut out as a heading chunk (a span may run from the end of
    one chunk into the next: a keyword line and its title)."""
    by_first = {s.first: s for s in spans}
    inside: dict[int, Span] = {i: s for s in spans for i in range(s.first, s.last + 1)}
    out: list[Chunk] = []
    i = 0
    for c in chunks:
        size = len(c.lines or (c.text,))
        if not any(k in inside for k in range(i, i + size)):
            out.append(c)
            i += size
            continue
        piece: list[int] = []
        for k in range(i, i + size):
            if k not in inside:
                piece.append(k)
                continue
            if piece:
                out.append(_para(c, lines, piece, first=piece[0] == i))
                piece = []
            span = by_first.get(k)
            if span:
                head = lines[span.first]
                out.append(
                    Chunk(
                        span.text,
                        head.n,
                        c.gap if k == i else 0,
                        kind="heading",
                        lines=tuple(ln.text for ln in lines[span.first : span.last + 1]),
                        number=span.level,
                    )
                )
        if piece:
            out.append(_para(c, lines, piece, first=piece[0] == i))
        i += size
    return tuple(out)


def _para(c: Chunk, lines: list[Line], piece: list[int], first: bool) -> Chunk:
    raw = c.lines or (c.text,)
    base = piece[0] - lines[piece[0]].pos
    kept = tuple(raw[k - base] for k in piece)
    return replace(
        c,
        text=" ".join(s.strip() for s in kept),
        line=lines[piece[0]].n,
        gap=c.gap if first else 0,
        lines=kept,
    )


def _not_title_page(spans: list[Span], lines: list[Line], ev: Evidence) -> list[Span]:
    """The spans without the title page's title, set apart as a chapter's title is (it opens
    with the work's title, as book.toml or a Project Gutenberg header gives it, or has it or
    its author's name on a line of its own: "Jules Verne" over the title in full): the title
    is lifted as the text's title, not read as its first chapter."""
    header = read_header(ev.lines) if ev.lines else None
    title = ev.title or (header.title if header else "")
    author = ev.author or (header.author if header else "")
    if not spans or not title or spans[0].style != "gap":
        return spans
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    first = spans[0]
    own = [ln.text for ln in lines[first.first : first.last + 1]]
    own_line = any(same_text(t, title) or (author and same_text(t, author)) for t in own)
    return spans[1:] if own_line or norm(first.text).startswith(norm(title)) else spans


def _title_repeated(chunks: tuple[Chunk, ...], lines: list[Line], spans: list[Span]) -> list[Span]:
    """The text's first line (its own title) standing alone again later, after the text's
    prefaces, is where the work proper begins: a heading at the level of its divisions."""
    usable = [i for i, ln in enumerate(lines) if ln.usable and ln.text]
    if not usable or lines[usable[0]].size != 1:
        return spans
    title = lines[usable[0]].text
    if not 0 < len(title) <= MAX_HEADING:
        return spans
    taken = {i for s in spans for i in range(s.first, s.last + 1)}
    level = min((s.level for s in spans), default=2)
    extra = [
        Span(i, i, level, "title", lines[i].text)
        for i in usable[1:]
        if lines[i].size == 1 and i not in taken and same_text(lines[i].text, title)
    ]
    return sorted([*spans, *extra], key=lambda s: s.first)


def same_text(a: str, b: str) -> bool:
    """The same words, punctuation, case and spacing aside (never for a line of punctuation)."""
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    na = norm(a)
    return bool(na) and na == norm(b)
