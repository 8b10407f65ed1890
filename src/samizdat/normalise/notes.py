"""Note conventions, read from the text's own evidence: which paragraphs are notes, which marks
in the body are their calls.

A mark is a note call only where the text shows the pairing: a note body carrying that mark
exists where the convention puts it, and the call sits in the stretch of text the note serves.

- ``[Footnote 1: …]`` / ``[Footnote: …]`` blocks (Project Gutenberg): the word is the evidence;
  a numbered one pairs with a ``[1]`` call before it, an unnumbered one stays where it is
  printed (at the end of the paragraph before it, or at its place inside a paragraph).
- ``[1] …`` paragraphs: notes when every one pairs with a ``[1]`` call cited once (a reference
  list is cited again and again).
- A NOTES / Endnotes heading over ``1. …`` / ``1 …`` / ``[1] …`` paragraphs counting up.
- Page-foot notes (the paragraphs before a page boundary the page profile found): ``(1) OJ C…``,
  ``1 For the purposes…``, ``*Hay fever…``; each pairs with a call on its own page.
- Superscript-numbered paragraphs (``²We must…``) are notes wherever they stand.

Paired calls are rewritten as superscript numbers, so that joins across page breaks carry them
and :func:`..assemble.link_notes` links each to the first note of its number after it; notes
without a printed number (``*``, unnumbered) get numbers from :data:`SERIAL` on, never shown.
"""

from __future__ import annotations

from bisect import bisect_right
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .notemarks import (
    FOOT_STYLES,
    FOOTNOTE,
    HEADED_STYLES,
    MAX_CONTINUATION,
    MAX_NOTE_PARAGRAPHS,
    NOTES_HEADING,
    PAIRS,
    SERIAL,
    CallIndex,
    Mark,
    PairedCall,
    candidates,
    follows,
    note_mark,
    same_key,
    superscript,
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
    heading = [_is_notes_heading(c) for c in chunks]
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


def _is_notes_heading(c: Chunk) -> bool:
    """ "Notes", "FOOTNOTES:", "Endnotes" on a line of its own (read as a heading or not)."""
    return c.kind in {"para", "heading"} and bool(NOTES_HEADING.match(c.text.strip()))


def gather_footnote_blocks(chunks: list[Chunk]) -> list[Chunk]:
    """A ``[Footnote …]`` block over several paragraphs becomes one chunk whose ``notes`` hold
    the paragraphs after its first (the block closes its bracket within
    :data:`MAX_NOTE_PARAGRAPHS`; one that never closes is left alone)."""
    out: list[Chunk] = []
    i = 0
    while i < len(chunks):
        c = chunks[i]
        depth = _depth(c.text) if c.kind != "plain" and FOOTNOTE.match(c.text) else 0
        j = i + 1
        while depth > 0 and j < len(chunks) and j - i < MAX_NOTE_PARAGRAPHS:
            if chunks[j].kind == "plain":
                break
            depth += _depth(chunks[j].text)
            j += 1
        if depth == 0 and j > i + 1:
            out.append(replace(c, notes=tuple(chunks[i + 1 : j])))
            i = j
            continue
        out.append(c)
        i += 1
    return out


def gather_note_paragraphs(chunks: list[Chunk]) -> list[Chunk]:
    """Under a NOTES heading, the paragraphs with no mark between note *n* and note *n + 1*
    (at most :data:`MAX_CONTINUATION` of them) are more of note *n*: they go into its
    ``notes``. A paragraph after the last note is never taken: it may be the body again."""
    out: list[Chunk] = []
    last, last_mark = -1, None  # the note being read (-2: a heading, the block's first next)
    i = 0
    while i < len(chunks):
        c, m = chunks[i], _mark(chunks[i])
        if _is_notes_heading(c):
            out.append(c)
            last, last_mark, i = -2, None, i + 1
            continue
        if _opens_next(m, last, last_mark):
            out.append(c)
            last, last_mark, i = len(out) - 1, m, i + 1
            continue
        if last >= 0 and last_mark is not None and m is None and c.kind == "para":
            j = i
            while j < len(chunks) and j - i < MAX_CONTINUATION and chunks[j].kind == "para":
                if _mark(chunks[j]) is not None:
                    break
                j += 1
            nxt = _mark(chunks[j]) if j < len(chunks) else None
            if nxt is not None and follows(nxt, last_mark):
                out[last] = replace(out[last], notes=(*out[last].notes, *chunks[i:j]))
                i = j
                continue
        last, last_mark = -1, None
        out.append(c)
        i += 1
    return out


def _opens_next(m: Mark | None, last: int, last_mark: Mark | None) -> bool:
    """Does ``m`` open the first note under a heading (``last`` -2) or the note after one?"""
    if m is None or m.style not in HEADED_STYLES:
        return False
    return last == -2 or (last >= 0 and last_mark is not None and follows(m, last_mark))


def _depth(text: str) -> int:
    return text.count("[") - text.count("]")


def detach_notes(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns the paragraphs that are notes by the text's own convention into notes (kind
    ``note``, numbered), and the calls they pair with into superscript calls.

    Before: ``"…the old school-boy friend.[1]"``, ``"[Footnote 1: Some of Omar's Rubaiyat…]"``
    After:  ``"…the old school-boy friend.¹"``, a note numbered 1: ``"Some of Omar's Rubaiyat…"``

    >>> from .chunks import Chunk
    >>> out = detach_notes((Chunk("Body text.¹", 1), Chunk("¹A note.", 2)), Evidence("x")).chunks
    >>> [(c.kind, c.number, c.text) for c in out]
    [('para', 0, 'Body text.¹'), ('note', 1, 'A note.')]
    """
    work = gather_note_paragraphs(gather_footnote_blocks(list(chunks)))
    marks = [_mark(c) for c in work]
    heading = [_is_notes_heading(c) for c in work]
    ends = page_ends(work, ev)
    plan = _Plan(work, marks, ends)
    for run in note_runs(marks, in_note_blocks(marks, ends, heading), ends):
        if plan.take(run) and run[0] > 0 and heading[run[0] - 1] and plan.all_paired:
            plan.drop.add(run[0] - 1)
            plan.counts["notes_headings_dropped"] += 1
    return PassResult(plan.result(), plan.counts)


def _mark(c: Chunk) -> Mark | None:
    """A body paragraph's note opening; a ``[Footnote …]`` opens a note whatever its lines."""
    if c.kind == "para":
        return note_mark(c.text)
    m = note_mark(c.text) if c.kind != "plain" and c.kind != "note" else None
    return m if m is not None and m.style == "footnote" else None


def note_runs(marks: list[Mark | None], blocks: list[bool], ends: list[bool]) -> list[list[int]]:
    """Runs of consecutive note paragraphs of one convention (a page end starts a new run)."""
    runs: list[list[int]] = []
    for i, m in enumerate(marks):
        if m is None or not (m.style in {"footnote", "sup", "bracket"} or blocks[i]):
            continue
        prev = marks[i - 1] if i else None
        if (
            runs
            and runs[-1][-1] == i - 1
            and not ends[i - 1]
            and prev is not None
            and prev.style == m.style
            and (m.style in {"footnote", "sup"} or follows(m, prev))
        ):
            runs[-1].append(i)
            continue
        runs.append([i])
    return runs


class _Plan:
    """What :func:`detach_notes` decides, applied at the end: note chunks, calls to rewrite,
    notes attached to the paragraph before them, chunks dropped."""

    def __init__(self, work: list[Chunk], marks: list[Mark | None], ends: list[bool]) -> None:
        self.work, self.marks, self.ends = work, marks, ends
        self.taken: set[tuple[int, int]] = set()
        self.calls: list[tuple[PairedCall, int]] = []
        self.notes: dict[int, Chunk] = {}
        self.attach: dict[int, list[Chunk]] = {}
        self.drop: set[int] = set()
        self.counts: Counter[str] = Counter()
        self.serial = SERIAL
        self.last = -1  # the last chunk of the last run of notes
        self.all_paired = False

    def scope(self, run: list[int]) -> range:
        lo = self.last + 1
        if self.ends[run[-1]] and self.marks[run[0]].style in FOOT_STYLES:  # type: ignore[union-attr]
            k = run[0] - 1
            while k >= 0 and not self.ends[k]:
                k -= 1
            lo = max(lo, k + 1)
        return range(lo, run[0])

    def before(self, i: int) -> int:
        """The body paragraph nearest before chunk ``i`` (-1 if none)."""
        for j in range(i - 1, -1, -1):
            if self.work[j].kind != "note" and j not in self.notes and j not in self.drop:
                return j
        return -1

    def take(self, run: list[int]) -> bool:
        """Pair the run's notes with calls; keep them when the convention's evidence holds."""
        style = self.marks[run[0]].style  # type: ignore[union-attr]
        if style == "sup":  # superscript calls link in assembly, wherever they are
            for i in run:
                self.note(i, int(self.marks[i].key))  # type: ignore[union-attr]
            self.last, self.all_paired = run[-1], True
            return True
        scope = self.scope(run)
        found: dict[int, PairedCall | None] = {}
        near = self.before(run[0])
        index = CallIndex(self.work, scope)
        beside = CallIndex(self.work, range(near, near + 1) if near >= 0 else range(0))
        for i in reversed(run) if style == "symbol" else run:  # symbols pair from the foot up
            m = self.marks[i]
            assert m is not None
            call = (index if m.key else beside).pair(m, self.taken)
            if call is not None:
                self.taken.add((call.chunk, call.start))
            found[i] = call
        if not self.kept(style, run, index, [found[i] for i in run]):
            for call in found.values():
                if call is not None:
                    self.taken.discard((call.chunk, call.start))
            return False
        for i in run:
            self.place(i, found[i], style)
        self.last, self.all_paired = run[-1], all(found.values())
        return True

    def kept(
        self, style: str, run: list[int], index: CallIndex, found: list[PairedCall | None]
    ) -> bool:
        """Is the run a block of notes? ``[Footnote`` says so, and a page foot's ``*``; other
        conventions need every note paired (and ``[1]`` calls cited once: not references)."""
        if style == "footnote" or (style == "symbol" and self.ends[run[-1]]):
            return True
        if not all(found):
            return False
        return style != "bracket" or not _cited_twice(index, run, self.marks)

    def place(self, i: int, call: PairedCall | None, style: str) -> None:
        m = self.marks[i]
        assert m is not None
        printed = int(m.key) if m.key.isdigit() else 0
        if call is None:
            target = self.before(i)
            if style == "footnote" and target >= 0:  # where it is printed
                self.attach.setdefault(target, []).append(note_chunk(self.work[i], m, printed))
                self.drop.add(i)
                self.counts["footnotes_found"] += 1
            elif style == "symbol":  # an OCR layer lost its call: the note stays as printed
                self.notes[i] = replace(self.work[i], kind="note", number=-1)
                self.counts["notes_without_calls"] += 1
            return
        link = printed
        if not printed:
            link, self.serial = self.serial, self.serial + 1
        if call.shape != "sup":
            self.calls.append((call, link))
        self.note(i, link)
        self.counts["note_calls_paired"] += 1

    def note(self, i: int, link: int) -> None:
        self.notes[i] = note_chunk(self.work[i], self.marks[i], link)  # type: ignore[arg-type]
        self.counts["footnotes_found"] += 1

    def result(self) -> tuple[Chunk, ...]:
        texts = {i: c.text for i, c in enumerate(self.work)}
        for call, link in sorted(self.calls, key=lambda x: (x[0].chunk, -x[0].start)):
            t = texts[call.chunk]
            texts[call.chunk] = t[: call.start] + superscript(link) + t[call.end :]
        out = []
        for i, c in enumerate(self.work):
            if i in self.drop:
                continue
            c = self.notes.get(i) or (c if texts[i] == c.text else replace(c, text=texts[i]))
            if i in self.attach:
                c = replace(c, notes=(*c.notes, *self.attach[i]))
            out.append(c)
        return tuple(out)


def note_chunk(c: Chunk, mark: Mark, number: int) -> Chunk:
    """A note paragraph without its opening (and a ``[Footnote …]``'s closing bracket)."""
    text, rest = c.text[mark.end :], c.notes
    if mark.style == "footnote":
        if rest:
            last = rest[-1].text.rstrip()
            rest = (
                *rest[:-1],
                replace(rest[-1], text=last[:-1].rstrip() if last.endswith("]") else last),
            )
        elif text.rstrip().endswith("]"):
            text = text.rstrip()[:-1].rstrip()
    return replace(c, kind="note", number=number, text=text, notes=rest)


def _cited_twice(index: CallIndex, run: list[int], marks: list[Mark | None]) -> bool:
    """Is a key of the run cited more than once in its scope (a reference list, not notes)?"""
    calls = index.calls("bracket")
    return any(len(calls.get(m.key, [])) > 1 for i in run if (m := marks[i]) is not None)
