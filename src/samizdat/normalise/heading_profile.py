"""The heading profile of a text: one analysis of the whole text that finds which heading
styles it uses and which of its lines are headings, at which level.

Evidence, strongest first: keywords with numbers (``CHAPTER VIII``, ``Article 12``, ``THE
FIRST ACT``) that count up; numbered titles whose numbers count up with text between them
(``1.``, ``3.2.``, ``II. A short sentence.``); named divisions (``Preface``, ``Appendix A``);
Markdown ``#`` lines; lines that repeat an entry of the text's contents list; short lines
alone in capitals or title case that the text uses consistently, or that open a division after
a wide gap. A keyword or numeral line takes the short title line that follows it into one
heading. Levels nest by rank (PART > CHAPTER > SECTION > ARTICLE; ``3.`` > ``3.2.``); a text's
top divisions are level 2 (level 1 is the text's own title).
"""

from __future__ import annotations

import itertools
import re
from collections import Counter

from .chunks import Chunk, is_complete
from .gutenberg import END_MARK, START_MARK
from .heading_contents import find_contents
from .heading_forms import (
    KEYWORD_RANK,
    NUMBER_STOP,
    Form,
    caps,
    despace,
    key,
    keyword_form,
    markdown_form,
    named_form,
    number_over_caps,
    numbered_form,
    roman_value,
    title_case,
    title_like,
)
from .heading_isolated import prose_follows, unformed
from .heading_lines import (
    BYLINE,
    NOTES,
    REPEATED,
    SECTION_RANK,
    SHORT,
    Cand,
    Line,
    Profile,
    Span,
    repeat_line,
)


def source_lines(chunks: tuple[Chunk, ...], furniture: dict[int, str]) -> list[Line]:
    """The lines of the chunks with their source line numbers (furniture lines, dropped
    before this pass, are skipped in the count)."""
    out: list[Line] = []
    start, end = _text_proper(chunks)
    for ci, c in enumerate(chunks):
        n = c.line
        lines = c.lines or (c.text,)
        for pos, raw in enumerate(lines):
            while n in furniture:
                n += 1
            proper = start <= ci < end
            text, indent = raw.strip(), len(raw) - len(raw.lstrip())
            usable = proper and c.kind == "para"
            out.append(Line(n, text, indent, ci, pos, len(lines), c.gap, usable, proper))
            n += 1
    return out


def _text_proper(chunks: tuple[Chunk, ...]) -> tuple[int, int]:
    """Chunks between a Project Gutenberg header and licence (all chunks when there are none)."""
    start, end = 0, len(chunks)
    for i, c in enumerate(chunks):
        if START_MARK.match(c.text) and i < len(chunks) // 2:
            start = i + 1
        elif END_MARK.match(c.text) and i > start:
            end = i
            break
    return start, end


def profile_headings(lines: list[Line], paged: bool = False) -> Profile:
    """The text's headings from one look at all its lines (see the module's docstring).
    ``paged``: the text has page furniture, so its wide gaps are page breaks, not divisions."""
    prof = Profile(lines, contents=find_contents(lines), paged=paged)
    texts = [despace(ln.text) for ln in lines]
    seen = Counter(key(t) for t in texts if len(t) <= SHORT)  # a repeated line is short
    cands = _formed(prof, texts, seen)
    cands = _counting_up(cands, prof)
    cands += unformed(prof, texts, seen, {c.i for c in cands})
    _attach_titles(cands, prof, texts, seen)
    prof.spans = _levels(cands, prof)
    for s in prof.spans:
        prof.counts[f"headings_{s.style}"] += 1
    if prof.contents.lines:
        prof.counts["contents_lines"] = len(prof.contents.lines)
    return prof


def _starts_block(lines: list[Line], texts: list[str], i: int) -> bool:
    """Does line ``i`` begin a block: first in its chunk, or after a line that ended one
    (a sentence's end, or a line well short of the text's measure)?"""
    ln = lines[i]
    if ln.pos == 0:
        return True
    prev = texts[i - 1]
    return is_complete(prev) or (len(prev) <= 60 and not prev.endswith("-"))


#: A keyword heading's title wrapped over this many lines at most, all of its chunk.
MAX_TITLE_LINES = 3


def wrapped_title(lines: list[Line], texts: list[str], i: int, form: Form) -> bool:
    """Is line ``i`` a keyword and the start of its title, the title wrapped on to the end of
    its chunk (``Capítulo II. Que trata de la primera salida que de su tierra hizo el`` /
    ``ingenioso don Quijote``, a Gutenberg novel's long chapter title)? A sentence that goes
    on (a comma or a stop at a line's end before the last) is no title."""
    ln = lines[i]
    if form.style != "keyword" or not form.title or ln.pos or ln.size > MAX_TITLE_LINES:
        return False
    rest = texts[i : i + ln.size]
    return not any(re.search(r"[,;:.!?]$", t) for t in rest[:-1]) and len(" ".join(rest)) <= 200


def _ends_block(lines: list[Line], i: int) -> bool:
    """Does line ``i`` end a block: last in its chunk, or the next line opens another?"""
    ln = lines[i]
    if ln.pos == ln.size - 1:
        return True
    nxt = lines[i + 1].text
    return not nxt[:1].islower()


def _formed(prof: Profile, texts: list[str], seen: Counter[str]) -> list[Cand]:
    """Lines with a heading's form (keyword, numbered, named, Markdown) standing as a block.
    A single Markdown ``#`` line opening the text is its title, the front matter's to lift."""
    out: list[Cand] = []
    first: dict[str, int] = {}
    for i, ln in enumerate(prof.lines):
        if ln.usable and 0 < len(ln.text) <= SHORT and i not in prof.contents.lines:
            form = _form_at(prof, texts, i)
            numeral = form is not None and form.style == "numbered" and not form.title
            if form and (numeral or not repeat_line(prof.lines, texts, seen, i, first)):
                out.append(Cand(i, form.style, form.rank, form, texts[i]))
    tops = [c for c in out if c.style == "markdown" and c.rank == 1]
    opening = next((i for i, ln in enumerate(prof.lines) if ln.usable and ln.text), -1)
    if len(tops) == 1 and tops[0].i == opening:
        out.remove(tops[0])
    marked = [c for c in out if c.style == "markdown"]
    if len(marked) < 2:  # one "# line" is text: a Markdown copy uses them as its convention
        out = [c for c in out if c.style != "markdown"]
    return out


def _form_at(prof: Profile, texts: list[str], i: int) -> Form | None:
    """The heading form of line ``i``, when it stands as a block of its own."""
    lines, t, ln = prof.lines, texts[i], prof.lines[i]
    form = markdown_form(t) or keyword_form(t) or named_form(t) or numbered_form(t)
    form = form or number_over_caps(texts, i)
    if form is None or not _starts_block(lines, texts, i):
        return None
    if not _ends_block(lines, i) and not wrapped_title(lines, texts, i, form):
        return None  # "1. Scope the Profile", "Article 6" running on into a lowercase line
    if form.keyword in NOTES and not prof.contents.has(t):
        return None  # a notes block's heading is the notes passes' to read
    lone = form.style == "numbered" and form.roman and not form.title and ln.size > 1
    if lone and ln.pos and not is_complete(texts[i - 1]):
        return None  # a lone "I" inside a sentence is the pronoun
    return form


def _counting_up(cands: list[Cand], prof: Profile) -> list[Cand]:
    """Keep the keyword and numbered headings whose numbers count up (numbered ones: at
    least two, with text between them); bare numerals only when the text's chapters are not
    of another form (numbered with titles, keywords, or a contents list without numerals):
    a glossary's ``I.`` under chapters titled otherwise is no heading."""
    keep: list[Cand] = []
    last: dict[str, tuple[int, ...]] = {}
    families: dict[str, list[Cand]] = {}
    for c in cands:
        f = c.form
        if f is None or f.style not in {"keyword", "numbered"}:
            keep.append(c)
            continue
        fam = f.keyword if f.style == "keyword" else _family(f)
        if f.style == "keyword":
            for other in [k for k, v in last.items() if _rank_of(k) > f.rank]:
                del last[other]  # a new chapter: its sections count afresh
        prev = last.get(fam)
        if prev is None or (f.path > prev and f.path[0] - prev[0] <= 3):
            last[fam] = f.path
            families.setdefault(fam, []).append(c)
        elif f.path == prev and fam == "#bare" and fam in families:
            families[fam][-1] = c  # the count starts again: a title page's "I" over the "I."
    for fam, members in families.items():
        if fam.startswith("#"):
            members = _spread(members, prof)
            if len(members) < 2:
                continue
        keep.extend(members)
    keep.sort(key=lambda c: c.i)
    bare = [c for c in keep if c.form and _family(c.form) == "#bare"]
    chapters = [c for c in keep if c.form and c.style in {"keyword", "numbered"} and c not in bare]
    listed = prof.contents.entries and not any(_listed_numeral(prof, c.text) for c in bare)
    if bare and (len(chapters) >= 2 or listed):
        keep = [c for c in keep if c not in bare]  # the chapters are another form
    prof.counts.update(f"heading_form_{c.style}" for c in keep)
    return keep


def _listed_numeral(prof: Profile, numeral: str) -> bool:
    """Does the contents list the numeral, alone or opening an entry (``I DANS LEQUEL…``)?"""
    k = key(numeral)
    return prof.contents.has(numeral) or any(e.split(" ", 1)[0] == k for e in prof.contents.entries)


def _family(f: Form) -> str:
    """Numbered headings count up within their family: bare numerals (``IV.``, ``II-1``),
    roman numerals with titles, arabic numbers with titles; keywords each by themselves."""
    if f.style != "numbered":
        return f.keyword or f.style
    if f.roman and not f.title:
        return "#bare"
    return "#roman" if f.roman else "#arabic"


def _rank_of(fam: str) -> int:
    return KEYWORD_RANK.get(fam, 99)


def _spread(members: list[Cand], prof: Profile) -> list[Cand]:
    """Numbered headings have text under them: a member followed by the next one with no
    more than a title line between is an item of a list (``I. You are tall.`` /
    ``II. You are rich.``)."""
    pairs = list(itertools.pairwise(members))
    listed = [not (_text_between(prof.lines, a.i, b.i, a, b) or _nests(a, b)) for a, b in pairs]
    # the last of a list's items has its list-mate before it (``1.`` ``2.`` ``3.`` as lines)
    return [
        c
        for k, c in enumerate(members)
        if not (k < len(listed) and listed[k]) and not (k and listed[k - 1])
    ]


def _nests(a: Cand, b: Cand) -> bool:
    """``3.`` followed at once by ``3.1.``: a part and its first section."""
    pa, pb = a.form.path if a.form else (), b.form.path if b.form else ()
    return len(pb) > len(pa) and pb[: len(pa)] == pa


_LEADING_NUMBER = re.compile(r"^\s*(\d{1,3}|[IVXLC]{1,9})[.)]\s")


def _text_between(lines: list[Line], a: int, b: int, ca: Cand, cb: Cand) -> bool:
    """Is there body text between candidates ``ca`` and ``cb`` (lines ``a`` and ``b``)? A line
    numbered between them (``2.`` between ``1.`` and ``3.``, too long for a title) is a
    list-mate of theirs, not body text."""
    lo, hi = (ca.form.path[0], cb.form.path[0]) if ca.form and cb.form else (0, 0)

    def mate(t: str) -> bool:
        m = _LEADING_NUMBER.match(t)
        n = (int(m.group(1)) if m.group(1).isdigit() else roman_value(m.group(1))) if m else 0
        return lo < n < hi

    between = [ln.text for ln in lines[a + 1 : b] if ln.text and not mate(ln.text)]
    return len(between) >= 2 or any(len(t) > 40 for t in between)


def _attach_titles(cands: list[Cand], prof: Profile, texts: list[str], seen: Counter[str]) -> None:
    """A keyword or numeral alone on its line takes the title line after it (``CHAPTER
    VIII`` + ``A SCOTTISH MANOR-HOUSE`` is one heading); a title after a wide gap takes the
    title lines set under it. Candidates taken as titles are dropped."""
    starts = {c.i for c in cands if c.form is not None}
    for c in cands:
        c.last = c.i
        if c.style == "gap":
            c.last = _title_lines_end(prof.lines, c.i)
        elif c.form and not c.form.title and c.form.style in {"keyword", "numbered"}:
            c.last = _title_end(prof, texts, c, starts, seen)
        elif c.form and not _ends_block(prof.lines, c.i):  # its title wrapped (wrapped_title)
            c.last = c.i + prof.lines[c.i].size - 1
    titles = {k for c in cands for k in range(c.i + 1, c.last + 1)}
    cands[:] = [c for c in cands if c.i not in titles]


def _title_lines_end(lines: list[Line], i: int) -> int:
    """The last of the short flush lines set one blank line apart under line ``i``; under a
    title closed by its full stop, only lines in capitals (not its credit line)."""
    j, closed = i + 1, lines[i].text.endswith((".", "?"))
    while j < len(lines) and lines[j].size == 1 and lines[j].gap == 1 and j - i <= 3:
        if lines[j].indent or BYLINE.match(lines[j].text) or prose_follows(lines, i):
            break
        if closed and not caps(lines[j].text):
            break
        j += 1
    return j - 1


#: Keywords of a letter in a collection, and the words that open the line naming whom a
#: letter is to (in the languages of :data:`~.heading_forms.KEYWORD_RANK`).
LETTER_WORDS = frozenset({"letter", "lettre", "brief", "carta", "lettera"})
_ADDRESSEE = re.compile(r"^(?:To|À|A|An|Al|Alla|Ad)\s+\S")


def _title_end(
    prof: Profile, texts: list[str], c: Cand, starts: set[int], seen: Counter[str]
) -> int:
    """The last line of the title under keyword or numeral line ``c.i`` (``c.i`` when none):
    the next line (in its chunk, or a chunk of its own close under it), short and
    title-like, with one wrapped line more at most."""
    lines, j = prof.lines, c.i + 1
    if j >= len(lines) or not lines[j].usable or j in prof.contents.lines:
        return c.i
    nxt, t = lines[j], texts[j]
    same_chunk = nxt.chunk == lines[c.i].chunk
    if not same_chunk and nxt.gap > 2:
        return c.i
    if c.style == "keyword" and _YEAR.match(t) and not same_chunk and _ends_block(lines, j):
        return _year_title_end(prof, texts, j, starts)  # "EPOCH THE FIRST." / "1703."
    if j in starts:
        return c.i
    numbered = c.style == "numbered" and c.form is not None
    if numbered and not same_chunk and caps(t) and (NUMBER_STOP.match(texts[c.i]) or nxt.size > 1):
        return _caps_title_end(lines, texts, j)  # "218." over "TO TOBIAS HASLINGER.", "I" over
        # a title in capitals wrapped on to a second line
    if numbered and (same_chunk or nxt.size > 1 or not (caps(t) or title_case(t))):
        return c.i  # a numeral's title is a line of its own, in capitals or title case
    if not _titled(t) or any(form(t) for form in (markdown_form, named_form, keyword_form)):
        return c.i
    if seen[key(t)] >= REPEATED:
        return c.i  # a speaker's name, a running head
    if c.form and c.form.keyword in LETTER_WORDS and _ADDRESSEE.match(t):
        return c.i  # "LETTER XII." over "To Mrs. Saville.": the letter's addressee, its text
    if _ends_block(lines, j):
        return j
    wrapped = j + 1 < len(lines) and lines[j + 1].chunk == nxt.chunk
    if wrapped and _ends_block(lines, j + 1) and _titled(f"{t} {texts[j + 1]}"):
        return j + 1  # a title wrapped onto a second line
    return c.i


#: A year alone on its line under a division's keyword: the first line of its title.
_YEAR = re.compile(r"^(?:1[0-9]|20)[0-9]{2}\.?$")


def _year_title_end(prof: Profile, texts: list[str], j: int, starts: set[int]) -> int:
    """The last line of a title that opens with the year on line ``j``: the line close under
    it when that is a title of its own (``1703.`` over ``JONATHAN WILD.``, however often the
    contents and the prose repeat the name), else the year."""
    lines, k = prof.lines, j + 1
    if k >= len(lines) or k in starts or not lines[k].usable or lines[k].gap > 2:
        return j
    t = texts[k]
    return k if _ends_block(lines, k) and _titled(t) else j


def _caps_title_end(lines: list[Line], texts: list[str], j: int) -> int:
    """The last line of a title in capitals that opens its chunk at ``j`` (two lines at most,
    the whole chunk); a letter's addressee may recur ("TO ZMESKALL."), its number does not."""
    end = j + 1 if j + 1 < len(lines) and lines[j + 1].chunk == lines[j].chunk else j
    whole = end + 1 >= len(lines) or lines[end + 1].chunk != lines[j].chunk
    return end if whole and all(caps(texts[k]) for k in range(j, end + 1)) else j - 1


def _titled(t: str) -> bool:
    """A title line: :func:`title_like`, or in capitals or title case with a full stop."""
    return title_like(t, most_words=20) or (
        title_like(t, same_line=True, most_words=20) and (caps(t) or title_case(t))
    )


def _levels(cands: list[Cand], prof: Profile) -> list[Span]:
    """Levels by rank: each heading nests in the nearest one before it of a higher rank.
    Named divisions, contents entries and titles after a wide gap rank with the text's top
    divisions (contents entries below keyword chapters: a lecture's sections)."""
    cands = sorted(cands, key=lambda c: c.i)
    keyword_ranks = [c.rank for c in cands if c.style == "keyword"]
    top = min(keyword_ranks, default=1)
    base = max(keyword_ranks) + 1 if keyword_ranks else 1
    spans: list[Span] = []
    stack: list[int] = []
    parents: set[tuple[int, ...]] = set()
    for c in cands:
        rank = c.rank
        if c.style in {"named", "gap", "title", "centred"} or (
            c.style == "contents" and not keyword_ranks
        ):
            rank = top
        elif c.style == "contents":
            rank = SECTION_RANK
        elif c.style == "numbered" and c.form:
            path = c.form.path
            depth = len(path) if path[:-1] in parents else 1
            parents.add(path)
            rank = base + depth - 1
        while stack and stack[-1] >= rank:
            stack.pop()
        stack.append(rank)
        text = _heading_text(c, prof.lines)
        spans.append(Span(c.i, max(c.last, c.i), min(6, 1 + len(stack)), c.style, text))
    return spans


def _heading_text(c: Cand, lines: list[Line]) -> str:
    """The heading as printed: its line, then its title lines (``CHAPTER VIII. A SCOTTISH
    MANOR-HOUSE``: a full stop between them where the numeral line has no mark of its own);
    a Markdown heading without its ``#``."""
    head = lines[c.i].text
    if c.style == "markdown":
        form = markdown_form(head)
        return form.title if form else head
    title = _joined([ln.text for ln in lines[c.i + 1 : c.last + 1]])
    if title and (c.style == "gap" or (c.form is not None and c.form.title)):
        # a title wrapped on from the keyword's line (:func:`wrapped_title`) runs on
        return f"{head} {title}"
    if title:
        sep = " " if re.search(r"[.:—–-]$", head) else ". "
        head = f"{head}{sep}{title}"
    return " ".join(head.split())


def _joined(parts: list[str]) -> str:
    """Title lines joined: a line-end hyphen before a lowercase letter joins the word."""
    out = ""
    for part in parts:
        if out.endswith("-") and part[:1].islower() and out[-2:-1].isalpha():
            out = out[:-1] + part
        else:
            out = f"{out} {part}".strip()
    return out
