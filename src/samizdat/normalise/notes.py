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

import re
from collections import Counter
from dataclasses import replace

from .chunks import Chunk, Evidence, PassResult
from .note_blocks import in_note_blocks, is_notes_heading, join_note_turnovers, page_ends
from .note_blocks import split_note_lines as split_note_lines  # a pass: PASSES imports it here
from .notemarks import (
    FOOT_STYLES,
    FOOTNOTE,
    HEADED_STYLES,
    MAX_CONTINUATION,
    MAX_NOTE_PARAGRAPHS,
    SERIAL,
    CallIndex,
    Mark,
    PairedCall,
    follows,
    note_mark,
    superscript,
)


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
        if is_notes_heading(c):
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
    work = join_note_turnovers(gather_note_paragraphs(gather_footnote_blocks(list(chunks))), ev)
    marks = [_mark(c) for c in work]
    heading = [is_notes_heading(c) for c in work]
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
        self.last_scope = range(0)  # the chunks whose calls the last run's notes paired with
        self.all_paired = False

    def scope(self, run: list[int]) -> range:
        """The chunks whose calls a run's notes may pair with: those after the last run (and,
        at a page foot, on the run's page); a run that only headings part from the last one
        (an endnotes section in parts, one per chapter) shares that run's calls."""
        lo = self.last + 1
        if self.ends[run[-1]] and self.marks[run[0]].style in FOOT_STYLES:  # type: ignore[union-attr]
            k = run[0] - 1
            while k >= 0 and not self.ends[k]:
                k -= 1
            return range(max(lo, k + 1), run[0])
        between = range(lo, run[0])
        if self.last >= 0 and all(_label(self.work[i]) for i in between):
            return self.last_scope
        self.last_scope = range(lo, run[0])
        return self.last_scope

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


_PART_LABEL = re.compile(r"^(?:chapter|part|book|letter|section|canto|lecture|essay)\b", re.I)


def _label(c: Chunk) -> bool:
    """A heading or a short label (``CHAPTER II.``) between parts of an endnotes section."""
    text = c.text.strip()
    short = len(text.split()) <= 6
    return c.kind in {"heading", "note"} or (
        short and (text.isupper() or bool(_PART_LABEL.match(text)))
    )


def _cited_twice(index: CallIndex, run: list[int], marks: list[Mark | None]) -> bool:
    """Is a key of the run cited more often in its scope than the text has notes with that key
    (a reference list cited again and again, not notes numbered afresh per chapter)?"""
    calls = index.calls("bracket")
    printed = Counter(m.key for m in marks if m is not None and m.style == "bracket")
    return any(
        len(calls.get(m.key, [])) > printed[m.key] for i in run if (m := marks[i]) is not None
    )
