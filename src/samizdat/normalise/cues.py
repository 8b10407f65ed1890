"""A subtitle file's cues run on as the paragraphs of what was said (see :mod:`..subtitles`)."""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from ..subtitles import PAUSE, Cue, cue_lines, cues
from .chunks import Chunk, Evidence, PassResult

#: A speaker's label opening a cue: a name of one to four words and a colon.
_LABEL = re.compile(r"^(?P<who>[A-Z][\w.'’-]*(?: [A-Z][\w.'’-]*){0,3}):\s+(?P<said>\S.*)$", re.S)
#: A new voice marked without a name: a dialogue dash or a ``>>`` chevron.
_VOICE = re.compile(r"^(?:[-–—]\s|>>)")
_SENTENCE_END = re.compile(r"[.!?…][\"”’')\]]*$")


def _voices(lines: tuple[str, ...], names: re.Pattern[str] | None) -> list[str]:
    """The cue's words in pieces: a line opened by a dialogue dash starts a piece, and so does
    a known speaker's label inside the words (``…handy one to have Bekah: Solid choice.``)."""
    runs: list[str] = []
    for line in (x.strip() for x in lines if x.strip()):
        if runs and not _VOICE.match(line):
            runs[-1] += " " + line
        else:
            runs.append(line)
    if names is None:
        return runs
    return [piece.strip() for run in runs for piece in names.split(run) if piece.strip()]


def _segments(cue: Cue, names: re.Pattern[str] | None) -> list[tuple[int, list[str], bool]]:
    """A cue's words cut where a piece opens with a speaker's label or a new voice:
    (the cue's first line of words, the pieces, whether they open a voice)."""
    pieces = _voices(cue.lines, names)
    cuts = [0] + [
        k for k in range(1, len(pieces)) if _LABEL.match(pieces[k]) or _VOICE.match(pieces[k])
    ]
    out = []
    for lo, hi in zip(cuts, [*cuts[1:], len(pieces)], strict=True):
        voice = bool(_LABEL.match(pieces[lo]) or _VOICE.match(pieces[lo]))
        out.append((cue.first, pieces[lo:hi], voice))
    return out


def _speakers(found: list[Cue]) -> re.Pattern[str] | None:
    """The names that open a cue's line with their label, as a pattern that finds them
    inside a line."""
    names = {m["who"] for cue in found for line in cue.lines if (m := _LABEL.match(line.strip()))}
    if not names:
        return None
    alternatives = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"\s(?=(?:{alternatives}):\s)")


def _paragraph(c: Chunk, first: int, lines: list[str]) -> Chunk:
    """The words of one paragraph's cues as one chunk at its first line of words."""
    text = " ".join(line.strip() for line in lines if line.strip())
    return replace(c, text=text, line=first + 1, lines=(text,))


def join_cues(chunks: tuple[Chunk, ...], ev: Evidence) -> PassResult:
    """Turns a subtitle file's cues into speech: each cue's number and timing dropped (the
    word check's ``subtitle-timing``), the words of the cues run on into paragraphs.

    Before: ``["1", "00:00:13,980 --> 00:00:16,829", "Bekah: Hello, and"]``,
    ``["2", "00:00:16,829 --> 00:00:23,699", "welcome to the podcast."]``, …
    After:  ``["Bekah: Hello, and welcome to the podcast."]`` (a turn, by :func:`.mark_turns`)

    >>> srt = []
    >>> for n, said in enumerate(["Ann: Hello, and", "welcome.", "Bo: Thanks.", "Glad", "to be here."]):
    ...     srt += [str(n + 1), f"00:00:0{n},000 --> 00:00:0{n},900", said, ""]
    >>> from .chunks import split_chunks
    >>> out = join_cues(split_chunks(tuple(srt)), Evidence("x", lines=tuple(srt))).chunks
    >>> [c.text for c in out]
    ['Ann: Hello, and welcome.', 'Bo: Thanks. Glad to be here.']
    """
    found = cues(ev.lines)
    if not found:
        return PassResult(chunks)
    marks = cue_lines(ev.lines)  # the WebVTT header is no text
    chunks = tuple(
        c for c in chunks if not all(c.line - 1 + k in marks for k in range(len(c.lines)))
    )
    by_line = {cue.first: cue for cue in found}
    names = _speakers(found)
    out: list[Chunk] = []
    para: list[str] = []
    at, last, head, others = 0, None, chunks[0], 0
    counts: Counter[str] = Counter()
    for c in chunks:
        cue = next((by_line[k] for k in range(c.line - 1, c.line + 2) if k in by_line), None)
        if cue is None or cue.first + len(cue.lines) != c.line - 1 + len(c.lines):
            out.extend([_paragraph(head, at, para)] if para else [])
            out.append(c)
            para, last, others = [], None, others + 1
            continue
        counts["subtitle_cues"] += 1
        for first, lines, voice in _segments(cue, names):
            pause = last is not None and first == cue.first and cue.start - last.end >= PAUSE
            if para and (voice or (pause and _SENTENCE_END.search(para[-1].strip()))):
                out.append(_paragraph(head, at, para))
                para = []
            if not para:
                at, head = first, c
            para.extend(lines)
        last = cue
    out.extend([_paragraph(head, at, para)] if para else [])
    counts["subtitle_paragraphs"] = len(out) - others
    return PassResult(tuple(out), counts)
