"""Structural passes: title and byline, headings, edition furniture, posts, letters, lists, turns."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from .chunks import (
    LIST_LINE,
    NUMBERED_HEADING,
    Chunk,
    Evidence,
    PassResult,
    is_complete,
)
from .quotes import is_citation

#: Longest chunk that can be a title or heading.
MAX_HEADING = 90
_NAMED_HEADING = re.compile(
    r"^(?:Preface|Foreword|Introduction|Postscript|Afterword|Epilogue|Prologue|Appendix|"
    r"Chapter|Part|Section|Book|Conclusion)\b[^.!?;,]{0,70}\.?$",
    re.I,
)
_BYLINE = re.compile(r"^by\s+(\S.{0,60})$", re.I)
_NAME = re.compile(
    r"^(?:[A-Z]\.\s?){1,3}\s?[A-Z][\w’'-]+,?$|^[A-Z][a-z]+ (?:[A-Z]\. )?[A-Z][a-z]+,?$"
)
#: Edition furniture: producer credits, links, edition statements, archive notices.
_FURNITURE = re.compile(
    r"retrieved from|^formatted by|^first edition|^(?:www\.|https?://)|consider purchasing|"
    r"^transcri(?:bed|ption)|^proofread|^produced by|project gutenberg|internet archive|"
    r"^isbn|^copyright|^©|^this (?:work|e-?book|edition) (?:is|was)|^html markup|^source:",
    re.I,
)
#: How many paragraphs at a text's start or end can hold a credit line standing alone.
CREDIT_EDGE = 3
_GUTENBERG = re.compile(r"^\*{3}\s*(START|END) OF (?:THE|THIS) PROJECT GUTENBERG", re.I)
_SALUTATION = re.compile(r"^(?:My )?Dear [^.!?]{1,60},$")
_DATE = re.compile(
    r"^(?:\w+ \d{1,2}, )?(?:\d{1,2} )?(?:January|February|March|April|May|June|July|August|"
    r"September|October|November|December)(?: \d{1,2},?)? \d{4}\.?$"
)
_ATTRIBUTION = re.compile(r"^[-–—]\s*\S.{0,120}$")
_TURN = re.compile(r"^([A-Z][A-Za-z.]{0,11})\s*:\s+(\S.*)$", re.S)
#: A speaker label must open at least this many turns before it is read as one.
MIN_TURNS = 3


def _same(a: str, b: str) -> bool:
    norm = lambda s: re.sub(r"\W+", " ", s).strip().casefold()  # noqa: E731
    na = norm(a)
    return bool(na) and na == norm(b)  # a line of punctuation is never a title


def _title_like(text: str) -> bool:
    return len(text) <= MAX_HEADING and (not is_complete(text) or text.endswith("?"))


def lift_title(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the source's own title and bylines at the head of a text into metadata.

    Before: ``"In Defense of the Leninist Party"``, ``"by Taimur Rahman"``, ``"How does…"``
    After:  ``"How does…"`` (kind ``title`` and ``byline`` chunks carry the lifted lines)
    """
    out, counts, removed = list(chunks), Counter(), []
    i = 0
    if (
        out
        and out[0].kind == "para"
        and (
            _same(out[0].text, ev.title)
            or (not ev.title and _title_like(out[0].text) and len(out) > 1)
        )
    ):
        out[0] = replace(out[0], kind="title")
        counts["title_lifted"] += 1
        i = 1
    # One byline: the text's author (the one book.toml names, else the first). Another name
    # under the title is text of the work (a signature, a second author line) and stays in
    # the body, where the reader sees it; the book would not show a second lifted byline.
    for j in range(i, min(len(out), 4)):
        m = _BYLINE.match(out[j].text) or _NAME.match(out[j].text)
        if out[j].kind != "para" or not m:
            break
        name = (m.group(1) if m.re is _BYLINE else m.group(0)).rstrip(",")
        if not ev.author or _same(name, ev.author):
            out[j] = replace(out[j], kind="byline", text=name)
            counts["byline_lifted"] += 1
            if m.re is _BYLINE:
                removed.append("by")
            break
    return PassResult(tuple(out), counts, removed=tuple(removed))


def mark_headings(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns section numerals, named parts and a repeated title into headings.

    Before: ``" II-1 "`` / ``"Preface from Lenin"`` / the title again where the letter begins
    After:  kind ``heading`` chunks (level 2)
    """
    out, counts = [], Counter()
    for c in chunks:
        text = c.text.strip()
        if c.kind == "para" and (
            NUMBERED_HEADING.match(text)
            or (_NAMED_HEADING.match(text) and len(text) <= MAX_HEADING)
            or _same(text, ev.title)
        ):
            out.append(replace(c, kind="heading", text=text, number=2))
            counts["headings"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)


def keep_furniture(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns edition furniture (credits, links, edition lines) into the text's source note.

    Before: ``"Work retrieved from the Marxists Internet Archive."`` in the body
    After:  a ``furniture`` chunk, shown in the text's source note and the colophon
    """
    out, counts = list(chunks), Counter()
    inside = [i for i, c in enumerate(out) if _GUTENBERG.match(c.text)]
    # A credit is furniture by its place, not by one word: a block of two or more credit lines,
    # or one within the first or last few paragraphs. A sentence of the body that mentions an
    # archive, or begins "This work was…", stays where it is.
    cand = [
        c.kind == "para" and len(c.text) <= 300 and bool(_FURNITURE.search(c.text)) for c in out
    ]
    for i, c in enumerate(out):
        gutenberg = len(inside) >= 2 and not inside[0] < i < inside[-1]
        block = (i > 0 and cand[i - 1]) or (i + 1 < len(out) and cand[i + 1])
        edge = i < CREDIT_EDGE or i >= len(out) - CREDIT_EDGE
        if c.kind == "para" and (gutenberg or (cand[i] and (block or edge))):
            out[i] = replace(c, kind="furniture")
            counts["furniture_to_source_note"] += 1
    # a short line between two furniture lines ("Formatted by" / a bare link) is furniture too
    for i in range(1, len(out) - 1):
        if (
            out[i].kind == "para"
            and len(out[i].text) <= 80
            and (out[i - 1].kind == "furniture" and out[i + 1].kind == "furniture")
            and not (_GUTENBERG.match(out[i - 1].text) or _GUTENBERG.match(out[i + 1].text))
        ):
            out[i] = replace(out[i], kind="furniture")
            counts["furniture_to_source_note"] += 1
    return PassResult(tuple(out), counts)


def separate_posts(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns an unusually wide gap between complete paragraphs into a section break.

    Only in texts where such gaps are rare (a blog compilation's posts); never in hard-wrapped
    PDF extracts, whose wide gaps are page breaks.
    """
    gaps = [c.gap for c in chunks[1:]]
    wide = [g for g in gaps if g >= 2]
    if ev.wrapped or not wide or len(wide) > 0.15 * len(gaps):
        return PassResult(chunks)
    out, counts = [], Counter()
    for _i, c in enumerate(chunks):
        prev = out[-1] if out else None
        if (
            prev is not None
            and c.gap >= 2
            and c.kind == "para"
            and prev.kind == "para"
            and is_complete(prev.text)
            and not _SALUTATION.match(c.text)
            and not is_citation(c)
            and not re.match(r"^\w+\s:\s", c.text)
        ):
            out.append(Chunk("", c.line, c.gap, kind="break"))
            counts["section_breaks"] += 1
        out.append(c)
    return PassResult(tuple(out), counts)


def _signed(text: str) -> bool:
    """``"N. Lenin, January 1904."`` is a signature with its date."""
    m = re.match(r"^(.{2,40}?),\s+(.+)$", text)
    return bool(m and _NAME.match(m.group(1)) and _DATE.match(m.group(2)))


def mark_letter_parts(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns salutations, signatures with dates and dashed attributions into their roles.

    Before: ``"Dear Comrade,"``, ``"N. Lenin,"``, ``"January 1904."``, ``"- Progress Publishers…"``
    After:  roles ``salutation``, ``signature``, ``signature``, ``attribution``
    """
    out, counts = list(chunks), Counter()
    for i, c in enumerate(out):
        if c.kind != "para":
            continue
        role = ""
        if _SALUTATION.match(c.text):
            role = "salutation"
        elif (
            _DATE.match(c.text)
            or _signed(c.text)
            or (
                _NAME.match(c.text)
                and i > 0
                and (i + 1 == len(out) or _DATE.match(out[i + 1].text))
            )
        ):
            role = "signature"
        elif _ATTRIBUTION.match(c.text) and len(c.text) < 120:
            role = "attribution"
        if role:
            out[i] = replace(c, kind=role)
            counts[role + "s"] += 1
    return PassResult(tuple(out), counts)


def mark_lists(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns runs of numbered paragraphs ("1. …", "2. …") into list items.

    A lone "1." is not a list; numbers must follow on from each other.
    """
    out, counts = list(chunks), Counter()
    numbers = [
        int(m.group(1)) if c.kind == "para" and (m := LIST_LINE.match(c.text)) else 0 for c in out
    ]
    for i, n in enumerate(numbers):
        prev_ok = i > 0 and numbers[i - 1] == n - 1 and n > 1
        next_ok = i + 1 < len(numbers) and numbers[i + 1] == n + 1
        if n and (prev_ok or next_ok):
            text = LIST_LINE.sub(lambda m: m.group(0)[-1], out[i].text, count=1)
            out[i] = replace(out[i], kind="item", number=n, text=text.strip())
            counts["list_items"] += 1
    return PassResult(
        tuple(out), counts, removed=tuple(str(c.number) for c in out if c.kind == "item")
    )


def mark_turns(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns interview speaker labels into turns with one consistent label.

    Before: ``" IMLR:  How did…"``, ``"TC:  Marxist-Leninists…"``
    After:  kind ``turn`` chunks with speaker ``IMLR`` / ``TC`` and the text after the label
    """
    labels = Counter(m.group(1) for c in chunks if c.kind == "para" and (m := _TURN.match(c.text)))
    speakers = {label for label, n in labels.items() if n >= MIN_TURNS}
    if len(speakers) < 2:
        return PassResult(chunks)
    out, counts = [], Counter()
    for c in chunks:
        m = _TURN.match(c.text) if c.kind == "para" else None
        if m and m.group(1) in speakers:
            out.append(replace(c, kind="turn", speaker=m.group(1), text=m.group(2).strip()))
            counts["turns"] += 1
        else:
            out.append(c)
    return PassResult(tuple(out), counts)


def drop_furniture(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Removes the lines the page profile shows to be folios and running heads.

    Before: ``["…the general condition of the"]``, ``["NERVOUS EXHAUSTION."]``, ``["5"]``,
    ``["nervous system."]`` (an OCR page break)  After: the head and the folio are gone, so
    the page-break join sees the two halves of the sentence side by side.
    A number standing alone in a text without a counting run of folios (a year between
    paragraphs) is text and stays.
    """
    if not ev.furniture:
        return PassResult(chunks)
    out, counts = [], Counter()
    for c in chunks:
        numbers = range(c.line, c.line + len(c.lines))
        kept = [
            (n, line) for n, line in zip(numbers, c.lines, strict=True) if n not in ev.furniture
        ]
        for n in numbers:
            if n in ev.furniture:
                counts[ev.furniture[n].replace("-", "_") + "s_removed"] += 1
        if not kept or c.kind == "plain":
            if kept:
                out.append(c)
            continue
        first = kept[0][0]
        out.append(replace(c, line=first, lines=tuple(line for _, line in kept)))
    return PassResult(tuple(out), counts)
