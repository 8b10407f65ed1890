"""Headings no form marks: lines alone in their chunk that are headings by the text's own
evidence (a contents entry repeated, a wide gap before a title line over prose or a stanza,
a style of isolated lines the text uses consistently). Read by :mod:`.heading_profile`.
"""

from __future__ import annotations

import re
from collections import Counter

from .chunks import BREAK_LINE, MOTTO_INDENT, is_complete
from .heading_forms import caps, key, numbered_form, title_case, title_like
from .heading_lines import (
    BYLINE,
    CONSISTENT,
    REPEATED,
    SALUTE,
    SECTION_RANK,
    WIDE_GAP,
    Cand,
    Line,
    Profile,
    repeat_line,
)


def unformed(prof: Profile, texts: list[str], seen: Counter[str], taken: set[int]) -> list[Cand]:
    """Lines alone in their chunk that are headings by the text's own evidence: a contents
    entry repeated, a wide gap before a title line, or a style of isolated lines the text
    uses consistently."""
    lines, out, isolated, centred = prof.lines, [], [], []
    first: dict[str, int] = {}
    measure = _measure(lines)
    for i, ln in enumerate(lines):
        if not ln.usable or ln.size != 1 or i in taken or i in prof.contents.lines:
            continue
        t = texts[i]
        if not t or repeat_line(lines, texts, seen, i, first) or BYLINE.match(t) or SALUTE.match(t):
            continue
        # after a complete line, or a row of stars parting the text's sections
        prev_ok = i == 0 or is_complete(texts[i - 1]) or bool(BREAK_LINE.match(texts[i - 1]))
        if prof.contents.has(t) and prev_ok and title_like(t, most_words=14):
            out.append(Cand(i, "contents", 1, None, t))
        elif ln.gap >= WIDE_GAP and not prof.paged and _opens_division(lines, texts, i):
            out.append(Cand(i, "gap", 1, None, t))
        elif prev_ok and seen[key(t)] == 1 and not prof.contents.entries and _isolated(lines, t, i):
            isolated.append(Cand(i, "caps" if caps(t) else "title", SECTION_RANK, None, t))
        elif prev_ok and seen[key(t)] == 1 and _centred(ln, measure) and _heads_prose(lines, t, i):
            centred.append(Cand(i, "centred", 1, None, t))
    if len(centred) >= CONSISTENT - 1:
        out.extend(centred)  # a plain-text document's divisions, each centred over its text
    for style in ("caps", "title"):
        group = [c for c in isolated if c.style == style]
        if len(group) >= CONSISTENT and not (style == "caps" and _labels(prof, texts, seen)):
            out.extend(group)
    return out


def _labels(prof: Profile, texts: list[str], seen: Counter[str]) -> bool:
    """Does the text set speakers' names in capitals on lines of their own (three or more
    names, each repeated)? Then a line in capitals alone is a speaker, not a section."""
    names = {
        key(texts[i])
        for i, ln in enumerate(prof.lines)
        if ln.size == 1 and seen[key(texts[i])] >= REPEATED and caps(texts[i])
    }
    return len(names) >= 3


#: A centred line's margins differ by this much at most (characters), and it is set in by
#: at least :data:`MIN_CENTRED_INDENT`.
CENTRED_SLACK = 6
MIN_CENTRED_INDENT = 8


def _measure(lines: list[Line]) -> int:
    """The text's measure: the right edge of its prose lines (the longest tenth of the lines
    of its paragraphs)."""
    ends = sorted(ln.indent + len(ln.text) for ln in lines if ln.size > 2)
    return ends[int(len(ends) * 0.9)] if ends else 0


def _centred(ln: Line, measure: int) -> bool:
    """Is the line set centred on the text's measure (``Preamble`` over a licence's text)?"""
    right = measure - ln.indent - len(ln.text)
    slack = max(CENTRED_SLACK, measure * 0.12)
    return ln.indent >= MIN_CENTRED_INDENT and right >= 0 and abs(ln.indent - right) <= slack


def _heads_prose(lines: list[Line], t: str, i: int) -> bool:
    """A short title over a paragraph of prose or a numbered section (not an exclamation,
    not a date)."""
    over = prose_follows(lines, i) or (
        i + 1 < len(lines) and bool(numbered_form(lines[i + 1].text))
    )
    return title_like(t, most_words=10) and t[-1:] not in "!?," and over


def _isolated(lines: list[Line], t: str, i: int) -> bool:
    """A short line in capitals or title case, flush or nearly, with prose under it (not
    an exclamation: ``LATEST WAR BULLETIN!`` is a mock headline)."""
    short = lines[i].indent < 20 and title_like(t, most_words=10) and t[-1:] not in "!?"
    return short and (caps(t) or title_case(t)) and prose_follows(lines, i)


def prose_follows(lines: list[Line], i: int) -> bool:
    """The next chunk is a paragraph of prose: lines of a full measure, not a list of names."""
    j = i + 1
    if j >= len(lines):
        return False
    nxt = lines[j]
    if nxt.pos != 0 or nxt.gap > 2:
        return False
    chunk = lines[j : j + nxt.size]
    return any(len(x.text) > 50 for x in chunk) if nxt.size > 1 else len(nxt.text) > 60


#: Short paragraphs a poem's title may have between it and its first stanza (a credit
#: line "Words by Whittier. Music by G.W. Clark.", a "[Music]" placeholder, "Solo.").
MAX_CREDITS = 3
#: The longest line of a stanza.
STANZA_LINE = 60


def _stanza_follows(lines: list[Line], i: int) -> bool:
    """A stanza comes next (three or more short lines), after at most three one-line
    paragraphs: a song's or a poem's title line over its verse."""
    j = i + 1
    for _ in range(MAX_CREDITS + 1):
        if j >= len(lines) or lines[j].pos != 0 or lines[j].gap > WIDE_GAP:
            return False
        size = lines[j].size
        if size >= 3:
            return all(len(x.text) <= STANZA_LINE for x in lines[j : j + size])
        if size != 1:
            return False
        j += 1
    return False


def _motto_follows(lines: list[Line], texts: list[str], i: int) -> bool:
    """One-line paragraphs under a title (a subtitle, a motto, a tempo), one of them a name in
    capitals set far right (the motto's source), then prose: a piece opening under its title.

    >>> from .heading_lines import Line
    >>> rows = [("AFSCHEID.", 0, 1), ("(EEN FRAGMENT.)", 0, 1), ("Vaterland! dich.", 0, 1),
    ...         ("JOSEPH.", 32, 1), ("'t Anker werd geligt; de breede lappen werden bijgezet", 0, 2),
    ...         ("briesje dreven we langzaam.", 0, 2)]
    >>> ls = [Line(n, t, ind, n, 0 if n < 4 or n == 4 else 1, size, 2, True)
    ...       for n, (t, ind, size) in enumerate(rows)]
    >>> _motto_follows(ls, [r[0] for r in rows], 0)
    True
    """
    j, sourced = i + 1, False
    for _ in range(MAX_CREDITS + 2):
        if j >= len(lines) or lines[j].pos != 0:
            return False
        size = lines[j].size
        if size > 1:
            return sourced and any(len(x.text) > 50 for x in lines[j : j + size])
        sourced = sourced or (lines[j].indent >= MOTTO_INDENT and caps(texts[j]))
        j += 1
    return False


def _opens_division(lines: list[Line], texts: list[str], i: int) -> bool:
    """A title line after a wide gap: prose follows, or more title lines (the title set on
    several lines: ``The Letters of`` / ``Miss Jerusha Abbott``)."""
    t = texts[i]
    stop = caps(t) and t.endswith((".", "?")) and not t.endswith("..")  # "THE BEREAVED FATHER."
    # an anthology's title over its author's byline: "The Slave Boy's Wish." / "BY ELIZA …"
    bylined = i + 1 < len(lines) and lines[i + 1].size == 1 and bool(BYLINE.match(texts[i + 1]))
    if lines[i].indent or (re.search(r"[.!?]\W*$|\d$", t) and not (stop or bylined)):
        return False  # a centred line, a sentence, a running head with its folio
    if prose_follows(lines, i) or _stanza_follows(lines, i) or _motto_follows(lines, texts, i):
        return title_like(t, same_line=bylined, most_words=10)  # bylined: its stop is a title's
    j = i + 1
    while j < len(lines) and lines[j].size == 1 and lines[j].gap == 1 and j - i <= 3:
        if lines[j].indent or not title_like(lines[j].text + " x") or BYLINE.match(lines[j].text):
            break
        j += 1
    return j > i + 1 and title_like(" ".join(texts[i:j]), most_words=14)
